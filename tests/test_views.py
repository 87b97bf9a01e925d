"""What the pages show, on a tiny visible dataset: statuses, counts, changes, registration, ratifications."""
import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from book import views


def tiny_dataset():
    """Two editions, three governments, a handful of demands, organisations and situations."""
    df = pd.DataFrame
    return SimpleNamespace(
        sources=df({
            "id": ["doc-2021", "doc-2023"],
            "date": ["2021-12-07", "2023-11-30"],
            "publisher": ["Миссия", "Миссия"],
            "citation_ru": ["Итоговый документ (2021)", "Резолюция (2023)"],
        }),
        editions=df({"year": [2021, 2023], "number": [5, 7],
                     "kind": ["coordination_meeting", "conference"],
                     "date": ["2021-12-07", "2023-11-30"], "city_ru": ["Бишкек", "Бишкек"],
                     "title_ru": ["Пятая встреча", "Седьмая конференция"],
                     "source_id": ["doc-2021", "doc-2023"]}),
        countries=df({"iso2": ["KZ", "KG", "UZ", "RU"],
                      "name_ru": ["Казахстан", "Кыргызстан", "Узбекистан", "Россия"],
                      "name_ru_genitive": ["Казахстана", "Кыргызстана", "Узбекистана", "России"],
                      "role": ["monitored", "monitored", "monitored", "migrant_destination"],
                      "order": [1, 2, 5, 6]}),
        addressees=df({"id": ["gov_KZ", "gov_KG", "gov_all", "mission"],
                       "kind": ["government", "government", "government", "mission"],
                       "country": ["KZ", "KG", None, None],
                       "name_ru": ["Правительство Казахстана", "Правительство Кыргызстана",
                                   "Правительства всех республик", "Миссия"]}),
        themes=df({"id": ["justice", "legislation"], "name_ru": ["правосудие", "законодательство"]}),
        demands=df({
            "id": ["2021-kz-1", "2021-kz-2", "2021-kg-1", "2021-call-1", "2023-res-1"],
            "edition_year": [2021, 2021, 2021, 2021, 2023],
            "section": ["demand", "demand", "demand", "call", "position"],
            "addressee_id": ["gov_KZ", "gov_KZ", "gov_KG", "gov_all", "mission"],
            "number": ["1", "2", "1", "1)", None],
            "text_ru": ["Отменить приговоры", "Отменить ликвидацию", "Преодолеть раскол",
                        "Ратифицировать C97", "Помогать активистам"],
            "themes": [["justice"], ["legislation", "justice"], ["legislation"], [], ["justice"]],
            "source_id": ["doc-2021"] * 4 + ["doc-2023"],
        }),
        demand_assessments=df({
            "demand_id": ["2021-kz-1", "2021-kg-1", "2021-kg-1", "2021-kz-2"],
            "year": [2021, 2021, 2023, 2023],
            "status": ["not_implemented", "not_implemented", "partly_implemented", "not_assessed"],
            "assessed_by": ["mission", "mission", "mission", None],
            "evidence_ru": ["приговоры в силе", "раскол продолжается", "переговоры начались", None],
            "source_id": ["doc-2021", "doc-2021", "doc-2023", "doc-2023"],
        }),
        organisations=df({
            "id": ["kz-a", "kz-b", "kz-c", "kg-a"],
            "country": ["KZ", "KZ", "KZ", "KG"],
            "name_ru": ["Конфедерация А", "Профсоюз Б", "Профсоюз В", "Федерация Г"],
            "short_name_ru": ["КА", None, None, None],
            "kind": ["independent"] * 4, "level": ["confederation", "union", "union", "federation"],
            "source_id": ["doc-2021"] * 4,
        }),
        registration_events=df({
            "id": ["e1", "e2", "e3", "e4", "e5"],
            "organisation_id": ["kz-a", "kz-a", "kz-b", "kg-a", "kg-a"],
            "date": ["2013", "unknown", "2017-01", "2010-05-04", "2021"],
            "event": ["registered", "liquidated", "suspended", "registered", "split"],
            "description_ru": ["зарегистрирована", "ликвидирована", "приостановлена", "создана", "раскол"],
            "source_id": ["doc-2021"] * 5,
        }),
        country_situations=df({
            "country": ["KZ", "KZ", "KG", "KG", "UZ", "UZ", "KZ"],
            "edition_year": [2021, 2023, 2021, 2023, 2021, 2023, 2021],
            "indicator": ["union_registration", "union_registration", "activists_safety",
                          "activists_safety", "forced_labour", "forced_labour", "legislation"],
            "value": ["obstructed", "impossible", "pressure_continues", "worsened",
                      "reduced", "cases_reported", "repressive"],
            "quote_ru": ["q1", "q2", "q3", "q4", "q5", "q6", "q7"],
            # What the 2023 document says about change: worse in KG (its words), nothing in KZ and UZ.
            "change": [None, None, None, "worse", None, "not_comparable", None],
            "change_quote_ru": [None, None, None, "увеличение опасности", None, None, None],
            "source_id": ["doc-2021", "doc-2023"] * 3 + ["doc-2021"],
        }),
        cases=df({
            "id": ["c1", "c2", "c3"], "kind": ["person"] * 3,
            "name_ru": ["Иван Иванов", "Анна Петрова", "Скрытый Человек"],
            "country": ["KZ", "KG", "KZ"], "year": pd.array([2019, 2020, None], dtype="Int64"),
            "measures": [["arrest"], ["detention"], []], "public": [True, True, False],
            "source_id": ["doc-2021"] * 3,
        }),
        conventions=df({"id": ["C29", "C87", "C97"], "number": [29, 87, 97],
                        "name_ru": ["О принудительном труде", "О свободе объединения", "О трудящихся-мигрантах"],
                        "fundamental": [True, True, False]}),
        ilo_ratifications=df({
            "country": ["KZ", "KZ", "KG"], "convention": ["C87", "C97", "C87"],
            "status": ["ratified", "not_ratified", "ratified"],
            "year": pd.array([2000, None, None], dtype="Int64"),
            "note_ru": [None, None, None], "source_id": ["ilo"] * 3,
        }),
    )


