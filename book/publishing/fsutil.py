"""File operations that keep Sphinx's incremental build honest: write only what changed."""
import hashlib
import os
import shutil
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write `data` to `path` unless it already holds exactly that; return True if written.

    Unchanged files keep their mtime, so Sphinx does not re-read them."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def sync_tree(src: Path, dst: Path, ignore=()) -> None:
    """Make `dst` a copy of `src` (files written only where they differ; extra files removed)."""
    src, dst = Path(src), Path(dst)
    wanted = set()
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if any(part in ignore for part in rel.parts):
            continue
        if path.is_file():
            wanted.add(rel)
            write_if_changed(dst / rel, path.read_bytes())
    if dst.exists():
        for path in sorted(dst.rglob("*"), reverse=True):
            rel = path.relative_to(dst)
            if any(part in ignore for part in rel.parts):
                continue
            if path.is_file() and rel not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def replace_dir(new: Path, target: Path) -> None:
    """Put directory `new` in place of `target` (near-atomic: two renames, old removed after)."""
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
