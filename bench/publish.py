"""Benchmark of the publication: a clean publish of every edition in both languages, a publish
with no change, and one after an edit to one country's row of the latest edition.

    python bench/publish.py [--jobs N]

Prints seconds (one run each; this machine is noisy: compare the ratios within one run) and
which chapters each edition executed."""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import timed  # noqa: E402
from book.publishing.publish import publish  # noqa: E402


def executed(report) -> str:
    return "; ".join(f"{lang}/{year}: {', '.join(sorted(b.executed)) or '—'}" for lang, year, b in report.editions)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as d:
        tmp = Path(d)
        data = tmp / "data"
        shutil.copytree(ROOT / "data", data)
        out = tmp / "out"
        run = lambda: publish(data=data, out=out, jobs=args.jobs, log=lambda *_: None)  # noqa: E731
        clean, rep = timed(run)
        print(f"clean publish:     {clean:7.1f} s  ({len(rep.editions)} editions, site and PDF)")
        same, rep = timed(run)
        print(f"no-change publish: {same:7.1f} s  = {same / clean:.1%} of clean (target <= 10%)")
        print(f"   executed: {executed(rep)}")
        _edit_kyrgyzstan_2023(data / "country_situations.csv")
        edit, rep = timed(run)
        print(f"one-country edit:  {edit:7.1f} s  = {edit / clean:.1%} of clean")
        print(f"   executed: {executed(rep)}")


def _edit_kyrgyzstan_2023(csv: Path) -> None:
    """What staff do: edit the English words of Kyrgyzstan's 2023 row in a spreadsheet."""
    import csv as csvlib
    with csv.open(encoding="utf-8", newline="") as f:
        rows = list(csvlib.DictReader(f))
    header = list(rows[0])
    for r in rows:
        if (r["country"], r["edition_year"], r["indicator"]) == ("KG", "2023", "activists_safety"):
            r["quote_en"] = r["quote_en"] + " (edited)"
    with csv.open("w", encoding="utf-8", newline="") as f:
        w = csvlib.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
