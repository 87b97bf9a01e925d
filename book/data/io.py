"""Read one CSV table as staff really save it (UTF-8, UTF-8 with BOM, cp1251; `,` `;` or tab)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from book.data.problems import Problem

SAVE_AS_RU = (
    "Сохраните файл как «CSV UTF-8 (разделитель — запятая)»: в Excel — Файл → Сохранить как → "
    "«CSV UTF-8 (разделители — запятые)»; в LibreOffice — Файл → Сохранить как → «Текст CSV», "
    "кодировка «Юникод (UTF-8)», разделитель полей «,»."
)
SAVE_AS_EN = (
    'Save the file as "CSV UTF-8 (comma delimited)": in Excel, File → Save As → "CSV UTF-8 (Comma '
    'delimited)"; in LibreOffice, File → Save As → "Text CSV", character set "Unicode (UTF-8)", '
    'field delimiter ",".'
)

DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": ("запятая", "comma"), ";": ("точка с запятой", "semicolon"), "\t": ("табуляция", "tab")}

# Signatures of files that are not text: a workbook saved under a .csv name.
_BINARY_MAGIC = {
    b"PK\x03\x04": ("книга Excel (.xlsx) или LibreOffice (.ods)", "an Excel (.xlsx) or LibreOffice (.ods) workbook"),
    b"\xd0\xcf\x11\xe0": ("старая книга Excel (.xls)", "an old Excel workbook (.xls)"),
    b"%PDF": ("документ PDF", "a PDF document"),
}

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Characters that UTF-8 Cyrillic turns into when it is decoded as cp1251 (Р, С + a byte
# 0x80-0xBF) or as latin-1/cp1252 (Ð, Ñ + ...): only cells holding these are examined.
_MOJIBAKE_HINT = re.compile(r"[РСÐÑ][\u0080-\u00bf\u0400-\u040f\u0450-\u045f\u0490\u0491\u2010-\u203a\u20ac\u2116\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")

_MOJIBAKE_RUN = re.compile(f"(?:{_MOJIBAKE_HINT.pattern}){{2,}}")


@dataclass
class RawTable:
    """A table as text: every cell a str or NA, indexed by spreadsheet row number."""

    name: str
    path: Path
    frame: pd.DataFrame
    encoding: str = "utf-8"
    delimiter: str = ","
    complete: bool = True  # False when some rows could not be read (ids may be missing)
    problems: list[Problem] = field(default_factory=list)


class _Refusal(Exception):
    """The file cannot be read at all; carries the message."""

    def __init__(self, ru: str, en: str, row: int | None = None, value: str | None = None):
        super().__init__(en)
        self.ru, self.en, self.row, self.value = ru, en, row, value


def read_table(path: Path | str, columns: list[str] | None = None, name: str | None = None) -> tuple[RawTable | None, list[Problem]]:
    """Read a CSV file into a RawTable, or say exactly why it cannot be read.

    `columns` (the schema's column names) helps choose the delimiter. Returns the table
    (None when the file cannot be used at all) and the problems found while reading.
    """
    path = Path(path)
    fname = name or path.name
    try:
        text, encoding = _decode(path)
        delimiter = _sniff_delimiter(text, columns or [])
        frame, problems, complete = _parse(text, delimiter, fname)
    except _MultiRefusal as r:
        return None, r.problems
    except _Refusal as r:
        return None, [Problem(fname, r.row, None, r.value, r.ru, r.en)]
    problems += _mojibake_cells(frame, fname)
    if problems and any(p.column is not None and p.value is not None for p in problems):
        # Garbled cells must never reach the report: drop the table's contents.
        return None, problems
    return RawTable(fname, path, frame, encoding, delimiter, complete, problems), problems


def _decode(path: Path) -> tuple[str, str]:
    if not path.exists():
        raise _Refusal(
            "файл не найден. Верните таблицу в папку данных (хотя бы со строкой заголовка). " + SAVE_AS_RU,
            "file not found. Put the table back in the data folder (a header row at least). " + SAVE_AS_EN,
        )
    if path.is_dir():
        raise _Refusal("это папка, а не файл CSV.", "this is a folder, not a CSV file.")
    raw = path.read_bytes()
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _Refusal(
            "файл пуст (нет даже строки заголовка). Восстановите таблицу из истории версий или заполните её заново.",
            "the file is empty (not even a header row). Restore the table from version history or fill it again.",
        )
    for magic, (ru, en) in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise _Refusal(
                f"это не текстовый CSV, а {ru}, сохранённая с расширением .csv. " + SAVE_AS_RU,
                f"this is not a text CSV but {en} saved with a .csv name. " + SAVE_AS_EN,
            )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" is UTF-16 with a BOM: a real text file, read it.
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise _Refusal(
            "файл двоичный (содержит нулевые байты), это не текстовый CSV. " + SAVE_AS_RU,
            "the file is binary (contains NUL bytes), not a text CSV. " + SAVE_AS_EN,
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", raw[3:]
    else:
        encoding, body = "utf-8", raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _try_cp1251(raw)
    if "\ufffd" in text:
        line = text[: text.index("\ufffd")].count("\n") + 1
        raise _Refusal(
            f"в файле есть символы «�» (строка текста {line}): текст был испорчен при перекодировке. "
            "Возьмите исходный файл. " + SAVE_AS_RU,
            f"the file contains '�' characters (text line {line}): the text was damaged by a wrong "
            "re-encoding. Take the original file. " + SAVE_AS_EN,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _try_cp1251(raw: bytes) -> tuple[str, str]:
    """Accept cp1251 only when it gives plausible Russian text, else refuse."""
    refusal = _Refusal(
        "кодировка файла не распознана (не UTF-8 и не Windows-1251). " + SAVE_AS_RU,
        "the file's encoding is not recognised (neither UTF-8 nor Windows-1251). " + SAVE_AS_EN,
    )
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        raise refusal from None
    high = [ch for ch in text if ord(ch) > 127]
    cyrillic = [ch for ch in high if _CYRILLIC.match(ch)]
    # Russian text in cp1251: almost all non-ASCII characters are Cyrillic letters, most
    # of them lower case (KOI8-R read as cp1251 gives mostly upper case).
    if not high or len(cyrillic) < 0.8 * len(high):
        raise refusal
    lower = sum(ch.islower() for ch in cyrillic)
    if lower < 0.5 * len(cyrillic):
        raise refusal
    return text.replace("\r\n", "\n").replace("\r", "\n"), "cp1251"


def _sniff_delimiter(text: str, columns: list[str]) -> str:
    header = text.split("\n", 1)[0]
    best, best_score = ",", (-1, -1)
    for d in DELIMITERS:
        fields = [f.strip().strip('"').strip() for f in header.split(d)]
        score = (sum(f in columns for f in fields), len(fields))
        if score > best_score:
            best, best_score = d, score
    return best


def _parse(text: str, delimiter: str, fname: str) -> tuple[pd.DataFrame, list[Problem], bool]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise _Refusal("не удаётся прочитать строку заголовка. " + SAVE_AS_RU, "cannot read the header row. " + SAVE_AS_EN, row=1)
    header = [h.strip() for h in header]
    # Spreadsheets may save empty trailing columns; they carry nothing.
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise _Refusal("первая строка пуста, а должна содержать названия столбцов. " + SAVE_AS_RU,
                       "the first row is empty; it must hold the column names. " + SAVE_AS_EN, row=1)
    if len(header) == 1 and delimiter == "," and any(d in header[0] for d in (";", "\t")):
        raise _Refusal("не удалось определить разделитель столбцов. " + SAVE_AS_RU,
                       "cannot tell the column delimiter. " + SAVE_AS_EN, row=1)
    blank = [i for i, h in enumerate(header) if not h]
    for i in blank:
        problems.append(Problem(fname, 1, None, None,
                                f"у столбца №{i + 1} нет названия в строке заголовка; впишите название столбца.",
                                f"column #{i + 1} has no name in the header row; write the column name."))
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    for h in dupes:
        problems.append(Problem(fname, 1, h, None, "столбец с этим названием встречается дважды; оставьте один.",
                                "this column name appears twice; keep one."))
    if blank or dupes:
        raise _MultiRefusal(problems)

    rows: list[list[str]] = []
    numbers: list[int] = []
    complete = True
    row_no = 1
    n = len(header)
    dname_ru, dname_en = _DELIMITER_NAMES[delimiter]
    while True:
        row_no += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            complete = False
            problems.append(Problem(
                fname, row_no, None, None,
                "кавычка не закрыта или стоит не на месте: файл обрезан или испорчен начиная с этой строки. "
                "Проверьте кавычки в этой строке. " + SAVE_AS_RU,
                "a quote is not closed or is misplaced: the file is cut off or damaged from this row on. "
                "Check the quotes in this row. " + SAVE_AS_EN))
            break
        cells = [c.strip() for c in record]
        if not any(cells):
            continue  # an empty row (Excel writes ";;;;") holds nothing
        if len(cells) > n and not any(cells[n:]):
            cells = cells[:n]
        if len(cells) != n:
            complete = False
            if len(cells) < n:
                ru = (f"в строке {len(cells)} полей, а в заголовке {n}: строка обрезана. "
                      f"Заполните строку полностью (разделитель — {dname_ru}) и сохраните файл заново.")
                en = (f"the row has {len(cells)} fields but the header has {n}: the row is cut off. "
                      f"Complete the row (delimiter: {dname_en}) and save the file again.")
            else:
                ru = (f"в строке {len(cells)} полей, а в заголовке {n}: вероятно, текст с разделителем "
                      f"({dname_ru}) не взят в кавычки. " + SAVE_AS_RU)
                en = (f"the row has {len(cells)} fields but the header has {n}: probably a text containing "
                      f"the delimiter ({dname_en}) is not quoted. " + SAVE_AS_EN)
            problems.append(Problem(fname, row_no, None, None, ru, en))
            continue
        rows.append(cells)
        numbers.append(row_no)
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(numbers, name="row"), dtype=object)
    frame = frame.where(frame != "", None) if len(frame) else frame
    return frame, problems, complete


class _MultiRefusal(_Refusal):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message_ru, problems[0].message_en)
        self.problems = problems


def _mojibake_cells(frame: pd.DataFrame, fname: str) -> list[Problem]:
    """Cells holding UTF-8 text that was decoded in the wrong code page and saved again."""
    problems = []
    for column in frame.columns:
        for row, value in frame[column].items():
            if isinstance(value, str) and _MOJIBAKE_HINT.search(value) and _is_mojibake(value):
                problems.append(Problem(
                    fname, int(row), column, value,
                    "текст испорчен неверной кодировкой («кракозябры»: UTF-8, прочитанный как Windows-1251 и "
                    "сохранённый заново). Не исправляйте вручную: возьмите исходный файл. " + SAVE_AS_RU,
                    "garbled text (mojibake: UTF-8 read as Windows-1251/Latin-1 and saved again). Do not fix "
                    "by hand: take the original file. " + SAVE_AS_EN))
    return problems


def _is_mojibake(value: str) -> bool:
    # Real Russian text, encoded back to cp1251, is almost never valid UTF-8; mojibake is.
    for codec in ("cp1251", "cp1252", "latin-1"):
        try:
            repaired = value.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != value and _CYRILLIC.search(repaired):
            return True
    # Cells where only some words are garbled fail the whole-cell test; two garbled
    # letters in a row ("Р°Р·") do not occur in real Russian text.
    return _MOJIBAKE_RUN.search(value) is not None