@pytest.fixture
def ds():
    return tiny_dataset()


def test_status_is_the_latest_judgement_up_to_the_edition(ds):
    s = views.demand_status(ds, 2023).set_index("demand_id")
    assert s.at["2021-kg-1", "status"] == "partly_implemented"
    assert s.at["2021-kg-1", "assessed_year"] == 2023
    # Judged in 2021, not again in 2023: the 2021 judgement stands, and says so.
    assert s.at["2021-kz-1", "status"] == "not_implemented"
    assert s.at["2021-kz-1", "assessed_year"] == 2021


def test_the_2021_edition_does_not_see_2023_judgements_or_demands(ds):
    s = views.demand_status(ds, 2021).set_index("demand_id")
    assert s.at["2021-kg-1", "status"] == "not_implemented"
    assert "2023-res-1" not in s.index


def test_a_demand_nobody_judged_is_not_assessed_never_guessed(ds):
    s = views.demand_status(ds, 2023).set_index("demand_id")
    # kz-2 has only a loader-filled "not_assessed" row; call-1 has no row at all.
    for demand in ["2021-kz-2", "2021-call-1"]:
        assert s.at[demand, "status"] == "not_assessed"
        assert pd.isna(s.at[demand, "assessed_year"])
        assert pd.isna(s.at[demand, "evidence_ru"])


def test_counts_by_government_keep_every_status_column(ds):
    c = views.demand_counts(ds, 2023)
    assert list(c["addressee_id"]) == ["gov_KZ", "gov_KG", "gov_all"]  # country order, "all" last
    kz = c.set_index("addressee_id").loc["gov_KZ"]
    assert (kz["not_implemented"], kz["partly_implemented"], kz["implemented"], kz["not_assessed"]) == (1, 0, 0, 1)
    assert c.set_index("addressee_id").at["gov_all", "label"] == "Правительства всех республик"
    assert c.set_index("addressee_id").at["gov_KG", "label"] == "Кыргызстан"


def test_one_countrys_demands(ds):
    d = views.government_demands(ds, 2023, "KZ")
    assert list(d["demand_id"]) == ["2021-kz-1", "2021-kz-2"]


def test_a_demand_counts_under_each_of_its_themes(ds):
    t = views.demands_by_theme(ds, 2023).set_index("theme")
    assert t.at["justice", "total"] == 3
    assert t.at["legislation", "total"] == 2
    assert t.at["legislation", "partly_implemented"] == 1


def test_registration_status_is_the_latest_event_and_splits_do_not_count(ds):
    s = views.registration_status(ds).set_index("organisation_id")
    # An undated liquidation reported in a 2021 document comes after a 2013 registration.
    assert s.at["kz-a", "status"] == "liquidated"
    assert s.at["kz-a", "not_later_than"] == dt.date(2021, 12, 7)
    assert s.at["kz-b", "status"] == "suspended"
    assert s.at["kg-a", "status"] == "registered"  # the 2021 split is no registration event
    assert s.at["kz-c", "status"] == "unknown"     # no events at all


def test_registration_status_as_of_an_earlier_year(ds):
    s = views.registration_status(ds, year=2015).set_index("organisation_id")
    assert s.at["kz-a", "status"] == "registered"
    assert s.at["kz-b", "status"] == "unknown"


def test_registration_counts_by_country(ds):
    c = views.registration_counts(ds).set_index("country")
    assert c.at["KZ", "liquidated"] == 1 and c.at["KZ", "suspended"] == 1 and c.at["KZ", "unknown"] == 1
    assert c.at["KG", "registered"] == 1


def test_partial_dates_have_bounds_and_precision():
    assert views.date_bounds("2021") == (dt.date(2021, 1, 1), dt.date(2021, 12, 31), "year")
    assert views.date_bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month")
    assert views.date_bounds("2021-12-07")[2] == "day"
    assert views.date_bounds("unknown") == (None, None, "unknown")
    assert views.date_bounds(None) == (None, None, "unknown")


