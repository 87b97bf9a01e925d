"""Run Jupyter Book (Sphinx) on a staged book and turn its failures into readable messages.

Importing Sphinx, Jupyter Book, MyST-NB, the theme and the extensions (0.8 s), creating the
Sphinx application (0.3 s) and compiling what every build compiles (0.3 s) cost more than the
work of an incremental build (about 1 s). So a build starts its Jupyter Book processes ahead
(`SphinxProcesses`): each imports everything while the pages execute, then waits for its
command line on stdin; given it, it creates its Sphinx application and waits for "go" to
build. Each build still runs in a process of its own.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from book.publishing.errors import BuildError

# Jupyter Book's own extensions and ours: what a build imports before it reads a page.
PRELOAD = ("jupyter_book.cli.main", "jupyter_book.sphinx", "sphinx.application", "sphinx.builders.html",
           "sphinx.builders.latex", "myst_nb.sphinx_ext", "sphinx_book_theme", "pydata_sphinx_theme",
           "sphinx_togglebutton", "sphinx_copybutton", "sphinx_thebe", "sphinx_comments",
           "sphinx_external_toc", "sphinx_design", "sphinxext.opengraph", "sphinxcontrib.bibtex",
           "sphinx_sitemap", "sphinx_multitoc_numbering", "book.publishing.sphinx_ext")


GO = "go"  # the word that starts a prepared build


def _env() -> dict:
    root = str(Path(__file__).resolve().parents[2])  # so Sphinx can import book.publishing.sphinx_ext
    return dict(os.environ, PYTHONWARNINGS="ignore",
                PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))


def _start() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "book.publishing.sphinx_run"], env=_env(), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


class SphinxProcesses:
    """Jupyter Book processes started now, to be used later, one per `jupyter_book()` call
    (a context manager: those not used are stopped).

    A process told its command line early (`prepare`) goes on to create its Sphinx
    application (configuration, extensions, the saved environment, the builder) and waits
    for the word to build: that work is done while the pages still execute."""

    def __init__(self, count: int = 0):
        self.waiting = [_start() for _ in range(count)]
        self.told: dict[int, list[str]] = {}  # pid -> the command line it was given

    def expect(self, count: int) -> None:
        """Have exactly `count` processes waiting: start more, or stop those not needed."""
        while len(self.waiting) < count:
            self.waiting.append(_start())
        while len(self.waiting) > count:
            proc = self.waiting.pop()
            self.told.pop(proc.pid, None)
            proc.kill()
            proc.communicate()

    def prepare(self, args: list[str]) -> None:
        """Give a waiting process its command line now (its build starts at `take`)."""
        for proc in self.waiting:
            if proc.pid not in self.told:
                self._tell(proc, args)
                return

    def take(self, args: list[str]) -> subprocess.Popen:
        """A process that builds `args` once it hears "go"."""
        told = [p for p in self.waiting if self.told.get(p.pid) == args]
        free = [p for p in self.waiting if p.pid not in self.told]
        proc = told[0] if told else free[0] if free else _start()
        if not told:
            self._tell(proc, args)
        if proc in self.waiting:
            self.waiting.remove(proc)
        self.told.pop(proc.pid, None)
        return proc

    def _tell(self, proc: subprocess.Popen, args: list[str]) -> None:
        self.told[proc.pid] = args
        try:
            proc.stdin.write(json.dumps(args) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:  # it failed already: `jupyter_book` reports its log
            pass

    def close(self) -> None:
        self.expect(0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def build_args(src: Path, work: Path, builder: str, write_all: bool = False) -> list[str]:
    """`jupyter-book build`'s command line, with warnings as errors.

    `write_all` rewrites every page (when something all pages show changed, e.g. the PDF link)."""
    return ["build", str(src), "--path-output", str(work), "--builder", builder, "-W", "--keep-going"] + (
        ["--all"] if write_all else [])


def jupyter_book(src: Path, work: Path, builder: str, write_all: bool = False,
                 processes: SphinxProcesses | None = None) -> str:
    """`jupyter-book build` (see `build_args`); returns the log.

    `processes` gives a process that has imported everything already, and has perhaps
    created its Sphinx application for this very command line (`SphinxProcesses.prepare`)."""
    args = build_args(src, work, builder, write_all)
    processes = processes or SphinxProcesses()
    proc = processes.take(args)
    log, _ = proc.communicate(GO + "\n")
    (work / f"sphinx-{builder}.log").write_text(log, "utf-8")
    if proc.returncode != 0:
        problems = [line for line in log.splitlines() if re.search(r"WARNING|ERROR|Error|Exception", line)]
        detail = "\n".join(problems[-20:]) or log[-3000:]
        raise BuildError(
            f"Сборка страниц ({builder}) не удалась. Опубликованный отчёт не изменён. "
            f"Полный журнал: {work / f'sphinx-{builder}.log'}\n{detail}",
            f"Page build ({builder}) failed. The published report is unchanged. "
            f"Full log: {work / f'sphinx-{builder}.log'}\n{detail}",
        )
    executed = [line for line in log.splitlines() if "Executing notebook" in line]
    if executed:  # the execution cache should have made this impossible
        raise BuildError(
            "Sphinx попытался выполнить главу сам (кэш выполнения не совпал):\n" + "\n".join(executed),
            "Sphinx tried to execute a chapter itself (execution cache mismatch):\n" + "\n".join(executed),
        )
    return log


def latex_pdf(latex_dir: Path) -> Path:
    """Compile the Sphinx LaTeX output with latexmk/XeLaTeX; return the PDF path."""
    env = dict(os.environ, LATEXMKOPTS="-silent -interaction=nonstopmode -halt-on-error")
    proc = subprocess.run(["make", "-C", str(latex_dir), "all-pdf"], capture_output=True, text=True, env=env)
    log = proc.stdout + proc.stderr
    (latex_dir / "make-pdf.log").write_text(log, "utf-8")
    pdf = latex_dir / "book.pdf"
    if proc.returncode != 0 or not pdf.exists():
        lines = [l for l in log.splitlines() if l.startswith("!") or "Error" in l]
        raise BuildError(
            "Сборка PDF (XeLaTeX) не удалась. Опубликованный PDF не изменён. "
            f"Журнал: {latex_dir / 'make-pdf.log'}\n" + "\n".join(lines[-15:]),
            "PDF build (XeLaTeX) failed. The published PDF is unchanged. "
            f"Log: {latex_dir / 'make-pdf.log'}\n" + "\n".join(lines[-15:]),
        )
    return pdf


def _compile_once() -> None:
    """What a build compiles at first use, once per process, whatever it builds: nbformat's
    notebook schema (MyST-NB reads every page's notebook; 0.1–0.2 s) and soupsieve's CSS
    tokenizer (the theme selects in every page's navigation; 0.1 s). Done while pages run."""
    import soupsieve

    from book.publishing.execute import compile_notebook_schema

    compile_notebook_schema()
    soupsieve.compile("nav.toc > ul li.current a[href]")


def _serve() -> None:
    """A Jupyter Book process: import everything, then build what stdin says."""
    import importlib
    import warnings

    warnings.simplefilter("ignore")
    # Started early, needed last: the pages' kernels come first when cores are short.
    os.nice(5)
    # sphinxext-opengraph imports its social-card module, and with it matplotlib (0.85 s), even
    # with the cards turned off (_config.yml: ogp_social_cards enable false); without that
    # module it goes on without cards, as it does where matplotlib is not installed.
    sys.modules.setdefault("sphinxext.opengraph._social_cards", None)
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # opengraph's note that it makes no cards
        for name in PRELOAD:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    _compile_once()
    line = sys.stdin.readline()
    if not line.strip():
        sys.exit(0)  # not needed after all
    from jupyter_book.cli.main import main
    from sphinx.application import Sphinx

    build = Sphinx.build

    def build_on_go(app, *args, **kwargs):
        # The application exists (configuration, extensions, saved environment, builder):
        # what is left depends on the pages, which may still be executing.
        if sys.stdin.readline().strip() != GO:
            sys.exit(0)  # not needed after all (a page failed, say)
        return build(app, *args, **kwargs)

    Sphinx.build = build_on_go
    sys.argv = ["jupyter-book", *json.loads(line)]
    main()


if __name__ == "__main__":
    _serve()
