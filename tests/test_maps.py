"""Maps on a tiny visible dataset: offline assets, escaped names, statuses as of an edition, the PNG twin."""
import base64
import html
import io
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import folium
import numpy as np
import pandas as pd
import pytest
from matplotlib import image as mpimg

from book import ROOT
from book.maps import STATUS_FILL, country_map, regional_map

SCRIPT_NAME = "<script>alert(1)</script>"


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def write_geometry(path: Path) -> Path:
    """Rectangles standing in for the countries, roughly where they lie."""
    shapes = {
        "KZ": box(50, 42, 80, 54), "UZ": box(56, 37, 70, 42), "TM": box(52, 36, 56, 42),
        "KG": box(70, 40, 80, 42), "TJ": box(67, 37, 70, 40), "CN": box(80, 36, 90, 54),
        "RU": box(44, 54, 90, 57),
    }
    names = {"CN": "Китай", "RU": "Россия"}
    features = [{"type": "Feature", "geometry": g,
                 "properties": {"iso2": k, "iso3": k + "X", "name_ru": names.get(k, k), "name_en": k}}
                for k, g in shapes.items()]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def tiny_dataset(tmp_path, uz_name="Узбекистан"):
    """Five countries; KZ assessed in 2021 only, KG in 2021 and 2023, TM `unknown`, TJ never."""
    df = pd.DataFrame
    return SimpleNamespace(
        countries=df({
            "iso2": ["KZ", "KG", "TJ", "TM", "UZ", "CN"],
            "iso3": ["KAZ", "KGZ", "TJK", "TKM", "UZB", "CHN"],
            "name_ru": ["Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан", uz_name, "Китай"],
            "name_ru_genitive": ["Казахстана", "Кыргызстана", "Таджикистана", "Туркменистана",
                                 "Узбекистана", "Китая"],
            "name_en": ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "China"],
            "role": ["monitored"] * 5 + ["neighbour"],
            "chapter": ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan", None],
            "order": [1, 2, 3, 4, 5, 7],
        }),
        country_situations=df({
            "country": ["KZ", "KG", "KG", "TM", "UZ"],
            "edition_year": [2021, 2021, 2023, 2021, 2021],
            "indicator": ["union_registration"] * 5,
            "value": ["obstructed", "impossible", "obstructed", "unknown", "impossible"],
            "quote_ru": ["…"] * 5,
            "source_id": ["doc-2021", "doc-2021", "doc-2023", "doc-2021", "doc-2021"],
        }),
        places=df({
            "id": ["kz-astana", "kz-zhanaozen", "kg-bishkek"],
            "name_ru": ["Астана", "Жанаозен", "Бишкек"],
            "name_en": ["Astana", "Zhanaozen", "Bishkek"],
            "country": ["KZ", "KZ", "KG"],
            "lat": [51.18, 43.34, 42.87], "lon": [71.45, 52.86, 74.59],
            "kind": ["capital", "city", "capital"],
            "geonameid": [1526273, 607610, 1528675],
            "mentioned_in": [[], ["doc-2021"], ["doc-2021", "doc-2023"]],
            "source_id": ["geonames"] * 3,
        }),
        sources=df({
            "id": ["doc-2021", "doc-2023", "geonames", "natural-earth-admin0"],
            "date": ["2021-12-07", "2023-11-30", "unknown", "unknown"],
            "publisher": ["Миссия", "Миссия", "GeoNames", "Natural Earth"],
            "citation_ru": ["«Итоговый документ (2021)»", "«Резолюция (2023)»", "«GeoNames»",
                            "«Natural Earth»"],
        }),
        editions=df({"year": [2021, 2023], "number": [5, 7]}),
        geometry_path=write_geometry(tmp_path / "countries.geojson"),
    )


def inner_document(fragment: str) -> str:
    """The HTML inside the iframe's srcdoc, as the browser sees it."""
    match = re.search(r'srcdoc="([^"]*)"', fragment)
    assert match, "no srcdoc iframe in the map's HTML"
    return html.unescape(match.group(1))


