"""Benchmarks: build times (clean parallel / serial, no-change, one-country edit, plain jupyter-book
with forced execution), page weight per page, and the PDF's build time and size.

    python bench/run.py [--skip-pdf] [--skip-plain]

Prints a table; figures are single runs on this machine (noisy: compare ratios within one run)."""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book.publishing.pipeline import build  # noqa: E402
from book.publishing.stage import pdf_name  # noqa: E402
from book.chapters import for_data  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def quiet(*_):
    pass


# One-country edits a staff member makes: a row of one country's data, a word added to a
# text (table, row id, column). Each is timed as its own rebuild; the median is reported.
EDITS = [
    ("demands.csv", "2021-kg-1", "text_ru"),
    ("cases.csv", "kz-baltabay", "what_happened_ru"),
    ("demands.csv", "2021-tj-2", "text_ru"),
]


def edit_row(data: Path, table: str, row_id: str, column: str, n: int) -> None:
    """Add a word to one cell, as a spreadsheet would save it."""
    import csv
    import io

    path = data / table
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    [row] = [r for r in rows if r.get("id") == row_id]
    row[column] += f" (правка {n})"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), "utf-8")


def build_times(tmp: Path, plain: bool) -> dict:
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data)
    res = {}
    run = lambda: build(data=data, out=tmp / "par", fmt="html", jobs=2, log=quiet)  # noqa: E731
    res["clean_parallel"], rep = timed(run)
    res["executed_clean"] = len(rep.executed)
    res["execute_parallel"] = rep.phases["execute"]
    no_change = [timed(run) for _ in range(3)]
    res["no_change"] = statistics.median(t for t, _ in no_change)
    res["executed_no_change"] = max(len(r.executed) for _, r in no_change)
    edits = []
    for n, (table, row_id, column) in enumerate(EDITS, start=1):
        edit_row(data, table, row_id, column, n)
        edits.append(timed(run))
    res["one_country_edit"] = statistics.median(t for t, _ in edits)
    res["one_country_edits"] = [round(t, 1) for t, _ in edits]
    res["executed_one_country"] = list(sorted(edits, key=lambda e: e[0])[len(edits) // 2][1].executed)
    res["clean_serial"], serial = timed(lambda: build(data=data, out=tmp / "ser", fmt="html", jobs=1, log=quiet))
    res["execute_serial"] = serial.phases["execute"]
    if plain:
        # Plain Jupyter Book on the same staged book, forced execution (its only never-stale mode).
        src = tmp / "par" / ".work" / "ru" / str(rep.year) / "src"
        plain_src = tmp / "plain-src"
        shutil.copytree(src, plain_src)
        cfg = plain_src / "_config.yml"
        cfg.write_text(cfg.read_text("utf-8").replace("execute_notebooks: cache", "execute_notebooks: force"), "utf-8")
        import os
        env = dict(os.environ, BOOK_DATA=str(data), BOOK_YEAR=str(rep.year), PYTHONPATH=str(ROOT))
        cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(plain_src),
               "--path-output", str(tmp / "plain-out")]
        res["plain_force"], proc = timed(lambda: subprocess.run(cmd, capture_output=True, text=True, env=env))
        res["plain_ok"] = proc.returncode == 0
    return res


def page_weights(site: Path, data: Path) -> list[tuple[str, int, int, int]]:
    from tests.browser import browser, serve, visit

    rows = []
    with serve(site) as base, browser() as b:
        for page in for_data(data):
            rel = "index.html" if page.slug == "index" else f"chapters/{page.slug}.html"
            v = visit(b, base + rel, settle_ms=500)
            rows.append((rel, v.raw_bytes, v.gzip_bytes, len(v.blocked)))
            v.context.close()
    return rows


def pdf_bench(tmp: Path) -> dict:
    data = tmp / "data"
    t, rep = timed(lambda: build(data=data, out=tmp / "pdf", fmt="pdf", log=quiet))
    pdf = tmp / "pdf" / "pdf" / pdf_name(rep.year)
    return {"pdf_build_s": t, "pdf_mb": pdf.stat().st_size / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-plain", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as d:
        tmp = Path(d)
        t = build_times(tmp, plain=not args.skip_plain)
        print("== build times (HTML, seconds; one run) ==")
        for k in ("clean_parallel", "clean_serial", "no_change", "one_country_edit", "plain_force"):
            if k in t:
                print(f"{k:>18}: {t[k]:7.1f}")
        print(f"executed pages: clean {t['executed_clean']}, no change {t['executed_no_change']}, "
              f"one-country edit {len(t['executed_one_country'])} ({', '.join(t['executed_one_country'])})")
        print(f"no change: median of 3; one-country edit: median of {len(EDITS)} edits {t['one_country_edits']}")
        print(f"no-change / clean parallel:      {t['no_change'] / t['clean_parallel']:.1%}   (target < 10%)")
        print(f"one-country edit / clean parallel: {t['one_country_edit'] / t['clean_parallel']:.1%}   (target < 30%)")
        print(f"clean serial / clean parallel:   {t['clean_serial'] / t['clean_parallel']:.2f}x  (target >= 1.6x on 2 cores)")
        print(f"  of which the pages' execution: {t['execute_serial']:.1f} s / {t['execute_parallel']:.1f} s = "
              f"{t['execute_serial'] / t['execute_parallel']:.2f}x; the rest (validation, staging, Sphinx) runs once")
        if "plain_force" in t:
            print(f"plain jupyter-book (force) / clean parallel: {t['plain_force'] / t['clean_parallel']:.2f}x"
                  f"{'' if t.get('plain_ok') else '  (plain build FAILED)'}")
        print("\n== page weight (everything the browser loads; gzip -9 of each response) ==")
        rows = page_weights(tmp / "par" / "html", tmp / "data")
        for rel, raw, gz, blocked in rows:
            print(f"{rel:>30}: {raw / 1024:8.0f} KiB raw, {gz / 1024:7.0f} KiB compressed, external requests {blocked}")
        heaviest = max(rows, key=lambda r: r[2])
        print(f"heaviest page: {heaviest[0]} {heaviest[2] / 1024:.0f} KiB compressed (target < 1024 KiB); "
              f"median {statistics.median(r[2] for r in rows) / 1024:.0f} KiB")
        if not args.skip_pdf:
            p = pdf_bench(tmp)
            print(f"\n== PDF ==\nbuild {p['pdf_build_s']:.1f} s, size {p['pdf_mb']:.2f} MB (target < 10 MB)")


if __name__ == "__main__":
    main()
