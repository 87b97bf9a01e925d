"""One schema per table: the single truth that validates, types and documents the data.

Each table's schema works on the CSV as text (every cell a str or None). Column
metadata says what the cell holds (`kind`), its category or referenced table, and
Russian/English titles and descriptions; the loader types the frame from `kind`, the
validator adds cross-table checks from `ref`, and the data dictionary is written from
the same objects. Parsers turn what Russian spreadsheets write (07.12.2021, ИСТИНА,
43,25) into the canonical text before the checks run.

The schemas are plain descriptions (`Table`, `Column`, `Rule`); pandera, which runs the
checks, is imported when a table is first validated (0.2 s): a page that loads data the build
has already checked reads the schemas without it.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from book.chapters import CHAPTER_SLUG, FIXED_PAGES, FIXED_SLUGS, about_country
from book.data.labels import INDICATOR_VALUES, codes

# Fixed pages a country's row may name as its chapter (the migrants page, about Russia).
COUNTRY_FIXED_SLUGS = frozenset(p.slug for p in FIXED_PAGES if about_country(p))

# --- what a cell may hold --------------------------------------------------------

SLUG = r"[A-Za-z0-9][A-Za-z0-9_.\-]*"
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FULL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
LIST_SEPARATOR = ";"
TRUE_WORDS = {"true", "истина", "да", "yes", "1"}
FALSE_WORDS = {"false", "ложь", "нет", "no", "0"}


def split_list(value) -> list[str]:
    """'a; b;c;' -> ['a', 'b', 'c']; empty or missing -> []."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def is_real_date(year: str, month: str | None, day: str | None) -> bool:
    if not 1000 <= int(year) <= 2999:
        return False
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    if day is None:
        return True
    return 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]


def is_partial_date(value: str) -> bool:
    if value == "unknown":
        return True
    m = PARTIAL_DATE.fullmatch(value)
    return bool(m) and is_real_date(*m.groups())


def is_full_date(value: str) -> bool:
    m = FULL_DATE.fullmatch(value)
    return bool(m) and is_real_date(*m.groups())


# --- parsers: spreadsheet habits -> canonical text ---------------------------------

_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_MY = re.compile(r"(\d{1,2})[./](\d{4})")
_ISO_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00(?::00)?")


def normalise_date(value):
    """07.12.2021 -> 2021-12-07, 12.2021 -> 2021-12; anything else unchanged (checked later)."""
    if not isinstance(value, str):
        return value
    if m := _DMY.fullmatch(value):
        d, mo, y = m.groups()
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    if m := _MY.fullmatch(value):
        mo, y = m.groups()
        return f"{y}-{int(mo):02d}"
    if m := _ISO_MIDNIGHT.fullmatch(value):
        return m.group(1)
    return value


def normalise_bool(value):
    if isinstance(value, str):
        low = value.strip().lower()
        if low in TRUE_WORDS:
            return "true"
        if low in FALSE_WORDS:
            return "false"
    return value


def normalise_number(value):
    # Russian locale writes a decimal comma: 43,2567.
    if isinstance(value, str) and re.fullmatch(r"-?\d+,\d+", value):
        return value.replace(",", ".")
    return value


def normalise_list(value):
    if isinstance(value, str):
        return LIST_SEPARATOR.join(split_list(value)) or None
    return value


# --- the schema objects -----------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A check: `fn` takes a column (or, for a table's rule, the frame) and returns a bool per
    row; `key` names it in the failures, and validate.py turns keys into messages."""
    key: str
    fn: Callable

    def pandera(self):
        import pandera.pandas as pa

        return pa.Check(self.fn, name=self.key, error=self.key)


@dataclass
class Column:
    """A column as text with its checks, parsers (text -> canonical text) and bilingual
    documentation (`title`, `description` in Russian; `metadata`: kind, required, category,
    ref, title_en, description_en)."""
    title: str
    description: str
    metadata: dict
    nullable: bool = True
    unique: bool = False
    required: bool = True   # the column must be in the file
    checks: list = field(default_factory=list)
    parsers: list = field(default_factory=list)

    def pandera(self):
        import pandera.pandas as pa

        return pa.Column(
            None, nullable=self.nullable, unique=self.unique, report_duplicates="exclude_first",
            required=self.required, checks=[c.pandera() for c in self.checks],
            parsers=[pa.Parser(lambda s, fn=fn: s.map(fn), name=fn.__name__) for fn in self.parsers],
            title=self.title, description=self.description, metadata=self.metadata)


@dataclass
class Table:
    """A table: its columns, its rules over several columns, its key, and its documentation
    (`title`, `description` in Russian; `metadata`: title_en, intro_en, key, fact, rows_required)."""
    name: str
    columns: dict
    title: str
    description: str
    metadata: dict
    rules: tuple = ()

    def validate(self, frame: pd.DataFrame, lazy: bool = True) -> pd.DataFrame:
        """The frame parsed and checked (pandera); raises pandera's SchemaErrors."""
        return self._pandera.validate(frame, lazy=lazy)

    @functools.cached_property
    def _pandera(self):
        import pandera.pandas as pa

        key = self.metadata["key"]
        return pa.DataFrameSchema(
            {name: col.pandera() for name, col in self.columns.items()}, checks=[r.pandera() for r in self.rules],
            strict=True, ordered=False, name=self.name, title=self.title, description=self.description,
            unique=key if len(key) > 1 else None, report_duplicates="exclude_first", metadata=self.metadata)


