"""Charts and tables as readers get them: escaped HTML, LaTeX that compiles, PNGs with content, honest alt text."""
import base64
import re
import struct
from types import SimpleNamespace

import pandas as pd
import pytest

from book import charts, tables
from book.tables import Column, Table, latex_escape


def small_dataset():
    """One edition, two governments, two organisations (one with an undated event)."""
    df = pd.DataFrame
    return SimpleNamespace(
        sources=df({"id": ["doc"], "date": ["2021-12-07"], "kind": ["mission_document"],
                    "publisher": ["Миссия"], "citation_ru": ["Итоговый документ (2021)"],
                    "url": ["https://example.org/a_b%20c"], "local_file": ["sources/doc.ru.txt"]}),
        editions=df({"year": [2021]}),
        countries=df({"iso2": ["KZ", "KG"], "name_ru": ["Казахстан", "Кыргызстан"],
                      "name_ru_genitive": ["Казахстана", "Кыргызстана"],
                      "role": ["monitored", "monitored"], "order": [1, 2]}),
        addressees=df({"id": ["gov_KZ", "gov_KG"], "kind": ["government"] * 2, "country": ["KZ", "KG"],
                       "name_ru": ["Правительство Казахстана", "Правительство Кыргызстана"]}),
        themes=df({"id": ["justice"], "name_ru": ["правосудие"]}),
        demands=df({"id": ["kz-1", "kz-2", "kg-1"], "edition_year": [2021] * 3, "section": ["demand"] * 3,
                    "addressee_id": ["gov_KZ", "gov_KZ", "gov_KG"], "number": ["1", "2", "1"],
                    "text_ru": ["Отменить <script>alert(1)</script> приговоры", "Снизить налог на 50% & #1_a",
                                "Преодолеть раскол"],
                    "themes": [["justice"], ["justice"], []], "source_id": ["doc"] * 3}),
        demand_assessments=df({"demand_id": ["kz-1"], "year": [2021], "status": ["not_implemented"],
                               "assessed_by": ["mission"], "evidence_ru": ["приговоры в силе"],
                               "source_id": ["doc"]}),
        organisations=df({"id": ["kz-a", "kg-a"], "country": ["KZ", "KG"],
                          "name_ru": ["Конфедерация А", "Федерация Б"], "short_name_ru": ["КА", None],
                          "kind": ["independent", "unknown"], "level": ["confederation", "federation"],
                          "source_id": ["doc", "doc"]}),
        registration_events=df({"id": ["e1", "e2"], "organisation_id": ["kz-a", "kz-a"],
                                "date": ["2013", "unknown"], "event": ["registered", "liquidated"],
                                "description_ru": ["создана", "ликвидирована"], "source_id": ["doc", "doc"]}),
        cases=df({"id": ["c1"], "kind": ["person"], "name_ru": ["Иван Иванов"], "country": ["KZ"],
                  "role_ru": ["профсоюзный лидер"], "what_happened_ru": ["осуждён"],
                  "measures": [["criminal_conviction", "invented_measure"]], "year": pd.array([None], dtype="Int64"),
                  "posthumous": [False], "source_id": ["doc"], "public": [True]}),
        conventions=df({"id": ["C87"], "number": [87], "name_ru": ["О свободе объединения"], "fundamental": [True]}),
        ilo_ratifications=df({"country": ["KZ"], "convention": ["C87"], "status": ["ratified"],
                              "year": pd.array([2000], dtype="Int64"), "note_ru": [None], "source_id": ["doc"]}),
        country_situations=df({"country": ["KZ"], "edition_year": [2021], "indicator": ["legislation"],
                               "value": ["restrictive"], "quote_ru": ["ограничения"], "source_id": ["doc"]}),
    )


@pytest.fixture
def ds():
    return small_dataset()


# --- tables ------------------------------------------------------------------------------

def test_a_cell_holding_a_script_shows_as_text(ds):
    html = tables.demands_table(ds, 2021, "KZ").html()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="lr-table-wrap lr-table-stack"' in html
    assert 'data-label="Требование"' in html  # the header each stacked cell shows on phones


def test_a_wide_table_scrolls_in_a_named_box_that_the_keyboard_reaches(ds):
    t = tables.demands_table(ds, 2021, "KZ")
    html = t.html()
    assert f'role="region" aria-label="{t.title}" tabindex="0"' in html
    assert "<style" not in html  # the CSS is in _static/report.css, loaded by every page


