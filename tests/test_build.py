"""Stories of staff rerunning the report: never stale, only what changed, atomic, one chapter, new edition."""
import csv
import re
import shutil
from pathlib import Path

import pytest

from book import ROOT
from book.publishing.errors import BuildError
from book.publishing.pipeline import build
from book.chapters import country_pages, pages
from book.data import load
from book.publishing.stage import FRAME
from tests.pages import PAGES

pytestmark = pytest.mark.slow

# Pages that read everything, prose included (the front page reads no prose: it counts and maps).
PROSE_AGGREGATE = {p.slug for p in PAGES if p.reads == ("all",)}


def _quiet(*_):
    pass


def _page(out: Path, slug: str) -> str:
    path = out / "html" / ("index.html" if slug == "index" else f"chapters/{slug}.html")
    return path.read_text("utf-8")


def _sources_copy(tmp_path: Path) -> Path:
    """A copy of the book's sources (configuration, pages, static files) a test may edit."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("_config.yml", "_toc.yml", "requirements.txt"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("chapters", "_static", "_templates"):
        shutil.copytree(ROOT / folder, src / folder)
    return src


def _edit_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def staff_build(tmp_path_factory):
    """A staff member's checkout: their own data copy and output folder, built once."""
    base = tmp_path_factory.mktemp("staff")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    out = base / "out"
    first = build(data=data, out=out, fmt="html", log=_quiet)
    return data, out, first


def test_clean_build_executes_every_page_and_publishes_the_site(staff_build):
    data, out, first = staff_build
    assert set(first.executed) == {p.slug for p in PAGES}
    assert (out / "html" / "index.html").exists()
    for page in PAGES:
        html = _page(out, page.slug)
        assert "Traceback" not in html and "object at 0x" not in html


def test_rebuild_without_change_executes_nothing_and_leaves_the_site_as_it_is(staff_build):
    data, out, _ = staff_build
    site = out / "html"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    again = build(data=data, out=out, fmt="html", log=_quiet)
    assert again.executed == {}
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == before, "nothing rebuilt or copied"


def test_a_change_to_the_site_stylesheet_alone_reaches_every_page(staff_build, tmp_path):
    data, out, _ = staff_build
    src = _sources_copy(tmp_path)
    css = src / "_static" / "report.css"
    css.write_text(css.read_text("utf-8") + "\n.lr-restyled-for-test { color: #123456; }\n", "utf-8")
    report = build(data=data, out=out, fmt="html", source_root=src, log=_quiet)
    assert report.executed == {}
    bundle = re.search(r'href="([^"]*_static/bundle-[0-9a-f]+\.css)"', _page(out, "index")).group(1)
    assert ".lr-restyled-for-test" in (out / "html" / bundle).read_text("utf-8")


def test_editing_one_country_reruns_that_chapter_and_the_aggregate_pages_and_shows_the_new_value(staff_build):
    data, out, _ = staff_build
    # A researcher corrects the wording of the Kyrgyz demand in the spreadsheet: the pages that
    # show the wording run again; the front page, which only counts the demands, does not.
    _edit_csv(data / "demands.csv", "Создать условия для разумного разрешения конфликта",
              "Создать условия (ПРАВКА-ПРОВЕРКА) для разумного разрешения конфликта")
    report = build(data=data, out=out, fmt="html", log=_quiet)
    assert set(report.executed) == PROSE_AGGREGATE | {"kyrgyzstan"}
    assert "index" not in report.executed
    assert "ПРАВКА-ПРОВЕРКА" in _page(out, "kyrgyzstan")
    assert "ПРАВКА-ПРОВЕРКА" not in _page(out, "kazakhstan")


def test_editing_findings_text_shows_on_the_page_without_stale_content(staff_build):
    data, out, first = staff_build
    year = first.year
    path = data / "findings" / str(year) / "turkmenistan.md"
    path.write_text(path.read_text("utf-8") + "\n\nАбзац-проверка обновления выводов.\n", "utf-8")
    build(data=data, out=out, fmt="html", log=_quiet)
    assert "Абзац-проверка обновления выводов." in _page(out, "turkmenistan")


