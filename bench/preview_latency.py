"""How long from a save to the open page showing it, in `python -m book preview`.

    python bench/preview_latency.py [--saves 3]

Starts the preview on a copy of data/ (cold build first, not timed), opens the Kyrgyzstan page in
headless Chromium and saves, in turn, an edit of a table cell the page shows (an organisation's
name: the pages that read it execute again) and an edit of the page's findings text (no chapter
executes). Prints each time and the median per kind; single machine, noisy."""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book import DATA_DIR  # noqa: E402
from tests.browser import browser, visit  # noqa: E402
from tests.test_preview import Preview, body_text, reloaded, wait_until  # noqa: E402

NAME = "Федерация профсоюзов Кыргызстана"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--saves", type=int, default=3)
    n = ap.parse_args().saves
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(DATA_DIR, data)
        latest = max(int(p.name) for p in (data / "findings").iterdir() if p.name.isdigit())
        findings = data / "findings" / str(latest) / "kyrgyzstan.md"
        organisations = data / "organisations.csv"
        preview = Preview(data, Path(tmp) / "out")
        try:
            url = preview.wait_for(r"http://127\.0\.0\.1:\d+/", 60).split()[-1]
            preview.wait_for(r"^Готово", 300)
            times = {"table cell": [], "findings text": []}
            with browser() as b:
                page = visit(b, url + "chapters/kyrgyzstan.html").page
                for i in range(1, n + 1):
                    for kind, path, old, new in (
                        ("table cell", organisations, NAME if i == 1 else f"{NAME} {i - 1}", f"{NAME} {i}"),
                        ("findings text", findings, None, f"\n\nПроверочный абзац {i}.\n"),
                    ):
                        page.evaluate("window.stillTheSameLoad = true")
                        text = path.read_text("utf-8")
                        expected = new.strip()
                        path.write_text(text.replace(old, new, 1) if old else text + new, "utf-8")
                        saved = time.monotonic()
                        wait_until(page, lambda p: reloaded(p) and expected in body_text(p), 120)
                        times[kind].append(time.monotonic() - saved)
                        print(f"{kind}: {times[kind][-1]:.1f} s", flush=True)
            for kind, values in times.items():
                print(f"{kind}: median {statistics.median(values):.1f} s over {len(values)} saves "
                      f"({', '.join(f'{v:.1f}' for v in values)})")
        finally:
            preview.proc.send_signal(2)
            preview.proc.wait(timeout=30)


if __name__ == "__main__":
    main()
