"""Benchmark of the report as it grows: more editions, more monitored countries.

    python bench/scale.py            # 10 editions, 10 monitored countries (long: publishes 20 builds)
    python bench/scale.py --quick    # 2 editions, 6 countries: checks the whole run end to end

On a synthetic dataset (bench/synthetic.py: the real data/ grown, valid by the schemas), in one run:
  1. clean builds (HTML, in process) as the report grows: the latest edition with more and
     more countries, then several editions in one language; seconds, pages, seconds per page,
     and whether the cost per page stays within ±25% of its mean (does the build scale
     linearly with pages?);
  2. at the largest size: a rebuild of every edition with no change, and one after a
     one-country edit (one demand's text in the latest edition), as ratios of that size's
     clean build (and the latest edition's own ratio);
  3. a clean publish of every edition in both languages (site and PDF);
  4. peak memory of this process and of its largest child.
Figures are single runs on this machine (noisy: compare the ratios within one run). The
closing table is Markdown, to paste into the README."""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import quiet, timed  # noqa: E402
from bench.synthetic import edit_one_demand, make_dataset  # noqa: E402
from book.data import DataError  # noqa: E402
from book.publishing.pipeline import build  # noqa: E402
from book.publishing.publish import publish  # noqa: E402

# (editions, countries) of the dataset, and the growth steps: (editions built, countries).
SIZES = {
    "full": {"editions": 10, "countries": 10, "steps": [(1, 2), (1, 5), (1, 10), (4, 10)]},
    "quick": {"editions": 2, "countries": 6, "steps": [(1, 2), (1, 6), (2, 6)]},
}
PER_PAGE_BAND = 0.25    # the cost per page stays within ±25% of its mean
EDIT_TARGET = 0.10      # a one-country edit costs at most a tenth of the clean build at that size


@dataclass
class Step:
    editions: int
    countries: int
    pages: int
    seconds: float
    latest_seconds: float  # the latest edition's own clean build
    executed: dict          # year -> pages executed

    @property
    def per_page(self) -> float:
        return self.seconds / self.pages


def dataset(folder: Path, editions: int, countries: int, seed: int) -> Path:
    """The synthetic dataset, loaded and validated as the build will; stops with the problems."""
    try:
        return make_dataset(folder, editions=editions, countries=countries, seed=seed).data
    except DataError as exc:
        print(f"Синтетические данные не прошли проверку / the synthetic data is invalid ({folder}):\n"
              + exc.format("en"), file=sys.stderr)
        raise SystemExit(1)