def payload(fragment: str) -> dict:
    """The data the map's script draws (shapes with tooltips, labels, legend)."""
    doc = inner_document(fragment)
    start = doc.index("var data = ") + len("var data = ")
    return json.JSONDecoder().raw_decode(doc[start:])[0]


def feature_of(data: dict, name: str) -> dict:
    """The shape whose tooltip is headed by `name` (already escaped)."""
    found = [f for f in data["shapes"]["features"] if f["properties"]["t"].startswith(f"<b>{name}</b>")]
    assert len(found) == 1, f"expected one shape named {name!r}, got {len(found)}"
    return found[0]


def tooltip_of(data: dict, text: str) -> str:
    tips = [f["properties"]["t"] for f in data["shapes"]["features"] if text in f["properties"]["t"]]
    assert len(tips) == 1, f"expected one tooltip with {text!r}, got {tips}"
    return tips[0]


@pytest.fixture
def ds(tmp_path):
    return tiny_dataset(tmp_path)


def test_the_picture_for_the_pdf_is_a_real_200_dpi_drawing_with_the_status_colours(ds):
    bundle = regional_map(ds, 2023)._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = mpimg.imread(io.BytesIO(png))
    height, width = pixels.shape[:2]
    assert width >= 1500 and height >= 800            # 8 in at 200 dpi
    rgb = (pixels[..., :3] * 255).round().astype(int).reshape(-1, 3)
    for status in ("obstructed", "impossible"):       # the statuses present in 2023
        colour = np.array([int(STATUS_FILL[status][i:i + 2], 16) for i in (1, 3, 5)])
        share = (np.abs(rgb - colour).sum(axis=1) <= 6).mean()
        assert share > 0.01, f"{status} colour {STATUS_FILL[status]} covers {share:.2%} of the PNG"


def test_the_html_map_loads_only_the_vendored_leaflet_under_the_page_prefix(ds):
    fragment = regional_map(ds, 2023, link_prefix="", asset_prefix="../")._repr_mimebundle_()["text/html"]
    doc = inner_document(fragment)
    assert not re.search(r"https?://", doc), "the map names a web address: a CDN or tile server"
    assets = re.findall(r'(?:src|href)="([^"]+)"', doc)
    assert assets == ["../_static/vendor/leaflet/leaflet.js", "../_static/vendor/leaflet/leaflet.css"]
    for asset in assets:
        assert (ROOT / asset.removeprefix("../")).is_file(), f"{asset} is not vendored"
    for unwanted in ("jquery", "bootstrap", "font-awesome", "fontawesome", "d3.min.js", "topojson.js"):
        assert unwanted not in doc.lower(), unwanted


def test_our_maps_leave_the_folium_defaults_of_other_maps_alone(ds):
    regional_map(ds, 2023)._repr_mimebundle_()
    plain = folium.Map(tiles=None).get_root().render()
    assert "jquery" in plain and "cdn.jsdelivr.net/npm/leaflet" in plain


def test_a_name_holding_a_script_shows_as_text_everywhere(tmp_path):
    ds = tiny_dataset(tmp_path, uz_name=SCRIPT_NAME)
    m = regional_map(ds, 2023)
    bundle = m._repr_mimebundle_()
    fragment = bundle["text/html"]
    doc = inner_document(fragment)
    assert "<script>alert" not in fragment and "<script>alert" not in doc
    data = payload(fragment)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tooltip_of(data, "alert(1)")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in [lb["h"] for lb in data["labels"]]
    assert SCRIPT_NAME in m.alt_text                  # plain text attribute, escaped in the caption
    assert "&lt;script&gt;" in fragment
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"


def test_each_country_shows_its_latest_assessment_up_to_the_edition_and_says_from_when(ds):
    data_2021 = payload(regional_map(ds, 2021).html)
    data_2023 = payload(regional_map(ds, 2023).html)
    kg_2021, kg_2023 = tooltip_of(data_2021, "Кыргызстан"), tooltip_of(data_2023, "Кыргызстан")
    assert "невозможна" in kg_2021 and "по оценке 2021 г." in kg_2021
    assert "затруднена" in kg_2023 and "по оценке 2023 г." in kg_2023
    kz_2023 = tooltip_of(data_2023, "Казахстан")      # no 2023 row: the 2021 one, said so
    assert "Регистрация профсоюзов: затруднена" in kz_2023 and "по оценке 2021 г." in kz_2023
    assert feature_of(data_2021, "Кыргызстан")["properties"]["f"] == STATUS_FILL["impossible"]
    assert feature_of(data_2023, "Кыргызстан")["properties"]["f"] == STATUS_FILL["obstructed"]


