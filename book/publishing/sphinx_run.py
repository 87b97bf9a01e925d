"""Run Jupyter Book (Sphinx) on a staged book and turn its failures into readable messages."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from book.publishing.errors import BuildError

def jupyter_book(src: Path, work: Path, builder: str, write_all: bool = False) -> str:
    """`jupyter-book build` with warnings as errors; returns the log.

    `write_all` rewrites every page (when something all pages show changed, e.g. the PDF link)."""
    cmd = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(src),
        "--path-output", str(work), "--builder", builder, "-W", "--keep-going",
    ] + (["--all"] if write_all else [])
    root = str(Path(__file__).resolve().parents[2])  # so Sphinx can import book.publishing.sphinx_ext
    env = dict(os.environ, PYTHONWARNINGS="ignore",
               PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    log = proc.stdout + proc.stderr
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
