"""A reader's browser on the built site, offline: every page loads cleanly, maps draw and respond, phones fit, downloads work."""
from __future__ import annotations

import contextlib
import io
import os
import re
import urllib.request
import zipfile
from pathlib import Path

import pytest

from book import DATA_DIR
from tests.pages import COUNTRY_PAGES, PAGES

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DESKTOP, PHONE = (1280, 900), (390, 844)
# Pages that must show a map, and which: the regional map (five clickable countries)
# or the country map (the country highlighted among its neighbours).
MAP_PAGES = {"index": "regional", "overview": "regional", **{p.slug: "country" for p in COUNTRY_PAGES}}
# Pixels a phone page may be wider than the screen before a reader can scroll sideways
# (sub-pixel rounding only).
PHONE_TOLERANCE = 2


# --- helpers shared with test_escaping --------------------------------------------------------

def page_path(slug: str) -> str:
    """The URL path of a page, relative to the site root."""
    return "index.html" if slug == "index" else f"chapters/{slug}.html"


def require_chromium():
    pytest.importorskip("playwright")
    from tests.browser import CHROMIUM
    if not Path(CHROMIUM).exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)")


@contextlib.contextmanager
def opened(b, url, **kwargs):
    """`tests.browser.visit`, closing the page's browser context afterwards."""
    from tests.browser import visit
    v = visit(b, url, **kwargs)
    try:
        yield v
    finally:
        v.context.close()


def map_frames(page, timeout_ms=15_000):
    """[(iframe element, frame)] of every map on the page, each scrolled into view and drawn.

    The map iframes load lazily: a frame below the fold loads only once it is near the
    viewport, as for a reader scrolling down.
    """
    out = []
    for el in page.query_selector_all("figure.book-map iframe"):
        el.scroll_into_view_if_needed()
        el.wait_for_element_state("visible")
        frame = el.content_frame()
        assert frame is not None, f"{page.url}: a map iframe has no document"
        frame.wait_for_function(
            "() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0",
            timeout=timeout_ms)
        out.append((el, frame))
    page.evaluate("window.scrollTo(0, 0)")
    return out


def interactive_paths(frame) -> int:
    return frame.evaluate("document.querySelectorAll('path.leaflet-interactive').length")


def label_point(el, frame, text_part: str):
    """Page coordinates of the centre of the map label containing `text_part`.

    A country's label sits at the pole of inaccessibility of its largest part, so the
    point lies inside the country's shape; labels let the mouse through to the shape.
    """
    el.scroll_into_view_if_needed()
    box = frame.evaluate(
        """(part) => {
          const s = Array.from(document.querySelectorAll('.lbl span'))
                         .find(s => s.textContent.includes(part));
          if (!s) return null;
          const r = s.getBoundingClientRect();
          return {x: r.left + r.width / 2, y: r.top + r.height / 2};
        }""", text_part)
    assert box is not None, f"no map label containing {text_part!r}"
    frame_box = el.bounding_box()
    return frame_box["x"] + box["x"], frame_box["y"] + box["y"]


def hover_tooltip(page, el, frame, text_part: str) -> str:
    """Move the mouse onto the country labelled `text_part`; return the tooltip's text."""
    x, y = label_point(el, frame, text_part)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=8)
    frame.wait_for_selector(".leaflet-tooltip", state="visible", timeout=5_000)
    return frame.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-tooltip')).map(t => t.textContent).join('\\n')")


def screenshot_dir(tmp_path_factory) -> Path:
    """REPORT_SCREENSHOTS=DIR keeps the screenshots for a person to look at."""
    folder = os.environ.get("REPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screens")


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["ru", "en"])
def site(request):
    """The latest edition's site, in each language: every test here runs on both."""
    out, report = request.getfixturevalue("built_site" if request.param == "ru" else "built_site_en")
    return out / "html", report


@pytest.fixture(scope="module")
def base_url(site):
    from tests.browser import serve
    with serve(site[0]) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return screenshot_dir(tmp_path_factory)


def _site_pages(html_dir: Path) -> list[str]:
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not p.relative_to(html_dir).as_posix().startswith(("_static/", "_sources/")))


def _country_names(lang: str = "ru") -> dict:
    import pandas as pd
    c = pd.read_csv(DATA_DIR / "countries.csv", dtype=str)
    return dict(zip(c["iso2"], c[f"name_{lang}"]))


# --- 1. offline reader ----------------------------------------------------------------------------

def test_every_report_page_was_built(site):
    html_dir = site[0]
    missing = [page_path(p.slug) for p in PAGES if not (html_dir / page_path(p.slug)).is_file()]
    assert missing == []


