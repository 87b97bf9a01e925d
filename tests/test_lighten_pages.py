"""The published pages load quickly on a slow phone: one stylesheet, no script holding back the first paint."""
import re

from book.publishing.pipeline import lighten_pages

PAGE = """<!DOCTYPE html><html><head>
    <link href="{p}_static/styles/theme.css?digest=1" rel="stylesheet" />
    <link rel="stylesheet" type="text/css" href="{p}_static/report.css?v=2" />
    <script src="{p}_static/documentation_options.js?v=3"></script>
    <script src="{p}_static/doctools.js?v=4"></script>
    <script async="async" src="{p}_static/thebe.js"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
</head><body><script src="{p}_static/late.js"></script></body></html>"""


def _site(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("div.body { background: url(file.png); }\n")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n')
    (static / "report.css").write_text('@charset "UTF-8";\n.lr-note { color: #555; }\n'
                                       '@font-face { src: url(fonts/a.woff2?v=1#x); }\n')
    (tmp_path / "chapters").mkdir()
    (tmp_path / "index.html").write_text(PAGE.format(p=""))
    (tmp_path / "chapters" / "kazakhstan.html").write_text(PAGE.format(p="../"))
    return tmp_path


def test_every_page_links_one_stylesheet_holding_all_of_them_in_order(tmp_path):
    site = _site(tmp_path)
    lighten_pages(site)
    front = (site / "index.html").read_text()
    chapter = (site / "chapters" / "kazakhstan.html").read_text()
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', front)
    assert len(links) == 1 and "theme.css" not in front and "report.css" not in front
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', chapter) == ["../" + links[0]]
    css = (site / links[0]).read_text()
    assert css.index("div.body") < css.index(".lr-note")  # the theme's order is kept
    assert "@import" not in css and "@charset" not in css
    assert 'url("file.png")' in css and 'url("fonts/a.woff2?v=1#x")' in css


def test_scripts_in_the_head_are_deferred_except_the_one_inline_scripts_need(tmp_path):
    site = _site(tmp_path)
    lighten_pages(site)
    head, body = (site / "index.html").read_text().split("</head>")
    assert '<script src="_static/documentation_options.js?v=3"></script>' in head
    assert '<script defer src="_static/doctools.js?v=4"></script>' in head
    assert '<script async="async" src="_static/thebe.js"></script>' in head
    assert '<script src="_static/late.js"></script>' in body  # the body is left as written