@pytest.mark.parametrize("raw,expected", [
    ("50%", r"50\%"), ("A & B", r"A \& B"), ("a_b", r"a\_\allowbreak{}b"), ("#1", r"\#1"),
    ("$5", r"\$5"), ("{x}", r"\{x\}"), ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"),
    ("C:\\dir", r"C:\textbackslash{}dir"), ("[1]", "{[}1{]}"), ("две\nстроки", "две строки"),
    ("«Справедливость»", "«Справедливость»"),
])
def test_latex_escaping(raw, expected):
    assert latex_escape(raw) == expected


def test_cell_texts_stay_separate_words_when_tags_are_stripped(ds):
    # Sphinx's search index strips the tags of raw HTML: neighbouring cells must not glue.
    html = tables.cases_table(ds, "KZ").html()
    stripped = re.sub(r"<[^<]+?>", "", re.sub(r"<style.*?</style>", "", html, flags=re.S))
    assert re.search(r"Иван Иванов\s+профсоюзный лидер\s+осуждён", stripped)


def test_demands_print_as_paragraphs_so_their_text_reads_whole(ds):
    tex = tables.demands_table(ds, 2021, "KZ").latex()
    assert "longtable" not in tex
    assert r"\textbf{№ 1 (2021 г.)}\enspace Отменить <script>alert(1)</script> приговоры\par" in tex
    assert r"\textit{Статус:} не выполнено (оценка 2021 г.); \textit{Основание оценки:} приговоры в силе" in tex


def test_table_latex_is_a_longtable_with_wrapping_columns(ds):
    t = tables.demands_table(ds, 2021, "KZ")
    t.cards = False
    tex = t.latex()
    assert r"\begin{longtable}" in tex and r"\end{longtable}" in tex
    assert tex.count(r"\raggedright\arraybackslash\hspace{0pt}}p{") == len(t.columns)
    assert r"Снизить налог на 50\% \& \#1\_\allowbreak{}a" in tex
    assert "<script>" in tex  # plain characters in LaTeX: they print as themselves
    # The PDF gets it through myst-nb's Markdown renderer as a raw LaTeX block.
    assert t.markdown().startswith("```{raw} latex\n") and t.markdown().endswith("```\n")


def test_no_text_latex_in_the_bundle_so_myst_nb_does_not_make_it_math(ds):
    bundle = tables.demands_table(ds, 2021, "KZ")._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/markdown", "text/plain"}
    assert not hasattr(Table, "_repr_latex_")


def test_demands_table_shows_status_and_not_assessed(ds):
    t = tables.demands_table(ds, 2021, "KZ")
    rows = t.cells()
    assert rows[0][3] == "не выполнено (оценка 2021 г.)"
    assert rows[0][4] == "приговоры в силе"
    assert rows[1][3] == "не оценивалось"
    assert rows[1][4] == "—"
    assert t.source_line == "Источник: Итоговый документ (2021)"


def test_unknown_codes_show_as_they_are_not_crash(ds):
    # A measure the label list does not know yet is shown as its code, not dropped.
    t = tables.cases_table(ds, "KZ")
    assert t.cells()[0][3] == "уголовный приговор, invented_measure"
    assert t.cells()[0][4] == "нет данных"  # the year is unknown, and the table says so


def test_a_persons_name_does_not_break_across_lines(ds):
    # Read and found whole in the PDF; a group's description still wraps.
    t = tables.cases_table(ds, "KZ")
    assert t.cells()[0][0] == "Иван Иванов"
    assert r"\mbox{Иван Иванов}" in t.latex()
    assert '<span style="white-space:nowrap">Иван Иванов</span>' in t.html()


def test_organisations_table_says_when_honestly(ds):
    cells = tables.organisations_table(ds, "KZ").cells()
    assert cells[0][0] == "Конфедерация А (КА)"
    assert cells[0][2] == "ликвидирована"
    assert cells[0][3] == "не позднее 7 декабря 2021 г."


def test_empty_table_says_so(ds):
    t = tables.cases_table(ds, "KG")
    assert len(t) == 0
    assert "Публичные источники не называют имён." in t.html()
    assert "longtable" not in t.latex()