# --- checks: one key per rule; validate.py turns keys into messages ----------------


def _check(key: str, fn: Callable[[pd.Series], pd.Series]) -> Rule:
    return Rule(key, fn)


def _fullmatch(key: str, pattern: str) -> Rule:
    return _check(key, lambda s: s.str.fullmatch(pattern).fillna(False).astype(bool))


def _each(key: str, predicate: Callable[[str], bool]) -> Rule:
    return _check(key, lambda s: s.map(predicate).astype(bool))


def _between(lo: float, hi: float) -> Rule:
    def inside(v: str) -> bool:
        try:
            return lo <= float(v) <= hi
        except ValueError:
            return True  # the number check reports it
    return _each(f"range:{lo:g}:{hi:g}", inside)


KIND_CHECKS: dict[str, Callable[[], list[Rule]]] = {
    "id": lambda: [_fullmatch("slug", SLUG)],
    "text": lambda: [],
    "int": lambda: [_fullmatch("int", r"-?\d+")],
    "year": lambda: [_fullmatch("int", r"-?\d+"), _each("year", lambda v: not v.lstrip("-").isdigit() or 1900 <= int(v) <= 2100)],
    "float": lambda: [_fullmatch("number", r"-?\d+(?:\.\d+)?")],
    "bool": lambda: [_check("bool", lambda s: s.isin(["true", "false"]))],
    "date": lambda: [_each("date", is_full_date)],
    "partial_date": lambda: [_each("partial_date", is_partial_date)],
    "url": lambda: [_fullmatch("url", r"https?://\S+")],
    "path": lambda: [_fullmatch("path", r"(?!/)(?!.*\.\.)[^\\:*?\"<>|]+")],
    "iso2": lambda: [_fullmatch("iso2", r"[A-Z]{2}")],
    "iso3": lambda: [_fullmatch("iso3", r"[A-Z]{3}")],
    "language": lambda: [_check("allowed:language", lambda s: s.isin(codes("language")))],
    "code": lambda: [],   # filled from the category in column()
    "codes": lambda: [],
    "ref": lambda: [],    # cross-table: added by validate.py from the referenced ids
    "refs": lambda: [],
}
KIND_PARSERS = {
    "date": normalise_date, "partial_date": normalise_date, "bool": normalise_bool,
    "float": normalise_number, "codes": normalise_list, "refs": normalise_list,
}
# How each kind is typed in the loaded DataFrame (see load.py).
KIND_TYPES_RU = {
    "id": "идентификатор", "text": "текст", "int": "целое число", "year": "год (целое число)",
    "float": "число", "bool": "true/false", "date": "дата ГГГГ-ММ-ДД",
    "partial_date": "дата ГГГГ, ГГГГ-ММ, ГГГГ-ММ-ДД или unknown", "url": "ссылка http(s)",
    "path": "путь к файлу", "iso2": "код ISO 3166 (2 буквы)", "iso3": "код ISO 3166 (3 буквы)",
    "language": "код языка", "code": "код", "codes": "список кодов через ;",
    "ref": "ссылка", "refs": "список ссылок через ;",
}


def column(kind: str, title_ru: str, ru: str, title_en: str, en: str, *, required: bool = True,
           category: str | None = None, ref: str | None = None, unique: bool = False,
           checks: tuple = (), present: bool = True) -> Column:
    """A column as text with its checks, parsers and bilingual documentation."""
    all_checks = KIND_CHECKS[kind]() + list(checks)
    if kind == "code":
        all_checks.append(_check(f"allowed:{category}", lambda s, c=category: s.isin(codes(c))))
    if kind == "codes":
        all_checks.append(_each(f"allowed_list:{category}",
                                lambda v, c=category: all(m in codes(c) for m in split_list(v))))
    return Column(
        title_ru, ru, {"kind": kind, "required": required, "category": category, "ref": ref,
                       "title_en": title_en, "description_en": en},
        # present=False: a column added later (translations): a table saved without it still loads.
        nullable=not required, unique=unique, required=present, checks=all_checks,
        parsers=[KIND_PARSERS[kind]] if kind in KIND_PARSERS else [])


def english(of: str, title_ru: str, title_en: str, *, required: bool = False) -> Column:
    """The English text of column `of` (the Russian original). Empty: the English edition
    shows the Russian original marked as awaiting translation, and `validate` warns."""
    col = column("text", f"{title_ru} (англ.)", f"английский перевод столбца {of}", f"{title_en} (English)",
                 f"English translation of {of}", required=required, present=False)
    col.metadata["translation_of"] = of
    return col


def source_id() -> Column:
    return column("ref", "Источник", "id источника, на котором основана строка (sources.id)",
                  "Source", "id of the source the row rests on (sources.id)", ref="sources.id")


