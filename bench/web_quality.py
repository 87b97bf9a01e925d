"""Web quality of a built site, measured by the field's own tools: axe-core violations by rule
(every page, desktop and phone, light and dark), Nu HTML Checker errors, and Lighthouse
mobile scores (simulated slow 4G, site served with gzip as a web server would) of the
front page, the overview and a country chapter.

    python bench/web_quality.py SITE_DIR [--skip-axe] [--skip-vnu] [--skip-lighthouse] [--runs N]

SITE_DIR is a built site (e.g. _build/html). Needs scripts/install-web-tools.sh; Lighthouse
12 (Node 20) is pinned in bench/lighthouse/: `cd bench/lighthouse && npm ci --ignore-scripts`.
Lighthouse exits 0 even when audits fail: the scores are read from its JSON."""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book.chapters import for_data  # noqa: E402
from tests.browser import axe_context, axe_violations, browser, serve  # noqa: E402
from tests.test_accessibility import CHOOSE_DARK_THEME  # noqa: E402
from tests.test_html_valid import vnu_errors  # noqa: E402
from tests.test_site_browser import page_path  # noqa: E402

WIDTHS = {"1280": (1280, 900), "390": (390, 844)}
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = ["index.html", "chapters/overview.html", "chapters/kazakhstan.html"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".map")


def axe_by_rule(site: Path) -> None:
    with serve(site) as url, browser() as b:
        for width, viewport in WIDTHS.items():
            for scheme in ("light", "dark"):
                rules = Counter()
                context = axe_context(b, viewport=viewport, color_scheme=scheme)
                if scheme == "dark":
                    context.add_init_script(CHOOSE_DARK_THEME)
                page = context.new_page()
                for p in for_data():
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


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser asks (as any web server does)."""

    def send_head(self):
        path = self.translate_path(self.path)
        if (os.path.isfile(path) and path.endswith(COMPRESSIBLE)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return __import__("io").BytesIO(body)
        return super().send_head()

    def log_message(self, *args):
        pass


def lighthouse(site: Path, runs: int) -> None:
    if not LIGHTHOUSE.exists():
        print("lighthouse: not installed (cd bench/lighthouse && npm ci --ignore-scripts)")
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    try:
        for rel in LIGHTHOUSE_PAGES:
            rows = []
            for _ in range(runs):
                proc = subprocess.run(
                    [str(LIGHTHOUSE), base + rel, "--output=json", "--output-path=stdout", "--quiet",
                     "--only-categories=" + ",".join(CATEGORIES),
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                    capture_output=True, text=True, env=env, timeout=300)
                report = json.loads(proc.stdout)
                rows.append(report)
            scores = {c: sorted(r["categories"][c]["score"] for r in rows) for c in CATEGORIES}
            failing = sorted({a for r in rows for c in CATEGORIES for ref in r["categories"][c]["auditRefs"]
                              if ref["weight"] and (a := ref["id"]) and (r["audits"][a]["score"] is not None)
                              and r["audits"][a]["score"] < 0.9 and c != "performance"})
            metrics = rows[-1]["audits"]
            print(f"lighthouse {rel}: " + ", ".join(f"{c} {'/'.join(f'{v:.2f}' for v in s)}" for c, s in scores.items())
                  + f"; FCP {metrics['first-contentful-paint']['displayValue']}, LCP {metrics['largest-contentful-paint']['displayValue']}"
                  + f", TBT {metrics['total-blocking-time']['displayValue']}"
                  + (f"; failing: {', '.join(failing)}" if failing else ""))
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--skip-axe", action="store_true")
    ap.add_argument("--skip-vnu", action="store_true")
    ap.add_argument("--skip-lighthouse", action="store_true")
    ap.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (scores vary between runs)")
    args = ap.parse_args()
    site = args.site.resolve()
    if not args.skip_vnu:
        vnu(site)
    if not args.skip_axe:
        axe_by_rule(site)
    if not args.skip_lighthouse:
        lighthouse(site, args.runs)


if __name__ == "__main__":
    main()
