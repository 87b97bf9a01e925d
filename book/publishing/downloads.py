"""Data downloads for readers: the public dataset as a zip, and each page's own tables."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from book.chapters import Page, country_pages, pages

FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entries get a fixed time, so equal data gives equal bytes


def table_csv(df: pd.DataFrame) -> bytes:
    """A table as it is in data/: lists joined with ';', booleans as true/false."""
    out = df.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: ";".join(v) if isinstance(v, (list, tuple)) else v)
        elif out[col].dtype == bool:
            out[col] = out[col].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return buf.getvalue()


def dataset_zip_name(year: int) -> str:
    return f"labour-rights-central-asia-{year}-data.zip"


def build_downloads(ds, year: int, data_dir: Path, lang: str = "ru",
                    page_list: list[Page] | None = None) -> dict[str, bytes]:
    """Return {relative path under _static/generated/: bytes} for every download.

    The dataset zip holds every public table, its data dictionary in the edition's
    language (README.md) and the Mission's documents with their unofficial translations;
    each country chapter of `page_list` (default: the pages for ds's countries) gets a
    zip of its own rows."""
    from book.data.dictionary import to_markdown
    files = {f"{name}.csv": table_csv(df) for name, df in ds.tables.items()}
    files["README.md"] = to_markdown(lang).encode("utf-8")
    for path in sorted((Path(data_dir) / "sources").glob("*.txt")):
        files[f"sources/{path.name}"] = path.read_bytes()
    out = {f"data/{dataset_zip_name(year)}": _zip(files)}
    for page in country_pages(page_list if page_list is not None else pages(ds.countries)):
        if page.is_country:
            sub = ds.for_country(page.reads[1])
            page_files = {f"{name}.csv": table_csv(df) for name, df in sub.tables.items()}
            out[f"data/{page.slug}.zip"] = _zip(page_files)
    for path in sorted((Path(data_dir) / "sources").glob("*.txt")):
        out[f"sources/{path.name}"] = path.read_bytes()
    return out