# --- row rules: a check over several columns, the column it blames and its message -


@dataclass(frozen=True)
class RowRule:
    key: str
    column: str                       # the column the message points at
    message: Callable[[pd.Series], tuple[str, str]]   # row -> (ru, en)
    ok: Callable[[pd.DataFrame], pd.Series]           # frame -> bool per row


ROW_RULES: dict[str, RowRule] = {}


def row_rule(key: str, column_name: str, ok, message) -> Rule:
    ROW_RULES[key] = RowRule(key, column_name, message, ok)

    def safe(df: pd.DataFrame) -> pd.Series:
        try:
            return ok(df).fillna(True).astype(bool)
        except KeyError:  # a column is missing: reported on its own
            return pd.Series(True, index=df.index)
    return Rule(key, safe)


def _blank(s: pd.Series) -> pd.Series:
    return s.isna()


def _indicator_value_ok(df: pd.DataFrame) -> pd.Series:
    def ok(ind, val):
        if ind not in INDICATOR_VALUES or not isinstance(val, str):
            return True  # the indicator check / the required check reports it
        return val in codes(INDICATOR_VALUES[ind])
    return pd.Series([ok(i, v) for i, v in zip(df["indicator"], df["value"])], index=df.index)


def _indicator_value_message(row) -> tuple[str, str]:
    allowed = codes(INDICATOR_VALUES[row["indicator"]])
    return (f"для показателя {row['indicator']} допустимы значения: {', '.join(allowed)}.",
            f"indicator {row['indicator']} allows: {', '.join(allowed)}.")


def _edition_date_ok(df: pd.DataFrame) -> pd.Series:
    return pd.Series([not (isinstance(d, str) and isinstance(y, str)) or not is_full_date(d) or d[:4] == y
                      for d, y in zip(df["date"], df["year"])], index=df.index)


def _chapter_place_ok(df: pd.DataFrame) -> pd.Series:
    """A monitored country's chapter is not a fixed page's slug; a migrant destination's
    chapter is the fixed page about it (migrants)."""
    def ok(role, chapter):
        if not isinstance(chapter, str) or role == "neighbour":
            return True  # empty, or reported by chapter_required / chapter_neighbour
        if role == "monitored":
            return chapter not in FIXED_SLUGS
        return chapter in COUNTRY_FIXED_SLUGS
    return pd.Series([ok(r, c) for r, c in zip(df["role"], df["chapter"])], index=df.index)


def _chapter_place_message(row) -> tuple[str, str]:
    if row["role"] == "monitored":
        fixed = ", ".join(sorted(FIXED_SLUGS))
        return (f"«{row['chapter']}» — имя постоянной страницы доклада; глава страны мониторинга — новая страница, "
                f"дайте ей другое имя, например название страны латиницей (заняты: {fixed}).",
                f"'{row['chapter']}' is the name of a fixed page of the report; a monitored country's chapter is a new page: "
                f"give it another name, e.g. the country's name in Latin letters (taken: {fixed}).")
    allowed = ", ".join(sorted(COUNTRY_FIXED_SLUGS))
    return (f"своя глава бывает только у страны мониторинга (role = monitored); у этой страны в столбце может стоять "
            f"только постоянная страница о ней: {allowed}.",
            f"only a monitored country (role = monitored) has its own chapter; for this country the column may only "
            f"name the fixed page about it: {allowed}.")


# --- the tables ---------------------------------------------------------------------


def table(name: str, columns: dict[str, Column], *, title_ru: str, intro_ru: str, title_en: str,
          intro_en: str, key: list[str], fact: bool, rows_required: bool = True,
          rules: tuple = ()) -> Table:
    return Table(name, columns, title_ru, intro_ru,
                 {"title_en": title_en, "intro_en": intro_en, "key": key, "fact": fact,
                  "rows_required": rows_required}, rules=tuple(rules))


SCHEMAS: dict[str, Table] = {}


def _register(schema: Table) -> None:
    SCHEMAS[schema.name] = schema


