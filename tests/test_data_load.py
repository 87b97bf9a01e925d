"""Stories about what chapters get from `load()`: typed, public, filtered per country."""
import json
from pathlib import Path

import pandas as pd
import pytest

from book import DATA_DIR
from book.data import DataError, Dataset, load
from book.data.schemas import TABLES
from tests.test_data_validate import MIN, data, edit  # noqa: F401  (data is a fixture)

PLANTED = "СЕКРЕТНЫЙ"  # the fixture's private case, its only source and organisation carry it


def everything_as_text(ds: Dataset) -> str:
    return "\n".join(json.dumps(frame.astype(str).values.tolist(), ensure_ascii=False)
                     for frame in ds.tables.values())


def test_private_cases_and_what_only_they_cite_never_leave_the_loader():
    raw = "".join(p.read_text(encoding="utf-8") for p in MIN.glob("*.csv"))
    assert PLANTED in raw  # the fixture really holds it
    ds = load(MIN)
    assert PLANTED not in everything_as_text(ds)
    assert "kz-secret" not in set(ds.cases["id"])
    assert "test-secret-source" not in set(ds.sources["id"])
    assert "kz-secret-group" not in set(ds.organisations["id"])
    assert ds.cases["public"].all()


def test_a_source_cited_by_public_rows_too_is_kept(data):
    edit(data / "cases.csv", "detention,2022,false,,test-secret-source,false", "detention,2022,false,,test-outcome,false")
    ds = load(data)
    assert "test-outcome" in set(ds.sources["id"])


def test_typed_frames_follow_the_contract():
    ds = load(MIN)
    assert set(ds.tables) == set(TABLES)
    assert ds.editions["year"].dtype == "int64"
    assert ds.cases["year"].dtype == "Int64"            # optional int
    assert ds.cases["posthumous"].dtype == bool
    assert ds.conventions["fundamental"].dtype == bool
    assert ds.places["lat"].dtype == "float64"
    assert ds.demands.set_index("id").loc["2021-kz-2", "themes"] == ["union_registration", "release_rehabilitation"]
    assert ds.cases.loc[1, "demand_ids"] == []            # empty list, not NaN
    assert ds.sources.set_index("id").loc["test-resolution", "date"] == "2023-11"  # partial dates stay text
    assert ds.registration_events.loc[1, "date"] == "unknown"
    assert pd.isna(ds.cases.loc[1, "year"])
    assert ds.data_dir == MIN
    assert ds.geometry_path == MIN / "geo" / "countries.geojson"
    assert ds.sources is ds.tables["sources"]


def test_pairs_without_an_assessment_are_not_assessed_and_marked_as_filled():
    a = load(MIN).demand_assessments
    recorded = a[a["recorded"]]
    assert list(zip(recorded["demand_id"], recorded["year"], recorded["status"])) == [("2021-kz-1", 2023, "not_implemented")]
    filled = a[~a["recorded"]]
    assert set(filled["status"]) == {"not_assessed"}
    assert filled["source_id"].isna().all()
    # every demand, every edition from its adoption on: 3 demands x 2 editions + 1 x 1, one recorded
    assert len(a) == 7
    assert ("2023-res-1", 2021) not in set(zip(a["demand_id"], a["year"]))


def test_for_country_keeps_rows_about_that_country_and_reference_tables_whole():
    ds = load(MIN)
    kz = ds.for_country("KZ")
    assert set(kz.cases["country"]) == {"KZ"}
    assert set(kz.demands["id"]) == {"2021-kz-1", "2021-kz-2"}   # addressee gov_KZ
    assert set(kz.demand_assessments["demand_id"]) <= {"2021-kz-1", "2021-kz-2"}
    assert set(kz.registration_events["organisation_id"]) <= set(kz.organisations["id"])
    assert list(kz.places["id"]) == ["kz-zhanaozen"]
    for name in ("sources", "editions", "countries", "addressees", "themes", "conventions"):
        assert kz.tables[name].equals(ds.tables[name])
    kg = ds.for_country("KG")
    assert list(kg.ilo_ratifications["country"].unique()) == ["KG"] and kg.cases.empty


def test_fingerprint_is_stable_and_changes_with_the_data(data):
    a, b = load(data).fingerprint(), load(data).fingerprint()
    assert a == b and len(a) == 64
    edit(data / "themes.csv", "Конвенции МОТ", "Конвенции Международной организации труда")
    assert load(data).fingerprint() != a


def test_fingerprint_ignores_private_rows_and_sees_the_geometry(data):
    before = load(data).fingerprint()
    edit(data / "cases.csv", "Задержан; сведения не для публикации.", "Другое описание частного случая.")
    assert load(data).fingerprint() == before
    (data / "geo" / "countries.geojson").write_text('{"type": "FeatureCollection", "features": [1]}')
    assert load(data).fingerprint() != before


def test_country_fingerprint_differs_from_the_whole():
    ds = load(MIN)
    assert ds.for_country("KZ").fingerprint() != ds.fingerprint()


def test_latest_year():
    assert load(MIN).latest_year() == 2023


def test_invalid_data_raises_with_every_problem(data):
    edit(data / "editions.csv", "2021-12-07", "2021-02-31")
    edit(data / "themes.csv", "ilo_conventions,Конвенции МОТ,", "ilo_conventions,,")
    with pytest.raises(DataError) as err:
        load(data)
    assert len(err.value.problems) == 2
    lines = err.value.format("en").splitlines()
    assert lines[0].startswith("editions.csv, row 2, column date: value «2021-02-31»")
    assert lines[1].startswith("themes.csv, row 4, column name_ru:")


def test_data_dir_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOOK_DATA", str(MIN))
    assert load().data_dir == MIN


def test_missing_data_dir_raises_a_data_error(tmp_path):
    with pytest.raises(DataError) as err:
        load(tmp_path / "nowhere")
    assert "не найдена" in err.value.format()


@pytest.mark.skipif(not (DATA_DIR / "sources.csv").exists(), reason="no data/ yet")
def test_the_committed_data_is_valid_and_loads():
    ds = load(DATA_DIR)
    assert not ds.cases.empty and ds.cases["public"].all()
