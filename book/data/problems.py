"""One problem found in the data (file, spreadsheet row, column, value, what is expected)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A problem in a data file, said in Russian and in English.

    `row` is the row number a spreadsheet shows (header = 1, first data row = 2);
    None when the problem concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message_ru: str
    message_en: str

    def message(self, lang: str = "ru") -> str:
        return self.message_en if lang == "en" else self.message_ru

    def format(self, lang: str = "ru") -> str:
        """One line: where, what was found, what is expected."""
        en = lang == "en"
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}" if en else f"строка {self.row}")
        if self.column:
            parts.append(f"column {self.column}" if en else f"столбец {self.column}")
        where = ", ".join(parts)
        if self.value is not None:
            shown = _show(self.value)
            return f"{where}: {'value' if en else 'значение'} {shown} — {self.message(lang)}"
        return f"{where}: {self.message(lang)}"

    def sort_key(self):
        return (self.file, self.row if self.row is not None else 0, self.column or "")


def _show(value: str, limit: int = 80) -> str:
    text = str(value).replace("\n", "⏎")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"«{text}»"


class DataError(Exception):
    """The data cannot be used: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.format("ru"))

    def format(self, lang: str = "ru") -> str:
        return "\n".join(p.format(lang) for p in self.problems)
