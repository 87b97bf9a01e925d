"""The report's two languages: which one is being written, and the words code writes in each.

Page prose lives in chapters/{lang}/ and data/findings/; data text in `*_ru`/`*_en` columns;
the few words code writes (table headers, chart titles, units) are written here or where
they are used as `tr("русский", "English")`, so both languages sit side by side.

The language is the edition's: env BOOK_LANG (set by the build for every page), or a
`using(lang)` block; Russian, the original, by default.
"""
from __future__ import annotations

import contextlib
import os
from contextvars import ContextVar
from datetime import date

LANGUAGES = ("ru", "en")
DEFAULT = "ru"
_lang: ContextVar[str | None] = ContextVar("lang", default=None)


def current() -> str:
    lang = _lang.get() or os.environ.get("BOOK_LANG") or DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


@contextlib.contextmanager
def using(lang: str):
    """Write in `lang` inside the block."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    token = _lang.set(lang)
    try:
        yield
    finally:
        _lang.reset(token)


def tr(ru: str, en: str) -> str:
    """The words for the current language."""
    return en if current() == "en" else ru


class Untranslated(str):
    """Russian text shown in the English edition because its translation is still missing.

    Pages mark it `lang="ru"` with a visible "translation pending" note."""
    lang = "ru"


# --- dates, numbers, plurals ---------------------------------------------------------------

MONTHS_RU_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня",
                      "июля", "августа", "сентября", "октября", "ноября", "декабря"]
MONTHS_RU = ["январь", "февраль", "март", "апрель", "май", "июнь",
             "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June",
             "July", "August", "September", "October", "November", "December"]


def long_date(value, lang: str | None = None) -> str:
    """2021-12-07 -> «7 декабря 2021 г.» / "7 December 2021"; 2021-12 -> «декабрь 2021 г.» /
    "December 2021"; 2021 -> «2021 г.» / "2021"; unknown or empty -> «дата неизвестна» / "date unknown"."""
    en = (lang or current()) == "en"
    if value is None or str(value).strip() in ("", "unknown", "nan", "NaT", "<NA>", "None"):
        return "date unknown" if en else "дата неизвестна"
    if isinstance(value, date):
        y, m, d = value.year, value.month, value.day
    else:
        parts = [int(p) for p in str(value).strip().split("-")]
        y, m, d = (parts + [None, None])[:3]
    if d:
        return f"{d} {MONTHS_EN[m - 1]} {y}" if en else f"{d} {MONTHS_RU_GENITIVE[m - 1]} {y} г."
    if m:
        return f"{MONTHS_EN[m - 1]} {y}" if en else f"{MONTHS_RU[m - 1]} {y} г."
    return f"{y}" if en else f"{y} г."


def year_text(year) -> str:
    """«2021 г.» / "2021"."""
    return tr(f"{int(year)} г.", f"{int(year)}")


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for n: plural(1, 'требование', 'требования', 'требований')."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count(n: int, ru: tuple[str, str, str], en: tuple[str, str]) -> str:
    """«3 требования» / "3 demands": the number with its noun in the current language."""
    return f"{n} {word(n, ru, en)}"


def word(n: int, ru: tuple[str, str, str], en: tuple[str, str]) -> str:
    """The noun alone, in the form that goes with n."""
    if current() == "en":
        return en[0] if abs(int(n)) == 1 else en[1]
    return plural(n, *ru)


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def roman(n: int) -> str:
    return ROMAN[n] if 0 < n < len(ROMAN) else str(n)