def clean_build(data: Path, out: Path, editions: int, countries: int, jobs: int | None) -> Step:
    """The latest `editions` editions, each a clean HTML build in Russian."""
    from book.data import load
    years = sorted(int(y) for y in load(data).editions["year"])[-editions:]
    pages, total, latest, executed = 0, 0.0, 0.0, {}
    for year in years:
        took, report = timed(lambda: build(year=year, data=data, out=out / str(year), fmt="html", jobs=jobs, log=quiet))
        pages += len(report.pages)
        total += took
        latest = took  # the years go up: the last one is the latest
        executed[year] = len(report.executed)
    return Step(editions, countries, pages, total, latest, executed)


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child (Linux: KiB)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a small size (2 editions, 6 countries)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, help="pages executed at once per build (default: every core)")
    ap.add_argument("--skip-publish", action="store_true")
    args = ap.parse_args()
    size = SIZES["quick" if args.quick else "full"]
    rows: list[tuple[str, str, str, str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as d:
        tmp = Path(d)
        datasets = {}
        for countries in sorted({c for _, c in size["steps"]}):
            made, data = timed(lambda: dataset(tmp / f"data-{countries}", size["editions"], countries, args.seed))
            datasets[countries] = data
            print(f"dataset: {size['editions']} editions, {countries} monitored countries, made and checked in {made:.1f} s")

        print(f"\n== 1. clean builds as the report grows (HTML, ru; {os.cpu_count()} cores) ==")
        steps = []
        for i, (editions, countries) in enumerate(size["steps"]):
            step = clean_build(datasets[countries], tmp / f"step-{i}", editions, countries, args.jobs)
            steps.append((i, step))
            print(f"{editions:>2} edition(s) x {countries:>2} countries: {step.pages:>4} pages {step.seconds:8.1f} s "
                  f"{step.per_page:6.2f} s/page")
            rows.append(("clean build", f"{editions} × {countries}", str(step.pages), f"{step.seconds:.1f}",
                         f"{step.per_page:.2f}", ""))
        mean = statistics.mean(s.per_page for _, s in steps)
        spread = max(abs(s.per_page - mean) / mean for _, s in steps)
        linear = spread <= PER_PAGE_BAND
        print(f"cost per page: mean {mean:.2f} s, largest deviation {spread:.0%} "
              f"({'within' if linear else 'OUTSIDE'} ±{PER_PAGE_BAND:.0%})")

        print("\n== 2. rebuilds at the largest size (every edition of it, as built in step 1) ==")
        i, largest = steps[-1]
        data = datasets[largest.countries]
        out = tmp / f"step-{i}"
        same = clean_build(data, out, largest.editions, largest.countries, args.jobs)
        print(f"no change:        {same.seconds:7.1f} s = {same.seconds / largest.seconds:.3f}x of its clean build "
              f"({largest.seconds:.1f} s, {largest.pages} pages)")
        from book.data import load
        latest = load(data).latest_year()
        edited = edit_one_demand(data, "KZ", latest)
        edit = clean_build(data, out, largest.editions, largest.countries, args.jobs)
        ok = edit.seconds / largest.seconds <= EDIT_TARGET
        print(f"one-country edit: {edit.seconds:7.1f} s = {edit.seconds / largest.seconds:.3f}x (target <= "
              f"{EDIT_TARGET:.2f}x: {'met' if ok else 'NOT met'}); demand {edited} of {latest}; executed "
              f"{', '.join(f'{y}: {n}' for y, n in edit.executed.items())}")
        print(f"   the latest edition alone: {edit.latest_seconds:.1f} s = "
              f"{edit.latest_seconds / largest.latest_seconds:.2f}x of its own clean build ({largest.latest_seconds:.1f} s)")
        size_label = f"{largest.editions} × {largest.countries}"
        rows.append(("no-change rebuild", size_label, str(largest.pages), f"{same.seconds:.1f}", "",
                     f"{same.seconds / largest.seconds:.3f}x"))
        rows.append(("one-country edit", size_label, str(largest.pages), f"{edit.seconds:.1f}", "",
                     f"{edit.seconds / largest.seconds:.3f}x"))

        if not args.skip_publish:
            print("\n== 3. publish: every edition in both languages, site and PDF (clean) ==")
            took, pub = timed(lambda: publish(data=data, out=tmp / "publish", log=quiet))
            pages = sum(len(b.pages) for _, _, b in pub.editions)
            print(f"{len(pub.editions)} builds, {pages} pages, {took:.1f} s, {took / pages:.2f} s/page")
            rows.append(("publish (ru+en, site+PDF)", f"{size['editions']} × {largest.countries}", str(pages),
                         f"{took:.1f}", f"{took / pages:.2f}", ""))

        own, child = peak_mb()
        print(f"\n== 4. peak memory ==\nthis process {own:.0f} MB, largest child {child:.0f} MB")

    print(f"\n| measure | editions × countries | pages | seconds | s/page | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\ncost per page within ±{PER_PAGE_BAND:.0%} of its mean ({mean:.2f} s): {'yes' if linear else 'no'} "
          f"(largest deviation {spread:.0%}); peak memory {own:.0f} MB (process), {child:.0f} MB (largest child); "
          f"{os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
