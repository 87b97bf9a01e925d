"""Russian writing conventions the report needs in several places (dates, plurals)."""
from datetime import date

MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]
MONTHS_NOMINATIVE = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]


def long_date(value) -> str:
    """2021-12-07 -> «7 декабря 2021 г.»; partial dates: 2021-12 -> «декабрь 2021 г.», 2021 -> «2021 г.»;
    `unknown` or empty -> «дата неизвестна»."""
    if value is None or str(value).strip() in ("", "unknown", "nan", "NaT", "<NA>"):
        return "дата неизвестна"
    if isinstance(value, date):
        return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."
    parts = str(value).strip().split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS_GENITIVE[int(parts[1]) - 1]} {int(parts[0])} г."
    if len(parts) == 2:
        return f"{MONTHS_NOMINATIVE[int(parts[1]) - 1]} {int(parts[0])} г."
    return f"{int(parts[0])} г."


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for n: plural(1, 'требование', 'требования', 'требований')."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def roman(n: int) -> str:
    return ROMAN[n] if 0 < n < len(ROMAN) else str(n)