def test_every_page_loads_offline_without_errors_and_draws_its_maps(site, base_url, chromium, shots):
    """No request beyond loopback, no 404, no console or script error; every map draws its shapes."""
    html_dir = site[0]
    pages = _site_pages(html_dir)
    assert "index.html" in pages and len(pages) >= len(PAGES)
    by_path = {page_path(p.slug): p.slug for p in PAGES}
    names = _country_names(site[1].lang)
    problems = []
    for rel in pages:
        slug = by_path.get(rel)
        with opened(chromium, base_url + rel, viewport=DESKTOP) as v:
            frames = map_frames(v.page)
            kind = MAP_PAGES.get(slug)
            if kind and not frames:
                problems.append(f"{rel}: no map")
            for el, frame in frames:
                n = interactive_paths(frame)
                # Regional: the five countries respond to the mouse; country map: at least
                # the country itself (places are interactive circles too).
                if n < (5 if kind == "regional" else 1):
                    problems.append(f"{rel}: map drew {n} interactive shapes")
            if kind == "country":
                iso2 = next(p.reads[1] for p in COUNTRY_PAGES if p.slug == slug)
                labels = frames[0][1].evaluate(
                    "Array.from(document.querySelectorAll('.lbl span')).map(s => s.textContent)") if frames else []
                if names[iso2] not in labels:
                    problems.append(f"{rel}: country map has no label {names[iso2]!r}: {labels}")
            v.page.wait_for_timeout(300)  # late requests of the frames
            for what in ("blocked", "failed", "console_errors", "page_errors"):
                if getattr(v, what):
                    problems.append(f"{rel}: {what}: {getattr(v, what)}")
            if slug in ("index", "overview", "kazakhstan"):
                v.page.screenshot(path=str(shots / f"{slug}-desktop-{site[1].lang}.png"), full_page=True)
    assert problems == [], "\n".join(problems)


# --- 2. interactions --------------------------------------------------------------------------------

def test_hovering_a_country_on_the_regional_map_names_it_and_its_registration_status(site, base_url, chromium, shots):
    import pandas as pd
    from book.data.labels import label

    # Read straight from the CSV files: the latest assessment up to the latest edition.
    year = int(pd.read_csv(DATA_DIR / "editions.csv")["year"].max())
    s = pd.read_csv(DATA_DIR / "country_situations.csv", dtype={"value": str})
    s = s[(s["country"] == "KZ") & (s["indicator"] == "union_registration") & (s["edition_year"] <= year)]
    value = s.sort_values("edition_year")["value"].iloc[-1] if len(s) else "unknown"
    lang = site[1].lang
    expected_status = label("union_registration", value, lang)
    name = _country_names(lang)["KZ"]
    with opened(chromium, base_url + "index.html", viewport=DESKTOP) as v:
        (el, frame), *_ = map_frames(v.page)
        tip = hover_tooltip(v.page, el, frame, name)
        v.page.screenshot(path=str(shots / f"index-hover-kz-{lang}.png"))
        assert name in tip and expected_status in tip, tip


def test_clicking_kazakhstan_on_the_regional_map_opens_its_chapter(site, base_url, chromium):
    name = _country_names(site[1].lang)["KZ"]
    with opened(chromium, base_url + "index.html", viewport=DESKTOP) as v:
        (el, frame), *_ = map_frames(v.page)
        x, y = label_point(el, frame, name)
        v.page.mouse.click(x, y)
        v.page.wait_for_url("**/chapters/kazakhstan.html", timeout=10_000)
        assert v.page.url == base_url + "chapters/kazakhstan.html"
        assert name in v.page.inner_text("h1")


# --- 3. phone ------------------------------------------------------------------------------------------

# Elements of the article that stick out beyond the screen's right edge without a
# scrolling box of their own around them (a reader would have to scroll the page sideways).
_OVERFLOWING = """(vw) => {
  const scrolls = e => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX);
  // A drawer parked beside the screen (the theme's tables of contents) is fixed and
  // hidden until opened: it widens nothing.
  const parked = e => { for (; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return true; return false; };
  const root = document.querySelector('main') || document.body;
  const out = [];
  for (const e of root.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (!r.width || r.right <= vw + %d) continue;
    if (!e.checkVisibility({visibilityProperty: true}) || parked(e)) continue;
    let a = e.parentElement, boxed = false;
    while (a && a !== document.body) { if (scrolls(a)) { boxed = true; break; } a = a.parentElement; }
    if (!boxed) out.push(e.tagName.toLowerCase() + '.' + (e.className.baseVal ?? e.className)
                         + ' right=' + Math.round(r.right) + ' ' + (e.textContent || '').trim().slice(0, 60));
  }
  return out.slice(0, 8);
}""" % PHONE_TOLERANCE

# Labels of the monitored countries and places that the map's legend box covers.
_UNDER_LEGEND = """() => {
  const legend = document.querySelector('.legend');
  if (!legend) return [];
  const a = legend.getBoundingClientRect();
  return Array.from(document.querySelectorAll('.lbl.major span, .lbl.place span')).filter(s => {
    const b = s.getBoundingClientRect();
    return b.left < a.right && b.right > a.left && b.top < a.bottom && b.bottom > a.top;
  }).map(s => s.textContent);
}"""

_TABLE_WRAPS = """(vw) => Array.from(document.querySelectorAll('.lr-table-wrap')).map(w => {
  const r = w.getBoundingClientRect(), t = w.querySelector('table');
  w.scrollLeft = 40;                       // a reader swiping the table sideways
  const moved = w.scrollLeft > 0;
  w.scrollLeft = 0;
  return {right: r.right, width: r.width, scroll: w.scrollWidth, client: w.clientWidth, moved,
          overflow: getComputedStyle(w).overflowX,
          table: t ? t.getBoundingClientRect().width : 0,
          title: (w.querySelector('.lr-table-title') || {}).textContent || ''};
})"""


