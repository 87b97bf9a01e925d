"""Charts of the report: plotting helpers that take `ax=` and return it, and the Chart display object.

A chart shows in two forms from one drawing function: on the site an inline SVG
(`role="img"`, alt text in `aria-label`, a wide and a narrow layout for phones) with the
source line as text under it; in the PDF a 200 dpi PNG with the title and the source
line drawn into the picture.
"""
from __future__ import annotations

import base64
import functools
import datetime as dt
import hashlib
import html
import io
import re
from typing import Callable

import pandas as pd

from book import memo, style, views
from book.data.labels import label, labels
from book.i18n import count, current, long_date, tr

NARROW_WIDTH = 3.6  # inches: at 100 % width on a 360 px phone the text keeps its size


def _not_later_than() -> str:
    return tr("не позднее", "no later than")


# --- the display object -------------------------------------------------------------------

class Chart:
    """A finished chart: how to draw it, its title, source line, alt text and an optional note.

    `plot(ax)` draws the data on an axes (any width); `height(width)` gives the figure
    height in inches for a figure width (narrow layouts wrap labels into more lines).
    """

    def __init__(self, plot: Callable, *, title: str, source_line: str, alt_text: str,
                 height: Callable[[float], float], note: str = "", name: str = "chart"):
        self.plot, self.title, self.source_line = plot, title, source_line
        self.alt_text, self.height, self.note, self.name = alt_text, height, note, name

    def figure(self, width: float = style.PAGE_WIDTH, *, footer: bool = False):
        """A new matplotlib figure of the chart; with `footer`, note and source drawn under it."""
        height = self.height(width)
        with style.report_style():
            fig, ax = style.new_figure(height, width)
            self.plot(ax=ax)
            chars = int(width * 10)  # ~10 bold 12 pt characters per inch
            fig.suptitle(style.wrap(self.title, chars), x=0.01, ha="left",
                         fontsize=style.RC["axes.titlesize"], fontweight="bold")
            if footer:
                lines = [style.wrap(t, int(width * 15)) for t in (self.note, self.source_line) if t]
                fig.text(0.01, -0.01, "\n".join(lines), ha="left", va="top", fontsize=8,
                         color=style.MUTED, transform=fig.transFigure)
        return fig

    def svg(self, width: float = style.PAGE_WIDTH) -> str:
        """The chart as an inline <svg> element: scalable, with role="img" and the alt text."""
        fig = self.figure(width)
        buf = io.StringIO()
        salt = hashlib.sha1(f"{self.name}|{width}".encode()).hexdigest()[:10]
        with style.report_style(), style.pyplot().rc_context({"svg.hashsalt": salt}):
            # A fixed salt makes the SVG the same on every build; a salt per chart and
            # width keeps clip-path ids distinct between the SVGs of one page.
            fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.05,
                        metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        style.pyplot().close(fig)
        return _inline_svg(buf.getvalue(), self.alt_text, id_prefix=f"{self.name}-{salt}-")

    def png(self) -> bytes:
        """The chart as a 200 dpi PNG with title, note and source drawn in (for the PDF)."""
        fig = self.figure(style.PAGE_WIDTH, footer=True)
        buf = io.BytesIO()
        with style.report_style():
            fig.savefig(buf, format="png", dpi=style.PNG_DPI, bbox_inches="tight", pad_inches=0.08,
                        metadata={"Software": None})
        style.pyplot().close(fig)
        return buf.getvalue()

    def html(self) -> str:
        """<figure> with a wide and a narrow SVG and the source line. The site's stylesheet
        (_static/report.css, `.lr-chart`) shows the narrow one on screens under 36em."""
        caption = "".join(
            f'<p class="{cls}">{html.escape(text)}</p>'
            for cls, text in (("lr-note", self.note), ("lr-source", self.source_line))
            if text
        )
        return (
            f'<figure class="lr-figure lr-chart">'
            f'<div class="lr-chart-wide">{self.svg()}</div>'
            f'<div class="lr-chart-narrow">{self.svg(NARROW_WIDTH)}</div>'
            f"<figcaption>{caption}</figcaption></figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        def draw():
            return {"text/html": self.html(), "image/png": base64.b64encode(self.png()).decode("ascii"),
                    "text/plain": self.alt_text}

        # What the drawing depends on: the plotting function with its data (a lambda cannot
        # be pickled: such a chart is always drawn), the texts, and the heights it is drawn at.
        inputs = (self.plot, self.title, self.source_line, self.alt_text, self.note, self.name,
                  [self.height(w) for w in (style.PAGE_WIDTH, NARROW_WIDTH)])
        return memo.bundle("chart", inputs, draw, include, exclude)

    def __repr__(self) -> str:
        return f"<Chart {self.name}: {self.title}>"


def _inline_svg(svg: str, alt_text: str, id_prefix: str = "") -> str:
    """Make matplotlib's SVG document an inline, scalable, labelled element.

    A page inlines several SVGs and every one numbers its ids the same way (figure_1,
    axes_1…): ids nothing refers to are dropped, the others take `id_prefix`, so that
    the page keeps unique ids."""
    svg = svg[svg.index("<svg"):]                     # drop the XML declaration and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib's <style>*{stroke-linejoin…}</style> would style the whole page: the same
    # two properties as inherited attributes of this <svg> only.
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>", "", svg, count=1)
    svg = re.sub(r"\s*<style[^>]*>[^<]*</style>", "", svg)
    referenced = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
    svg = re.sub(r'\sid="([^"]+)"',
                 lambda m: f' id="{id_prefix}{m.group(1)}"' if m.group(1) in referenced else "", svg)
    svg = re.sub(r'(url\(#|href="#)', rf"\g<1>{id_prefix}", svg)
    svg = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r"\1", svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(alt_text, quote=True)}" '
                               'preserveAspectRatio="xMinYMin meet" stroke-linejoin="round" stroke-linecap="butt" ', 1)
    svg = svg.replace("font-family: 'DejaVu Sans'", f"font-family: {style.SVG_FONT_FALLBACK}")
    return svg.strip()


