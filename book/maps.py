"""Maps of the report: one object that is a folium map on the site and a matplotlib picture in the PDF."""
from __future__ import annotations

import base64
import functools
import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import shapely
import topojson
from shapely.geometry import shape
from shapely.ops import polylabel

from book import memo, views
from book.data.labels import label
from book.i18n import current, tr

__all__ = ["regional_map", "country_map", "MapFigure"]

INDICATOR = "union_registration"
STATUS_ORDER = ["possible", "obstructed", "impossible", "unknown"]
# ColorBrewer YlOrRd, 3 classes: colour-blind safe, and the lightness falls step by step,
# so the order survives greyscale printing. Unknown is grey with hatching (not a colour
# on the scale), in the PNG and on the site alike.
STATUS_FILL = {"possible": "#ffeda0", "obstructed": "#feb24c", "impossible": "#f03b20",
               "unknown": "#d9d9d9"}
HATCH_COLOUR = "#737373"
FOCUS_FILL = "#fdd0a2"       # the country of a country map
FOCUS_BORDER = "#7f2704"
CONTEXT_FILL = "#f0f0f0"     # other monitored countries on a country map
NEIGHBOUR_FILL = "#f7f7f7"
BORDER = "#636363"
NEIGHBOUR_BORDER = "#bdbdbd"
BACKGROUND = "#eef3f7"       # no tiles: water and the world outside the data are this light tint
CAPITAL_FILL, CITY_FILL, MARKER_EDGE = "#252525", "#ffffff", "#252525"

ASSET_DIR = "_static/vendor/leaflet"
BOUNDARIES_SOURCE = "natural-earth-admin0"
# Coordinates in the page: 0.01 degree (~1 km) is under a pixel on the regional map, 0.001
# on a country map; fewer digits is the cheapest way to keep the page light.
HTML_DECIMALS_WIDE, HTML_DECIMALS_CLOSE, WIDE_SPAN_DEG = 2, 3, 20.0
# Extra simplification for wide views: tolerance = view width / SIMPLIFY_PER_SPAN degrees
# (~a third of a pixel on the site, under a pixel in the 1600 px PNG); skipped when it
# would barely go beyond what the file already has.
SIMPLIFY_PER_SPAN, MIN_EXTRA_SIMPLIFY = 2000, 0.012
# The map may be panned a little beyond the first view, no further (maxBounds).
PAN_MARGIN = 0.15
PNG_DPI = 200
PNG_WIDTH_IN = 8.0


# --- the display object -------------------------------------------------------------------

@dataclass
class MapFigure:
    """A map that shows as an interactive folium map in HTML and as a PNG in the PDF."""

    title: str
    source_line: str
    alt_text: str
    _scene: "Scene" = field(repr=False)
    asset_prefix: str = ""

    @functools.cached_property
    def map_html(self) -> str:
        """The folium map as a complete HTML document (what the iframe shows)."""
        from book.map_drawing import folium_document

        return folium_document(self._scene, self.asset_prefix)

    @functools.cached_property
    def html(self) -> str:
        """The iframe with the map, followed by its title and source line as a caption."""
        alt_id = "alt-" + self._scene.name
        return (
            f'<figure class="book-map" style="margin:0 0 1em 0">'
            f'<iframe srcdoc="{html.escape(self.map_html, quote=True)}" '
            f'title="{html.escape(self.title)}" aria-describedby="{alt_id}" loading="lazy" '
            # The frame takes the shape of the view, so fitBounds fills it edge to edge.
            f'style="width:100%;aspect-ratio:{self._scene.aspect():.3f};min-height:260px;'
            f'border:1px solid #ddd;'
            f'background:{BACKGROUND}"></iframe>'
            f'<figcaption><strong>{html.escape(self.title)}</strong><br>'
            f'<small>{html.escape(self.source_line)}</small>'
            f'<span id="{alt_id}" style="position:absolute;width:1px;height:1px;overflow:hidden;'
            f'clip:rect(0 0 0 0);white-space:nowrap">{html.escape(self.alt_text)}</span>'
            f"</figcaption></figure>"
        )

    @functools.cached_property
    def png(self) -> bytes:
        """The same map drawn by matplotlib, title and source line included."""
        from book.map_drawing import draw_png

        return draw_png(self._scene, self.title, self.source_line)

    def _repr_mimebundle_(self, include=None, exclude=None):
        def draw():
            return {
                "text/plain": tr("Карта: ", "Map: ") + f"{self.title}. {self.alt_text}",
                "text/html": self.html,
                # Base64 text, as IPython's own Image does: the notebook stores it as is.
                "image/png": base64.b64encode(self.png).decode("ascii"),
            }

        inputs = (self.title, self.source_line, self.alt_text, self._scene, self.asset_prefix)
        return memo.bundle("map", inputs, draw, include, exclude)