_register(table(
    "sources",
    {
        "id": column("id", "Идентификатор", "короткий латинский id источника (slug), например imm-2021-outcome; на него ссылаются все фактические таблицы и {cite} в тексте",
                     "Id", "short Latin id (slug), e.g. imm-2021-outcome; fact tables and {cite} in the text refer to it", unique=True),
        "kind": column("code", "Вид", "вид источника", "Kind", "kind of source", category="source_kind"),
        "title": column("text", "Название", "название на языке оригинала", "Title", "title in the original language"),
        "title_ru": column("text", "Название по-русски", "название по-русски, если оригинал не на русском", "Title in Russian",
                           "Russian title when the original is not Russian", required=False),
        "publisher": column("text", "Издатель", "кто опубликовал", "Publisher", "who published it"),
        "date": column("partial_date", "Дата", "дата публикации (ГГГГ, ГГГГ-ММ, ГГГГ-ММ-ДД или unknown)", "Date",
                       "date published (YYYY, YYYY-MM, YYYY-MM-DD or unknown)"),
        "language": column("language", "Язык", "язык источника", "Language", "language of the source", category="language"),
        "url": column("url", "Ссылка", "адрес http(s); обязателен для всех видов, кроме other", "URL",
                      "http(s) address; required for every kind except other", required=False),
        "local_file": column("path", "Локальный файл", "путь к копии источника относительно папки data/ (документы Миссии лежат в data/sources/)",
                             "Local file", "path of a local copy relative to data/ (mission documents are in data/sources/)", required=False),
        "accessed": column("date", "Дата обращения", "когда источник открывали (ГГГГ-ММ-ДД)", "Accessed", "date accessed (YYYY-MM-DD)", required=False),
        "licence": column("text", "Лицензия", "лицензия или условия использования", "Licence", "licence or terms of use", required=False),
        "citation_ru": column("text", "Краткая ссылка", "краткое название для текста, например «Итоговый документ 5-й координационной встречи (2021)»",
                              "Short citation", "short Russian label used in the text"),
        "citation_en": english("citation_ru", "Краткая ссылка", "Short citation"),
    },
    title_ru="Источники", title_en="Sources",
    intro_ru="Каждый документ, страница или набор данных, на которые опирается отчёт, с данными о происхождении. Каждая фактическая строка других таблиц ссылается сюда через source_id.",
    intro_en="Every document, page or dataset the report rests on, with its provenance. Every fact row of the other tables points here through source_id.",
    key=["id"], fact=False,
    rules=(row_rule("url_required", "url", lambda df: ~(_blank(df["url"]) & (df["kind"] != "other")),
                    lambda row: ("ссылка обязательна для источника этого вида (пустой может быть только у kind=other).",
                                 "a URL is required for this kind of source (only kind=other may leave it empty).")),),
))

_register(table(
    "editions",
    {
        "year": column("year", "Год", "год выпуска (встречи Миссии)", "Year", "year of the edition (the Mission's meeting)", unique=True),
        "number": column("int", "Номер", "порядковый номер встречи (5 — 2021, 7 — 2023)", "Number", "ordinal of the meeting (5 for 2021, 7 for 2023)"),
        "kind": column("code", "Вид", "вид встречи", "Kind", "kind of meeting", category="edition_kind"),
        "date": column("date", "Дата", "дата встречи (ГГГГ-ММ-ДД)", "Date", "date of the meeting (YYYY-MM-DD)"),
        "city_ru": column("text", "Город", "город встречи по-русски", "City (Russian)", "city of the meeting in Russian"),
        "city_en": column("text", "Город (англ.)", "город встречи по-английски", "City (English)", "city of the meeting in English"),
        "country": column("ref", "Страна", "страна встречи (countries.iso2)", "Country", "country of the meeting (countries.iso2)", ref="countries.iso2"),
        "title_ru": column("text", "Название встречи", "полное название встречи", "Meeting", "full name of the meeting"),
        "title_en": english("title_ru", "Название встречи", "Meeting"),
        "document_title_ru": column("text", "Принятый документ", "название принятого документа", "Document adopted", "title of the adopted document"),
        "document_title_en": english("document_title_ru", "Принятый документ", "Document adopted"),
        "source_id": source_id(),
    },
    title_ru="Выпуски", title_en="Editions",
    intro_ru="Ежегодные встречи Миссии, по одной строке на выпуск отчёта; год выпуска — ключ, по которому связаны требования, оценки и положение в странах.",
    intro_en="The Mission's annual meetings, one row per edition of the report; the year links demands, assessments and country situations.",
    key=["year"], fact=True,
    rules=(row_rule("edition_date_year", "date", _edition_date_ok,
                    lambda row: (f"дата встречи не в году выпуска {row['year']}.",
                                 f"the meeting date is not in the edition year {row['year']}.")),),
))

