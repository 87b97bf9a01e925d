"""What a build tells the person running it: steps, which pages run, how many are done, time so far,
and a closing table. A live progress display (rich) in a terminal; plain lines in logs and CI."""
from __future__ import annotations

import os
import sys
import time

WORDS = {
    "validate": ("Проверка данных", "Checking the data"),
    "validated": ("Данные в порядке", "The data is valid"),
    "pages": ("Выполняются главы ({n}, параллельно до {w}): {names}",
              "Executing chapters ({n}, up to {w} at a time): {names}"),
    "page_done": ("глава {slug} выполнена за {s}", "chapter {slug} executed in {s}"),
    "page_failed": ("глава {slug} — ошибка", "chapter {slug} failed"),
    "running": ("сейчас: {names}", "now: {names}"),
    "chapters": ("Главы", "Chapters"),
    "html": ("Сборка страниц сайта (Sphinx)", "Building the site's pages (Sphinx)"),
    "pdf": ("Сборка PDF (XeLaTeX)", "Building the PDF (XeLaTeX)"),
    "done_step": ("{what}: {s}", "{what}: {s}"),
    "total": ("прошло {s}", "{s} so far"),
    "page": ("Глава", "Chapter"),
    "how": ("Как получена", "How"),
    "seconds": ("Секунды", "Seconds"),
    "executed": ("выполнена", "executed"),
    "reused": ("из кэша", "reused"),
    "stale": ("из прошлой сборки (может быть устаревшей)", "from an earlier build (may be stale)"),
}


def words(key: str, lang: str, **kw) -> str:
    ru, en = WORDS[key]
    return (en if lang == "en" else ru).format(**kw)


def seconds(value: float, lang: str = "ru") -> str:
    """8.1 -> '8,1 с' (Russian decimal comma) or '8.1 s'."""
    text = f"{value:.1f}"
    return f"{text} s" if lang == "en" else f"{text.replace('.', ',')} с"


class Feedback:
    """Plain lines, one per event: for logs, CI and anything that is not a terminal.

    `build()` calls step()/step_done() around its phases and pages_started()/page_done()
    around chapter execution; `note()` carries any other message."""

    def __init__(self, lang: str = "ru", write=print):
        self.lang = lang
        self.write = write
        self.started = time.perf_counter()
        self._step_started = {}

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def note(self, ru: str, en: str | None = None) -> None:
        self.write(en if self.lang == "en" and en else ru)

    def step(self, key: str) -> None:
        self._step_started[key] = time.perf_counter()
        self.write(words(key, self.lang) + "…")

    def step_done(self, key: str) -> None:
        took = time.perf_counter() - self._step_started.pop(key, time.perf_counter())
        self.write(words("done_step", self.lang, what=words(key, self.lang), s=seconds(took, self.lang)))

    def pages_started(self, slugs: list[str], workers: int) -> None:
        self._pages = list(slugs)
        self._done = []
        self.write(words("pages", self.lang, n=len(slugs), w=min(workers, len(slugs)), names=", ".join(slugs)))

    def page_done(self, slug: str, took: float, ok: bool) -> None:
        self._done.append(slug)
        what = (words("page_done", self.lang, slug=slug, s=seconds(took, self.lang)) if ok
                else words("page_failed", self.lang, slug=slug))
        self.write(f"  [{len(self._done)}/{len(self._pages)}] {what} "
                   f"({words('total', self.lang, s=seconds(self.elapsed(), self.lang))})")

    def pages_finished(self) -> None:
        pass

    def close(self) -> None:
        pass

    def summary(self, report) -> None:
        """The closing table: page, executed or reused, seconds."""
        rows = summary_rows(report, self.lang)
        head = (words("page", self.lang), words("how", self.lang), words("seconds", self.lang))
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
        line = lambda r: f"  {r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}".rstrip()
        self.write(line(head))
        for r in rows:
            self.write(line(r))


def summary_rows(report, lang: str) -> list[tuple[str, str, str]]:
    """One row per page, in the report's reading order (report.pages: the pages the build
    made from the data; without them, the fixed pages in their places and the others, the
    country chapters, between them)."""
    from book.chapters import reading_order

    order = list(getattr(report, "pages", None) or [])
    order += reading_order([s for s in [*report.executed, *report.stale_warnings, *report.reused] if s not in order])
    rows = []
    for slug in order:
        if slug in report.executed:
            value = f"{report.executed[slug]:.1f}"
            rows.append((slug, words("executed", lang), value if lang == "en" else value.replace(".", ",")))
        elif slug in report.stale_warnings:
            rows.append((slug, words("stale", lang), "—"))
        elif slug in report.reused:
            rows.append((slug, words("reused", lang), "—"))
    return rows


class LiveFeedback(Feedback):
    """A live display in a terminal: a spinner per step and a bar for the chapters (rich)."""

    def __init__(self, lang: str = "ru"):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn)

        self.console = Console(highlight=False, markup=False)
        super().__init__(lang, write=self.console.print)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=self.console, transient=False,
        )
        self.progress.start()
        self._tasks = {}

    def note(self, ru: str, en: str | None = None) -> None:
        self.progress.console.print(en if self.lang == "en" and en else ru)

    def step(self, key: str) -> None:
        self._step_started[key] = time.perf_counter()
        self._tasks[key] = self.progress.add_task(words(key, self.lang), total=1)

    def step_done(self, key: str) -> None:
        self._step_started.pop(key, None)
        task = self._tasks.pop(key, None)
        if task is not None:
            self.progress.update(task, completed=1)
            self.progress.stop_task(task)

    def pages_started(self, slugs: list[str], workers: int) -> None:
        self._pages, self._done, self._workers = list(slugs), [], workers
        self._chapters = self.progress.add_task(self._describe(), total=len(slugs))

    def _describe(self) -> str:
        waiting = [s for s in self._pages if s not in self._done]
        now = waiting[: self._workers]  # the pool takes pages in order, `workers` at a time
        label = words("chapters", self.lang)
        return f"{label} — {words('running', self.lang, names=', '.join(now))}" if now else label

    def page_done(self, slug: str, took: float, ok: bool) -> None:
        self._done.append(slug)
        self.progress.update(self._chapters, advance=1, description=self._describe())
        what = (words("page_done", self.lang, slug=slug, s=seconds(took, self.lang)) if ok
                else words("page_failed", self.lang, slug=slug))
        self.progress.console.print(f"  {what}")

    def pages_finished(self) -> None:
        self.progress.stop_task(self._chapters)

    def close(self) -> None:
        self.progress.stop()

    def summary(self, report) -> None:
        from rich.table import Table

        table = Table(box=None, padding=(0, 2))
        table.add_column(words("page", self.lang))
        table.add_column(words("how", self.lang))
        table.add_column(words("seconds", self.lang), justify="right")
        for row in summary_rows(report, self.lang):
            table.add_row(*row, style=None if row[1] == words("executed", self.lang) else "dim")
        self.console.print(table)


def interactive(stream=None) -> bool:
    """A person watches this terminal (not a log file, a pipe or CI)."""
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI") \
        and os.environ.get("TERM") != "dumb"


def for_terminal(lang: str = "ru") -> Feedback:
    return LiveFeedback(lang) if interactive() else Feedback(lang)
