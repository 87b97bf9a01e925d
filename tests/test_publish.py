"""The publication: every edition in both languages under one address, as a reader moves through it.

The site is served under a path prefix (/reports/), as a static host would serve it, and read
in Chromium with everything beyond loopback blocked."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from book.publishing.stage import pdf_name
from tests.pages import PAGES
from tests.conftest import BASE_URL

pytestmark = [pytest.mark.slow]

PREFIX = "reports/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(publication):
    out, report = publication
    return out / "site", report


@contextlib.contextmanager
def served_under_prefix(site: Path):
    """Serve `site` at http://127.0.0.1:PORT/reports/ (a folder with a link named reports)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / PREFIX.rstrip("/")).symlink_to(site, target_is_directory=True)
        handler = functools.partial(_Quiet, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}"
        finally:
            server.shutdown()
            server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _editions(site: Path) -> list[tuple[str, str]]:
    return sorted((p.parent.name, p.name) for p in site.glob("*/*") if (p / "index.html").is_file())


# --- what is published where ---------------------------------------------------------------------

def test_every_edition_is_published_in_both_languages_with_its_own_pdf(site):
    root, report = site
    years = sorted({str(y) for _, y, _ in report.editions})
    assert _editions(root) == sorted((lang, y) for lang in ("en", "ru") for y in years)
    for lang, year in _editions(root):
        edition = root / lang / year
        pdf = edition / "_static" / "generated" / "pdf" / pdf_name(int(year), lang)
        assert pdf.stat().st_size > 50_000, pdf
        for page in PAGES:
            html = (edition / f"{page.path}.html").read_text("utf-8")
            assert f"_static/generated/pdf/{pdf.name}" in html, (lang, year, page.slug)
    assert (root / "404.html").is_file() and (root / "index.html").is_file()


def test_the_root_offers_the_latest_edition_in_russian_and_english_without_javascript(site):
    root, report = site
    latest = max(y for _, y, _ in report.editions)
    index = (root / "index.html").read_text("utf-8")
    assert f'<noscript><meta http-equiv="refresh" content="0; url=ru/{latest}/index.html"></noscript>' in index
    assert f'href="ru/{latest}/index.html"' in index and f'href="en/{latest}/index.html"' in index


class _Links(HTMLParser):
    """Every href and src of a page, and of the documents inside its srcdoc frames."""

    def __init__(self):
        super().__init__()
        self.links, self.frames = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        if tag == "iframe" and a.get("srcdoc"):
            self.frames.append(a["srcdoc"])