def test_bad_data_leaves_the_published_site_untouched(staff_build):
    data, out, _ = staff_build
    before = (out / "html" / "index.html").read_bytes()
    broken = data.parent / "broken"
    shutil.copytree(data, broken)
    _edit_csv(broken / "editions.csv", "2021-12-07", "2021-02-31")
    from book.data import DataError

    with pytest.raises(DataError) as err:
        build(data=broken, out=out, fmt="html", log=_quiet)
    assert "editions.csv" in err.value.format("ru")
    assert (out / "html" / "index.html").read_bytes() == before


def test_a_chapter_that_raises_names_the_chapter_and_cell_and_keeps_the_site(staff_build, tmp_path):
    data, out, _ = staff_build
    before = (out / "html" / "index.html").read_bytes()
    src = _sources_copy(tmp_path)
    # The country chapters share one template: this cell fails on the Kyrgyzstan page only.
    page = src / "chapters" / "ru" / "country.md"
    page.write_text(page.read_text("utf-8") + "\n```{code-cell} ipython3\nif ch.slug == 'kyrgyzstan':\n"
                    "    raise ValueError('сломано для проверки')\n```\n", "utf-8")
    with pytest.raises(BuildError) as err:
        build(data=data, out=out, fmt="html", source_root=src, log=_quiet)
    message = err.value.message("ru")
    assert "kyrgyzstan" in message and "ячейка кода" in message and "сломано для проверки" in message
    assert (out / "html" / "index.html").read_bytes() == before


def test_rebuilding_one_chapter_executes_only_it_and_warns_about_the_others(staff_build):
    data, out, _ = staff_build
    _edit_csv(data / "demands.csv", "Сделать процесс регистрации профсоюзов", "Сделать (ГЛАВА-ПРОВЕРКА) процесс регистрации профсоюзов")
    report = build(data=data, out=out, fmt="html", chapter="tajikistan", log=_quiet)
    assert set(report.executed) == {"tajikistan"}
    assert "ГЛАВА-ПРОВЕРКА" in _page(out, "tajikistan")
    assert set(report.stale_warnings) == PROSE_AGGREGATE


