"""How a map's scene is drawn: as a folium (Leaflet) map for the site and as a matplotlib PNG
for the PDF. Apart from `book.maps` so that a page whose maps come from the figure cache
(book/memo.py) never imports folium or matplotlib."""
from __future__ import annotations

import hashlib
import io
import json

import folium
import shapely
from branca.element import Element, MacroElement
from matplotlib import patheffects
# A bare Figure, not pyplot: no backend switch in the reader's kernel, no figure left open.
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry import mapping

from book.maps import (ASSET_DIR, BACKGROUND, BORDER, CAPITAL_FILL, CITY_FILL, HATCH_COLOUR, HTML_DECIMALS_CLOSE,
                       HTML_DECIMALS_WIDE, MARKER_EDGE, PNG_DPI, PNG_WIDTH_IN, STATUS_FILL, WIDE_SPAN_DEG, Scene, _e,
                       _mercator_y)

# --- HTML (folium) ------------------------------------------------------------------------------

_CSS = """
html body .leaflet-container{background:%(bg)s;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.lbl{background:none;border:0}
.lbl span{position:absolute;transform:translate(-50%%,-50%%);white-space:nowrap;color:#222;
  font-size:12px;font-weight:600;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}
.lbl.minor span{font-size:10.5px;font-weight:400;color:#555}
.lbl.place span{transform:translate(8px,-50%%);font-size:11.5px;font-weight:600;color:#222}
.legend{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font-size:12px;
  line-height:18px;box-shadow:0 0 3px rgba(0,0,0,.3);color:#222}
.legend b{font-weight:600}
.legend i{display:inline-block;width:14px;height:12px;margin-right:6px;vertical-align:-1px;
  border:1px solid #636363}
.legend i.hatch{background-image:repeating-linear-gradient(45deg,%(hatch)s 0 1.5px,transparent 1.5px 5px)}
.legend i.dot{width:10px;height:10px;border-radius:50%%;border:2px solid %(edge)s;margin-left:2px}
.leaflet-tooltip .when{color:#555}
@media (max-width:480px){
  /* A phone-wide frame: at full size the legend hid Kazakhstan's label and Astana. */
  .leaflet-top.leaflet-right .leaflet-control{margin:6px 6px 0 0}
  .legend{font-size:10px;line-height:13px;padding:3px 5px}
  .legend i{width:10px;height:9px;margin-right:4px}
  .legend i.dot{width:7px;height:7px;border-width:1.5px}
}
"""

_SCRIPT = """
(function (map) {
  var data = %(payload)s;
  map.fitBounds(data.view);
  // No further out than the first view, no panning into the blank beyond the data.
  map.setMinZoom(map.getZoom() - 0.5);
  map.setMaxBounds(data.box);
  var layer = L.geoJSON(data.shapes, {
    style: function (f) {
      var p = f.properties;
      return {fillColor: p.h ? "url(#" + data.hatchId + ")" : p.f, fillOpacity: 1,
              color: p.b, weight: p.w, opacity: 1};
    },
    interactive: true,
    onEachFeature: function (f, l) {
      var p = f.properties;
      if (!p.t && !p.u) { l.options.interactive = false; return; }
      if (p.t) l.bindTooltip(p.t, {sticky: true});
      l.on("mouseover", function () { l.setStyle({weight: p.w + 1.5, color: "#000"}); l.bringToFront(); });
      l.on("mouseout", function () { layer.resetStyle(l); });
      if (p.u) l.on("click", function () { window.top.location.href = p.u; });
    }
  }).addTo(map);
  // Hatching for "unknown": an SVG pattern in the renderer's own <svg>.
  var svg = map.getPanes().overlayPane.querySelector("svg");
  if (svg) {
    var ns = svg.namespaceURI;  // the SVG namespace, without a URL in the page
    var defs = document.createElementNS(ns, "defs");
    var pat = document.createElementNS(ns, "pattern");
    pat.setAttribute("id", data.hatchId);
    pat.setAttribute("patternUnits", "userSpaceOnUse");
    pat.setAttribute("width", "6"); pat.setAttribute("height", "6");
    pat.setAttribute("patternTransform", "rotate(45)");
    var bg = document.createElementNS(ns, "rect");
    bg.setAttribute("width", "6"); bg.setAttribute("height", "6");
    bg.setAttribute("fill", data.unknownFill);
    var line = document.createElementNS(ns, "rect");
    line.setAttribute("width", "1.6"); line.setAttribute("height", "6");
    line.setAttribute("fill", data.hatchColour);
    pat.appendChild(bg); pat.appendChild(line); defs.appendChild(pat);
    svg.insertBefore(defs, svg.firstChild);
  }
  data.markers.forEach(function (m) {
    L.circleMarker([m.lat, m.lon], {radius: m.r, fillColor: m.f, fillOpacity: 1, color: m.e,
                                     weight: 2}).bindTooltip(m.t).addTo(map);
  });
  data.labels.forEach(function (t) {
    L.marker([t.lat, t.lon], {interactive: false, keyboard: false,
      icon: L.divIcon({className: "lbl " + t.c, html: "<span>" + t.h + "</span>", iconSize: null})
    }).addTo(map);
  });
  if (data.legend) {
    var legend = L.control({position: "topright"});  // over a neighbour, not the five
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      div.innerHTML = data.legend;
      return div;
    };
    legend.addTo(map);
  }
})(%(map)s);
"""