# --- what a map shows, independent of how it is drawn --------------------------------------

@dataclass
class Shape:
    iso2: str
    geometry: object            # shapely (Multi)Polygon, lon/lat, clipped to the scene's box
    fill: str
    border: str
    hatch: bool = False
    weight: float = 0.8
    tooltip_html: str = ""      # already escaped
    url: str = ""


@dataclass
class Label:
    lon: float
    lat: float
    text: str                   # plain text; escaped where it becomes HTML
    style: str = "major"        # major (country) | minor (neighbour) | place (beside a marker)


@dataclass
class Marker:
    lon: float
    lat: float
    kind: str                   # capital | city | site
    tooltip_html: str           # already escaped


@dataclass
class LegendItem:
    text: str                   # plain text
    fill: str = ""
    hatch: bool = False
    marker: str = ""            # capital | city, for marker entries


@dataclass
class Scene:
    name: str                   # unique per map, used for element ids
    view: tuple                 # lon_min, lat_min, lon_max, lat_max shown at first
    box: tuple                  # how far the map can be panned (the data are clipped to it)
    shapes: list
    labels: list
    markers: list
    legend_title: str
    legend: list

    def aspect(self) -> float:
        """Width / height of the view in Web Mercator, the projection of map and PNG."""
        x0, y0, x1, y1 = self.view
        return (x1 - x0) / (_mercator_y(y1) - _mercator_y(y0))


# --- public API -----------------------------------------------------------------------------

def regional_map(ds, year: int, link_prefix: str = "chapters/", asset_prefix: str = "") -> MapFigure:
    """The monitored countries coloured by the registration of unions as of edition `year`.

    Each country shows the latest assessment from an edition up to `year` (its tooltip says
    which); clicking a country opens `{link_prefix}{chapter}.html` in the whole window.
    """
    countries = _countries(ds)
    monitored = countries[countries["role"] == "monitored"]
    records = _geometry_records(ds.geometry_path)
    shapes_geo = {k: v["geometry"] for k, v in records.items()}
    _check_geometry(shapes_geo, monitored["iso2"], ds.geometry_path)
    extent = _bounds(shapes_geo.values())
    view = _within(_pad(_bounds([shapes_geo[c] for c in monitored["iso2"]]), 0.04), extent)
    box = _within(_pad(view, PAN_MARGIN), extent)
    records = _geometry_records(ds.geometry_path, view)
    shapes_geo = {k: v["geometry"] for k, v in records.items()}

    assessed = _registration_as_of(ds, year)
    indicator_ru = _capital_first(label("indicator", INDICATOR))
    shapes, labels, used_sources, summary = [], [], [], {s: [] for s in STATUS_ORDER}
    years_by_status = {s: set() for s in STATUS_ORDER}
    for c in monitored.itertuples():
        row = assessed.get(c.iso2)
        status = row["value"] if row is not None else "unknown"
        status_ru = label(INDICATOR, status)
        when = (tr(f"по оценке {int(row['edition_year'])} г.", f"as assessed in {int(row['edition_year'])}")
                if row is not None else tr(f"оценок до {year} г. включительно нет", f"no assessment up to {year}"))
        name = c.name
        if row is not None:
            used_sources.append(row["source_id"])
            years_by_status[status].add(int(row["edition_year"]))
        summary[status].append(name + (f" ({int(row['edition_year'])})" if row is not None else ""))
        chapter = c.chapter if isinstance(c.chapter, str) and c.chapter else ""
        tip = (f"<b>{_e(name)}</b><br>{_e(indicator_ru)}: {_e(status_ru)}<br>"
               f"<span class='when'>{_e(when)}</span>")
        if chapter:
            tip += "<br><span class='when'>" + _e(tr("Нажмите, чтобы открыть главу", "Click to open the chapter")) + "</span>"
        geom = _clip(shapes_geo[c.iso2], box)
        shapes.append(Shape(c.iso2, geom, STATUS_FILL[status], BORDER, hatch=status == "unknown",
                            weight=1.0, tooltip_html=tip,
                            url=f"{link_prefix}{chapter}.html" if chapter else ""))
        labels.append(_label_for(geom, view, name))
    shapes[:0], labels[:0] = _neighbours(records, countries, set(monitored["iso2"]), view, box)

    labels = [lb for lb in labels if lb is not None]
    present = [s for s in STATUS_ORDER if summary[s]]
    # The whole scale, also values no country has this year: editions stay comparable. A
    # colour shown for a country carries the year of the assessment it stands for, on the
    # site and in print alike (an older edition's assessment is not this edition's).
    legend = [LegendItem(label(INDICATOR, s) + _years_note(years_by_status[s]), STATUS_FILL[s],
                         hatch=s == "unknown") for s in STATUS_ORDER]
    title = tr(f"{indicator_ru} в странах Центральной Азии: последние оценки Миссии к выпуску {year} г. "
               f"(год каждой оценки — в легенде)",
               f"{indicator_ru} in the countries of Central Asia: the Mission's latest assessments as of the "
               f"{year} edition (the year of each in the legend)")
    alt = (tr(f"Карта стран Центральной Азии, окрашенных по тому, можно ли зарегистрировать "
              f"профсоюз (последняя оценка до {year} г., в скобках её год). ",
              f"Map of the countries of Central Asia, coloured by whether a trade union can be registered "
              f"(latest assessment up to {year}, its year in brackets). ") + f"{indicator_ru} — "
           + "; ".join(f"{label(INDICATOR, s)}: {', '.join(summary[s])}" for s in present) + ".")
    source = _source_line(ds, used_sources)
    scene = Scene(f"regional-{year}", view, box, shapes, labels, [], indicator_ru, legend)
    return MapFigure(title, source, alt, scene, asset_prefix=asset_prefix)


