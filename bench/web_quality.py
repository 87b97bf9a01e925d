"""Web quality of a built site, measured by the field's own tools: axe-core violations by rule
(every page, desktop and phone, light and dark), Nu HTML Checker errors, and (when installed
in bench/lighthouse/) Lighthouse mobile scores of the front page, the overview and a country.

    python bench/web_quality.py SITE_DIR [--skip-axe] [--skip-vnu] [--skip-lighthouse]

SITE_DIR is a built site (e.g. _build/html). Needs scripts/install-web-tools.sh."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book.chapters import PAGES  # noqa: E402
from tests.browser import axe_context, axe_violations, browser, serve  # noqa: E402
from tests.test_html_valid import vnu_errors  # noqa: E402
from tests.test_site_browser import page_path  # noqa: E402

WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


def axe_by_rule(site: Path) -> None:
    with serve(site) as url, browser() as b:
        for width, viewport in WIDTHS.items():
            for scheme in ("light", "dark"):
                rules = Counter()
                context = axe_context(b, viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                for p in PAGES:
                    page.goto(url + page_path(p.slug), wait_until="load")
                    page.wait_for_timeout(300)
                    for v in axe_violations(page):
                        rules[f"{v['id']} ({v['impact']})"] += len(v["targets"])
                context.close()
                shown = ", ".join(f"{k}: {n}" for k, n in sorted(rules.items())) or "none"
                print(f"axe {width:>4} px {scheme:5}: {sum(rules.values())} violating elements; {shown}")


def vnu(site: Path) -> None:
    pages = sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_"))
    errors = vnu_errors(pages)
    print(f"vnu: {len(errors)} errors in {len(pages)} pages")
    for message, n in Counter(e["message"] for e in errors).most_common(8):
        print(f"  {n:5}  {message[:110]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--skip-axe", action="store_true")
    ap.add_argument("--skip-vnu", action="store_true")
    ap.add_argument("--skip-lighthouse", action="store_true")
    args = ap.parse_args()
    site = args.site.resolve()
    if not args.skip_vnu:
        vnu(site)
    if not args.skip_axe:
        axe_by_rule(site)
    if not args.skip_lighthouse:
        try:
            from bench.lighthouse import scores
        except ImportError:
            return
        scores(site)


if __name__ == "__main__":
    main()