class _SceneLayer(MacroElement):
    """Shapes, labels, markers and legend of a Scene, drawn by a few lines of Leaflet."""

    def __init__(self, payload_js: str):
        super().__init__()
        self._name = "Scene"
        self.payload_js = payload_js

    def render(self, **kwargs):
        figure = self.get_root()
        figure.script.add_child(
            Element(_SCRIPT % {"payload": self.payload_js, "map": self._parent.get_name()}),
            name=self.get_name())
        super().render(**kwargs)


def _rounded(coords, decimals):
    """Round nested GeoJSON coordinates; drop points that rounding made repeat."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(v), decimals) for v in coords]
    if coords and isinstance(coords[0][0], (int, float)):  # a ring
        ring = []
        for point in coords:
            point = [round(float(v), decimals) for v in point]
            if not ring or point != ring[-1]:
                ring.append(point)
        return ring
    return [_rounded(c, decimals) for c in coords]


def _legend_html(scene: Scene) -> str:
    rows = [f"<b>{_e(scene.legend_title)}</b>"] if scene.legend_title else []
    for item in scene.legend:
        if item.marker:
            fill = CAPITAL_FILL if item.marker == "capital" else CITY_FILL
            rows.append(f'<i class="dot" style="background:{fill}"></i>{_e(item.text)}')
        else:
            cls = ' class="hatch"' if item.hatch else ""
            rows.append(f'<i{cls} style="background-color:{item.fill}"></i>{_e(item.text)}')
    return "<br>".join(rows)


def _payload(scene: Scene) -> str:
    x0, y0, x1, y1 = scene.view
    decimals = HTML_DECIMALS_WIDE if x1 - x0 > WIDE_SPAN_DEG else HTML_DECIMALS_CLOSE
    shapes = []
    for s in scene.shapes:
        geometry = mapping(s.geometry)
        shapes.append({
            "type": "Feature",
            "properties": {"f": s.fill, "b": s.border, "w": s.weight, "h": int(s.hatch),
                           "t": s.tooltip_html, "u": s.url},
            "geometry": {"type": geometry["type"],
                         "coordinates": _rounded(geometry["coordinates"], decimals)},
        })
    bx0, by0, bx1, by1 = scene.box
    payload = {
        "view": [[round(y0, 3), round(x0, 3)], [round(y1, 3), round(x1, 3)]],
        "box": [[round(by0, 3), round(bx0, 3)], [round(by1, 3), round(bx1, 3)]],
        "shapes": {"type": "FeatureCollection", "features": shapes},
        "labels": [{"lat": round(lb.lat, 3), "lon": round(lb.lon, 3), "h": _e(lb.text),
                    "c": lb.style}
                   for lb in scene.labels],
        "markers": [{"lat": m.lat, "lon": m.lon, "t": m.tooltip_html,
                     "r": 6 if m.kind == "capital" else 5,
                     "f": CAPITAL_FILL if m.kind == "capital" else CITY_FILL, "e": MARKER_EDGE}
                    for m in scene.markers],
        "legend": _legend_html(scene),
        "hatchId": "hatch-" + scene.name, "unknownFill": STATUS_FILL["unknown"],
        "hatchColour": HATCH_COLOUR,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>: no "</script>" or "<!--" can end it early, whatever the data holds.
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def folium_document(scene: Scene, asset_prefix: str) -> str:
    x0, y0, x1, y1 = scene.view
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], zoom_start=4, tiles=None,
                   attribution_control=False, scroll_wheel_zoom=False, zoom_snap=0.25,
                   zoom_delta=0.5, min_zoom=2, max_zoom=10)
    # folium names the map element with a random id: the same map, the same page, every build.
    m._id = hashlib.sha256(scene.name.encode()).hexdigest()[:32]
    # Instance lists, not the module-wide ones: every other folium map keeps its defaults,
    # and ours loads Leaflet alone from the book's own _static (no jQuery, Bootstrap, CDN).
    base = f"{asset_prefix}{ASSET_DIR}"
    m.default_js = [("leaflet", f"{base}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    m.get_root().header.add_child(
        Element("<style>" + _CSS % {"bg": BACKGROUND, "hatch": HATCH_COLOUR, "edge": MARKER_EDGE}
                + "</style>"), name="book_map_css")
    _SceneLayer(_payload(scene)).add_to(m)
    return m.get_root().render()


# --- PNG (matplotlib) ----------------------------------------------------------------------------

def _mpl_path(geom) -> MplPath:
    vertices, codes = [], []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            pts = [(x, _mercator_y(y)) for x, y in ring.coords]
            vertices += pts
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(pts) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


def draw_png(scene: Scene, title: str, source_line: str) -> bytes:
    x0, y0, x1, y1 = scene.view
    my0, my1 = _mercator_y(y0), _mercator_y(y1)
    map_h = PNG_WIDTH_IN * (my1 - my0) / (x1 - x0)
    # Inches above the map (title) and below it (legend, then source line): in print the
    # legend sits outside the map, where it can hide no label.
    top_in, bottom_in = 0.5, 0.8
    total_h = map_h + top_in + bottom_in
    fig = Figure(figsize=(PNG_WIDTH_IN, total_h), dpi=PNG_DPI)
    ax = fig.add_axes((0, bottom_in / total_h, 1, map_h / total_h))
    ax.set_xlim(x0, x1)
    ax.set_ylim(my0, my1)
    ax.set_aspect("equal")
    ax.set_facecolor(BACKGROUND)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#bbbbbb")

    # Same order as on the site: later shapes are drawn over earlier ones.
    for s in scene.shapes:
        ax.add_patch(PathPatch(
            _mpl_path(s.geometry), facecolor=s.fill, edgecolor=s.border,
            linewidth=s.weight * 0.6, hatch="////" if s.hatch else None,
            hatchcolor=HATCH_COLOUR if s.hatch else None, joinstyle="round"))
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for m in scene.markers:
        ax.plot(m.lon, _mercator_y(m.lat), marker="o", linestyle="none",
                markersize=7 if m.kind == "capital" else 6.5,
                markerfacecolor=CAPITAL_FILL if m.kind == "capital" else CITY_FILL,
                markeredgecolor=MARKER_EDGE, markeredgewidth=1.5, zorder=5)
    for lb in scene.labels:
        if lb.style == "place":  # beside its marker, as on the site
            ax.annotate(lb.text, (lb.lon, _mercator_y(lb.lat)), xytext=(6, 0),
                        textcoords="offset points", va="center", ha="left", fontsize=8.5,
                        fontweight="bold", color="#222", path_effects=halo, zorder=6)
        else:
            major = lb.style == "major"
            ax.text(lb.lon, _mercator_y(lb.lat), lb.text, ha="center", va="center",
                    fontsize=9 if major else 7.5, fontweight="bold" if major else "normal",
                    color="#222" if major else "#555", path_effects=halo, zorder=6,
                    clip_on=True)

    handles = []
    for item in scene.legend:
        if item.marker:
            handles.append(Line2D([], [], marker="o", linestyle="none", markersize=7,
                                  markerfacecolor=CAPITAL_FILL if item.marker == "capital" else CITY_FILL,
                                  markeredgecolor=MARKER_EDGE, markeredgewidth=1.5, label=item.text))
        else:
            handles.append(Patch(facecolor=item.fill, edgecolor=BORDER, linewidth=0.6,
                                 hatch="////" if item.hatch else None,
                                 hatchcolor=HATCH_COLOUR if item.hatch else None, label=item.text))
    if handles:
        fig.legend(handles=handles, title=scene.legend_title or None, ncols=len(handles),
                   loc="upper left", bbox_to_anchor=(0.005, (bottom_in - 0.04) / total_h),
                   fontsize=8, title_fontsize=8.5, frameon=False, alignment="left",
                   handlelength=1.6, columnspacing=1.4)

    fig.text(0.012, 1 - 0.1 / total_h, title, ha="left", va="top", fontsize=11,
             fontweight="bold", wrap=True)
    fig.text(0.012, 0.06 / total_h, source_line, ha="left", va="bottom", fontsize=7.5,
             color="#444", wrap=True)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=PNG_DPI, facecolor="white")
    return out.getvalue()
