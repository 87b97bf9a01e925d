"""Every quotation attributed to a Mission document is verbatim in that document.

A quotation is the text of a whole quote column (country_situations.quote_ru, demands.text_ru …),
or the words inside «» in a description or in the findings. Case, quote marks, line
breaks and hyphenation at line ends are ignored; an ellipsis (…) marks an omission, so the
parts on either side must each be verbatim. The English columns and findings quote the
project's unofficial translation (data/sources/*.en.txt) and are held to it the same way.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from book import DATA_DIR
from book.data import load

# Columns whose whole text is a quotation from the row's source, and the language it quotes.
WHOLE_QUOTES = {
    "country_situations": [("quote_ru", "ru"), ("change_quote_ru", "ru"), ("quote_en", "en"),
                           ("change_quote_en", "en")],
    "demands": [("text_ru", "ru"), ("text_en", "en")],
    "demand_assessments": [("evidence_ru", "ru"), ("evidence_en", "en")],
}
# Columns where only the words in quotation marks are quoted.
MARKED_QUOTES = {
    "registration_events": [("description_ru", "ru"), ("description_en", "en")],
    "cases": [("what_happened_ru", "ru"), ("what_happened_en", "en")],
}
QUOTE_MARKS = {"ru": ("«", "»"), "en": ("“", "”")}


def normalise(text: str) -> str:
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text)     # a hyphenated word split across lines
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[«»“”„\"'‘’‚]", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .,;:—–-")


def pieces(quotation: str) -> list[str]:
    """The parts of a quotation between omissions, each to be found verbatim."""
    parts = re.split(r"…|\.\.\.|\[\.\.\.\]", quotation)
    return [normalise(p) for p in parts if len(normalise(p)) >= 3]


def marked(text: str, lang: str) -> list[str]:
    """The outermost quotations in `text` (nested marks belong to the outer quotation)."""
    opening, closing = QUOTE_MARKS[lang]
    found, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == opening:
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == closing and depth:
            depth -= 1
            if depth == 0:
                found.append(text[start:i])
    return found


@pytest.fixture(scope="module")
def documents():
    """{(source id, lang): normalised text} of the Mission's documents and their translations."""
    ds = load(DATA_DIR)
    out = {}
    for row in ds.sources.to_dict("records"):
        if row["kind"] != "mission_document" or not isinstance(row["local_file"], str):
            continue
        ru = DATA_DIR / row["local_file"]
        out[(row["id"], "ru")] = normalise(ru.read_text("utf-8"))
        en = ru.with_name(ru.name.replace(".ru.txt", ".en.txt"))
        if en.exists():
            out[(row["id"], "en")] = normalise(en.read_text("utf-8"))
    return out


def _quotations_in_data():
    ds = load(DATA_DIR)
    for table, columns in {**WHOLE_QUOTES, **MARKED_QUOTES}.items():
        frame = getattr(ds, table)
        for i, row in enumerate(frame.to_dict("records")):
            for column, lang in columns:
                text = row.get(column)
                if not isinstance(text, str) or not text.strip():
                    continue
                quotes = [text] if table in WHOLE_QUOTES else marked(text, lang)
                for q in quotes:
                    yield f"{table}.csv row {i + 2} {column}", row["source_id"], lang, q


def _quotations_in_findings():
    for path in sorted((DATA_DIR / "findings").glob("*/*.md")):
        lang = "en" if path.name.endswith(".en.md") else "ru"
        for n, paragraph in enumerate(path.read_text("utf-8").split("\n\n")):
            cited = re.findall(r"\{cite\}`([^`]+)`", paragraph)
            for q in marked(paragraph, lang):
                yield f"{path.relative_to(DATA_DIR)} paragraph {n + 1}", cited, lang, q


def test_every_quotation_in_the_data_is_verbatim_in_its_document(documents):
    wrong = []
    checked = 0
    for where, source, lang, quotation in _quotations_in_data():
        text = documents.get((source, lang))
        if text is None:
            continue  # not a Mission document (ILO, ITUC pages are quoted in their own language)
        checked += 1
        missing = [p for p in pieces(quotation) if p not in text]
        if missing:
            wrong.append(f"{where}: not in {source} ({lang}): {missing[0][:90]!r}")
    assert checked > 40, "the check found almost no quotations: is it reading the data?"
    assert not wrong, "\n".join(wrong)


def test_every_quotation_in_the_findings_is_verbatim_in_a_document_it_cites(documents):
    wrong = []
    checked = 0
    for where, cited, lang, quotation in _quotations_in_findings():
        texts = [documents[(c, lang)] for c in cited if (c, lang) in documents]
        if not texts:
            continue
        checked += 1
        missing = [p for p in pieces(quotation) if not any(p in t for t in texts)]
        if missing:
            wrong.append(f"{where}: not in {', '.join(cited)} ({lang}): {missing[0][:90]!r}")
    assert checked > 80
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_a_quotation_put_into_another_case(documents):
    text = documents[("imm-2021-outcome", "ru")]
    assert all(p in text for p in pieces("за применение огнестрельного оружия против участников мирной забастовки"))
    assert not all(p in text for p in pieces("применении огнестрельного оружия против участников мирной забастовки"))
    # An ellipsis joins two verbatim parts; the words around it are not checked together.
    assert all(p in text for p in pieces("прекращение открытых репрессий … продолжается давление на активистов"))
