"""Execute the chapters whose inputs changed, in parallel, and store them in the staging jupyter-cache.

Jupyter Book's own cache keys only on a notebook's code (jupyter-book #1633, MyST-NB #621),
so a CSV edit would be served stale. Here each page has a *dependency key*: a hash of its
source, the `book/` code it imports, the configuration, the edition year, the installed
requirements and the data it reads (the country's rows for a country chapter, the whole
dataset for pages that aggregate). A page executes when its key changes; its outputs are
then stored in the jupyter-cache that Sphinx reads, so Sphinx itself never executes.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from book import ROOT
from book.publishing.errors import BuildError
from book.publishing.fsutil import sha256_bytes
from book.publishing.kernels import kernel_manager_class
from book.chapters import Page

KEYS_FILE = "page-keys.json"
OUTPUTS_FILE = "page-outputs.json"
RECORDS_FILE = "page-records.json"


def code_fingerprint(source_root: Path = ROOT) -> str:
    """Hash of every module of `book/` that chapters import (the build itself excluded),
    the book's configuration and the pinned requirements."""
    parts = []
    for path in sorted((ROOT / "book").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        # The build's own modules don't shape a page's outputs (downloads.py names the zips the pages link).
        if (rel.startswith("book/publishing/") and rel != "book/publishing/downloads.py") or rel in ("book/cli.py", "book/__main__.py"):
            continue
        parts.append(rel.encode() + b"\0" + path.read_bytes())
    for extra in ("_config.yml", "requirements.txt"):
        p = Path(source_root) / extra
        parts.append(extra.encode() + b"\0" + (p.read_bytes() if p.exists() else b""))
    return sha256_bytes(b"\0\0".join(parts))


def data_fingerprint(ds, page: Page, year: int) -> str:
    """Hash of the part of the data the page reads in edition `year`: the same part its
    Chapter is given (`Dataset.as_of(year).for_reads(page.reads)`)."""
    if page.reads[0] == "none":
        return ""
    return ds.as_of(year).for_reads(page.reads).fingerprint()


def page_key(page: Page, source_text: str, ds, year: int, code_fp: str, lang: str = "ru") -> str:
    blob = json.dumps(
        {
            "page": page.slug,
            "source": sha256_bytes(source_text.encode("utf-8")),
            "code": code_fp,
            "data": data_fingerprint(ds, page, year),
            "year": year,
            "lang": lang,
        },
        sort_keys=True,
    )
    return sha256_bytes(blob.encode())


@dataclass
class Job:
    slug: str
    source_path: str  # staged .md file
    env: dict


@dataclass
class Result:
    slug: str
    ok: bool
    seconds: float
    notebook_json: str | None = None  # executed notebook (nbformat JSON)
    error_ru: str | None = None
    error_en: str | None = None


def preload() -> None:
    """Import what running pages needs (jupyter-cache, MyST-NB's reader, nbclient, the kernel
    spec's lookup): a prepared preview build does it before the save, not after, and every
    build before it starts its workers, which then need not each do it again."""
    import jupyter_cache.base  # noqa: F401
    import myst_nb.core.read  # noqa: F401
    import nbclient  # noqa: F401
    from jupyter_cache import get_cache  # noqa: F401
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:  # nbclient will say so
        pass


def compile_notebook_schema() -> None:
    """nbformat compiles its JSON schema of notebooks (fastjsonschema) at the first notebook a
    process reads or writes: 0.1–0.2 s. A warm process does it before it has a notebook to read."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nbformat.reads(nbformat.writes(new_notebook(cells=[new_code_cell("1")])), as_version=4)


def _read_notebook(path: Path):
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(path.read_text("utf-8"), path=str(path))


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def _execute_one(job: Job) -> Result:
    """Execute one notebook with nbclient (in a worker process, or here for a single job)."""
    with _environment(job.env):
        return _execute(job)


@contextlib.contextmanager
def _environment(env: dict):
    """The page's environment (BOOK_YEAR, BOOK_DATA, BOOK_LANG …) for the kernel it starts,
    restored afterwards: a page run in the calling process (one job) must not leave the
    caller's environment pointing at its data, year or language."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _execute(job: Job) -> Result:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    started = time.perf_counter()
    path = Path(job.source_path)
    nb = _read_notebook(path)
    client = NotebookClient(
        nb,
        kernel_manager_class=kernel_manager_class(),  # a warm kernel when the build runs a server
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,  # timing metadata would change jupyter-cache's hash of the notebook
        shutdown_kernel="immediate",  # the page is done: no need to wait for a graceful exit
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own start-up chatter
    except (CellExecutionError, CellTimeoutError, Exception) as exc:  # noqa: BLE001 - reported below
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        failed = None
        for number, cell in enumerate(code_cells, start=1):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    failed = (number, cell, out)
        if failed:
            number, cell, out = failed
            what = f"{out.get('ename')}: {out.get('evalue')}"
            where_ru = f"ячейка кода {number} («{_first_line(cell.source)}»)"
            where_en = f"code cell {number} (`{_first_line(cell.source)}`)"
        else:
            what = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
            where_ru, where_en = "выполнение", "execution"
        return Result(
            job.slug, False, time.perf_counter() - started,
            error_ru=f"Глава «{job.slug}» ({path.name}): ошибка, {where_ru}: {what}",
            error_en=f"Chapter '{job.slug}' ({path.name}): error in {where_en}: {what}",
        )
    return Result(job.slug, True, time.perf_counter() - started, notebook_json=nbformat.writes(nb))


def run_jobs(jobs: list[Job], workers: int, on_done=None, meanwhile=None) -> list[Result]:
    """Execute jobs concurrently (one kernel per worker process); results in the jobs' order.

    `on_done(result)` is called as each job finishes (for progress); `meanwhile()`, work of
    this process's own, once the workers are started."""
    on_done = on_done or (lambda result: None)
    meanwhile = meanwhile or (lambda: None)
    if not jobs:
        return []
    if workers <= 1 or len(jobs) == 1:
        meanwhile()
        results = []
        for job in jobs:
            results.append(_execute_one(job))
            on_done(results[-1])
        return results
    preload()  # once here, not in every worker
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = [pool.submit(_execute_one, j) for j in jobs]
        meanwhile()
        for future in as_completed(futures):
            on_done(future.result())
        return [f.result() for f in futures]


class PageCache:
    """The staging book's jupyter-cache plus our dependency keys beside it."""

    def __init__(self, cache_dir: Path):
        from jupyter_cache import get_cache

        self.dir = Path(cache_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.cache = get_cache(str(self.dir))
        self.keys_path = self.dir / KEYS_FILE
        self.keys = json.loads(self.keys_path.read_text()) if self.keys_path.exists() else {}
        # A hash of each page's executed notebook: a page that ran again and came out the same
        # (an edit it reads but does not show) is left alone, and Sphinx does not read it again.
        self.outputs_path = self.dir / OUTPUTS_FILE
        self.outputs = json.loads(self.outputs_path.read_text()) if self.outputs_path.exists() else {}
        # The cache record each page's key was stored with: a key that matches names a source
        # that matches (the key hashes the source), so the record needs no notebook re-read.
        self.records_path = self.dir / RECORDS_FILE
        self.records = json.loads(self.records_path.read_text()) if self.records_path.exists() else {}

    def same_outputs(self, slug: str, staged: Path, notebook_json: str) -> bool:
        """The page came out exactly as the notebook the cache holds for this very source."""
        if self.outputs.get(slug) != _notebook_digest(notebook_json):
            return False
        try:
            record = self.cache.match_cache_notebook(_read_notebook(staged))
        except KeyError:
            return False
        self.records[slug] = record.pk
        return True

    def keep(self, slug: str, key: str) -> None:
        """The page's new key, its outputs unchanged."""
        self.keys[slug] = key
        self.keys_path.write_text(json.dumps(self.keys, indent=1, sort_keys=True))
        self.records_path.write_text(json.dumps(self.records, indent=1, sort_keys=True))

    def is_fresh(self, slug: str, key: str, staged: Path) -> bool:
        if self.keys.get(slug) != key or slug not in self.records:
            return False
        try:
            self.cache.get_cache_record(self.records[slug])  # still there (a cache can be cleared)
        except KeyError:
            return False
        return True

    def store(self, slug: str, key: str, staged: Path, notebook_json: str, seconds: float) -> None:
        import nbformat
        from jupyter_cache.base import CacheBundleIn

        nb = nbformat.reads(notebook_json, as_version=4)
        # Replace any older record for this page so the cache holds one version per page.
        try:
            old = self.cache.match_cache_notebook(_read_notebook(staged))
            self.cache.remove_cache(old.pk)
        except KeyError:
            pass
        record = self.cache.cache_notebook_bundle(
            CacheBundleIn(nb, str(staged), data={"execution_seconds": seconds, "page_key": key}),
            check_validity=False,
            overwrite=True,
        )
        self.records[slug] = record.pk
        self.outputs[slug] = _notebook_digest(notebook_json)
        self.outputs_path.write_text(json.dumps(self.outputs, indent=1, sort_keys=True))
        self.keep(slug, key)


def _notebook_digest(notebook_json: str) -> str:
    """Hash of an executed notebook without its cell ids (new random ones at every read)."""
    nb = json.loads(notebook_json)
    for cell in nb.get("cells", []):
        cell.pop("id", None)
    return sha256_bytes(json.dumps(nb, sort_keys=True).encode())


def format_failures(results: list[Result], lang: str) -> str:
    failed = [r for r in results if not r.ok]
    return "\n".join((r.error_en if lang == "en" else r.error_ru) or "" for r in failed)


def raise_on_failures(results: list[Result]) -> None:
    failed = [r for r in results if not r.ok]
    if failed:
        raise BuildError(
            "Сборка остановлена: глава не выполнилась. Опубликованный отчёт не изменён.\n"
            + format_failures(results, "ru"),
            "Build stopped: a chapter failed. The published report is unchanged.\n"
            + format_failures(results, "en"),
        )