def _append(path: Path, line: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", "utf-8")


def _add_row(path: Path, **cells) -> None:
    """A row added as a spreadsheet adds it: every column of the header, the unnamed ones empty."""
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    unknown = set(cells) - set(header)
    assert not unknown, f"no columns {unknown} in {path.name}"
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([cells.get(c, "") for c in header])


def test_a_new_edition_is_data_only_and_is_compared_with_the_previous_one(tmp_path):
    """Staff add the 2025 meeting as rows (no code, no file renamed) and build it."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _add_row(data / "sources.csv", id="imm-2025-test", kind="mission_document",
             title="Резолюция IX конференции (проверочный выпуск)",
             publisher="Международная мониторинговая миссия по трудовым правам в Центральной Азии",
             date="2025-11-28", language="ru", url="http://www.labourcentralasia.org/",
             citation_ru="«Резолюция IX конференции (2025)»")
    _add_row(data / "editions.csv", year="2025", number="9", kind="conference", date="2025-11-28",
             city_ru="Алматы", city_en="Almaty", country="KZ", title_ru="Девятая Конференция Миссии (проверка)",
             document_title_ru="Резолюция IX конференции (проверка)", source_id="imm-2025-test")
    # The 2025 document says the legislation stays repressive: the change is its words.
    _add_row(data / "country_situations.csv", country="KZ", edition_year="2025", indicator="legislation",
             value="repressive", quote_ru="законодательство по-прежнему репрессивно (проверка)",
             change="same", change_quote_ru="по-прежнему репрессивно", source_id="imm-2025-test")
    _add_row(data / "demand_assessments.csv", demand_id="2021-kz-1", year="2025", status="partly_implemented",
             assessed_by="mission", evidence_ru="часть ограничений снята (проверка)", source_id="imm-2025-test")
    out = tmp_path / "out"
    report = build(data=data, out=out, fmt="html", log=_quiet)
    assert report.year == 2025  # the latest edition is the default
    index = _page(out, "index")
    assert "28 ноября 2025" in index and "Алматы" in index
    overview = _page(out, "overview")
    legislation_row = re.search(r"<tr>(?:(?!</tr>).)*по-прежнему репрессивно(?:(?!</tr>).)*</tr>", overview, re.S)
    assert legislation_row and "без изменений" in legislation_row.group(0)
    kz = _page(out, "kazakhstan")
    assert "часть ограничений снята (проверка)" in kz and "выполнено частично" in kz


def test_an_earlier_edition_still_builds(tmp_path):
    report = build(year=2021, out=tmp_path / "out", fmt="html", log=_quiet)
    assert report.year == 2021
    index = _page(tmp_path / "out", "index")
    assert "7 декабря 2021" in index


def _make_monitored(data: Path, iso2: str, chapter: str, order: int) -> None:
    """Staff turn a neighbour into a monitored country: its role, a chapter name, its place."""
    path = data / "countries.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["iso2"] == iso2:
            row.update(role="monitored", chapter=chapter, order=str(order))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _sidebar_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="bd-links bd-docs-nav"(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a class="(?:current )?reference internal" href="([^"#]+)\.html"', nav)


def test_a_country_added_in_countries_csv_gets_its_chapter_in_its_place(tmp_path):
    """A sixth monitored country is a data edit only: Mongolia (a neighbour with a boundary in
    data/geo) becomes monitored, placed first by `order`; no findings yet."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _make_monitored(data, "MN", "mongolia", 0)
    ds = load(data)
    expected = [p.path for p in country_pages(pages(ds.countries))]
    assert "chapters/mongolia" in expected  # the data made the page, not the code
    out = tmp_path / "out"
    report = build(data=data, out=out, fmt="html", log=_quiet)
    assert "mongolia" in report.executed

    page = _page(out, "mongolia")
    name = ds.countries.set_index("iso2").at["MN", "name_ru"]
    assert re.search(rf"<h1>(?:<span[^>]*>[^<]*</span>)?{name}<", page)
    assert FRAME["ru"]["missing"].strip() in page  # findings pending, not an error
    assert "Traceback" not in page and "object at 0x" not in page
    assert (out / "html" / "_static" / "generated" / "data" / "mongolia.zip").is_file()

    # The front page's list of chapters names it (written from the data, not by hand).
    index = _page(out, "index")
    article = index.split('<article class="bd-article"', 1)[1]
    assert f'href="chapters/mongolia.html">{name}</a>' in re.sub(r"<span[^>]*>|</span>", "", article)
    # In the sidebar (and the toc) the country chapters stand in `order`, the migrants page after them.
    links = _sidebar_links(index)
    countries = [link for link in links if link in expected]
    assert countries == expected
    assert links.index("chapters/migrants") == links.index(expected[-1]) + 1
    assert links.index("chapters/overview") == links.index(expected[0]) - 1


def test_an_edit_to_the_latest_edition_leaves_an_earlier_editions_site_as_it_was(tmp_path):
    """The 2021 edition knows nothing of 2023: its pages, its data download and its site stay
    as they were when staff correct a 2023 demand (no page runs, no page is rewritten)."""
    import zipfile

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "out"
    build(year=2021, data=data, out=out, fmt="html", log=_quiet)
    site = out / "html"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    archive = next(site.rglob("labour-rights-central-asia-2021-data.zip"))
    with zipfile.ZipFile(archive) as zf:
        demands = zf.read("demands.csv").decode("utf-8")
    assert "2021-kz-1" in demands and "2023-" not in demands  # what the 2021 edition could know

    _edit_csv(data / "demands.csv", "2023-res-2,2023,call,mission_members,,Конференция Миссии призывает",
              "2023-res-2,2023,call,mission_members,,Конференция Миссии (правка) призывает")
    report = build(year=2021, data=data, out=out, fmt="html", log=_quiet)
    assert report.executed == {}
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before
