"""What staff read while the report builds (progress, the closing table) and what the preview tells
a page — without building anything."""
import io
import json
from types import SimpleNamespace

import pytest

from book.publishing import feedback, pipeline, preview
from book.publishing.pipeline import BuildReport, done_line
from book.data import DataError, Problem


def test_a_log_gets_plain_lines_naming_the_pages_how_many_are_done_and_the_time(monkeypatch):
    monkeypatch.setattr("sys.stdout", io.StringIO())  # a log file, not a terminal
    progress = feedback.for_terminal("ru")
    assert type(progress) is feedback.Feedback
    lines = []
    progress.write = lines.append
    progress.pages_started(["kyrgyzstan", "overview"], workers=2)
    progress.page_done("kyrgyzstan", 4.25, ok=True)
    progress.page_done("overview", 9.0, ok=False)
    assert lines[0] == "Выполняются главы (2, параллельно до 2): kyrgyzstan, overview"
    assert lines[1].startswith("  [1/2] глава kyrgyzstan выполнена за 4,2 с (прошло ")
    assert lines[2].startswith("  [2/2] глава overview — ошибка")


def test_the_build_says_what_it_did_in_words_and_a_table_not_a_dict():
    report = BuildReport(2023, executed={"kyrgyzstan": 4.2}, reused=["index", "overview"], seconds=6.25)
    said = done_line(report, "ru")
    assert said == "Готово: выпуск 2023 собран за 6,2 с; выполнено глав: 1, из кэша: 2."
    assert "{" not in said
    assert done_line(report, "en") == "Done: edition 2023 built in 6.2 s; chapters executed: 1, reused: 2."
    lines = []
    feedback.Feedback("ru", write=lines.append).summary(report)
    assert lines[0].split() == ["Глава", "Как", "получена", "Секунды"]
    assert [l.split() for l in lines[1:]] == [["index", "из", "кэша", "—"], ["overview", "из", "кэша", "—"],
                                              ["kyrgyzstan", "выполнена", "4,2"]]


def test_a_served_page_carries_the_preview_client_and_its_state():
    state = preview.State(version="run-1", status="error", title="Данные содержат ошибки",
                          lines=["demands.csv, строка 3: </script>"])
    page = preview.inject("<html><head><title>t</title></head><body>x</body></html>", state)
    head = page.split("</head>")[0]
    assert '<script src="/__preview__/client.js" defer></script>' in head
    assert "<\\/script>" in head and "строка 3" in head  # data cannot close the script early


def _run_worker(tmp_path, fake_build):
    out = tmp_path / "result.json"
    args = SimpleNamespace(worker=str(out), year=None, data=None, out=str(tmp_path), lang="en", wait=False)
    preview.run_worker(args)
    return json.loads(out.read_text("utf-8"))


def test_a_bad_save_reaches_the_page_in_russian_with_file_row_and_column(tmp_path, monkeypatch):
    problem = Problem("demands.csv", 7, "status", "не выполнено", "неизвестный код", "unknown code")

    def broken(**_):
        raise DataError([problem])

    monkeypatch.setattr(pipeline, "build", broken)
    result = _run_worker(tmp_path, broken)
    assert result["ok"] is False and result["kind"] == "data"
    assert result["lines_ru"] == [problem.format("ru")]
    assert "строка 7" in result["lines_ru"][0] and "столбец status" in result["lines_ru"][0]
    assert result["lines"] == [problem.format("en")]  # the terminal follows --lang


def test_a_crashing_build_is_reported_not_raised(tmp_path, monkeypatch):
    def crash(**_):
        raise ValueError("half-written file")

    monkeypatch.setattr(pipeline, "build", crash)
    result = _run_worker(tmp_path, crash)
    assert result["ok"] is False and result["kind"] == "build"
    assert any("half-written file" in line for line in result["lines_ru"])


@pytest.mark.parametrize("argv", [["preview", "--port", "0", "--lang", "en", "--year", "2021"]])
def test_the_command_line_knows_preview(argv):
    from book.cli import _parser

    args = _parser().parse_args(argv)
    assert (args.command, args.port, args.lang, args.year) == ("preview", 0, "en", 2021)