_register(table(
    "countries",
    {
        "iso2": column("iso2", "Код ISO2", "двухбуквенный код ISO 3166-1 (KZ, KG, TJ, TM, UZ ...)", "ISO2", "ISO 3166-1 alpha-2 code", unique=True),
        "iso3": column("iso3", "Код ISO3", "трёхбуквенный код ISO 3166-1", "ISO3", "ISO 3166-1 alpha-3 code", unique=True),
        "name_ru": column("text", "Название", "название страны по-русски (Кыргызстан, Туркменистан ...)", "Name (Russian)", "country name in Russian"),
        "name_ru_genitive": column("text", "Название в род. падеже", "название в родительном падеже (Казахстана ...)", "Name (Russian genitive)", "Russian name in the genitive case"),
        "name_en": column("text", "Название (англ.)", "название по-английски", "Name (English)", "country name in English"),
        "role": column("code", "Роль", "роль страны в отчёте", "Role", "role of the country in the report", category="country_role"),
        "chapter": column("id", "Глава", "имя главы страны (kazakhstan ...): у страны мониторинга — её глава, которая строится из данных (строчные латинские буквы, цифры, дефисы); у страны назначения мигрантов — migrants; пусто для соседних стран", "Chapter",
                          "name of the country's chapter (kazakhstan ...): a monitored country's own chapter, made from the data (lower-case Latin letters, digits, hyphens); migrants for the migrants' destination; empty for neighbours", required=False),
        "order": column("int", "Порядок", "порядок показа (целое число)", "Order", "display order (integer)"),
    },
    title_ru="Страны", title_en="Countries",
    intro_ru="Страны мониторинга (у каждой своя глава доклада, по порядку order: новая строка с ролью monitored добавляет главу), страны назначения трудовых мигрантов и соседние страны, которые рисуются на картах; названия по-русски в нужных падежах и порядок показа.",
    intro_en="The monitored countries (each has its own chapter, in the order of order: a new row with role monitored adds a chapter), destinations of labour migrants and neighbours drawn on maps; Russian names and display order.",
    key=["iso2"], fact=False,
    rules=(
        row_rule("chapter_required", "chapter", lambda df: ~((df["role"] == "monitored") & _blank(df["chapter"])),
                 lambda row: ("у страны мониторинга должна быть глава (slug страницы, например kazakhstan).",
                              "a monitored country needs a chapter (page slug, e.g. kazakhstan).")),
        row_rule("chapter_neighbour", "chapter", lambda df: ~((df["role"] == "neighbour") & ~_blank(df["chapter"])),
                 lambda row: ("у соседней страны главы нет: оставьте ячейку пустой.",
                              "a neighbour has no chapter: leave the cell empty.")),
        # A monitored country's chapter is a new page made from the data (book/chapters.py):
        # its slug becomes a file name and a URL, and must not take a fixed page's place.
        row_rule("chapter_slug", "chapter",
                 lambda df: df["chapter"].map(lambda c: not isinstance(c, str) or bool(CHAPTER_SLUG.fullmatch(c))),
                 lambda row: ("имя главы — строчные латинские буквы, цифры и дефисы (например kazakhstan или north-korea).",
                              "a chapter's name is lower-case Latin letters, digits and hyphens (e.g. kazakhstan or north-korea).")),
        row_rule("chapter_fixed_page", "chapter", _chapter_place_ok, _chapter_place_message),
        row_rule("chapter_unique", "chapter", lambda df: _blank(df["chapter"]) | ~df["chapter"].duplicated(keep="first"),
                 lambda row: (f"глава «{row['chapter']}» уже названа у другой страны выше; у каждой страны своя глава.",
                              f"the chapter '{row['chapter']}' is already given to another country above; each country has its own.")),
    ),
))

_register(table(
    "addressees",
    {
        "id": column("id", "Идентификатор", "id адресата (gov_KZ ... gov_all, un, eu, ituc_gufs, human_rights_community, mission, mission_members)",
                     "Id", "addressee id", unique=True),
        "kind": column("code", "Вид", "вид адресата", "Kind", "kind of addressee", category="addressee_kind"),
        "country": column("ref", "Страна", "страна (countries.iso2) — только для правительства одной страны", "Country",
                          "country (countries.iso2), only for the government of one country", required=False, ref="countries.iso2"),
        "name_ru": column("text", "Название", "как адресата называет документ, например «Президент и Правительство Республики Казахстан»",
                          "Name (Russian)", "as the document addresses it"),
        "name_en": column("text", "Название (англ.)", "название по-английски", "Name (English)", "name in English"),
    },
    title_ru="Адресаты", title_en="Addressees",
    intro_ru="Кому документы Миссии адресуют требования и призывы: правительства, международные организации, гражданское общество, сама Миссия.",
    intro_en="Whom the Mission's documents address: governments, international bodies, civil society, the Mission itself.",
    key=["id"], fact=False,
    rules=(row_rule("country_only_government", "country", lambda df: _blank(df["country"]) | (df["kind"] == "government"),
                    lambda row: ("страна указывается только у адресата вида government.",
                                 "a country is given only for addressees of kind government.")),),
))

_register(table(
    "themes",
    {
        "id": column("id", "Идентификатор", "id темы (release_rehabilitation, union_registration, legislation ...)", "Id", "theme id", unique=True),
        "name_ru": column("text", "Название", "название темы по-русски", "Name (Russian)", "theme name in Russian"),
        "name_en": column("text", "Название (англ.)", "название темы по-английски", "Name (English)", "theme name in English"),
    },
    title_ru="Темы", title_en="Themes",
    intro_ru="Темы, по которым группируются требования (столбец demands.themes).",
    intro_en="Themes used to group demands (column demands.themes).",
    key=["id"], fact=False,
))

