"""Stories about checking the tables: a staff member edits a table and `validate` says what is wrong.

Every test starts from the small valid dataset in tests/fixtures/data_min/, copies it and
breaks one thing the way a person would.
"""
import shutil
from pathlib import Path

import pytest

from book.chapters import FIXED_SLUGS
from book.data import Problem, validate

MIN = Path(__file__).parent / "fixtures" / "data_min"


@pytest.fixture
def data(tmp_path) -> Path:
    """A scratch copy of the minimal valid dataset."""
    dst = tmp_path / "data"
    shutil.copytree(MIN, dst)
    return dst


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a table, as someone typing in the cell would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(problems: list[Problem], file: str) -> list[Problem]:
    return [p for p in problems if p.file == file]


def one(problems: list[Problem], file: str) -> Problem:
    found = only(problems, file)
    assert len(found) == 1, "\n".join(p.format() for p in problems)
    return found[0]


def test_minimal_dataset_is_valid():
    assert validate(MIN) == []


def test_wrong_type_is_reported_with_row_column_and_value(data):
    edit(data / "editions.csv", "2023,7,", "2023,seven,")
    p = one(validate(data), "editions.csv")
    assert (p.row, p.column, p.value) == (3, "number", "seven")
    assert "целое число" in p.message_ru and "whole number" in p.message_en


def test_empty_required_cell(data):
    edit(data / "themes.csv", "ilo_conventions,Конвенции МОТ,", "ilo_conventions,,")
    p = one(validate(data), "themes.csv")
    assert (p.row, p.column, p.value) == (4, "name_ru", None)
    assert "обязателен" in p.message_ru


def test_missing_and_misspelt_columns(data):
    edit(data / "themes.csv", "id,name_ru,name_en", "id,nmae_ru,name_en")
    problems = only(validate(data), "themes.csv")
    assert {(p.row, p.column) for p in problems} == {(1, "nmae_ru"), (1, "name_ru")}
    assert any("нет обязательного столбца" in p.message_ru for p in problems)
    assert any("лишний" in p.message_ru for p in problems)


def test_value_outside_the_allowed_codes_lists_them_with_labels(data):
    edit(data / "demand_assessments.csv", "not_implemented", "not_done")
    p = one(validate(data), "demand_assessments.csv")
    assert (p.row, p.column, p.value) == (2, "status", "not_done")
    assert "not_implemented (не выполнено)" in p.message_ru
    assert "partly_implemented (partly implemented)" in p.message_en


def test_situation_value_must_fit_its_indicator(data):
    # "restrictive" is a legislation value, not a union_registration one.
    edit(data / "country_situations.csv", "union_registration,obstructed", "union_registration,restrictive")
    p = one(validate(data), "country_situations.csv")
    assert (p.row, p.column, p.value) == (2, "value", "restrictive")
    assert "possible, obstructed, impossible, unknown" in p.message_ru


def test_duplicate_id_points_at_the_first_occurrence(data):
    edit(data / "themes.csv", "ilo_conventions,", "union_registration,")
    p = one(validate(data), "themes.csv")
    assert (p.row, p.column, p.value) == (4, "id", "union_registration")
    assert "впервые в строке 3" in p.message_ru


def test_duplicate_composite_key(data):
    edit(data / "country_situations.csv", "KZ,2021,activists_safety", "KZ,2021,union_registration")
    problems = only(validate(data), "country_situations.csv")
    dup = [p for p in problems if p.column == "country+edition_year+indicator"]
    assert len(dup) == 1
    assert dup[0].row == 3 and dup[0].value == "KZ / 2021 / union_registration"
    assert "строке 2" in dup[0].message_ru


def test_empty_key_cell_is_reported_not_ignored(data):
    # frictionless-py once let nulls through primary keys (issue #1623): test our own.
    edit(data / "ilo_ratifications.csv", "KZ,C97,", ",C97,")
    p = one(validate(data), "ilo_ratifications.csv")
    assert (p.row, p.column) == (3, "country")


