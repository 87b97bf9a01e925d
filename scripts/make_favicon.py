"""Draw the site's icon, _static/favicon.svg (html_favicon in _config.yml): five bars, one
per country the Mission monitors, on the report's ink colour. Without an icon every
browser asks for /favicon.ico and logs the 404 as an error.

Run:  .venv/bin/python scripts/make_favicon.py

Deterministic: the same script writes the same files."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book.style import INK  # noqa: E402

STATIC = ROOT / "_static"
SIZE = 32
BARS = [14, 20, 10, 24, 17]  # bar heights in a 32 x 32 square (any five distinct heights)
BAR_WIDTH, GAP, LEFT, BASE = 4, 1.5, 3.5, 28
BAR_COLOUR = "#ffffff"


def svg() -> str:
    rects = "".join(
        f'<rect x="{LEFT + i * (BAR_WIDTH + GAP):g}" y="{BASE - h}" width="{BAR_WIDTH}" height="{h}" fill="{BAR_COLOUR}"/>'
        for i, h in enumerate(BARS)
    )
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
            f'<rect width="{SIZE}" height="{SIZE}" rx="6" fill="{INK}"/>{rects}</svg>\n')


def main() -> None:
    (STATIC / "favicon.svg").write_text(svg(), "utf-8")
    print("Written: _static/favicon.svg")


if __name__ == "__main__":
    main()
