"""Staff preview the report while they edit: `python -m book preview` serves it, every save shows up in
the open page by itself, a broken save is explained over the last good page, the fix recovers it,
and Ctrl-C leaves nothing running."""
from __future__ import annotations

import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

import pytest

from book import ROOT
from tests.test_site_browser import require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DEMAND_ID = "2021-kg-1"                 # a demand to the government of Kyrgyzstan, on its page
DEMAND_START = "Создать условия для разумного"
FIRST_BUILD_S = 240                     # a cold build executes every chapter
REBUILD_S = 90                          # an incremental build after a save


class Preview:
    """The preview as a child process, its output read line by line."""

    def __init__(self, data, out):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "book", "preview", "--data", str(data), "--out", str(out), "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        self.lines: list[str] = []
        self._new: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line)

    def wait_for(self, pattern: str, timeout: float, since: int = 0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[since:]:
                if re.search(pattern, line):
                    return line
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r}; output:\n" + "\n".join(self.lines[-40:]))


def save(path, text: str) -> None:
    """Save as a spreadsheet program would: the whole file at once."""
    path.write_bytes(text.encode("utf-8"))


def wait_until(page, predicate, timeout: float) -> float:
    """Poll the open page (it may be reloading) until predicate(page) holds; return seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if predicate(page):
                return time.monotonic() - started
        except Exception:  # noqa: BLE001 - the page is between two loads
            pass
        page.wait_for_timeout(200)
    raise AssertionError(f"the page did not change within {timeout} s")


def body_text(page) -> str:
    return page.locator("article").first.inner_text()


def reloaded(page) -> bool:
    return page.evaluate("window.stillTheSameLoad === undefined")


def test_preview_shows_each_save_explains_a_broken_one_and_stops_cleanly(data_copy, tmp_path):
    require_chromium()
    import psutil
    from tests.browser import browser, visit

    demands = data_copy / "demands.csv"
    organisations = data_copy / "organisations.csv"
    original_demands = demands.read_text("utf-8")
    original_organisations = organisations.read_text("utf-8")
    assert DEMAND_START in original_demands

    preview = Preview(data_copy, tmp_path / "out")
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", preview.wait_for(r"http://127\.0\.0\.1:\d+/", 60)).group(0)
        preview.wait_for(r"^Готово", FIRST_BUILD_S)
        timings = []
        with browser() as b:
            page = visit(b, url + "chapters/kyrgyzstan.html").page
            assert DEMAND_START in body_text(page)

            # 1. Staff save an edit of a demand the page shows: it appears without reloading by hand.
            before = "разумного"
            for word in ("ИСПРАВЛЕННОГО", "разумного"):
                page.evaluate("window.stillTheSameLoad = true")
                save(demands, demands.read_text("utf-8").replace(f"условия для {before} ", f"условия для {word} ", 1))
                before = word
                timings.append(wait_until(page, lambda p: reloaded(p) and f"условия для {word} " in body_text(p),
                                          REBUILD_S))
                assert not page.locator("#book-preview-errors").count()

            # 2. A broken save: a column renamed. The problem is shown over the page, which stays.
            page.evaluate("window.stillTheSameLoad = true")
            since = len(preview.lines)
            save(organisations, original_organisations.replace("name_ru", "name_rus", 1))
            errors = page.locator("#book-preview-errors")
            wait_until(page, lambda p: errors.is_visible(), REBUILD_S)
            shown = errors.inner_text()
            assert "Данные содержат ошибки" in shown
            assert "organisations.csv, строка 1, столбец name_rus" in shown
            assert not reloaded(page), "a failed build must not replace the page"
            assert DEMAND_START in body_text(page)
            assert any("organisations.csv" in line for line in preview.lines[since:]), "the terminal says it too"

            # 3. Not a CSV at all (what Excel writes as .xlsx), saved in a burst of partial writes:
            #    one rebuild, an error, and the preview keeps running.
            since = len(preview.lines)
            with organisations.open("wb") as f:
                for chunk in (b"PK\x03\x04\x14\x00", b"\x00" * 400, b"xl/workbook.xml" * 20):
                    f.write(chunk)
                    f.flush()
                    time.sleep(0.05)
            wait_until(page, lambda p: "книга Excel" in errors.inner_text(), REBUILD_S)
            assert preview.proc.poll() is None
            assert len([l for l in preview.lines[since:] if l.startswith("Изменено")]) == 1, \
                "a burst of writes is one rebuild"

            # 4. The fix recovers by itself: the error goes, the page reloads.
            page.evaluate("window.stillTheSameLoad = true")
            save(organisations, original_organisations)
            timings.append(wait_until(page, lambda p: reloaded(p) and DEMAND_START in body_text(p), REBUILD_S))
            assert not page.locator("#book-preview-errors").count()
        print(f"\nsave -> page shows it: {', '.join(f'{t:.1f}' for t in timings)} s; "
              f"median {statistics.median(timings):.1f} s")

        # 5. Ctrl-C while a build runs (kernels up): everything it started goes away.
        since = len(preview.lines)
        save(demands, original_demands.replace(DEMAND_START, "Создать условия для ОСТАНОВЛЕННОГО"))
        preview.wait_for(r"^Выполняются главы", REBUILD_S, since)
        descendants = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            descendants = psutil.Process(preview.proc.pid).children(recursive=True)
            # A page's kernel: the stand-in of a kernel forked by the build's kernel server.
            if any("book.publishing.kernels connect" in " ".join(p.cmdline()) for p in descendants if p.is_running()):
                break
            time.sleep(0.2)
        assert descendants, "a build was running"
        preview.proc.send_signal(signal.SIGINT)
        assert preview.proc.wait(timeout=30) == 0
        preview.wait_for("Предпросмотр остановлен", 5)
        _, alive = psutil.wait_procs(descendants, timeout=10)
        left = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert left == [], f"left running: {[' '.join(p.cmdline()) for p in left]}"
    finally:
        if preview.proc.poll() is None:
            preview.proc.kill()
            preview.proc.wait()