def test_unknown_and_never_assessed_are_shown_as_unknown_not_guessed(ds):
    m = regional_map(ds, 2023)
    data = payload(m.html)
    tm, tj = tooltip_of(data, "Туркменистан"), tooltip_of(data, "Таджикистан")
    assert "нет данных" in tm and "по оценке 2021 г." in tm
    assert "нет данных" in tj and "оценок до 2023 г. включительно нет" in tj
    hatched = [f for f in data["shapes"]["features"] if f["properties"]["h"]]
    assert hatched == [feature_of(data, "Таджикистан"), feature_of(data, "Туркменистан")]
    assert feature_of(data, "Казахстан")["properties"]["h"] == 0
    assert "нет данных" in data["legend"] and 'class="hatch"' in data["legend"]
    assert "нет данных: Таджикистан, Туркменистан (2021)" in m.alt_text


def test_clicking_a_country_opens_its_chapter_relative_to_the_page(ds):
    on_index = payload(regional_map(ds, 2023, link_prefix="chapters/").html)
    in_chapters = payload(regional_map(ds, 2023, link_prefix="", asset_prefix="../").html)
    urls = lambda d: sorted(f["properties"]["u"] for f in d["shapes"]["features"] if f["properties"]["u"])
    assert urls(on_index) == ["chapters/kazakhstan.html", "chapters/kyrgyzstan.html",
                              "chapters/tajikistan.html", "chapters/turkmenistan.html",
                              "chapters/uzbekistan.html"]
    assert urls(in_chapters)[0] == "kazakhstan.html"
    assert "window.top.location.href" in inner_document(regional_map(ds, 2023).html)


def test_title_and_source_line_come_with_the_map_and_name_the_sources_used(ds):
    m = regional_map(ds, 2023)
    assert m.title == ("Регистрация профсоюзов в странах Центральной Азии: последние оценки Миссии к "
                       "выпуску 2023 г. (год каждой оценки — в легенде)")
    assert m.source_line == ("Источники: «Итоговый документ (2021)»; «Резолюция (2023)»; "
                             "границы — «Natural Earth»")
    caption = m.html.split("</iframe>")[1]
    assert html.escape(m.title) in caption and html.escape(m.source_line) in caption
    assert regional_map(ds, 2021).source_line == "Источники: «Итоговый документ (2021)»; границы — «Natural Earth»"


def test_an_earlier_assessment_carries_its_year_in_the_legend_on_the_site_and_in_print(ds):
    m = regional_map(ds, 2023)
    texts = [item.text for item in m._scene.legend]
    # Every colour a country has says the year of the assessment behind it (2021 in the
    # fixture: the 2023 document does not judge registration); unused colours say nothing.
    used = [t for t in texts if "(оценка" in t]
    assert used and all("2021 г." in t for t in used)
    assert html.escape(used[0]) in payload(m.html)["legend"]


def test_country_map_marks_the_countrys_places_with_russian_labels(ds):
    m = country_map(ds, "KZ", 2023)
    data = payload(m.html)
    assert sorted(lb["h"] for lb in data["labels"] if lb["c"] == "place") == ["Астана", "Жанаозен"]
    tips = [mk["t"] for mk in data["markers"]]
    assert len(tips) == 2 and "Бишкек" not in "".join(tips)
    assert any("Жанаозен" in t and "Упоминается: «Итоговый документ (2021)»" in t for t in tips)
    assert m.title == "Казахстан: столица и места, упомянутые в источниках"
    assert m.alt_text == "Карта: Казахстан среди соседних стран. Отмечены: Астана (столица), Жанаозен (город)."
    assert "координаты — «GeoNames»" in m.source_line
    assert "../_static/vendor/leaflet/leaflet.js" in inner_document(m.html)