def test_links_are_escaped_in_html_and_urls_printed_in_latex(ds):
    t = tables.sources_table(ds, text_prefix="../_static/generated/")
    h = t.html()
    assert '<a href="https://example.org/a_b%20c">' in h
    assert '<a href="../_static/generated/sources/doc.ru.txt">текст: doc.ru.txt</a>' in h
    assert r"\url{https://example.org/a_b\%20c}" in t.latex()


def test_ratifications_matrix_table(ds):
    t = tables.ratifications_table(ds)
    assert [c.header for c in t.columns] == ["Конвенция", "Казахстан", "Кыргызстан"]
    assert t.cells() == [["№ 87* — О свободе объединения", "2000", "нет данных"]]
    one = tables.ratifications_table(ds, ["KZ"])
    assert [c.header for c in one.columns] == ["Конвенция", "Ратификация", "Примечание"]


def test_display_frame_has_russian_headers_for_downloads(ds):
    f = tables.cases_table(ds).display_frame()
    assert list(f.columns)[:2] == ["Страна", "Кто"]


def test_table_with_a_missing_column_names_it():
    with pytest.raises(KeyError, match="no_such"):
        Table(pd.DataFrame({"a": [1]}), [Column("no_such", "Нет")])


# --- charts ------------------------------------------------------------------------------

def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_chart_bundle_has_svg_png_and_alt_text(ds):
    chart = charts.demand_status_chart(ds, 2021)
    bundle = chart._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    width, height = _png_size(png)
    assert width > 1000 and height > 300  # 6.3 in at 200 dpi
    assert len(png) > 10_000               # something is drawn
    html = bundle["text/html"]
    assert html.startswith("<figure") and html.count("<svg") == 2  # wide and narrow layouts
    assert 'role="img"' in html and f'aria-label="{chart.alt_text}"' in html
    assert '<p class="lr-source">Источник: Итоговый документ (2021)</p>' in html
    assert "<?xml" not in html and "DOCTYPE" not in html
    assert bundle["text/plain"] == chart.alt_text


def test_charts_on_one_page_keep_their_ids_apart_and_bring_no_style(ds):
    # A page shows several charts, each in two widths: its HTML must stay valid (unique
    # ids) and every hatch and clip still point into its own SVG. Styles live in report.css.
    page = charts.demand_status_chart(ds, 2021).html() + charts.registration_chart(ds, 2021).html()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids))
    refs = re.findall(r'(?:url\(#|href="#)([^)"]+)', page)
    assert refs and set(refs) <= set(ids)
    assert "<style" not in page and "figure_1" not in page


def test_alt_text_is_computed_from_the_data(ds):
    alt = charts.demand_status_chart(ds, 2021).alt_text
    assert "Казахстан: 2 требования (не выполнено — 1, не оценивалось — 1)" in alt
    assert "Кыргызстан: 1 требование (не оценивалось — 1)" in alt


def test_svg_is_the_same_on_every_build(ds):
    assert charts.demand_status_chart(ds, 2021).svg() == charts.demand_status_chart(ds, 2021).svg()


def test_timeline_draws_unknown_dates_as_not_later_than_the_source(ds):
    chart = charts.timeline_chart(ds, "KZ")
    assert "ликвидация, не позднее 7 декабря 2021 г." in chart.alt_text
    assert "регистрация, 2013 г." in chart.alt_text
    assert "дата события неизвестна" in chart.note
    assert "не позднее 7 декабря 2021 г." in chart.svg()
    assert _png_size(chart.png())[0] > 1000


def test_chart_helpers_take_an_axes_and_return_it(ds):
    import matplotlib.pyplot as plt
    from book import views
    fig, ax = plt.subplots()
    assert charts.plot_demand_status(views.demand_counts(ds, 2021), ax=ax) is ax
    assert charts.plot_timeline(views.registration_events(ds), ax=ax) is ax
    plt.close(fig)


def test_registration_chart_for_one_country_lists_each_organisation(ds):
    chart = charts.registration_chart(ds, country="KZ")
    assert chart.alt_text.endswith("КА — ликвидирована.")
    assert re.search(r"зарегистрирована|ликвидирована", chart.svg())


def test_themes_chart(ds):
    chart = charts.themes_chart(ds, 2021)
    assert "Правосудие: 2 требования" in chart.alt_text


# --- a chapter as the build runs it ---------------------------------------------------------

FIXTURE_DATA = __import__("pathlib").Path(__file__).parent / "fixtures" / "data_min"


@pytest.fixture(scope="module")
def fixture_ds():
    from book.data import load
    return load(FIXTURE_DATA)


