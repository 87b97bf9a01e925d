"""Check every table against its schema and the other tables; report every problem, one a line."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from book.data import labels
from book.data.io import RawTable, read_table
from book.data.problems import DataError, Problem
from book.data.schemas import (FULL_DATE, PARTIAL_DATE, ROW_RULES, SCHEMAS, TABLES, Rule, is_real_date,
                               normalise_date, row_rule, split_list)


@dataclass
class Checked:
    """The outcome of checking a data folder: text frames (parsed) and the problems."""

    data_dir: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)   # validated text, per table
    raw: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def default_data_dir() -> Path:
    from book import DATA_DIR
    return Path(os.environ.get("BOOK_DATA") or DATA_DIR)


def validate(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in the data folder; an empty list means the data is valid."""
    return check(data_dir).problems


CHECKED_ENV = "BOOK_DATA_CHECKED"


def data_digest(data_dir: Path) -> str:
    """Hash of every file in the data folder (names and bytes): a few milliseconds."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def already_checked(data_dir: Path) -> bool:
    """The build has checked these very files (it names their digest in BOOK_DATA_CHECKED):
    its pages need not check them again, each in its own kernel."""
    known = os.environ.get(CHECKED_ENV)
    return bool(known) and Path(data_dir).is_dir() and known == data_digest(Path(data_dir))


def check(data_dir: Path | str | None = None) -> Checked:
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    result = Checked(data_dir)
    if not data_dir.is_dir():
        result.problems.append(Problem(str(data_dir), None, None, None,
                                       "папка с данными не найдена.", "data folder not found."))
        return result
    # Files the build has just checked are read as checked: no schemas, no cross-table rules.
    trusted = already_checked(data_dir)
    for name in TABLES:
        fname = f"{name}.csv"
        try:
            _check_table(name, data_dir / fname, result, schemas=not trusted)
        except Exception as exc:  # never a traceback as the message: say which file failed
            result.problems.append(_internal(fname, exc))
    for name in TABLES:
        if name in result.raw and not trusted:
            try:
                _check_references(name, result)
            except Exception as exc:
                result.problems.append(_internal(f"{name}.csv", exc))
    result.problems = _dedupe(result.problems)
    return result


def _internal(fname: str, exc: Exception) -> Problem:
    return Problem(fname, None, None, None,
                   f"не удалось проверить файл: внутренняя ошибка ({type(exc).__name__}: {exc}). "
                   "Сообщите разработчикам, приложив этот файл.",
                   f"could not check the file: internal error ({type(exc).__name__}: {exc}). "
                   "Tell the developers and attach this file.")


# --- one table on its own -------------------------------------------------------------


def _check_table(name: str, path: Path, result: Checked, schemas: bool = True) -> None:
    schema = SCHEMAS[name]
    fname = path.name
    raw, problems = read_table(path, list(schema.columns), name=fname)
    result.problems += problems
    if raw is None:
        return
    result.raw[name] = raw
    frame = raw.frame
    if not schemas:
        result.frames[name] = frame
        return
    if frame.empty and raw.complete and schema.metadata["rows_required"]:
        result.problems.append(Problem(
            fname, 2, None, None,
            "в таблице только строка заголовка, а нужна хотя бы одна строка данных. Заполните таблицу.",
            "the table has only its header row, but at least one data row is required. Fill in the table."))
    from pandera.errors import SchemaErrors

    try:
        result.frames[name] = schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        result.problems += _problems_from(errors.failure_cases, name, raw)


def _problems_from(failures: pd.DataFrame, table: str, raw: RawTable) -> list[Problem]:
    fname = f"{table}.csv"
    schema = SCHEMAS[table]
    out: list[Problem] = []
    seen_rows: set = set()
    for rec in failures.itertuples(index=False):
        check, column, index, case = rec.check, rec.column, rec.index, rec.failure_case
        row = None if index is None or pd.isna(index) else int(index)
        if check == "column_in_schema":
            expected = ", ".join(schema.columns)
            out.append(Problem(fname, 1, str(case), None,
                               f"лишний или неверно названный столбец; в этой таблице бывают столбцы: {expected}.",
                               f"unexpected or misspelt column; this table's columns are: {expected}."))
        elif check == "column_in_dataframe":
            out.append(Problem(fname, 1, str(case), None,
                               "нет обязательного столбца; добавьте его в строку заголовка.",
                               "required column is missing; add it to the header row."))
        elif check == "not_nullable":
            out.append(Problem(fname, row, column, None, "ячейка пуста, а столбец обязателен.",
                               "the cell is empty but the column is required."))
        elif check == "field_uniqueness":
            value = _raw_value(raw, row, column)
            first = _first_row(raw.frame, [column], row)
            out.append(Problem(fname, row, column, value,
                               f"значение повторяется (впервые в строке {first}); оно должно быть уникальным.",
                               f"duplicate value (first in row {first}); it must be unique."))
        elif check == "multiple_fields_uniqueness":
            if (check, row) in seen_rows:
                continue
            seen_rows.add((check, row))
            key = schema.metadata["key"]
            value = " / ".join(str(_raw_value(raw, row, k)) for k in key)
            first = _first_row(raw.frame, key, row)
            out.append(Problem(fname, row, "+".join(key), value,
                               f"такое сочетание ({', '.join(key)}) уже есть в строке {first}; оно должно быть уникальным.",
                               f"this combination ({', '.join(key)}) already appears in row {first}; it must be unique."))
        elif check in ROW_RULES:
            if (check, row) in seen_rows or row is None:
                continue
            seen_rows.add((check, row))
            rule = ROW_RULES[check]
            ru, en = rule.message(raw.frame.loc[row])
            out.append(Problem(fname, row, rule.column, _raw_value(raw, row, rule.column), ru, en))
        elif row is not None and column is not None:
            value = _raw_value(raw, row, column)
            ru, en = explain(str(check), value, schema.columns[column].metadata if column in schema.columns else {})
            out.append(Problem(fname, row, column, value, ru, en))
        else:
            out.append(Problem(fname, row, column, None if case is None else str(case),
                               f"проверка «{check}» не пройдена.", f"check '{check}' failed."))
    return out


def _raw_value(raw: RawTable, row, column):
    try:
        value = raw.frame.at[row, column]
    except KeyError:
        return None
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _first_row(frame: pd.DataFrame, key: list[str], row) -> int | None:
    if row is None:
        return None
    target = tuple(frame.loc[row, k] for k in key)
    for idx, values in zip(frame.index, zip(*(frame[k] for k in key))):
        if values == target:
            return int(idx)
    return None


# --- messages -------------------------------------------------------------------------


def _allowed_text(category: str, lang: str) -> str:
    return ", ".join(f"{code} ({labels.label(category, code, lang)})" for code in labels.codes(category))


def explain(key: str, value: str | None, meta: dict) -> tuple[str, str]:
    """(Russian, English) message saying what a cell should hold, for a check key."""
    kind, _, arg = key.partition(":")
    if kind == "slug":
        return ("ожидается идентификатор латиницей: буквы, цифры, «-», «_», «.», без пробелов.",
                "expected a Latin id: letters, digits, '-', '_', '.', no spaces.")
    if kind == "int":
        return "ожидается целое число.", "expected a whole number."
    if kind == "year":
        return "ожидается год от 1900 до 2100.", "expected a year between 1900 and 2100."
    if kind == "number":
        return ("ожидается число (например 42.87 или 42,87).", "expected a number (e.g. 42.87).")
    if kind == "range":
        lo, hi = key.split(":")[1:]
        return f"ожидается число от {lo} до {hi}.", f"expected a number between {lo} and {hi}."
    if kind == "bool":
        return "ожидается true или false.", "expected true or false."
    if kind in ("date", "partial_date"):
        return _date_message(kind, value)
    if kind == "url":
        return ("ожидается ссылка, начинающаяся с http:// или https://.", "expected a link starting with http:// or https://.")
    if kind == "path":
        return ("ожидается путь к файлу относительно папки data/, например sources/файл.txt.",
                "expected a file path relative to data/, e.g. sources/file.txt.")
    if kind == "iso2":
        return "ожидается код страны из двух заглавных латинских букв (KZ).", "expected a two-letter upper-case country code (KZ)."
    if kind == "iso3":
        return "ожидается код страны из трёх заглавных латинских букв (KAZ).", "expected a three-letter upper-case country code (KAZ)."
    if kind == "convention_id":
        return "ожидается id конвенции вида C87.", "expected a convention id like C87."
    if kind == "allowed":
        return (f"недопустимое значение; ожидается одно из: {_allowed_text(arg, 'ru')}.",
                f"value not allowed; expected one of: {_allowed_text(arg, 'en')}.")
    if kind == "allowed_list":
        bad = [m for m in split_list(value) if m not in labels.codes(arg)]
        return (f"неизвестные коды: {', '.join(bad)}; допустимы: {', '.join(labels.codes(arg))} (через «;»).",
                f"unknown codes: {', '.join(bad)}; allowed: {', '.join(labels.codes(arg))} (separated by ';').")
    return f"проверка «{key}» не пройдена.", f"check '{key}' failed."


def _date_message(kind: str, value: str | None) -> tuple[str, str]:
    pattern = FULL_DATE if kind == "date" else PARTIAL_DATE
    canonical = normalise_date(value) if value else value
    if canonical and (m := pattern.fullmatch(canonical)) and not is_real_date(*m.groups()):
        return ("такой даты нет в календаре.", "no such date in the calendar.")
    if kind == "date":
        return ("ожидается дата ГГГГ-ММ-ДД (или ДД.ММ.ГГГГ).", "expected a date YYYY-MM-DD (or DD.MM.YYYY).")
    return ("ожидается дата ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД (или ДД.ММ.ГГГГ, ММ.ГГГГ), либо unknown.",
            "expected a date YYYY, YYYY-MM or YYYY-MM-DD (or DD.MM.YYYY, MM.YYYY), or unknown.")


# --- references between tables --------------------------------------------------------


def _ids(result: Checked, target: str) -> set[str] | None:
    """The ids of table.column, or None when that table could not be read completely."""
    table, column = target.split(".")
    raw = result.raw.get(table)
    if raw is None or not raw.complete or column not in raw.frame.columns:
        return None
    return {v for v in raw.frame[column] if isinstance(v, str)}


def _check_references(name: str, result: Checked) -> None:
    import pandera.pandas as pa

    raw = result.raw[name]
    schema = SCHEMAS[name]
    columns: dict[str, pa.Column] = {}
    for col_name, col in schema.columns.items():
        target = col.metadata.get("ref")
        if not target or col_name not in raw.frame.columns:
            continue
        ids = _ids(result, target)
        if ids is None:
            continue
        if col.metadata["kind"] == "refs":
            check = Rule(f"refs:{target}",
                         lambda s, ids=ids: s.map(lambda v: all(m in ids for m in split_list(v))).astype(bool))
        else:
            check = Rule(f"ref:{target}", lambda s, ids=ids: s.isin(ids))
        columns[col_name] = pa.Column(None, nullable=True, checks=[check.pandera()], metadata={"ids": ids})
    rules = _cross_rules(name, result)
    if not columns and not rules:
        return
    ref_schema = pa.DataFrameSchema(columns, checks=[r.pandera() for r in rules], name=f"{name} (references)")
    try:
        ref_schema.validate(raw.frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        result.problems += _reference_problems(errors.failure_cases, name, raw, columns)


def _reference_problems(failures: pd.DataFrame, name: str, raw: RawTable, columns) -> list[Problem]:
    fname = f"{name}.csv"
    out = []
    seen = set()
    for rec in failures.itertuples(index=False):
        check, column, index = str(rec.check), rec.column, rec.index
        if index is None or pd.isna(index):
            continue
        row = int(index)
        if check in ROW_RULES:
            if (check, row) in seen:
                continue
            seen.add((check, row))
            rule = ROW_RULES[check]
            ru, en = rule.message(raw.frame.loc[row])
            out.append(Problem(fname, row, rule.column, _raw_value(raw, row, rule.column), ru, en))
            continue
        value = _raw_value(raw, row, column)
        target = check.split(":", 1)[1]
        table, key = target.split(".")
        if check.startswith("refs:"):
            ids = columns[column].metadata["ids"]
            missing = [m for m in split_list(value) if m not in ids]
            out.append(Problem(fname, row, column, value,
                               f"нет в {table}.csv (столбец {key}): {', '.join(missing)}.",
                               f"not in {table}.csv (column {key}): {', '.join(missing)}."))
        else:
            out.append(Problem(fname, row, column, value,
                               f"такого значения нет в {table}.csv (столбец {key}); добавьте строку туда или исправьте ссылку.",
                               f"no such value in {table}.csv (column {key}); add the row there or fix the reference."))
    return out


def _cross_rules(name: str, result: Checked) -> list[Rule]:
    """Rules that need another table (or the file system), built from what was read."""
    rules = []
    frames = {n: r.frame for n, r in result.raw.items()}
    if name == "demand_assessments" and "demands" in frames:
        adopted = dict(zip(frames["demands"]["id"], frames["demands"]["edition_year"]))

        def not_before(df, adopted=adopted):
            return pd.Series([not (isinstance(y, str) and isinstance(adopted.get(d), str)
                                   and y.isdigit() and adopted[d].isdigit()) or int(y) >= int(adopted[d])
                              for d, y in zip(df["demand_id"], df["year"])], index=df.index)
        rules.append(row_rule("assessed_before_adopted", "year", not_before,
                              lambda row, adopted=adopted: (
                                  f"оценка раньше принятия требования ({adopted.get(row['demand_id'])}).",
                                  f"assessed before the demand was adopted ({adopted.get(row['demand_id'])}).")))
    if name == "ilo_ratifications" and "countries" in frames:
        roles = dict(zip(frames["countries"]["iso2"], frames["countries"]["role"]))
        rules.append(row_rule("ratification_monitored", "country",
                              lambda df, roles=roles: df["country"].map(lambda c: c not in roles or roles[c] == "monitored"),
                              lambda row: ("ратификации ведутся только для стран мониторинга (role = monitored).",
                                           "ratifications are kept only for monitored countries (role = monitored).")))
    if name == "sources":
        data_dir = result.data_dir
        rules.append(row_rule("local_file_exists", "local_file",
                              lambda df, d=data_dir: df["local_file"].map(lambda p: not isinstance(p, str) or (d / p).is_file()),
                              lambda row, d=data_dir: (f"файла нет в папке данных ({d / str(row['local_file'])}).",
                                                       f"no such file in the data folder ({d / str(row['local_file'])}).")))
    return rules


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """One problem per cell (a bad format also fails its reference), then sorted."""
    out, cells = [], set()
    for p in problems:
        cell = (p.file, p.row, p.column)
        if p.row is not None and p.column is not None and cell in cells:
            continue
        cells.add(cell)
        out.append(p)
    order = {f"{n}.csv": i for i, n in enumerate(TABLES)}
    return sorted(out, key=lambda p: (order.get(p.file, -1), p.file, p.row or 0))


# --- translations ---------------------------------------------------------------------


def translation_gaps(data_dir: Path | str | None = None) -> list[Problem]:
    """Russian texts without their English counterpart: a cell `x_en` empty where `x_ru` is
    filled, and findings `{slug}.md` without `{slug}.en.md`. Warnings, not errors: the
    English edition shows the Russian original marked as awaiting translation."""
    from book.data.load import translation_pairs
    checked = check(data_dir)
    gaps = []
    for name in TABLES:
        raw = checked.raw.get(name)
        if raw is None:
            continue
        frame = raw.frame
        for ru, en in translation_pairs(list(SCHEMAS[name].columns)):
            if ru not in frame.columns:
                continue
            english = frame[en] if en in frame.columns else pd.Series(None, index=frame.index, dtype=object)
            for row, r, e in zip(frame.index, frame[ru], english):
                if isinstance(r, str) and r.strip() and not (isinstance(e, str) and e.strip()):
                    gaps.append(Problem(f"{name}.csv", int(row), en, None,
                                        f"нет английского перевода столбца {ru}; английский выпуск покажет русский текст с пометкой.",
                                        f"no English translation of {ru}; the English edition shows the Russian text, marked."))
    findings = checked.data_dir / "findings"
    for russian in sorted(findings.glob("*/*.md")):
        if russian.name.endswith(".en.md") or russian.name.startswith("README"):
            continue
        if not russian.with_name(russian.stem + ".en.md").exists():
            rel = russian.relative_to(checked.data_dir).as_posix()
            gaps.append(Problem(rel, None, None, None,
                                f"нет английского перевода ({russian.stem}.en.md); английский выпуск покажет русский текст с пометкой.",
                                f"no English translation ({russian.stem}.en.md); the English edition shows the Russian text, marked."))
    return gaps


# --- command line ---------------------------------------------------------------------


def run_cli(data_dir: str | None = None, lang: str = "ru") -> int:
    """`python -m book validate`: print every problem; 0 valid, 1 invalid, 2 wrong usage."""
    en = lang == "en"
    path = Path(data_dir) if data_dir else default_data_dir()
    if not path.is_dir():
        print(f"{path}: " + ("data folder not found (use --data DIR)." if en
                             else "папка с данными не найдена (укажите --data ПАПКА)."), file=sys.stderr)
        return 2
    try:
        problems = validate(path)
    except Exception as exc:  # a last guard: a message, never a traceback
        print(f"{path}: " + (f"internal error while checking ({type(exc).__name__}: {exc})." if en
                             else f"внутренняя ошибка при проверке ({type(exc).__name__}: {exc})."), file=sys.stderr)
        return 1
    if not problems:
        n = len(TABLES)
        print(f"{path}: all {n} tables are valid." if en else f"{path}: все {n} таблиц в порядке.")
        gaps = translation_gaps(path)
        for gap in gaps:
            print(("warning: " if en else "предупреждение: ") + gap.format(lang), file=sys.stderr)
        if gaps:
            print(f"{len(gaps)} text(s) await English translation (warnings; the report still builds)." if en else
                  f"Ждут перевода на английский: {len(gaps)} (предупреждения; отчёт собирается).", file=sys.stderr)
        return 0
    print(DataError(problems).format(lang))
    files = len({p.file for p in problems})
    print(f"{len(problems)} problem(s) in {files} file(s) in {path}." if en
          else f"Найдено проблем: {len(problems)} в файлах: {files} ({path}).", file=sys.stderr)
    return 1
