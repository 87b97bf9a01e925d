"""Labels for every code, and the data dictionary written from the schemas."""
import pytest

from book import DATA_DIR
from book.data import dictionary, labels
from book.data.schemas import SCHEMAS


@pytest.mark.parametrize("category, code, ru", [
    ("status", "not_implemented", "не выполнено"),
    ("status", "partly_implemented", "выполнено частично"),
    ("status", "implemented", "выполнено"),
    ("status", "not_assessed", "не оценивалось"),
    ("union_registration", "possible", "возможна"),
    ("union_registration", "obstructed", "затруднена"),
    ("union_registration", "impossible", "невозможна"),
    ("union_registration", "unknown", "нет данных"),
])
def test_labels_from_the_issue(category, code, ru):
    assert labels.label(category, code) == ru


def test_english_labels():
    assert labels.label("status", "partly_implemented", lang="en") == "partly implemented"


def test_every_category_a_schema_uses_has_russian_and_english_labels():
    used = {c.metadata["category"] for s in SCHEMAS.values() for c in s.columns.values() if c.metadata["category"]}
    used |= set(labels.INDICATOR_VALUES.values())
    assert used <= set(labels.CATEGORIES)
    for category in used:
        assert labels.category_name(category) and labels.category_name(category, "en")
        for code, (ru, en) in labels.CATEGORIES[category].items():
            assert ru.strip() and en.strip(), (category, code)


def test_unknown_code_is_an_error_not_a_silent_fallback():
    with pytest.raises(KeyError, match="not_a_status"):
        labels.label("status", "not_a_status")


def test_dictionary_has_every_column_of_every_table_with_both_descriptions():
    ru, en = dictionary.to_frame("ru"), dictionary.to_frame("en")
    expected = [(t, c) for t, s in SCHEMAS.items() for c in s.columns]
    assert list(zip(ru["table"], ru["column"])) == expected
    assert (ru["description"].str.len() > 0).all() and (en["description"].str.len() > 0).all()
    status = ru[(ru["table"] == "demand_assessments") & (ru["column"] == "status")].iloc[0]
    assert "not_implemented (не выполнено)" in status["allowed"]
    assert status["required"]
    source = ru[(ru["table"] == "cases") & (ru["column"] == "source_id")].iloc[0]
    assert source["allowed"] == "→ sources.id"


def test_markdown_has_an_intro_per_table_and_per_indicator_values():
    md = dictionary.to_markdown()
    for name, schema in SCHEMAS.items():
        assert f"## `{name}.csv`" in md
        assert schema.description in md
    assert "activists_safety: improved_slightly (немного улучшилась)" in md


def test_the_committed_data_readme_is_up_to_date():
    # Regenerate with: python -m book.data.dictionary data/README.md
    assert (DATA_DIR / "README.md").read_text(encoding="utf-8") == dictionary.to_markdown()