def test_a_country_chapter_sees_its_country_and_finds_assets_one_level_up(fixture_ds, monkeypatch):
    from book import report
    monkeypatch.setenv("BOOK_YEAR", "2023")
    ch = report.Chapter("kazakhstan", ds=fixture_ds)
    assert (ch.year, ch.country, ch.asset_prefix) == (2023, "KZ", "../")
    f = ch.key_figures()
    assert (f["n_demands"], f["n_not_implemented"], f["n_not_assessed"]) == (2, 1, 1)
    assert f["n_demands_words"] == "2 требования"
    assert f["edition_date"] == "30 ноября 2023 г."
    assert set(ch.demands_table().frame["country"]) == {"KZ"}
    link = ch.downloads()._repr_mimebundle_()
    assert 'href="../_static/generated/data/kazakhstan.zip"' in link["text/html"]
    assert "http" not in link["text/markdown"]  # the PDF gets a sentence, not a dead link


def test_the_index_page_sits_at_the_root(fixture_ds):
    from book import report
    ch = report.Chapter("index", ds=fixture_ds, year=2021)
    assert (ch.asset_prefix, ch.country, ch.previous_year) == ("", None, None)
    assert ch.edition_info()["meeting"] == "Пятая тестовая встреча"


def test_private_people_reach_no_page(fixture_ds):
    from book import report
    ch = report.Chapter("kazakhstan", ds=fixture_ds, year=2023)
    shown = ch.cases_table().html() + ch.organisations_table().html() + ch.timeline().alt_text
    assert "Тестовый Активист" in shown
    assert "СЕКРЕТНЫЙ" not in shown


def test_an_unknown_page_or_year_is_named(fixture_ds):
    from book import report
    with pytest.raises(KeyError, match="no-such-page"):
        report.Chapter("no-such-page", ds=fixture_ds)
    with pytest.raises(KeyError, match="2019"):
        report.Chapter("kazakhstan", ds=fixture_ds, year=2019)


def test_downloads_write_the_pages_tables_where_the_build_asks(fixture_ds, monkeypatch, tmp_path):
    from book import report
    monkeypatch.setenv("BOOK_DOWNLOADS", str(tmp_path))
    ch = report.Chapter("kazakhstan", ds=fixture_ds, year=2023)
    ch.demands_table()
    ch.cases_table()
    ch.downloads()
    written = sorted(p.name for p in (tmp_path / "kazakhstan").iterdir())
    assert written == ["cases-KZ.csv", "demands-KZ-2023.csv"]
    csv_text = (tmp_path / "kazakhstan" / "demands-KZ-2023.csv").read_text("utf-8")
    assert csv_text.splitlines()[0] == "№,Год,Требование,Статус,Основание оценки"


def test_downloads_write_nothing_without_the_build(fixture_ds, monkeypatch, tmp_path):
    from book import report
    monkeypatch.delenv("BOOK_DOWNLOADS", raising=False)
    monkeypatch.chdir(tmp_path)
    ch = report.Chapter("kazakhstan", ds=fixture_ds, year=2023)
    ch.demands_table()
    ch.downloads()
    assert list(tmp_path.iterdir()) == []


def test_a_chart_bundle_honours_include(ds):
    bundle = charts.demand_status_chart(ds, 2021)._repr_mimebundle_(include={"text/plain"})
    assert set(bundle) == {"text/plain"}


def test_changes_table_shows_the_change_with_the_documents_words():
    from tests.test_views import tiny_dataset
    t = tables.changes_table(tiny_dataset(), 2023)
    rows = {(r[0], r[1]): r for r in t.cells()}
    assert rows[("Казахстан", "Регистрация профсоюзов")][2:] == [
        "затруднена", "невозможна", "документ об изменении не говорит", "—"]
    assert rows[("Кыргызстан", "Безопасность активистов")][2:] == [
        "давление продолжается", "ухудшилась", "хуже", "«увеличение опасности»"]
    assert rows[("Казахстан", "Законодательство")][2:] == ["репрессивное", "—", "нет данных", "—"]


def test_a_label_with_one_very_long_word_is_wrapped_to_the_line_width():
    from book.style import wrap

    lines = wrap("Профсоюз " + "х" * 60, width=28).split("\n")
    assert max(len(line) for line in lines) <= 28
    assert "".join(lines).replace(" ", "") == "Профсоюз" + "х" * 60