def country_map(ds, iso2: str, year: int, asset_prefix: str = "../") -> MapFigure:
    """One country highlighted among its neighbours, with its places from places.csv.

    A place's tooltip names the sources that mention it, counting only sources dated up
    to `year` (the 2021 edition does not cite the 2023 resolution).
    """
    countries = _countries(ds)
    if iso2 not in set(countries["iso2"]):
        raise KeyError(tr(f"Страны {iso2!r} нет в countries.csv; есть: {', '.join(countries['iso2'])}",
                          f"No country {iso2!r} in countries.csv; known: {', '.join(countries['iso2'])}"))
    records = _geometry_records(ds.geometry_path)
    shapes_geo = {k: v["geometry"] for k, v in records.items()}
    _check_geometry(shapes_geo, [iso2], ds.geometry_path)
    country = countries.set_index("iso2").loc[iso2]
    extent = _bounds(shapes_geo.values())
    view = _within(_pad(_bounds([shapes_geo[iso2]]), 0.12, min_span=7.0), extent)
    box = _within(_pad(view, PAN_MARGIN), extent)
    records = _geometry_records(ds.geometry_path, view)
    shapes_geo = {k: v["geometry"] for k, v in records.items()}

    focus_geom = _clip(shapes_geo[iso2], box)
    country_name = country["name"]
    focus = Shape(iso2, focus_geom, FOCUS_FILL, FOCUS_BORDER, weight=2.0,
                  tooltip_html=f"<b>{_e(country_name)}</b>")
    others, other_labels = [], []
    for c in countries[(countries["role"] == "monitored") & (countries["iso2"] != iso2)].itertuples():
        geom = _clip(shapes_geo[c.iso2], box) if c.iso2 in shapes_geo else None
        if geom is None or geom.is_empty:
            continue
        others.append(Shape(c.iso2, geom, CONTEXT_FILL, BORDER, weight=0.8))
        other_labels.append(_label_for(geom, view, c.name, style="minor"))
    skip = {iso2} | {s.iso2 for s in others}
    far_shapes, far_labels = _neighbours(records, countries, skip, view, box)
    # Drawing order: neighbours, the other monitored countries, then the country itself,
    # so that its thick border is not covered by a neighbour's thin one.
    shapes = far_shapes + others + [focus]
    labels = far_labels + other_labels + [_label_for(focus_geom, view, country_name)]

    places = _places_of(ds, iso2)
    sources = ds.sources.set_index("id")
    cites = views.text_by(ds.sources, "citation")
    markers, cited_all, described, cited_places = [], [], [], 0
    for p in places.itertuples():
        cited = [s for s in _as_list(p.mentioned_in)
                 if s in sources.index and _year_of(sources.at[s, "date"]) <= year]
        cited_all += cited
        cited_places += bool(cited)
        kind_ru = label("place_kind", p.kind)
        tip = f"<b>{_e(p.name)}</b><br>{_e(kind_ru)}"
        if cited:
            tip += "<br>" + _e(tr("Упоминается: ", "Mentioned in: ")) + "; ".join(_e(cites[s]) for s in cited)
        markers.append(Marker(float(p.lon), float(p.lat), p.kind, tip))
        labels.append(Label(float(p.lon), float(p.lat), p.name, style="place"))
        described.append(f"{p.name} ({kind_ru})")
    labels = [lb for lb in labels if lb is not None]

    legend = [LegendItem(country_name, FOCUS_FILL)]
    capital_kinds = [k for k in dict.fromkeys(places["kind"]) if k == "capital"]
    other_kinds = [k for k in dict.fromkeys(places["kind"]) if k != "capital"]
    if capital_kinds:
        legend.append(LegendItem(label("place_kind", "capital"), marker="capital"))
    if other_kinds:
        legend.append(LegendItem(", ".join(label("place_kind", k) for k in other_kinds),
                                 marker="city"))
    uncited_capital = any(p.kind == "capital" and not _cited_by(p, sources, year)
                          for p in places.itertuples())
    what = [w for w, present in [(tr("столица", "capital"), uncited_capital),
                                 (tr("места, упомянутые в источниках", "places mentioned in the sources"), cited_places)]
            if present]
    title = (f"{country_name}: {tr(' и ', ' and ').join(what)}" if what
             else f"{country_name} — {label('country_role', country['role'])}")
    alt = tr(f"Карта: {country_name} среди соседних стран.", f"Map: {country_name} among its neighbours.")
    if described:
        alt += tr(" Отмечены: ", " Marked: ") + ", ".join(described) + "."
    source = _source_line(ds, cited_all, coordinates=places["source_id"].tolist())
    scene = Scene(f"country-{iso2}-{year}", view, box, shapes, labels, markers, "", legend)
    return MapFigure(title, source, alt, scene, asset_prefix=asset_prefix)


