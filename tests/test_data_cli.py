"""`python -m book validate`: what a staff member sees in the terminal, and the exit codes."""
import os
import subprocess
import sys

from book import ROOT
from tests.test_data_validate import MIN, data, edit  # noqa: F401  (data is a fixture)


def run(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "book", "validate", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_valid_data_exits_0():
    r = run("--data", str(MIN))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "в порядке" in r.stdout


def test_invalid_data_exits_1_and_prints_one_problem_a_line_in_russian(data):
    edit(data / "editions.csv", "2021-12-07", "2021-02-31")
    edit(data / "demand_assessments.csv", "not_implemented", "not_done")
    r = run("--data", str(data))
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert lines == [
        "editions.csv, строка 2, столбец date: значение «2021-02-31» — такой даты нет в календаре.",
        "demand_assessments.csv, строка 2, столбец status: значение «not_done» — недопустимое значение; "
        "ожидается одно из: not_implemented (не выполнено), partly_implemented (выполнено частично), "
        "implemented (выполнено), not_assessed (не оценивалось).",
    ]
    assert "Traceback" not in r.stdout + r.stderr


def test_lang_en(data):
    edit(data / "editions.csv", "2021-12-07", "2021-02-31")
    r = run("--data", str(data), "--lang", "en")
    assert r.returncode == 1
    assert r.stdout.strip() == "editions.csv, row 2, column date: value «2021-02-31» — no such date in the calendar."


def test_missing_data_dir_is_wrong_usage_exit_2(tmp_path):
    r = run("--data", str(tmp_path / "nowhere"))
    assert r.returncode == 2
    assert "не найдена" in r.stderr and "Traceback" not in r.stderr


def test_unknown_option_is_wrong_usage_exit_2():
    assert run("--colour").returncode == 2


def test_a_binary_table_gives_a_message_not_a_traceback(data):
    (data / "cases.csv").write_bytes(bytes(range(256)))
    r = run("--data", str(data))
    assert r.returncode == 1
    assert r.stdout.startswith("cases.csv: ")
    assert "Traceback" not in r.stdout + r.stderr