_register(table(
    "organisations",
    {
        "id": column("id", "Идентификатор", "slug организации, например kz-cnprk", "Id", "organisation slug, e.g. kz-cnprk", unique=True),
        "country": column("ref", "Страна", "страна (countries.iso2)", "Country", "country (countries.iso2)", ref="countries.iso2"),
        "name_ru": column("text", "Название", "название, как его пишет источник", "Name (Russian)", "name as the source writes it"),
        "short_name_ru": column("text", "Краткое название", "сокращение, например КНПРК", "Short name", "abbreviation", required=False),
        "name_en": english("name_ru", "Название", "Name"),
        "short_name_en": column("text", "Краткое название (англ.)", "сокращение по-английски, как его пишут англоязычные источники (CITUK)",
                                "Short name (English)", "English abbreviation as English-language sources write it", required=False, present=False),
        "kind": column("code", "Независимость", "независима ли организация от государства", "Kind", "whether independent of the state", category="organisation_kind"),
        "level": column("code", "Уровень", "уровень организации", "Level", "level of the organisation", category="organisation_level"),
        "sector": column("code", "Отрасль", "отрасль", "Sector", "sector", category="sector"),
        "parent_id": column("ref", "Входит в", "вышестоящая организация (organisations.id)", "Parent", "parent organisation (organisations.id)",
                            required=False, ref="organisations.id"),
        "source_id": source_id(),
    },
    title_ru="Организации", title_en="Organisations",
    intro_ru="Профсоюзы, федерации, конфедерации и инициативные группы, о которых говорят источники.",
    intro_en="Unions, federations, confederations and groups the sources speak of.",
    key=["id"], fact=True,
    rules=(row_rule("parent_not_self", "parent_id", lambda df: df["parent_id"].isna() | (df["parent_id"] != df["id"]),
                    lambda row: ("организация не может входить сама в себя.", "an organisation cannot be its own parent.")),),
))

_register(table(
    "registration_events",
    {
        "id": column("id", "Идентификатор", "id события", "Id", "event id", unique=True),
        "organisation_id": column("ref", "Организация", "организация (organisations.id)", "Organisation", "organisation (organisations.id)", ref="organisations.id"),
        "date": column("partial_date", "Дата", "дата события (ГГГГ, ГГГГ-ММ, ГГГГ-ММ-ДД или unknown)", "Date", "date of the event (partial date or unknown)"),
        "event": column("code", "Событие", "что произошло с регистрацией", "Event", "what happened to the registration", category="event"),
        "description_ru": column("text", "Описание", "что говорит источник (цитата или близкий пересказ)", "Description", "what the source says (quoted or closely paraphrased)"),
        "description_en": english("description_ru", "Описание", "Description"),
        "source_id": source_id(),
    },
    title_ru="События регистрации", title_en="Registration events",
    intro_ru="Регистрация, отказы, приостановления и ликвидации профсоюзов — по одной строке на событие.",
    intro_en="Registrations, refusals, suspensions and liquidations of unions, one row per event.",
    key=["id"], fact=True, rows_required=False,
))

_register(table(
    "country_situations",
    {
        "country": column("ref", "Страна", "страна (countries.iso2)", "Country", "country (countries.iso2)", ref="countries.iso2"),
        "edition_year": column("year", "Выпуск", "год выпуска (editions.year)", "Edition", "edition year (editions.year)", ref="editions.year"),
        "indicator": column("code", "Показатель", "показатель", "Indicator", "indicator", category="indicator"),
        "value": column("text", "Значение", "значение показателя; допустимые значения зависят от показателя", "Value",
                        "value of the indicator; allowed values depend on the indicator"),
        "quote_ru": column("text", "Цитата", "слова источника, на которых основано значение, дословно и не обрезанные так, что меняется смысл",
                           "Quote", "the words of the source the value rests on, verbatim, not cut where the cut changes the meaning"),
        "quote_en": english("quote_ru", "Цитата", "Quote"),
        "change": column("code", "Изменение", "что документ говорит об изменении с предыдущего выпуска; пусто — документ об изменении не говорит (изменение не выводится из порядка оценок)",
                         "Change", "what the document says about change since the previous edition; empty: it says nothing (change is never computed from the order of values)",
                         required=False, present=False, category="change"),
        "change_quote_ru": column("text", "Слова об изменении", "слова документа, которые говорят об изменении (обязательны, если изменение указано, кроме «несопоставимо»)",
                                  "Words on change", "the document's words on the change (required with a change other than not_comparable)", required=False, present=False),
        "change_quote_en": english("change_quote_ru", "Слова об изменении", "Words on change"),
        "source_id": source_id(),
    },
    title_ru="Положение в странах", title_en="Country situations",
    intro_ru="Оценка положения в стране по показателям в каждом выпуске, с цитатой из источника.",
    intro_en="The situation in each country by indicator in each edition, with the source's words.",
    key=["country", "edition_year", "indicator"], fact=True,
    rules=(row_rule("indicator_value", "value", _indicator_value_ok, _indicator_value_message),
           row_rule("change_quote", "change_quote_ru",
                    lambda df: ~(df["change"].isin(["better", "worse", "same"]) & _blank(df["change_quote_ru"])),
                    lambda row: ("изменение указано без слов документа, которые его говорят: заполните change_quote_ru.",
                                 "a change is given without the document's words that say it: fill change_quote_ru.")),),
))