def test_on_a_phone_no_page_scrolls_sideways_and_wide_tables_scroll_in_their_box(site, base_url, chromium, shots):
    problems, wraps_seen, wide_tables = [], 0, 0
    for page in PAGES:
        rel = page_path(page.slug)
        with opened(chromium, base_url + rel, viewport=PHONE) as v:
            for _, frame in map_frames(v.page):
                hidden = frame.evaluate(_UNDER_LEGEND)
                if hidden:
                    problems.append(f"{rel}: the map legend hides the labels {hidden}")
            width = v.page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE[0] + PHONE_TOLERANCE:
                problems.append(f"{rel}: page is {width}px wide on a {PHONE[0]}px phone")
            sticking_out = v.page.evaluate(_OVERFLOWING, PHONE[0])
            if sticking_out:
                problems.append(f"{rel}: beyond the screen: {sticking_out}")
            for w in v.page.evaluate(_TABLE_WRAPS, PHONE[0]):
                wraps_seen += 1
                if w["right"] > PHONE[0] + PHONE_TOLERANCE:
                    problems.append(f"{rel}: table box «{w['title']}» ends at {w['right']:.0f}px")
                if w["scroll"] > w["client"] + 1:
                    wide_tables += 1
                    if w["overflow"] not in ("auto", "scroll") or not w["moved"]:
                        problems.append(f"{rel}: table «{w['title']}» is wider than its box, which does not scroll")
            if page.slug in ("index", "overview", "kazakhstan"):
                v.page.screenshot(path=str(shots / f"{page.slug}-phone.png"), full_page=False)
                v.page.screenshot(path=str(shots / f"{page.slug}-phone-full.png"), full_page=True)
    assert wraps_seen > 0, "no table on any page: the table check checked nothing"
    assert wide_tables > 0, "no table wider than a phone: the scrolling check checked nothing"
    assert problems == [], "\n".join(problems)


# --- 4. downloads ---------------------------------------------------------------------------------------

def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:  # loopback only
        assert r.status == 200, url
        return r.read()


def test_every_page_offers_the_data_zip_in_the_sidebar_and_a_pdf_link_only_when_built(site, base_url, chromium):
    html_dir, report = site
    zips = set()
    for page in PAGES:
        rel = page_path(page.slug)
        with opened(chromium, base_url + rel, viewport=DESKTOP) as v:
            links = v.page.eval_on_selector_all(
                ".bd-sidebar-primary .lr-downloads a",
                "as => as.map(a => ({text: a.textContent.trim(), href: a.href, visible: !!a.offsetParent}))")
        data = [a for a in links if a["href"].endswith("-data.zip")]
        pdf = [a for a in links if a["href"].endswith(".pdf")]
        assert data and all(a["visible"] for a in data), f"{rel}: sidebar links {links}"
        if report.pdf:
            assert pdf, f"{rel}: no PDF link after a PDF build: {links}"
        else:
            assert pdf == [], f"{rel}: a PDF link without a built PDF: {pdf}"
        zips |= {a["href"] for a in data}
    assert len(zips) == 1, zips
    blob = _fetch(zips.pop())
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        names = zf.namelist()
        assert "demands.csv" in names, names
        assert zf.read("demands.csv").decode("utf-8").startswith("id,")


def test_clicking_the_sidebar_data_link_downloads_the_dataset(base_url, chromium, tmp_path):
    with opened(chromium, base_url + "chapters/kazakhstan.html", viewport=DESKTOP) as v:
        link = v.page.locator(".bd-sidebar-primary .lr-downloads a[href$='-data.zip']")
        with v.page.expect_download(timeout=10_000) as dl:
            link.click()
        target = tmp_path / dl.value.suggested_filename
        dl.value.save_as(target)
    assert re.fullmatch(r"labour-rights-central-asia-\d{4}-data\.zip", target.name)
    with zipfile.ZipFile(target) as zf:
        assert {"demands.csv", "cases.csv", "countries.csv"} <= set(zf.namelist())


def test_every_download_link_in_the_pages_leads_to_a_file(base_url, chromium):
    """The chapters' own download links (e.g. «Данные главы», source texts) are not dead."""
    checked = []
    for page in PAGES:
        with opened(chromium, base_url + page_path(page.slug), viewport=DESKTOP) as v:
            hrefs = v.page.eval_on_selector_all("main a[download], main a.lr-download", "as => as.map(a => a.href)")
        for href in dict.fromkeys(hrefs):
            blob = _fetch(href)
            if href.endswith(".zip"):
                with zipfile.ZipFile(io.BytesIO(blob)) as zf:
                    assert zf.namelist(), href
            checked.append(href)
    country_zips = [h for h in checked if h.endswith(tuple(f"/{p.slug}.zip" for p in COUNTRY_PAGES))]
    assert len(country_zips) == len(COUNTRY_PAGES), checked
