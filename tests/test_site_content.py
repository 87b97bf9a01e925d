"""What a reader reads on the built pages (the shared full build of the real data)."""
import html
import re

import pytest

pytestmark = pytest.mark.slow


def _page(site, rel):
    out, _ = site
    return (out / "html" / rel).read_text("utf-8")


def test_the_bibliography_keeps_the_titles_capitals(built_site):
    html = _page(built_site, "chapters/sources.html")
    assert "трудовым правам в Центральной Азии" in html
    assert "центральной азии" not in html


def test_text_cites_the_mission_documents_with_links_to_the_bibliography(built_site):
    html = _page(built_site, "chapters/kazakhstan.html")
    assert 'href="sources.html#id' in html  # {cite} roles resolve to the list of sources


def test_every_page_links_the_whole_dataset_zip(built_site):
    out, report = built_site
    for rel in ["index.html", "chapters/overview.html", "chapters/methodology.html"]:
        assert f"labour-rights-central-asia-{report.year}-data.zip" in _page(built_site, rel)



def test_every_page_has_an_icon_and_a_description_from_its_own_text(built_site):
    out, _ = built_site
    assert (out / "html" / "_static" / "favicon.svg").exists()  # else every browser logs a 404
    for rel in ["index.html", "chapters/overview.html", "chapters/kazakhstan.html", "chapters/accessibility.html"]:
        page = _page(built_site, rel)
        assert re.search(r'<link rel="icon" href="(\.\./)?_static/favicon\.svg"', page), rel
        m = re.search(r'<meta name="description" content="([^"]+)"', page)
        assert m, f"{rel}: no meta description"
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])))
        assert html.unescape(m.group(1))[:40] in text, rel