_register(table(
    "demands",
    {
        "id": column("id", "Идентификатор", "id требования (2021-kz-1, 2021-call-3, 2023-res-1 ...)", "Id", "demand id", unique=True),
        "edition_year": column("year", "Выпуск", "год выпуска, в котором принято (editions.year)", "Edition", "edition year adopted (editions.year)", ref="editions.year"),
        "section": column("code", "Раздел", "раздел документа", "Section", "section of the document", category="section"),
        "addressee_id": column("ref", "Адресат", "кому адресовано (addressees.id)", "Addressee", "addressee (addressees.id)", ref="addressees.id"),
        "number": column("text", "Номер", "номер, как напечатан (1, 3)); пусто, если документ не нумерует", "Number",
                         "number as printed; empty when unnumbered", required=False),
        "text_ru": column("text", "Текст", "полный текст по-русски, дословно", "Text", "full Russian text, verbatim"),
        "text_en": english("text_ru", "Текст", "Text"),
        "note_ru": column("text", "Примечание", "толкование доклада, если оно есть (например, почему положение учтено как призыв к правительствам)",
                          "Note", "the report's interpretation, if any (e.g. why a provision is counted as a call to governments)", required=False, present=False),
        "note_en": english("note_ru", "Примечание", "Note"),
        "themes": column("refs", "Темы", "темы через ; (themes.id)", "Themes", "themes separated by ; (themes.id)", ref="themes.id"),
        "source_id": source_id(),
    },
    title_ru="Требования", title_en="Demands",
    intro_ru="Требования, призывы, намерения и позиции, принятые Миссией, дословно и с адресатом.",
    intro_en="Demands, calls, intentions and positions adopted by the Mission, verbatim, with their addressee.",
    key=["id"], fact=True,
))

_register(table(
    "demand_assessments",
    {
        "demand_id": column("ref", "Требование", "требование (demands.id)", "Demand", "demand (demands.id)", ref="demands.id"),
        "year": column("year", "Выпуск", "выпуск, в котором оценено выполнение (editions.year)", "Edition", "edition in which the status is judged (editions.year)", ref="editions.year"),
        "status": column("code", "Статус", "статус выполнения", "Status", "implementation status", category="status"),
        "assessed_by": column("code", "Кто оценил", "кто оценил (оценка правительства хранится отдельно от независимой)", "Assessed by",
                              "who assessed it (a government's claim is kept apart)", category="assessed_by"),
        "evidence_ru": column("text", "Основание", "слова источника, в которых дана оценка, дословно и не обрезанные так, что меняется смысл",
                              "Evidence", "the source's words that make the assessment, verbatim, not cut where the cut changes the meaning"),
        "evidence_en": english("evidence_ru", "Основание", "Evidence"),
        "source_id": source_id(),
    },
    title_ru="Оценки выполнения требований", title_en="Demand assessments",
    intro_ru="Как выполнено каждое требование к выпуску данного года. Пары (требование, выпуск) без строки загрузчик помечает not_assessed — ничего не угадывается.",
    intro_en="How each demand stands at a given edition. The loader marks (demand, edition) pairs without a row as not_assessed; nothing is guessed.",
    key=["demand_id", "year"], fact=True, rows_required=False,
))

_register(table(
    "cases",
    {
        "id": column("id", "Идентификатор", "id случая", "Id", "case id", unique=True),
        "kind": column("code", "Вид", "человек или группа", "Kind", "person or group", category="case_kind"),
        "name_ru": column("text", "Имя", "имя, как его пишет публичный источник; для группы — описание", "Name", "name as the public source writes it; for a group a description"),
        "name_en": english("name_ru", "Имя", "Name"),
        "name_en_source_id": column("ref", "Источник написания (англ.)", "источник, в котором имя так написано по-английски (sources.id); пусто — транслитерация доклада",
                                    "Source of the English spelling", "source that spells the name so in English (sources.id); empty: the report's transliteration",
                                    required=False, present=False, ref="sources.id"),
        "country": column("ref", "Страна", "страна (countries.iso2)", "Country", "country (countries.iso2)", ref="countries.iso2"),
        "organisation_id": column("ref", "Организация", "организация (organisations.id)", "Organisation", "organisation (organisations.id)",
                                  required=False, ref="organisations.id"),
        "role_ru": column("text", "Роль", "должность или роль", "Role", "position or role", required=False),
        "role_en": english("role_ru", "Роль", "Role"),
        "what_happened_ru": column("text", "Что произошло", "что произошло, по источнику; слова в «» — дословно", "What happened", "what happened, per the source; words in «» verbatim"),
        "what_happened_en": english("what_happened_ru", "Что произошло", "What happened"),
        "measures": column("codes", "Меры", "меры преследования через ;", "Measures", "measures taken, separated by ;", category="measure"),
        "year": column("year", "Год", "год (пусто — неизвестен)", "Year", "year (empty = unknown)", required=False),
        "posthumous": column("bool", "Посмертно", "решение принято посмертно (true/false)", "Posthumous", "decided posthumously (true/false)"),
        "demand_ids": column("refs", "Требования", "связанные требования через ; (demands.id)", "Demands", "related demands separated by ; (demands.id)",
                             required=False, ref="demands.id"),
        "source_id": source_id(),
        "public": column("bool", "Публично", "можно ли публиковать (false — строка не попадает в отчёт)", "Public",
                         "may be published (false: the row never leaves the loader)"),
    },
    title_ru="Случаи преследования", title_en="Cases",
    intro_ru="Преследование людей и групп за профсоюзную деятельность. Строки с public=false никогда не покидают загрузчик.",
    intro_en="Persecution of people and groups for union activity. Rows with public=false never leave the loader.",
    key=["id"], fact=True, rows_required=False,
))

