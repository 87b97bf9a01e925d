"""Every reader can use the site: axe-core finds no WCAG 2.2 A/AA failure on any page,
on a desktop and on a phone, in the light and the dark theme."""
from __future__ import annotations

import pytest

from tests.pages import PAGES
from tests.browser import AXE_JS, axe_context, axe_violations, browser, serve
from tests.test_site_browser import page_path, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# The site opens in its light theme whatever the system's colour scheme (_templates/layout.html);
# a reader may switch it to dark with the theme button, which the theme remembers in
# localStorage. "dark" is a system in dark mode whose reader chose the dark theme.
SCHEMES = ["light", "dark"]
CHOOSE_DARK_THEME = "try { localStorage.setItem('mode', 'dark'); } catch (e) {}"


@pytest.fixture(scope="module")
def site_url(publication):
    """The whole publication (every edition, both languages), served once."""
    require_chromium()
    if not AXE_JS.exists():
        pytest.skip("axe-core is not installed: bash scripts/install-web-tools.sh")
    out, _ = publication
    with serve(out / "site") as url:
        yield url


def _editions(publication) -> list[tuple[str, int]]:
    return [(lang, year) for lang, year, _ in publication[1].editions]


def _check(site_url, editions, screen, scheme) -> dict:
    found = {}
    with browser() as b:
        context = axe_context(b, viewport=WIDTHS[screen], color_scheme=scheme)
        if scheme == "dark":
            context.add_init_script(CHOOSE_DARK_THEME)
        try:
            page = context.new_page()
            for lang, year in editions:
                for p in PAGES:
                    page.goto(f"{site_url}{lang}/{year}/{page_path(p.slug)}", wait_until="load")
                    page.wait_for_timeout(300)
                    assert page.evaluate("document.documentElement.dataset.theme") == scheme, p.slug
                    for v in axe_violations(page):
                        found.setdefault(f"{v['id']} ({v['impact']}): {v['help']}", []).extend(
                            f"{lang}/{year}/{p.slug}: {t}" for t in v["targets"][:5])
        finally:
            context.close()
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("screen", list(WIDTHS))
def test_no_wcag_violations_on_any_page_of_the_latest_edition_in_either_language(publication, site_url, screen, scheme):
    latest = max(year for _, year in _editions(publication))
    assert _check(site_url, [(lang, y) for lang, y in _editions(publication) if y == latest], screen, scheme) == {}


def test_no_wcag_violations_on_any_page_of_the_earlier_editions(publication, site_url):
    """Earlier editions share every template and table with the latest; one pass (desktop,
    light) checks what differs: their data, notice and switchers."""
    latest = max(year for _, year in _editions(publication))
    assert _check(site_url, [(lang, y) for lang, y in _editions(publication) if y != latest], "desktop", "light") == {}
