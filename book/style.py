"""The report's one matplotlib style: Cyrillic fonts, sizes for phone and A4, colour-blind-safe colours."""
from __future__ import annotations

import contextlib
import functools

# Widths in inches. A4 with 2.5 cm margins leaves 16 cm (6.3 in) of text; the same
# figure, as an SVG scaled to 100 % width, stays readable on a 360 px phone because
# the fonts below are large relative to it.
PAGE_WIDTH = 6.3
BAR_HEIGHT = 0.42      # inches per bar row in horizontal bar charts
PNG_DPI = 200

# Okabe & Ito's colour-blind-safe colours, chosen so that their grey values also
# differ (approximate luminance in brackets) and paired with hatches, so a greyscale
# print still tells them apart.
INK = "#222222"
MUTED = "#666666"
GRID = "#d9d9d9"

STATUS_STYLE = {   # demand assessment status -> (fill, hatch)
    "not_implemented": ("#D55E00", ""),       # vermillion (120)
    "partly_implemented": ("#E69F00", "///"),  # orange (160)
    "implemented": ("#0072B2", "..."),        # blue (85)
    "not_assessed": ("#FFFFFF", "xxx"),        # white with grey cross-hatch
}
REGISTRATION_STYLE = {  # registration status -> (fill, hatch)
    "registered": ("#0072B2", ""),
    "suspended": ("#F0E442", "..."),
    "registration_refused": ("#E69F00", "///"),
    "deregistered": ("#CC79A7", "\\\\\\"),
    "liquidated": ("#D55E00", ""),
    "unknown": ("#FFFFFF", "xxx"),
}
EVENT_STYLE = {  # registration event -> (colour, marker)
    "registered": ("#0072B2", "o"),
    "reinstated": ("#0072B2", "P"),
    "registration_refused": ("#E69F00", "X"),
    "suspended": ("#B8A800", "s"),
    "deregistered": ("#CC79A7", "v"),
    "liquidated": ("#D55E00", "D"),
    "split": ("#666666", "^"),
}
HATCH_COLOUR = "#555555"
# Browsers without DejaVu Sans fall back to a font of similar width.
SVG_FONT_FALLBACK = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"

RC = {
    # DejaVu Sans has Cyrillic and ships with matplotlib itself, so every machine
    # draws the same glyphs. Named directly (not via "sans-serif") so text made inside
    # the style keeps its font even when drawn later.
    "font.family": ["DejaVu Sans"],
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": GRID,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 9,
    "ytick.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "hatch.color": HATCH_COLOUR,
    "hatch.linewidth": 0.6,
    "text.color": INK,
    "figure.dpi": 100,
    "savefig.dpi": PNG_DPI,
    "savefig.facecolor": "white",
    "svg.fonttype": "none",      # text stays text in the SVG: small, searchable, crisp
    "pdf.fonttype": 42,
}


@functools.cache
def pyplot():
    """matplotlib's pyplot, drawing with Agg: charts are rendered to files, never to a window.

    Imported when first drawn: a page whose charts all come from the figure cache
    (book/memo.py) never imports matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@contextlib.contextmanager
def report_style():
    """Use the report's style inside a `with` block (and leave global settings alone)."""
    with pyplot().rc_context(RC):
        yield


def new_figure(height: float, width: float = PAGE_WIDTH):
    """A figure and axes in the report style, `height` inches tall."""
    with report_style():
        fig, ax = pyplot().subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def wrap(text: str, width: int = 28) -> str:
    """Break a long label into lines of at most `width` characters, at spaces where possible.

    A word longer than a line is cut too: an unbroken name typed into a table must not
    push the chart's plot area to nothing (matplotlib then warns and the build stops)."""
    import textwrap
    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=True,
                                    break_on_hyphens=True)) or str(text)