# --- plotting helpers (take ax=, return it) ------------------------------------------------

def _counts_label(n) -> str:
    return str(int(n))


def plot_stacked_bars(counts: pd.DataFrame, categories: list[str], styles: dict, names: dict,
                      row_labels: list[str], *, ax=None, xlabel: str = "", legend_cols: int = 2):
    """Horizontal bars, one per row of `counts`, stacked by `categories` (columns of counts).

    Each segment shows its count; categories that are zero everywhere stay out of the legend.
    """
    from matplotlib.ticker import MaxNLocator

    ax = ax or style.pyplot().gca()
    if counts.empty:
        return _nothing_to_show(ax)
    y = list(range(len(counts)))
    left = [0] * len(counts)
    for cat in categories:
        values = [int(v) for v in counts[cat]]
        if not any(values):
            continue
        colour, hatch = styles[cat]
        bars = ax.barh(y, values, left=left, height=0.62, color=colour, hatch=hatch,
                       edgecolor=style.HATCH_COLOUR, linewidth=0.6, label=names[cat])
        for bar, v in zip(bars, values):
            if v:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        _counts_label(v), ha="center", va="center", fontsize=9, color=style.INK,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9})
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, [_wrap_label(ax, r) for r in row_labels])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(left + [1]) * 1.02)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    _legend_above(ax, [names[c] for c in categories if counts[c].astype(int).any()])
    return ax


def label_chars(width: float) -> int:
    """Characters per line of a row label: row labels may take about 40 % of the figure width."""
    return max(12, min(24, int(width * 4)))


def _wrap_label(ax, text: str) -> str:
    return style.wrap(text, label_chars(ax.figure.get_figwidth()))


def rows_height(labels, base: float, per_row_extra: float = 0.0):
    """height(width) for one bar row per label, tall enough for labels wrapped at that width.

    Narrow layouts also get more room for the title and the legend, which wrap too.
    """
    labels = list(labels)

    def height(width: float) -> float:
        lines = [style.wrap(t, label_chars(width)).count("\n") + 1 for t in labels]
        rows = sum(max(style.BAR_HEIGHT, 0.19 * n + 0.12) + per_row_extra for n in lines)
        return base * (1.5 if width < style.PAGE_WIDTH else 1.0) + rows

    return height


def _nothing_to_show(ax, text: str = ""):
    """An empty chart says so in words instead of showing bare axes."""
    text = text or tr("Нет данных", "No data")
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color=style.MUTED)
    ax.set_axis_off()
    return ax