def _years_note(years) -> str:
    """« (оценка 2021 г.)» / " (assessed 2021)" for the years of the assessments a legend colour stands for."""
    if not years:
        return ""
    listed = ", ".join(str(y) for y in sorted(years))
    return tr(f" ({'оценка' if len(years) == 1 else 'оценки'} {listed} г.)", f" (assessed {listed})")


def _cited_by(place, sources, year) -> bool:
    return any(s in sources.index and _year_of(sources.at[s, "date"]) <= year
               for s in _as_list(place.mentioned_in))


# --- data helpers -----------------------------------------------------------------------------

def _countries(ds) -> pd.DataFrame:
    c = ds.countries.copy()
    c["name"] = views.text(c, "name")
    if "order" in c:
        c = c.sort_values("order", kind="stable")
    return c


def _registration_as_of(ds, year: int) -> dict:
    """{iso2: row} of the latest union_registration assessment from an edition <= year."""
    s = views.situation(ds, year)
    s = s[s["indicator"] == INDICATOR]
    return {r["country"]: r for _, r in s.iterrows()}


def _places_of(ds, iso2: str) -> pd.DataFrame:
    p = ds.places[ds.places["country"] == iso2].copy()
    p["name"] = views.text(p, "name")
    # Capital first, then by name: the legend and the alt text read in that order.
    p["_o"] = (p["kind"] != "capital").astype(int)
    return p.sort_values(["_o", "name"], kind="stable").drop(columns="_o")


def _as_list(value) -> list:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, str) and value:
        return [v for v in value.split(";") if v]
    return []


def _year_of(partial_date) -> int:
    """First four digits of a partial date; an unknown date counts as always known."""
    text = str(partial_date)
    return int(text[:4]) if text[:4].isdigit() else -1


def _source_line(ds, fact_sources, coordinates=()) -> str:
    """«Источники: <facts, by date>; координаты: …; границы: …» from sources.csv citations."""
    sources = ds.sources.set_index("id")
    cites = views.text_by(ds.sources, "citation")

    def cite(source_id):
        if source_id in cites.index and isinstance(cites[source_id], str):
            return cites[source_id]
        return source_id  # the loader checks source ids; an unlisted one still shows its id

    facts = [s for s in dict.fromkeys(fact_sources) if isinstance(s, str) and s]
    facts.sort(key=lambda s: (str(sources.at[s, "date"]) if s in sources.index else "", s))
    parts = [cite(s) for s in facts]
    coords = [s for s in dict.fromkeys(coordinates) if isinstance(s, str) and s]
    if coords:
        parts.append(tr("координаты — ", "coordinates: ") + ", ".join(cite(s) for s in coords))
    boundaries = cite(BOUNDARIES_SOURCE) if BOUNDARIES_SOURCE in sources.index else "Natural Earth"
    parts.append(tr("границы — ", "boundaries: ") + boundaries)
    return (tr("Источник: ", "Source: ") if len(parts) == 1 else tr("Источники: ", "Sources: ")) + "; ".join(parts)