def _targets(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = list(parser.links)
    for doc in parser.frames:  # a srcdoc frame's relative links resolve against its page
        links += _targets(doc)
    return links


def test_no_internal_link_or_asset_is_broken_anywhere_in_the_site(site):
    root, _ = site
    broken, checked = [], 0
    for page in sorted(root.rglob("*.html")):
        for link in _targets(page.read_text("utf-8")):
            parts = urlparse(link)
            if parts.scheme or link.startswith(("#", "//", "mailto:", "data:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(root)} -> {link}")
    assert checked > 1000
    assert broken[:20] == []


def test_the_sitemap_lists_every_page_of_every_edition_under_the_base_url_with_language_alternates(site):
    root, report = site
    index = ET.parse(root / "sitemap.xml").getroot()
    sitemaps = [e.text for e in index.iter(f"{SITEMAP}loc")]
    assert sorted(sitemaps) == sorted(f"{BASE_URL}{lang}/{year}/sitemap.xml" for lang, year in _editions(root))
    for lang, year in _editions(root):
        urls = ET.parse(root / lang / year / "sitemap.xml").getroot()
        locs = {e.find(f"{SITEMAP}loc").text: e for e in urls.iter(f"{SITEMAP}url")}
        for page in PAGES:
            url = f"{BASE_URL}{lang}/{year}/{page.path}.html"
            assert url in locs, url
            alternates = {a.get("hreflang"): a.get("href") for a in locs[url]
                          if a.tag.endswith("link") and a.get("rel") == "alternate"}
            assert alternates.get("en") == f"{BASE_URL}en/{year}/{page.path}.html"
            assert alternates.get("ru") == f"{BASE_URL}ru/{year}/{page.path}.html"


def test_pages_carry_a_description_a_preview_image_and_their_canonical_url(site):
    root, _ = site
    for lang, year in _editions(root):
        for page in PAGES:
            html = (root / lang / year / f"{page.path}.html").read_text("utf-8")
            where = f"{lang}/{year}/{page.path}"
            assert f'<link rel="canonical" href="{BASE_URL}{lang}/{year}/{page.path}.html"' in html, where
            m = re.search(r'<meta name="description" content="([^"]{40,})"', html)
            assert m, where
            og = re.search(r'<meta property="og:image" content="([^"]+)"', html)
            assert og and og.group(1).startswith(BASE_URL) and og.group(1).endswith(".png"), where
            image = root / og.group(1)[len(BASE_URL):]
            assert image.is_file() and image.read_bytes()[:4] == b"\x89PNG", where


def test_no_button_leads_nowhere(site):
    root, _ = site
    for page in root.glob("*/*/index.html"):
        html = page.read_text("utf-8")
        assert "mybinder.org" not in html and "launch-buttons" not in html, page


# --- a reader moving through it ------------------------------------------------------------------

@pytest.mark.browser
def test_switching_language_and_edition_keeps_the_reader_on_the_same_page(site, chromium):
    from tests.test_site_browser import opened
    root, report = site
    years = sorted({y for _, y, _ in report.editions})
    latest, earlier = years[-1], years[0]
    with served_under_prefix(root) as url:
        with opened(chromium, f"{url}ru/{latest}/chapters/kazakhstan.html") as v:
            v.page.click(".lr-languages a[hreflang='en']")
            v.page.wait_for_load_state()
            assert v.page.url == f"{url}en/{latest}/chapters/kazakhstan.html"
            assert "Kazakhstan" in v.page.inner_text("h1")
        with opened(chromium, f"{url}ru/{latest}/chapters/kazakhstan.html") as v:
            v.page.click(f".lr-years a:text-is('{earlier}')")
            v.page.wait_for_load_state()
            assert v.page.url == f"{url}ru/{earlier}/chapters/kazakhstan.html"
            notice = v.page.inner_text(".lr-notice")
            assert str(earlier) in notice and str(latest) in notice
            v.page.click(".lr-notice a")
            v.page.wait_for_load_state()
            assert v.page.url == f"{url}ru/{latest}/chapters/kazakhstan.html"
        with opened(chromium, f"{url}ru/{latest}/index.html") as v:
            assert v.page.query_selector(".lr-notice") is None  # the latest edition has no notice


@pytest.mark.browser
@pytest.mark.parametrize("locale,lang", [("ru-RU", "ru"), ("en-GB", "en"), ("de-DE", "ru")])
def test_the_root_takes_the_reader_to_the_latest_edition_in_their_language(site, chromium, locale, lang):
    root, report = site
    latest = max(y for _, y, _ in report.editions)
    with served_under_prefix(root) as url:
        context = chromium.new_context(locale=locale)
        try:
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_url(f"**/{lang}/{latest}/index.html", timeout=10_000)
            assert page.url == f"{url}{lang}/{latest}/index.html"
        finally:
            context.close()


@pytest.mark.browser
def test_every_page_of_every_edition_loads_offline_under_the_prefix_without_errors(site, chromium):
    from tests.test_site_browser import map_frames, opened
    root, _ = site
    problems = []
    with served_under_prefix(root) as url:
        for lang, year in _editions(root):
            for page in PAGES:
                with opened(chromium, f"{url}{lang}/{year}/{page.path}.html") as v:
                    map_frames(v.page)
                    v.page.wait_for_timeout(200)
                    for what in ("blocked", "failed", "console_errors", "page_errors"):
                        if getattr(v, what):
                            problems.append(f"{lang}/{year}/{page.slug}: {what}: {getattr(v, what)}")
    assert problems == []
