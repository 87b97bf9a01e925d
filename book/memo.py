"""Figures memoised on their own inputs.

A page re-runs when any of the data it reads changes; most of its figures do not. Editing
a demand's wording re-runs the overview, yet its map, which shows registration statuses,
is the same picture. Drawing is most of a page's time (a map's PNG and folium document,
a chart's two SVGs and PNG: 0.3–0.7 s each), so a figure's finished outputs (its MIME
bundle) are kept under a key made of everything it is drawn from:

- the figure's inputs, pickled (the data it plots, its title, source line, alt text…),
- the edition's language (labels inside the drawing are translated),
- the report's code (`book/`) and the versions of the drawing libraries.

Only the build turns this on, by naming a folder in BOOK_FIGURE_CACHE; a reader running a
chapter in Jupyter always draws. Inputs that cannot be pickled are simply drawn. A stale
entry is impossible by construction: a different input is a different key. Entries not
used for `KEEP_DAYS` are removed by `prune()`.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import time
from pathlib import Path
from typing import Callable

from book import ROOT
from book.i18n import current

ENV = "BOOK_FIGURE_CACHE"
KEEP_DAYS = 30


@functools.lru_cache(maxsize=1)
def _code() -> str:
    from importlib.metadata import version

    digest = hashlib.sha256()
    for path in sorted((ROOT / "book").rglob("*.py")):
        if "publishing" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    for package in ("matplotlib", "folium", "branca", "shapely", "pandas", "numpy"):
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()


def _key(kind: str, inputs) -> str | None:
    try:
        blob = pickle.dumps((kind, inputs, current()), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(_code().encode() + blob).hexdigest()


def bundle(kind: str, inputs, make: Callable[[], dict], include=None, exclude=None) -> dict:
    """`make()` (a figure's MIME bundle of strings), or the same from an earlier page
    drawn from the same `inputs`; only the MIME types `include` asks for and `exclude` does
    not refuse (the arguments of `_repr_mimebundle_`)."""
    value = _kept(kind, inputs, make)
    return {mime: data for mime, data in value.items()
            if (not include or mime in include) and not (exclude and mime in exclude)}


def _kept(kind: str, inputs, make: Callable[[], dict]) -> dict:
    folder = os.environ.get(ENV)
    key = _key(kind, inputs) if folder else None
    if key is None:
        return make()
    path = Path(folder) / key[:2] / f"{key}.json"
    try:
        value = json.loads(path.read_text("utf-8"))
        os.utime(path)  # used: kept by prune()
        return value
    except (OSError, ValueError):
        pass
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(value), "utf-8")
    os.replace(tmp, path)  # pages running at once never read half an entry
    return value


def prune(folder: Path, keep_days: float = KEEP_DAYS) -> int:
    """Remove the entries not used for `keep_days`; returns how many."""
    cutoff, removed = time.time() - keep_days * 86400, 0
    for path in Path(folder).glob("*/*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
