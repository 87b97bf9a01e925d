"""Data holding HTML shows as text in the built site and runs nowhere: pages, tables, map tooltips and labels, frames."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from book import DATA_DIR
from book.publishing.pipeline import build
from tests.test_site_browser import DESKTOP, hover_tooltip, map_frames, opened, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Run if parsed as HTML: the <script> in a page, the <img onerror> where text becomes
# innerHTML (Leaflet tooltips and labels), and <b> would turn the word bold.
PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2><b>жирный</b>"
SHOWN = "<script>window.__pwned=1</script>"  # what a reader must see, literally
# A country's name also labels chart axes, which wrap at spaces only: the same markup,
# in words no longer than a real name's (a 25-character word does not fit a phone chart).
COUNTRY_PAYLOAD = "<script> window.__pwned=1 </script> <img src=x onerror=__pwned=2> <b>жирный</b>"
COUNTRY_SHOWN = "<script> window.__pwned=1 </script>"

# (file, which row, column, payload): a public case of Kazakhstan, an organisation of
# Kazakhstan, and Kazakhstan's own name (map labels and tooltips, tables, chart axes,
# the chapter's title); the column in the edition's language.
EDITS = [
    ("cases.csv", lambda r: r["country"] == "KZ" and r["public"] == "true", "what_happened_{lang}", PAYLOAD),
    ("organisations.csv", lambda r: r["country"] == "KZ", "name_{lang}", PAYLOAD),
    ("countries.csv", lambda r: r["iso2"] == "KZ", "name_{lang}", COUNTRY_PAYLOAD),
]
# The tables' titles, as the reader sees them in each language.
TITLES = {"ru": ("Люди и группы", "Организации трудящихся и их регистрация"),
          "en": ("People and groups", "Workers' organisations and their registration")}


def inject(data: Path, lang: str = "ru") -> dict:
    """Prefix the payload to one cell per edit; returns {file: new cell text}."""
    done = {}
    for name, pick, column, payload in EDITS:
        column = column.format(lang=lang)
        path = data / name
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            fields, rows = reader.fieldnames, list(reader)
        row = next(r for r in rows if pick(r))
        row[column] = f"{payload} {row[column]}"
        done[name] = row[column]
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return done


@pytest.fixture(scope="module", params=["ru", "en"])
def hostile_site(tmp_path_factory, request):
    """The hostile data built in each language (each reads its own columns)."""
    require_chromium()
    from tests.browser import browser, serve
    from book.data import validate

    lang = request.param
    base = tmp_path_factory.mktemp(f"escaping-{lang}")
    data = base / "data"
    shutil.copytree(DATA_DIR, data)
    cells = inject(data, lang)
    assert validate(data) == [], "the payload must pass validation, or the build shows nothing"
    out = base / "out"
    build(data=data, out=out, fmt="html", lang=lang, log=lambda *_: None)
    with serve(out / "html") as url, browser() as b:
        yield url, b, lang


def _pwned(v) -> dict:
    """window.__pwned in the page and in every frame (undefined = nothing ran)."""
    return {f.url[:60] or "(top)": f.evaluate("typeof window.__pwned === 'undefined' ? null : window.__pwned")
            for f in v.page.frames}


def _bold_payloads(frame) -> int:
    return frame.evaluate(
        "Array.from(document.querySelectorAll('b')).filter(b => b.textContent === 'жирный').length")


@pytest.mark.parametrize("path", ["chapters/kazakhstan.html", "chapters/overview.html", "index.html"])
def test_nothing_from_the_data_runs_in_the_page_or_its_frames(hostile_site, path):
    url, b, _ = hostile_site
    with opened(b, url + path, viewport=DESKTOP) as v:
        frames = map_frames(v.page)
        assert frames, f"{path}: no map"
        for _, frame in frames:  # hover each country, so every tooltip is opened
            frame.evaluate("""() => document.querySelectorAll('path.leaflet-interactive')
                .forEach(p => p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))""")
        v.page.wait_for_timeout(300)
        assert set(_pwned(v).values()) == {None}, _pwned(v)
        assert [_bold_payloads(f) for f in v.page.frames] == [0] * len(v.page.frames)
        # <img src=x> parsed as HTML would request "x"; console errors would show a break.
        assert v.failed == [] and v.blocked == [] and v.page_errors == [], (v.failed, v.blocked, v.page_errors)


def test_the_kazakhstan_page_shows_the_case_and_organisation_text_literally(hostile_site):
    url, b, lang = hostile_site
    people, organisations = TITLES[lang]
    with opened(b, url + "chapters/kazakhstan.html", viewport=DESKTOP) as v:
        cases = v.page.locator(".lr-table-wrap", has_text=people)
        orgs = v.page.locator(".lr-table-wrap", has_text=organisations)
        title = v.page.inner_text("h1")
        case_text = cases.first.inner_text()
        org_text = orgs.first.inner_text()
    assert COUNTRY_SHOWN in title, title  # the chapter's title is the country's name, as text
    assert SHOWN in case_text and "<b>жирный</b>" in case_text, case_text[:500]
    assert SHOWN in org_text, org_text[:500]


def test_the_overview_shows_the_country_name_literally(hostile_site):
    url, b, _ = hostile_site
    with opened(b, url + "chapters/overview.html", viewport=DESKTOP) as v:
        text = v.page.inner_text("main")
    assert COUNTRY_SHOWN in text, text[:800]


@pytest.mark.parametrize("path", ["index.html", "chapters/overview.html"])
def test_the_regional_map_tooltip_and_label_show_the_country_name_literally(hostile_site, path):
    url, b, _ = hostile_site
    with opened(b, url + path, viewport=DESKTOP) as v:
        (el, frame), *_ = map_frames(v.page)
        labels = frame.evaluate("Array.from(document.querySelectorAll('.lbl span')).map(s => s.textContent)")
        assert any(COUNTRY_SHOWN in t for t in labels), labels
        tip = hover_tooltip(v.page, el, frame, "window.__pwned")
        assert COUNTRY_SHOWN in tip and "<b>жирный</b>" in tip, tip
        assert _pwned(v) and set(_pwned(v).values()) == {None}


def test_the_kazakhstan_map_labels_the_country_literally(hostile_site):
    url, b, _ = hostile_site
    with opened(b, url + "chapters/kazakhstan.html", viewport=DESKTOP) as v:
        (el, frame), *_ = map_frames(v.page)
        labels = frame.evaluate("Array.from(document.querySelectorAll('.lbl span')).map(s => s.textContent)")
        assert any(COUNTRY_SHOWN in t for t in labels), labels
        tip = hover_tooltip(v.page, el, frame, "window.__pwned")
        assert COUNTRY_SHOWN in tip, tip
