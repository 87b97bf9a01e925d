"""The PDF edition read as its readers read it: text, fonts, images, title page, A4; offered by the site."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from book import ROOT
from book.publishing.stage import pdf_name
from tests.pages import PAGES
from book.data import load
from book.i18n import long_date

pytestmark = [pytest.mark.slow, pytest.mark.pdf]
CYRILLIC = re.compile("[\u0400-\u04ff]")


def _run(*cmd) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def _titles(lang: str) -> list[str]:
    """Every page's title in the edition's language: the H1 of its source, the country's
    name for a chapter made from the country template."""
    ds = load()
    names = ds.countries.set_index("iso2")[f"name_{lang}"]
    titles = []
    for page in PAGES:
        if page.slug == "index":
            continue
        if page.template:
            titles.append(names[page.reads[1]])
            continue
        m = re.search(r"^# (.+)$", (ROOT / page.source(lang)).read_text("utf-8"), re.M)
        titles.append(m.group(1).strip())
    return titles


@pytest.fixture(scope="module", params=["ru", "en"])
def edition(request, build_edition):
    """The latest edition's PDF in each language, with its text (shared session build)."""
    lang = request.param
    out, report = build_edition(lang, fmt="all")
    pdf = out / "pdf" / pdf_name(report.year, lang)
    text = _run("pdftotext", "-layout", str(pdf), "-")
    # LaTeX sets a straight apostrophe as a typographic one: read them alike.
    flat = re.sub(r"\s+", " ", text.replace("-\n", "")).replace("\u2019", "'")
    return out, report, pdf, text, flat


def test_pdf_is_written_where_and_as_named(edition):
    out, report, pdf, *_ = edition
    assert pdf == out / "pdf" / f"labour-rights-central-asia-{report.year}-{report.lang}.pdf"
    assert pdf.stat().st_size > 50_000


def test_title_page_names_the_edition_meeting_place_and_date_in_its_language(edition):
    out, report, pdf, *_ = edition
    first = re.sub(r"\s+", " ", _run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-"))
    ed = load().editions.set_index("year").loc[report.year]
    title = {"ru": "Трудовые права в Центральной Азии", "en": "Labour Rights in Central Asia"}[report.lang]
    assert title in first
    assert str(report.year) in first
    assert ed[f"city_{report.lang}"] in first
    assert long_date(ed["date"], report.lang) in first  # «30 ноября 2023 г.» / "30 November 2023"
    if report.lang == "en":
        assert "Annual monitoring report" in first and not CYRILLIC.search(first)


def test_every_chapter_title_is_in_the_pdf(edition):
    _, report, *_, flat = edition
    missing = [t for t in _titles(report.lang) if t not in flat]
    assert missing == []


def test_key_facts_are_in_the_pdf_in_the_editions_language(edition):
    _, report, *_, flat = edition
    ds = load()
    lang = report.lang
    for name in ds.cases.loc[ds.cases["kind"] == "person", f"name_{lang}"].head(5):
        assert name in flat
    demand = ds.demands.loc[ds.demands["id"] == "2021-tj-1", f"text_{lang}"].iloc[0]
    assert demand[:60] in flat


def test_no_python_object_dumps_in_the_pdf(edition):
    *_, text, flat = edition
    for bad in ("<folium", "folium.folium.Map", "<Figure size", "object at 0x", "Traceback", "<IPython"):
        assert bad not in flat


def test_every_font_is_embedded(edition):
    _, _, pdf, *_ = edition
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    not_embedded = [r for r in rows if r.split()[-5] != "yes"]
    assert not_embedded == []


def test_maps_and_charts_are_images_in_the_pdf(edition):
    _, _, pdf, *_ = edition
    listing = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    images = [r for r in listing if r.split()[2] == "image"]
    # the regional map (front page and overview) and one map per country chapter, plus charts
    assert len(images) >= 2 + 5 + 5
    widths = [int(r.split()[3]) for r in images]
    assert min(widths) >= 800  # printed at 200 dpi or more, not thumbnails


def test_pages_are_a4(edition):
    _, _, pdf, *_ = edition
    info = _run("pdfinfo", str(pdf))
    assert "(A4)" in info


def test_the_site_offers_this_pdf_on_every_page(edition):
    out, report, pdf, *_ = edition
    site_pdf = out / "html" / "_static" / "generated" / "pdf" / pdf.name
    assert site_pdf.read_bytes() == pdf.read_bytes()
    for page in [out / "html" / "index.html", *sorted((out / "html" / "chapters").glob("*.html"))]:
        assert f"_static/generated/pdf/{pdf.name}" in page.read_text("utf-8"), page.name


def test_a_reader_sees_the_title_author_subject_language_and_chapter_bookmarks(edition):
    """What a PDF viewer or a screen reader reads before the text: document information,
    the language of the text, the title in the window bar, and an outline of the chapters."""
    from pypdf import PdfReader

    from book.publishing.stage import FRAME

    _, report, pdf, *_ = edition
    words = FRAME[report.lang]
    info = dict(line.split(":", 1) for line in _run("pdfinfo", str(pdf)).splitlines() if ":" in line)
    info = {k.strip(): v.strip() for k, v in info.items()}
    assert info["Title"] == f"{words['title']} · {report.year}"
    assert info["Author"] == words["author"]
    assert str(report.year) in info["Subject"]
    assert words["keywords"][2] in info["Keywords"]  # «Центральная Азия» / "Central Asia"
    reader = PdfReader(str(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == report.lang
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])  # a pypdf BooleanObject
    bookmarks = {item.title.replace("\u2019", "'") for item in reader.outline if not isinstance(item, list)}
    missing = [t for t in _titles(report.lang) if t not in bookmarks]
    assert missing == []