def test_events_in_time_order_with_unknown_dates_placed_at_their_source(ds):
    e = views.registration_events(ds)
    assert list(e["id"]) == ["e4", "e1", "e3", "e5", "e2"]
    assert e.set_index("id").at["e2", "precision"] == "unknown"


def test_situation_takes_the_latest_edition_and_says_which(ds):
    s = views.situation(ds, 2023).set_index(["country", "indicator"])
    assert s.at[("KZ", "union_registration"), "value"] == "impossible"
    # legislation was judged only in 2021: shown, with its year.
    assert s.at[("KZ", "legislation"), "edition_year"] == 2021


@pytest.mark.parametrize("recorded,previous,current,expected", [
    # What the document says is the change, whatever the labels.
    ("worse", "obstructed", "obstructed", "worse"),
    ("same", "restrictive", "repressive", "same"),  # «остающиеся репрессивные механизмы»
    ("better", None, "improved_slightly", "better"),
    ("not_comparable", "reduced", "cases_reported", "not_comparable"),
    # Nothing said: never computed from the order of the labels.
    (None, "obstructed", "impossible", "not_stated"),
    (None, "obstructed", "obstructed", "not_stated"),
    (None, "obstructed", "unknown", "no_data"),
    (None, None, "possible", "no_data"),
    ("", "obstructed", "possible", "not_stated"),
])
def test_change_is_what_the_document_says(recorded, previous, current, expected):
    assert views.change(recorded, previous, current) == expected


def test_changes_between_the_edition_and_the_previous_one(ds):
    c = views.changes(ds, 2023).set_index(["country", "indicator"])
    # Both editions judge registration in KZ, the 2023 document says nothing of change.
    assert c.at[("KZ", "union_registration"), "change_label"] == "документ об изменении не говорит"
    assert c.at[("KZ", "union_registration"), "previous_year"] == 2021
    assert c.at[("KG", "activists_safety"), "change_label"] == "хуже"
    assert c.at[("KG", "activists_safety"), "change_quote_ru"] == "увеличение опасности"
    assert c.at[("UZ", "forced_labour"), "change_label"] == "несопоставимо"
    # Judged in 2021 but not in 2023: no data for a comparison.
    assert c.at[("KZ", "legislation"), "change_label"] == "нет данных"
    # Countries in display order.
    assert list(dict.fromkeys(c.index.get_level_values(0))) == ["KZ", "KG", "UZ"]


def test_the_first_edition_has_nothing_to_compare(ds):
    c = views.changes(ds, 2021).set_index(["country", "indicator"])
    assert c.at[("KZ", "union_registration"), "change"] == "no_data"
    assert c.at[("KG", "activists_safety"), "change"] == "no_data"
    assert c["previous_year"].isna().all()


def test_private_cases_never_show(ds):
    c = views.cases(ds, "KZ")
    assert list(c["name_ru"]) == ["Иван Иванов"]


def test_ratification_matrix_marks_missing_pairs_as_unknown(ds):
    m = views.ratification_matrix(ds)
    assert list(m.index) == ["C29", "C87", "C97"]  # fundamental first
    assert list(m.columns) == ["Казахстан", "Кыргызстан", "Узбекистан"]
    assert m.at["C87", "Казахстан"] == "2000"
    assert m.at["C87", "Кыргызстан"] == "ратифицирована"  # year not known
    assert m.at["C97", "Казахстан"] == "не ратифицирована"
    assert m.at["C29", "Узбекистан"] == "нет данных"


def test_previous_edition(ds):
    assert views.previous_edition(ds, 2023) == 2021
    assert views.previous_edition(ds, 2021) is None


def test_source_line_from_citations(ds):
    assert views.source_line(ds, ["doc-2023", "doc-2021", "doc-2021"]) == \
        "Источники: Итоговый документ (2021); Резолюция (2023)"
    assert views.source_line(ds, ["doc-2021"]) == "Источник: Итоговый документ (2021)"


def test_a_source_line_names_many_pages_of_one_publisher_once_with_their_count():
    sources = pd.DataFrame({
        "id": ["doc", "n1", "n2", "n3", "n4"],
        "date": ["2021-12-07", "2020", "2021", "2022", "2023"],
        "publisher": ["Миссия", "ILO (NORMLEX)", "ILO (NORMLEX)", "ILO (NORMLEX)", "ILO (NORMLEX)"],
        "citation_ru": ["«Итоговый документ»", "«МОТ, NORMLEX: C87 – Казахстан»", "«МОТ, NORMLEX: C98 – Казахстан»",
                        "«МОТ, NORMLEX: C29 – Узбекистан»", "«МОТ, NORMLEX: C97 – Казахстан»"],
    })
    ds = SimpleNamespace(sources=sources)
    line = views.source_line(ds, ["n1", "n2", "n3", "n4", "doc"])
    assert line == ("Источники: «МОТ, NORMLEX»: 4 документа (перечислены в главе «Источники»); "
                    "«Итоговый документ»")
    # below the threshold each source is named
    assert views.source_line(ds, ["n1", "n2"]) == "Источники: «МОТ, NORMLEX: C87 – Казахстан»; «МОТ, NORMLEX: C98 – Казахстан»"