_register(table(
    "conventions",
    {
        "id": column("id", "Идентификатор", "id конвенции МОТ (C87 ...)", "Id", "ILO convention id (C87 ...)", unique=True,
                     checks=(_fullmatch("convention_id", r"C\d+"),)),
        "number": column("int", "Номер", "номер конвенции", "Number", "convention number"),
        "name_ru": column("text", "Название", "название по-русски", "Name (Russian)", "name in Russian"),
        "name_en": column("text", "Название (англ.)", "название по-английски", "Name (English)", "name in English"),
        "fundamental": column("bool", "Основополагающая", "основополагающая конвенция (true/false)", "Fundamental", "fundamental convention (true/false)"),
        "topic_ru": column("text", "Тема", "о чём конвенция", "Topic", "what the convention is about"),
        "topic_en": english("topic_ru", "Тема", "Topic"),
    },
    title_ru="Конвенции МОТ", title_en="ILO conventions",
    intro_ru="Конвенции МОТ, ратификацию которых отслеживает отчёт.",
    intro_en="ILO conventions whose ratification the report follows.",
    key=["id"], fact=False,
    rules=(row_rule("convention_number", "number", lambda df: df["id"].isna() | df["number"].isna() | (df["id"] == "C" + df["number"]),
                    lambda row: (f"номер не совпадает с id {row['id']}.", f"the number does not match id {row['id']}.")),),
))

_register(table(
    "ilo_ratifications",
    {
        "country": column("ref", "Страна", "страна мониторинга (countries.iso2)", "Country", "monitored country (countries.iso2)", ref="countries.iso2"),
        "convention": column("ref", "Конвенция", "конвенция (conventions.id)", "Convention", "convention (conventions.id)", ref="conventions.id"),
        "status": column("code", "Статус", "статус ратификации", "Status", "ratification status", category="ratification_status"),
        "year": column("year", "Год", "год ратификации (пусто — неизвестен)", "Year", "year of ratification (empty = unknown)", required=False),
        "note_ru": column("text", "Примечание", "примечание", "Note", "note", required=False),
        "note_en": english("note_ru", "Примечание", "Note"),
        "as_of": column("date", "Сведения на", "дата, на которую проверен статус (ГГГГ-ММ-ДД); таблица на странице называет эту дату",
                        "As of", "date the status was checked as of (YYYY-MM-DD); the page states it"),
        "source_id": source_id(),
    },
    title_ru="Ратификация конвенций МОТ", title_en="ILO ratifications",
    intro_ru="Ратифицировала ли каждая страна мониторинга каждую конвенцию; пустой год — неизвестен, а не «не ратифицирована».",
    intro_en="Whether each monitored country ratified each convention; an empty year is unknown, not 'not ratified'.",
    key=["country", "convention"], fact=True,
))

_register(table(
    "places",
    {
        "id": column("id", "Идентификатор", "id места", "Id", "place id", unique=True),
        "name_ru": column("text", "Название", "название по-русски", "Name (Russian)", "name in Russian"),
        "name_en": column("text", "Название (англ.)", "название по-английски", "Name (English)", "name in English"),
        "country": column("ref", "Страна", "страна (countries.iso2)", "Country", "country (countries.iso2)", ref="countries.iso2"),
        "lat": column("float", "Широта", "широта в десятичных градусах", "Latitude", "latitude, decimal degrees", checks=(_between(-90, 90),)),
        "lon": column("float", "Долгота", "долгота в десятичных градусах", "Longitude", "longitude, decimal degrees", checks=(_between(-180, 180),)),
        "kind": column("code", "Вид", "вид места", "Kind", "kind of place", category="place_kind"),
        "geonameid": column("int", "GeoNames id", "идентификатор GeoNames", "GeoNames id", "GeoNames identifier"),
        "mentioned_in": column("refs", "Упоминается в", "источники, где упомянуто место, через ; (sources.id)", "Mentioned in",
                               "sources mentioning the place, separated by ; (sources.id)", required=False, ref="sources.id"),
        "source_id": source_id(),
    },
    title_ru="Места", title_en="Places",
    intro_ru="Города и места, отмечаемые на картах, с координатами и их источником.",
    intro_en="Cities and sites marked on maps, with coordinates and their source.",
    key=["id"], fact=True, rows_required=False,
))

TABLES: tuple[str, ...] = tuple(SCHEMAS)
FACT_TABLES = tuple(n for n, s in SCHEMAS.items() if s.metadata["fact"])


def kind_of(table_name: str, column_name: str) -> str:
    return SCHEMAS[table_name].columns[column_name].metadata["kind"]