def test_country_map_cites_only_sources_of_the_edition_or_earlier(ds):
    tip_2021 = payload(country_map(ds, "KG", 2021).html)["markers"][0]["t"]
    tip_2023 = payload(country_map(ds, "KG", 2023).html)["markers"][0]["t"]
    assert "«Резолюция (2023)»" not in tip_2021 and "«Итоговый документ (2021)»" in tip_2021
    assert "«Резолюция (2023)»" in tip_2023


def test_unknown_country_code_is_a_clear_message(ds):
    with pytest.raises(KeyError, match="Страны 'XX' нет в countries.csv"):
        country_map(ds, "XX", 2023)


def test_missing_geometry_file_says_how_to_make_it(ds, tmp_path):
    ds.geometry_path = tmp_path / "nowhere.geojson"
    with pytest.raises(FileNotFoundError, match="scripts/make_geometry.py"):
        regional_map(ds, 2023)


def test_the_committed_geometry_is_small_and_complete():
    path = ROOT / "data" / "geo" / "countries.geojson"
    assert path.stat().st_size < 150_000
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    props = {f["properties"]["iso2"]: f["properties"] for f in features}
    assert {"KZ", "KG", "TJ", "TM", "UZ", "RU", "CN", "AF", "IR"} <= set(props)
    assert props["KG"]["name_ru"] == "Кыргызстан" and props["TM"]["name_ru"] == "Туркменистан"
    assert set(props["KZ"]) == {"iso2", "iso3", "name_ru", "name_en"}
    # The Fergana valley enclaves survive simplification: Kyrgyzstan has holes in it.
    kg = next(f for f in features if f["properties"]["iso2"] == "KG")["geometry"]
    polygons = kg["coordinates"] if kg["type"] == "MultiPolygon" else [kg["coordinates"]]
    assert sum(len(p) - 1 for p in polygons) >= 3


def test_real_maps_stay_light(tmp_path):
    """The real geometry: each map's HTML stays well under what a page should carry."""
    ds = tiny_dataset(tmp_path)
    ds.geometry_path = ROOT / "data" / "geo" / "countries.geojson"
    sizes = {"regional": len(regional_map(ds, 2023).html.encode())}
    sizes.update({iso: len(country_map(ds, iso, 2023).html.encode()) for iso in ("KZ", "KG")})
    assert all(size < 100_000 for size in sizes.values()), sizes


@pytest.mark.browser
def test_a_reader_offline_sees_the_map_drawn_from_local_assets(ds, tmp_path):
    """Headless Chromium, network beyond loopback blocked: shapes are drawn, nothing leaves."""
    pytest.importorskip("playwright")
    from tests.browser import CHROMIUM, browser, serve, visit
    if not Path(CHROMIUM).exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)")
    site = tmp_path / "site"
    shutil.copytree(ROOT / "_static" / "vendor", site / "_static" / "vendor")
    (site / "chapters").mkdir()
    ds.countries.loc[ds.countries["iso2"] == "UZ", "name_ru"] = SCRIPT_NAME
    page = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{}</body></html>"
    (site / "chapters" / "kazakhstan.html").write_text(
        page.format(country_map(ds, "KZ", 2023, asset_prefix="../").html), encoding="utf-8")
    (site / "index.html").write_text(page.format(regional_map(ds, 2023).html), encoding="utf-8")
    with serve(site) as base, browser() as b:
        for url, min_paths in ((base + "index.html", 5), (base + "chapters/kazakhstan.html", 5)):
            visit_ = visit(b, url)
            dialogs = []
            visit_.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            frame = visit_.page.frames[1]
            paths = frame.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length")
            assert paths >= min_paths, f"{url}: {paths} shapes drawn"
            assert visit_.blocked == [] and visit_.failed == [], (visit_.blocked, visit_.failed)
            assert visit_.page_errors == [] and dialogs == []
            labels = frame.evaluate("Array.from(document.querySelectorAll('.lbl span')).map(s => s.textContent)")
            if url.endswith("index.html"):
                assert SCRIPT_NAME in labels           # shown as text, not run
            visit_.context.close()