def _legend_above(ax, texts: list[str], handles=None) -> None:
    """The legend in as many columns as fit between the title and the plot (keeps phones readable)."""
    width = ax.figure.get_figwidth()
    col = 0.45 + 0.075 * max((len(t) for t in texts), default=10)  # inches per legend column
    ncols = max(1, min(len(texts), int(width * 0.95 // col)))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=ncols,
              handlelength=1.6, borderaxespad=0, columnspacing=1.2)


def plot_demand_status(counts: pd.DataFrame, *, ax=None):
    """Demands per government, stacked by status (counts from views.demand_counts)."""
    return plot_stacked_bars(counts, views.STATUS_ORDER, style.STATUS_STYLE, labels("status"),
                             list(counts["label"]), ax=ax, xlabel=tr("число требований", "number of demands"))


def plot_themes(counts: pd.DataFrame, *, ax=None):
    """Demands per theme, stacked by status (counts from views.demands_by_theme)."""
    return plot_stacked_bars(counts, views.STATUS_ORDER, style.STATUS_STYLE, labels("status"),
                             list(counts["name"]), ax=ax, xlabel=tr("число требований и призывов", "number of demands and calls"))


def plot_registration(counts: pd.DataFrame, *, ax=None):
    """Organisations per country, stacked by registration status (views.registration_counts)."""
    return plot_stacked_bars(counts, views.REGISTRATION_ORDER, style.REGISTRATION_STYLE,
                             views.registration_labels(), list(counts["name"]), ax=ax,
                             xlabel=tr("число организаций", "number of organisations"))


def plot_registration_list(status: pd.DataFrame, *, ax=None):
    """One row per organisation, a bar in the colour of its registration status (views.registration_status)."""
    ax = ax or style.pyplot().gca()
    if status.empty:
        return _nothing_to_show(ax, tr("Организации в источниках не названы", "The sources name no organisation"))
    y = list(range(len(status)))
    for i, st in zip(y, status["status"].astype(str)):
        colour, hatch = style.REGISTRATION_STYLE[st]
        ax.barh(i, 1, height=0.62, color=colour, hatch=hatch, edgecolor=style.HATCH_COLOUR, linewidth=0.6)
        ax.text(1.03, i, views.registration_label(st), va="center", ha="left", fontsize=9)
    ax.set_yticks(y, [_wrap_label(ax, _org_name(r)) for r in status.to_dict("records")])
    ax.invert_yaxis()
    ax.set_xlim(0, 2.6)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    ax.spines[["bottom", "left"]].set_visible(False)
    return ax


def _org_name(row: dict) -> str:
    short = row.get("short_name")
    return short if isinstance(short, str) and short else str(row["name"])


def plot_timeline(events: pd.DataFrame, *, ax=None):
    """Registration events on a time axis, one row per organisation (views.registration_events).

    Exact dates are filled markers; a month or year is a bar over the whole period with
    the marker in its middle; an unknown date is a hollow marker at the date of the
    source that reported it, with a dashed lead-in and "no later than …".
    """
    import matplotlib.dates as mdates
    import matplotlib.transforms as transforms
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax = ax or style.pyplot().gca()
    events = events[events["sort_date"].notna()]
    if events.empty:
        return _nothing_to_show(ax, tr("Событий, которые можно поместить на шкалу, нет", "No event can be placed on the time axis"))
    orgs = list(dict.fromkeys(events["organisation_id"]))
    row = {o: i for i, o in enumerate(orgs)}
    names = {r["organisation_id"]: _org_name(r) for r in events.to_dict("records")}
    seen = {}  # (organisation, date) -> undated events already drawn there
    for e in events.to_dict("records"):
        colour, marker = style.EVENT_STYLE[e["event"]]
        y = row[e["organisation_id"]]
        if e["precision"] == "unknown":
            x = mdates.date2num(e["not_later_than"])
            k = seen.get((y, x), 0)
            seen[(y, x)] = k + 1
            # Several undated events reported by one source: side by side, one label.
            shift = transforms.offset_copy(ax.transData, fig=ax.figure, x=-13 * k, units="points")
            ax.plot(x, y, marker=marker, ms=9, mfc="white", mec=colour, mew=1.8, ls="none", transform=shift)
            if k == 0:
                ax.plot([x - 365, x], [y, y], ls=(0, (2, 2)), color=colour, lw=1.2, zorder=1)
                ax.annotate(f"{_not_later_than()} {long_date(e['not_later_than'])}", (x, y), xytext=(0, 9),
                            textcoords="offset points", ha="right", fontsize=8, color=style.INK)
            continue
        start, end = mdates.date2num(e["date_start"]), mdates.date2num(e["date_end"] + dt.timedelta(days=1))
        if e["precision"] != "day":
            ax.plot([start, end], [y, y], color=colour, lw=7, alpha=0.35, solid_capstyle="butt")
        ax.plot((start + end) / 2, y, marker=marker, ms=9, color=colour, mec="white", mew=0.8, ls="none")
    ax.set_yticks(range(len(orgs)), [_wrap_label(ax, names[o]) for o in orgs])
    ax.set_ylim(len(orgs) - 0.4, -0.8)
    ax.xaxis.set_major_locator(mdates.YearLocator(base=_year_step(ax)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    present = list(dict.fromkeys(events["event"]))
    handles = [Line2D([], [], marker=style.EVENT_STYLE[ev][1], color=style.EVENT_STYLE[ev][0],
                      ls="none", ms=8, label=label("event", ev)) for ev in present]
    if (events["precision"] == "unknown").any():
        handles.append(Line2D([], [], marker="o", mfc="white", mec=style.MUTED, ls="none", ms=8,
                              label=tr("дата неизвестна", "date unknown")))
    if events["precision"].isin(["month", "year"]).any():
        handles.append(Patch(color=style.MUTED, alpha=0.35, label=tr("известны только месяц или год",
                                                                    "only the month or year is known")))
    _legend_above(ax, [h.get_label() for h in handles], handles=handles)
    return ax


def _year_step(ax) -> int:
    """Years between ticks so that about 1.3 labels fit per inch of axes."""
    lo, hi = ax.get_xlim()
    years = (hi - lo) / 365.25
    room = max(ax.figure.get_figwidth() * 0.7 * 1.3, 2)
    return next((step for step in (1, 2, 5, 10, 20) if years / step <= room), 50)


# --- charts from the data (what the pages call) --------------------------------------------

def _of_government(ds, country: str | None) -> str:
    if country is None:
        return tr("правительствам", "governments")
    countries = ds.countries.set_index("iso2")
    if current() == "en":
        return f"the government of {_country_name(ds, country)}"
    name = countries.at[country, "name_ru_genitive"] if "name_ru_genitive" in countries else country
    return f"правительству {name}"


def _sentence(text: str) -> str:
    """`text` ending in exactly one full stop."""
    return text if text.endswith(".") else text + "."


DEMANDS = (("требование", "требования", "требований"), ("demand", "demands"))
ORGANISATIONS = (("организация", "организации", "организаций"), ("organisation", "organisations"))


def _describe(rows, categories, names, unit) -> str:
    parts = []
    for row_label, values in rows:
        total = sum(values[c] for c in categories)
        detail = ", ".join(f"{names[c]} — {values[c]}" for c in categories if values[c])
        parts.append(f"{row_label}: {count(total, *unit)} ({detail})" if total
                     else f"{row_label}: " + tr("нет", "none"))
    return "; ".join(parts) + "."


def _country_name(ds, iso2: str) -> str:
    return views.text_by(ds.countries, "name", "iso2")[iso2]


def demand_status_chart(ds, year: int, country: str | None = None) -> Chart:
    """Demands to governments (or to one government) by status as of edition `year`."""
    counts = views.demand_counts(ds, year)
    if country is not None:
        counts = counts[counts["country"] == country]
    d = views.government_demands(ds, year, country)
    title = tr(f"Требования Миссии к {_of_government(ds, country)}: выполнение на {year} г.",
               f"The Mission's demands to {_of_government(ds, country)}: implementation as of {year}")
    rows = [(r["label"], r) for r in counts.to_dict("records")]
    alt = (f"{_sentence(title)} " + tr("Столбчатая диаграмма. ", "Bar chart. ")
           + _describe(rows, views.STATUS_ORDER, labels("status"), DEMANDS))
    ids = list(d["source_id"]) + list(d["assessment_source_id"].dropna())
    return Chart(functools.partial(plot_demand_status, counts), title=title, alt_text=alt,
                 source_line=views.source_line(ds, ids), height=rows_height(counts["label"], 1.5),
                 name=f"demands-{country or 'all'}-{year}")


def themes_chart(ds, year: int) -> Chart:
    """Demands and calls adopted up to `year` by theme and status."""
    counts = views.demands_by_theme(ds, year)
    counts["name"] = counts["name"].map(lambda t: t[:1].upper() + t[1:])
    d = views.demand_status(ds, year)
    title = tr(f"Требования и призывы Миссии по темам: выполнение на {year} г.",
               f"The Mission's demands and calls by theme: implementation as of {year}")
    rows = [(r["name"], r) for r in counts.to_dict("records")]
    alt = (f"{_sentence(title)} " + tr("Столбчатая диаграмма; требование с несколькими темами учтено в каждой. ",
                                       "Bar chart; a demand with several themes counts under each. ")
           + _describe(rows, views.STATUS_ORDER, labels("status"), DEMANDS))
    ids = list(d["source_id"]) + list(d["assessment_source_id"].dropna())
    return Chart(functools.partial(plot_themes, counts), title=title, alt_text=alt,
                 source_line=views.source_line(ds, ids), height=rows_height(counts["name"], 1.5),
                 name=f"themes-{year}")


def registration_chart(ds, year: int | None = None, country: str | None = None) -> Chart:
    """Organisations by registration status: per country (whole region) or per organisation (one country)."""
    status = views.registration_status(ds, year)
    when = tr(f" на {year} г.", f" as of {year}") if year else ""
    ids = list(status["event_source_id"].dropna()) + list(ds.organisations["source_id"])
    if country is None:
        counts = views.registration_counts(ds, year)
        title = tr(f"Организации трудящихся по статусу регистрации{when}",
                   f"Workers' organisations by registration status{when}")
        rows = [(r["name"], r) for r in counts.to_dict("records")]
        alt = (f"{_sentence(title)} " + tr("Столбчатая диаграмма. ", "Bar chart. ")
               + _describe(rows, views.REGISTRATION_ORDER, views.registration_labels(), ORGANISATIONS))
        return Chart(functools.partial(plot_registration, counts), title=title, alt_text=alt,
                     source_line=views.source_line(ds, ids), height=rows_height(counts["name"], 1.5),
                     name=f"registration-all-{year}")
    status = status[status["country"] == country]
    name = _country_name(ds, country)
    title = tr(f"{name}: статус регистрации организаций{when}", f"{name}: registration status of organisations{when}")
    alt = f"{_sentence(title)} " + ("; ".join(
        f"{_org_name(r)} — {views.registration_label(str(r['status']))}"
        for r in status.to_dict("records")) or tr("Организации не указаны", "No organisation is named")) + "."
    return Chart(functools.partial(plot_registration_list, status), title=title, alt_text=alt,
                 source_line=views.source_line(ds, list(status["event_source_id"].dropna())),
                 height=rows_height([_org_name(r) for r in status.to_dict("records")] or ["—"], 0.8),
                 name=f"registration-{country}-{year}")


def timeline_chart(ds, country: str | None = None) -> Chart:
    """Registration events over time, honest about partial and unknown dates."""
    e = views.registration_events(ds)
    if country is not None:
        e = e[e["country"] == country]
    title = tr("Регистрация организаций трудящихся: события", "Registration of workers' organisations: events")
    if country:
        title = tr(f"{_country_name(ds, country)}: регистрация организаций трудящихся, события",
                   f"{_country_name(ds, country)}: registration of workers' organisations, events")
    unplaced = e[e["sort_date"].isna()]
    notes = []
    if (e["precision"] == "unknown").any():
        notes.append(tr("Полый значок: дата события неизвестна; он стоит на дате источника, "
                        "сообщившего о событии, — событие произошло не позднее.",
                        "Hollow marker: the date of the event is unknown; it stands at the date of the source "
                        "that reported the event, which happened no later."))
    if len(unplaced):
        notes.append(tr("Не показаны (нет ни даты, ни даты источника): ", "Not shown (no date, no source date): ")
                     + count(len(unplaced), ("событие", "события", "событий"), ("event", "events")) + ".")
    descr = []
    for e_row in e.to_dict("records"):
        when = (f"{_not_later_than()} {long_date(e_row['not_later_than'])}" if e_row["precision"] == "unknown"
                and e_row["not_later_than"] else long_date(e_row["date"]))
        descr.append(f"{_org_name(e_row)}: {label('event', e_row['event'])}, {when}")
    alt = (f"{_sentence(title)} " + tr("Временная шкала. ", "Timeline. ")
           + _sentence("; ".join(descr) or tr("Событий нет", "No events")))
    shown = e[e["sort_date"].notna()].drop_duplicates("organisation_id")
    names = [_org_name(r) for r in shown.to_dict("records")] or ["—"]
    return Chart(functools.partial(plot_timeline, e), title=title, alt_text=alt, note=" ".join(notes),
                 source_line=views.source_line(ds, list(e["source_id"])),
                 height=rows_height(names, 1.8, per_row_extra=0.1), name=f"timeline-{country or 'all'}")
