"""Stories about files as staff really save them: Excel in a Russian locale, broken and wrong files."""
import csv
import io

import pytest

from book.data import load, validate
from tests.test_data_validate import data, edit, one  # noqa: F401  (data is a fixture)


def resave(path, *, encoding="utf-8", delimiter=",", transform=None):
    """Write a table back the way a spreadsheet would: another encoding and delimiter."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    if transform:
        rows = transform(rows)
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def test_cp1251_semicolon_file_from_russian_excel_is_read(data):
    resave(data / "cases.csv", encoding="cp1251", delimiter=";")
    assert validate(data) == []
    assert load(data).cases.loc[0, "name_ru"] == "Тестовый Активист"


def test_utf8_with_bom_is_read(data):
    text = (data / "themes.csv").read_text(encoding="utf-8")
    (data / "themes.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert validate(data) == []
    assert list(load(data).themes.columns) == ["id", "name_ru", "name_en"]


def test_tab_separated_utf16_unicode_text_is_read(data):
    resave(data / "themes.csv", encoding="utf-16", delimiter="\t")
    assert validate(data) == []


def test_russian_dates_booleans_and_decimal_commas_are_converted(data):
    def russian_excel(rows):
        header = rows[0]
        for row in rows[1:]:
            for col in ("lat", "lon"):
                i = header.index(col)
                row[i] = row[i].replace(".", ",")
        return rows
    resave(data / "places.csv", encoding="cp1251", delimiter=";", transform=russian_excel)
    edit(data / "editions.csv", "2021-12-07", "07.12.2021")
    edit(data / "sources.csv", ",2023-11,", ",11.2023,")
    edit(data / "conventions.csv", ",true,", ",ИСТИНА,")
    ds = load(data)
    assert ds.editions.loc[0, "date"] == "2021-12-07"
    assert ds.sources.set_index("id").loc["test-resolution", "date"] == "2023-11"
    assert ds.conventions["fundamental"].dtype == bool and ds.conventions.loc[0, "fundamental"]
    assert ds.places.loc[0, "lat"] == pytest.approx(42.87)


def test_mojibake_from_a_wrong_reencoding_is_refused(data):
    # UTF-8 read as Windows-1251 and saved again: "Тестовый" becomes "РўРµСЃС‚РѕРІС‹Р№".
    garbled = "Тестовый профсоюз энергетиков".encode("utf-8").decode("cp1251")
    edit(data / "organisations.csv", "Тестовый профсоюз энергетиков", garbled)
    p = one(validate(data), "organisations.csv")
    assert (p.row, p.column, p.value) == (3, "name_ru", garbled)
    assert "кракозябры" in p.message_ru and "CSV UTF-8" in p.message_ru
    with pytest.raises(Exception) as err:
        load(data)
    assert "organisations.csv" in str(err.value)


def test_mojibake_read_as_latin1_is_refused(data):
    garbled = "Бишкек".encode("utf-8").decode("latin-1")  # "Ð\x91Ð¸Ñ\x88..."
    edit(data / "places.csv", "Бишкек", garbled)
    p = one(validate(data), "places.csv")
    assert p.column == "name_ru"


def test_partly_garbled_cell_is_refused(data):
    edit(data / "themes.csv", "Конвенции МОТ", "Конвенции МОТ и " + "мир".encode("utf-8").decode("cp1251"))
    p = one(validate(data), "themes.csv")
    assert p.column == "name_ru"


def test_real_russian_text_is_not_taken_for_mojibake(data):
    edit(data / "themes.csv", "Конвенции МОТ", "Сёмга; ООО «С» и «Р»; Рё")
    assert validate(data) == []


def test_empty_file(data):
    (data / "themes.csv").write_bytes(b"")
    p = one(validate(data), "themes.csv")
    assert p.row is None and "пуст" in p.message_ru and "empty" in p.message_en


def test_header_only_where_rows_are_required(data):
    (data / "themes.csv").write_text("id,name_ru,name_en\n", encoding="utf-8")
    problems = only_file(validate(data), "themes.csv")
    assert any("только строка заголовка" in p.message_ru for p in problems)


def test_header_only_is_fine_where_rows_are_optional(data):
    (data / "places.csv").write_text(
        "id,name_ru,name_en,country,lat,lon,kind,geonameid,mentioned_in,source_id\n", encoding="utf-8")
    assert validate(data) == []


def test_truncated_row(data):
    path = data / "themes.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n").rsplit(",", 1)[0] + "\n", encoding="utf-8")
    p = one(validate(data), "themes.csv")
    assert p.row == 4 and "обрезана" in p.message_ru and "cut off" in p.message_en


def test_unterminated_quote(data):
    edit(data / "demands.csv", '"Немедленно отменить все приговоры, вынесенные тестовым активистам."',
         '"Немедленно отменить все приговоры, вынесенные тестовым активистам.')
    problems = only_file(validate(data), "demands.csv")
    assert problems[0].row == 2 and "кавычка" in problems[0].message_ru


def test_row_with_an_unquoted_delimiter(data):
    edit(data / "themes.csv", "Конвенции МОТ", "Конвенции, МОТ")
    p = one(validate(data), "themes.csv")
    assert p.row == 4 and "кавычки" in p.message_ru


def test_binary_file_with_nul_bytes(data):
    (data / "themes.csv").write_bytes(b"id,name_ru\x00\x00\x01\x02")
    p = one(validate(data), "themes.csv")
    assert "двоичный" in p.message_ru and "CSV UTF-8" in p.message_ru


def test_xlsx_saved_with_a_csv_name(data):
    (data / "themes.csv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 20)
    p = one(validate(data), "themes.csv")
    assert "xlsx" in p.message_ru and "CSV UTF-8" in p.message_ru


def test_unknown_encoding_is_refused_with_how_to_save(data):
    text = (data / "themes.csv").read_text(encoding="utf-8")
    (data / "themes.csv").write_bytes(text.encode("koi8_r"))
    p = one(validate(data), "themes.csv")
    assert "кодировка" in p.message_ru and "CSV UTF-8" in p.message_ru


def test_missing_table(data):
    (data / "conventions.csv").unlink()
    problems = validate(data)
    p = one(problems, "conventions.csv")
    assert "не найден" in p.message_ru
    # ilo_ratifications refers to conventions: no flood of dangling references.
    assert only_file(problems, "ilo_ratifications.csv") == []


def only_file(problems, file):
    return [p for p in problems if p.file == file]