def test_dangling_reference(data):
    edit(data / "organisations.csv", "energy,kz-test-conf,test-outcome", "energy,kz-test-conf,test-outcme")
    p = one(validate(data), "organisations.csv")
    assert (p.row, p.column, p.value) == (3, "source_id", "test-outcme")
    assert "sources.csv" in p.message_ru


def test_dangling_list_member_names_the_missing_one(data):
    edit(data / "demands.csv", "union_registration;release_rehabilitation", "union_registration;no_such_theme")
    p = one(validate(data), "demands.csv")
    assert (p.row, p.column) == (3, "themes")
    assert p.message_ru.endswith("no_such_theme.")


def test_unknown_code_in_a_list_column(data):
    edit(data / "cases.csv", "criminal_conviction;union_activity_ban", "criminal_conviction;beaten")
    p = one(validate(data), "cases.csv")
    assert (p.row, p.column) == (2, "measures")
    assert "неизвестные коды: beaten" in p.message_ru


@pytest.mark.parametrize("table, old, new, column", [
    ("editions.csv", "2021-12-07", "2021-02-31", "date"),            # full date
    ("sources.csv", "2021-12-07", "2021-02-31", "date"),             # partial date column
    ("editions.csv", "2021-12-07", "31.02.2021", "date"),            # as Excel writes it
])
def test_31_february_is_rejected(data, table, old, new, column):
    edit(data / table, old, new)
    p = one(validate(data), table)
    assert (p.row, p.column, p.value) == (2, column, new)  # the value as the file holds it
    assert "нет в календаре" in p.message_ru


@pytest.mark.parametrize("value", ["2021", "2021-12", "2021-12-07", "unknown", "12.2021", "7.12.2021"])
def test_partial_dates_accepted(data, value):
    edit(data / "registration_events.csv", ",2021,liquidated", f",{value},liquidated")
    assert validate(data) == []


@pytest.mark.parametrize("value", ["2021-13", "21.12.07", "December 2021", "2021/12/07", "неизвестно"])
def test_bad_partial_dates_rejected(data, value):
    edit(data / "registration_events.csv", ",2021,liquidated", f",{value},liquidated")
    p = one(validate(data), "registration_events.csv")
    assert (p.row, p.column, p.value) == (2, "date", value)


def test_fact_row_without_a_source(data):
    edit(data / "country_situations.csv", "продолжается давление на активистов,test-outcome",
         "продолжается давление на активистов,")
    p = one(validate(data), "country_situations.csv")
    assert (p.row, p.column, p.value) == (3, "source_id", None)


def test_fact_row_citing_a_missing_source(data):
    edit(data / "places.csv", "607610,test-outcome,test-geo", "607610,test-outcome,nowhere")
    p = one(validate(data), "places.csv")
    assert (p.row, p.column, p.value) == (3, "source_id", "nowhere")


def test_url_required_unless_kind_other(data):
    edit(data / "sources.csv", "https://example.org/normlex", "")
    p = one(validate(data), "sources.csv")
    assert (p.row, p.column) == (4, "url")


def test_local_file_must_exist(data):
    (data / "sources" / "test-outcome.ru.txt").unlink()
    p = one(validate(data), "sources.csv")
    assert (p.row, p.column, p.value) == (2, "local_file", "sources/test-outcome.ru.txt")


def test_row_numbers_count_rows_as_a_spreadsheet_shows_them(data):
    # A text with a line break inside quotes is one spreadsheet row; an empty line is a row.
    path = data / "demands.csv"
    edit(path, '"Немедленно отменить все приговоры, вынесенные тестовым активистам."',
         '"Немедленно отменить все приговоры,\nвынесенные тестовым активистам."')
    edit(path, "2021-kg-1,2021,demand,gov_KG", "\n2021-kg-1,2021,demand,gov_XX")
    p = one(validate(data), "demands.csv")
    assert (p.row, p.column, p.value) == (5, "addressee_id", "gov_XX")