@functools.lru_cache(maxsize=8)
def _read_geometry(path: str, mtime: float, tolerance: float) -> dict:
    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    if tolerance:
        # Topology-preserving, like scripts/make_geometry.py: neighbours keep one border.
        topo = topojson.Topology(collection, prequantize=False, toposimplify=tolerance,
                                 prevent_oversimplify=True)
        collection = json.loads(topo.to_geojson())
    return {f["properties"]["iso2"]: {"geometry": shape(f["geometry"]),
                                      "name_ru": f["properties"].get("name_ru", ""),
                                      "name_en": f["properties"].get("name_en", "")}
            for f in collection["features"]}


def _geometry_records(path, view=None) -> dict:
    """{iso2: {geometry, name_ru}} from the GeoJSON; simplified further for a wide view.

    The file keeps detail for close views (0.01 degree); a regional map shows ~0.05 degree
    per pixel, so it drops what no one can see: half the vertices, half the page weight.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"Нет файла границ {path}. Создайте его: .venv/bin/python scripts/make_geometry.py")
    tolerance = 0.0
    if view is not None:
        tolerance = round((view[2] - view[0]) / SIMPLIFY_PER_SPAN, 3)
        tolerance = tolerance if tolerance > MIN_EXTRA_SIMPLIFY else 0.0
    return _read_geometry(str(path), path.stat().st_mtime, tolerance)


def _check_geometry(shapes_geo: dict, codes, path) -> None:
    missing = [c for c in codes if c not in shapes_geo]
    if missing:
        raise KeyError(f"В {path} нет границ стран {', '.join(missing)}; "
                       f"перегенерируйте его scripts/make_geometry.py")


def _neighbours(records, countries, skip, view, box) -> tuple[list, list]:
    """Every other country in the geometry, light grey; a small label if enough is in view.

    The name comes from countries.csv where the country is listed there, else from the
    geometry file (names chosen in scripts/make_geometry.py).
    """
    names = countries.set_index("iso2")["name"].to_dict()
    shapes, labels = [], []
    for iso2, record in records.items():
        if iso2 in skip:
            continue
        clipped = _clip(record["geometry"], box)
        if clipped.is_empty:
            continue
        shapes.append(Shape(iso2, clipped, NEIGHBOUR_FILL, NEIGHBOUR_BORDER, weight=0.6))
        name = names.get(iso2) or record[f"name_{current()}"]
        labels.append(_label_for(clipped, view, name, style="minor", min_share=0.015))
    return shapes, labels


def _capital_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _e(text) -> str:
    """Escape data for HTML: a name holding <script> shows as text."""
    return html.escape(str(text), quote=True)


# --- geometry helpers -------------------------------------------------------------------------

def _bounds(geoms) -> tuple:
    return tuple(shapely.total_bounds(shapely.GeometryCollection(list(geoms))).tolist())


def _pad(bounds, share: float, min_span: float = 0.0) -> tuple:
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w = max((x1 - x0) * (1 + 2 * share), min_span)
    h = max((y1 - y0) * (1 + 2 * share), min_span * 0.6)
    return (cx - w / 2, max(cy - h / 2, -85.0), cx + w / 2, min(cy + h / 2, 85.0))


def _within(bounds, extent) -> tuple:
    """Shift and, if need be, shrink `bounds` to lie inside `extent` (no blank margins)."""
    x0, y0, x1, y1 = bounds
    ex0, ey0, ex1, ey1 = extent
    w, h = min(x1 - x0, ex1 - ex0), min(y1 - y0, ey1 - ey0)
    x0 = min(max(x0, ex0), ex1 - w)
    y0 = min(max(y0, ey0), ey1 - h)
    return (x0, y0, x0 + w, y0 + h)


def _clip(geom, box):
    return shapely.clip_by_rect(geom, *box)


def _label_for(geom, view, text, style="major", min_share=0.0):
    """A label at the pole of inaccessibility of the largest part well inside the view.

    The margin keeps a label from being cut by the frame ("…менистан").
    """
    visible = _clip(geom, _pad(view, -0.07))
    parts = [p for p in shapely.get_parts(visible) if p.geom_type == "Polygon" and p.area > 0]
    if not parts or not text:
        return None
    biggest = max(parts, key=lambda p: p.area)
    vx0, vy0, vx1, vy1 = view
    if biggest.area < min_share * (vx1 - vx0) * (vy1 - vy0):
        return None  # a sliver at the edge of the view: a label there would float
    point = polylabel(biggest, tolerance=0.05)
    return Label(point.x, point.y, str(text), style=style)


def _mercator_y(lat: float) -> float:
    """Web Mercator northing in degree units, so the PNG has the site's projection."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
