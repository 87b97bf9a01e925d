"""The data dictionary, written from the schemas: what each table and column holds.

Regenerate data/README.md with:  python -m book.data.dictionary data/README.md
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from book.data import labels
from book.data.schemas import KIND_TYPES_RU, SCHEMAS

KIND_TYPES_EN = {
    "id": "id", "text": "text", "int": "integer", "year": "year (integer)", "float": "number",
    "bool": "true/false", "date": "date YYYY-MM-DD", "partial_date": "date YYYY, YYYY-MM, YYYY-MM-DD or unknown",
    "url": "http(s) link", "path": "file path", "iso2": "ISO 3166 code (2 letters)",
    "iso3": "ISO 3166 code (3 letters)", "language": "language code", "code": "code",
    "codes": "list of codes separated by ;", "ref": "reference", "refs": "list of references separated by ;",
}


def _allowed(table: str, column: str, meta: dict, lang: str) -> str:
    if table == "country_situations" and column == "value":
        parts = []
        for indicator, category in labels.INDICATOR_VALUES.items():
            values = ", ".join(f"{c} ({labels.label(category, c, lang)})" for c in labels.codes(category))
            parts.append(f"{indicator}: {values}")
        return "; ".join(parts)
    if meta.get("category"):
        cat = meta["category"]
        return ", ".join(f"{c} ({labels.label(cat, c, lang)})" for c in labels.codes(cat))
    if meta.get("ref"):
        return f"→ {meta['ref']}"
    return ""


def to_frame(lang: str = "ru") -> pd.DataFrame:
    """One row per column of every table: table, column, type, required, allowed values, description."""
    en = lang == "en"
    rows = []
    for name, schema in SCHEMAS.items():
        for col_name, col in schema.columns.items():
            meta = col.metadata
            rows.append({
                "table": name,
                "column": col_name,
                "title": meta["title_en"] if en else col.title,
                "type": (KIND_TYPES_EN if en else KIND_TYPES_RU)[meta["kind"]],
                "required": bool(meta["required"]),
                "allowed": _allowed(name, col_name, meta, lang),
                "description": meta["description_en"] if en else col.description,
            })
    return pd.DataFrame(rows)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(lang: str = "ru") -> str:
    """The dictionary as Markdown (Russian by default): an intro and a column table per table."""
    en = lang == "en"
    frame = to_frame(lang)
    out = [
        "# Data dictionary" if en else "# Словарь данных",
        "",
        ("Generated from the schemas in `book/data/schemas.py` by `python -m book.data.dictionary data/README.md`; "
         "do not edit by hand." if en else
         "Этот файл создан из схем `book/data/schemas.py` командой "
         "`python -m book.data.dictionary data/README.md`; не правьте его вручную."),
        "",
        ("Tables are CSV files in `data/`, UTF-8, comma-separated, one header row. An empty cell is "
         "missing; a required column may not be empty. Lists hold several codes separated by `;`. "
         "Check the data with `python -m book validate`." if en else
         "Таблицы — файлы CSV в `data/`, UTF-8, разделитель — запятая, одна строка заголовка. Пустая "
         "ячейка — нет данных; обязательный столбец не может быть пустым. Списки — несколько кодов "
         "через `;`. Файлы, сохранённые из Excel с разделителем `;` или в кодировке Windows-1251, и даты "
         "вида 07.12.2021 тоже читаются. Проверка: `python -m book validate`."),
        "",
    ]
    head = (["Column", "Type", "Required", "Allowed values", "Description"] if en
            else ["Столбец", "Тип", "Обязателен", "Допустимые значения", "Описание"])
    for name, schema in SCHEMAS.items():
        meta = schema.metadata
        title = meta["title_en"] if en else schema.title
        intro = meta["intro_en"] if en else schema.description
        key = ", ".join(meta["key"])
        out += [f"## `{name}.csv` — {title}", "", intro, ""]
        facts = [f"{'Key' if en else 'Ключ'}: `{key}`."]
        if meta["fact"]:
            facts.append("Every row cites a source (`source_id` → `sources.id`)." if en
                         else "Каждая строка ссылается на источник (`source_id` → `sources.id`).")
        if not meta["rows_required"]:
            facts.append("May have no rows." if en else "Может не иметь строк.")
        out += [" ".join(facts), ""]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        yes, no = ("yes", "no") if en else ("да", "нет")
        for r in frame[frame["table"] == name].itertuples():
            out.append("| " + " | ".join([
                f"`{r.column}`", _cell(r.type), yes if r.required else no, _cell(r.allowed),
                _cell(f"{r.title}: {r.description}"),
            ]) + " |")
        out.append("")
    return "\n".join(out)


def write_markdown(path: Path | str, lang: str = "ru") -> Path:
    path = Path(path)
    path.write_text(to_markdown(lang), encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(write_markdown(sys.argv[1]))
    else:
        print(to_markdown())