def test_every_problem_is_reported_not_just_the_first(data):
    edit(data / "cases.csv", ",2022,false,2021-kz-1", ",20x2,maybe,2021-kz-9")
    edit(data / "themes.csv", "ilo_conventions,Конвенции МОТ,", "ilo_conventions,,")
    edit(data / "editions.csv", "2021-12-07", "2021-02-31")
    problems = validate(data)
    found = {(p.file, p.row, p.column) for p in problems}
    assert {("cases.csv", 2, "year"), ("cases.csv", 2, "posthumous"), ("cases.csv", 2, "demand_ids"),
            ("themes.csv", 4, "name_ru"), ("editions.csv", 2, "date")} <= found


def test_one_problem_per_cell(data):
    # A malformed year also fails its reference to editions: say it once.
    edit(data / "demands.csv", "2023-res-1,2023,", "2023-res-1,20023,")
    p = one(validate(data), "demands.csv")
    assert (p.row, p.column) == (5, "edition_year")


def test_assessment_before_the_demand_was_adopted(data):
    edit(data / "demand_assessments.csv", "2021-kz-1,2023", "2023-res-1,2021")
    p = one(validate(data), "demand_assessments.csv")
    assert (p.row, p.column) == (2, "year")


def test_an_unexpected_error_names_the_file_instead_of_a_traceback(data, monkeypatch):
    from book.data import schemas

    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(schemas.SCHEMAS["themes"], "validate", broken)
    p = one(validate(data), "themes.csv")
    assert "внутренняя ошибка" in p.message_ru and "boom" in p.message_ru
    assert p.format().startswith("themes.csv:")


# --- countries.chapter: a monitored country's chapter is a new page made from the data --------


def add_country(data: Path, line: str) -> None:
    """A row typed at the end of countries.csv, as staff add a country."""
    path = data / "countries.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def test_a_new_monitored_country_with_its_own_chapter_is_valid(data):
    add_country(data, "MN,MNG,Монголия,Монголии,Mongolia,monitored,mongolia,3")
    assert validate(data) == []


@pytest.mark.parametrize("chapter", ["Mongolia", "mongolia_2023", "mongolia.html", "-mongolia"])
def test_a_chapter_name_that_is_not_a_lower_case_slug(data, chapter):
    add_country(data, f"MN,MNG,Монголия,Монголии,Mongolia,monitored,{chapter},3")
    p = one(validate(data), "countries.csv")
    assert (p.row, p.column, p.value) == (6, "chapter", chapter)
    assert "строчные латинские буквы" in p.message_ru and "lower-case Latin letters" in p.message_en


def test_two_countries_with_the_same_chapter(data):
    add_country(data, "MN,MNG,Монголия,Монголии,Mongolia,monitored,kazakhstan,3")
    p = one(validate(data), "countries.csv")
    assert (p.row, p.column, p.value) == (6, "chapter", "kazakhstan")
    assert "уже названа у другой страны" in p.message_ru and "already given to another country" in p.message_en


@pytest.mark.parametrize("fixed", sorted(FIXED_SLUGS))
def test_a_monitored_country_cannot_take_a_fixed_pages_name(data, fixed):
    add_country(data, f"MN,MNG,Монголия,Монголии,Mongolia,monitored,{fixed},3")
    problems = only(validate(data), "countries.csv")
    p = next(p for p in problems if p.row == 6)
    assert (p.column, p.value) == ("chapter", fixed)
    assert "постоянной страницы" in p.message_ru and "fixed page" in p.message_en


def test_a_migrant_destination_names_only_the_fixed_page_about_it(data):
    edit(data / "countries.csv", "migrant_destination,migrants,", "migrant_destination,russia,")
    p = one(validate(data), "countries.csv")
    assert (p.row, p.column, p.value) == (4, "chapter", "russia")
    assert "только у страны мониторинга" in p.message_ru and "only a monitored country" in p.message_en
