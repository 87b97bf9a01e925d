"""Stage one edition's book: a copy of the sources with the edition's config, findings and bibliography."""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

from book import ROOT
from book.build.fsutil import sync_tree, write_if_changed
from book.chapters import PAGES
from book.ru import long_date, roman

REPORT_TITLE = "Трудовые права в Центральной Азии"
PDF_STEM = "labour-rights-central-asia-{year}-ru"
MISSING_TEXT = "Текст выводов для этого выпуска ещё не подготовлен. Ниже приведены данные, собранные Миссией.\n"


def missing_findings(slug: str) -> str:
    """What a page shows where staff have not written the edition's findings yet."""
    # The front page has no sections of its own (see index.md); the others open with one.
    return MISSING_TEXT if slug == "index" else "## Выводы Миссии\n\n" + MISSING_TEXT
KIND_RU = {"coordination_meeting": "координационная встреча", "conference": "конференция"}
# The PDF's document information and catalog (what a reader's viewer shows and reads aloud).
PDF_LANG = "ru"  # BCP 47 code of the edition's language
PDF_SUBJECT = "Ежегодный доклад о мониторинге, {year}"
PDF_KEYWORDS = ["трудовые права", "профсоюзы", "Центральная Азия", "Казахстан", "Кыргызстан",
                "Таджикистан", "Туркменистан", "Узбекистан", "трудовые мигранты"]


def pdf_name(year: int) -> str:
    return PDF_STEM.format(year=year) + ".pdf"


def edition_info(ds, year: int) -> dict:
    row = ds.editions.set_index("year").loc[year]
    kind = KIND_RU.get(row["kind"], str(row["kind"]))
    return {
        "year": year,
        "number": int(row["number"]),
        "meeting": f"{roman(int(row['number']))} {kind} Международной мониторинговой миссии по трудовым правам в Центральной Азии",
        "city": row["city_ru"],
        "date": long_date(row["date"]),
    }


def _latex_escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                 ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")):
        text = text.replace(a, b)
    return text


def _title_page(info: dict) -> str:
    e = {k: _latex_escape(str(v)) for k, v in info.items()}
    return rf"""
\begin{{titlepage}}
\centering
\vspace*{{3cm}}
{{\Huge\bfseries {_latex_escape(REPORT_TITLE)}\par}}
\vspace{{1cm}}
{{\LARGE Ежегодный доклад о мониторинге, {e['year']}\par}}
\vspace{{2.5cm}}
{{\large {e['meeting']}\par}}
\vspace{{0.8cm}}
{{\large {e['city']}, {e['date']}\par}}
\vfill
{{\large Международная мониторинговая миссия по трудовым правам в Центральной Азии\par}}
\vspace{{1cm}}
\end{{titlepage}}
"""


def _pdf_metadata(title: str, author: str, year: int, lang: str = PDF_LANG) -> str:
    """hyperref options that fill the PDF's Title, Author, Subject, Keywords and language
    and make viewers show the title rather than the file name. Sphinx sets Title and
    Author in its own \\maketitle, which the report's title page replaces."""
    def value(text: str) -> str:
        return "{" + _latex_escape(text) + "}"
    options = {
        "pdftitle": value(title),
        "pdfauthor": value(author),
        "pdfsubject": value(PDF_SUBJECT.format(year=year)),
        "pdfkeywords": value(", ".join(PDF_KEYWORDS)),
        "pdflang": lang,
        "pdfdisplaydoctitle": "true",
    }
    return r"\PassOptionsToPackage{" + ",".join(f"{k}={v}" for k, v in options.items()) + "}{hyperref}"


def staged_config(ds, year: int, cache_dir: Path, root: Path = ROOT) -> dict:
    cfg = yaml.safe_load((root / "_config.yml").read_text("utf-8"))
    cfg = copy.deepcopy(cfg)
    info = edition_info(ds, year)
    cfg["title"] = f"{REPORT_TITLE} · {year}"
    cfg["execute"]["cache"] = str(cache_dir)
    cfg.setdefault("sphinx", {}).setdefault("extra_extensions", []).append("book.build.sphinx_ext")
    sphinx_cfg = cfg["sphinx"].setdefault("config", {})
    sphinx_cfg["today"] = info["date"]
    sphinx_cfg["html_context"] = {"pdf_file": pdf_name(year), "edition_year": year}
    sphinx_cfg["templates_path"] = ["_templates"]
    sphinx_cfg["html_sidebars"] = {
        "**": ["navbar-logo.html", "icon-links.html", "search-button-field.html", "sbt-sidebar-nav.html", "pdf-download.html"]
    }
    # Vendored map assets are served from _static/vendor/ but must not be linked from every
    # page (Jupyter Book links every .js/.css under _static/), so they travel as "extra" files.
    sphinx_cfg["html_extra_path"] = ["_extra"]
    sphinx_cfg["latex_elements"] = {
        "papersize": "a4paper",
        "extraclassoptions": "openany",  # chapters start on the next page, not the next right-hand one
        "pointsize": "11pt",
        "maketitle": _title_page(info),
        "releasename": "",
        "figure_align": "H",
        "passoptionstopackages": _pdf_metadata(cfg["title"], cfg["author"], year),
        # Sphinx names the contents after the first toctree caption («Обзор»): put it back.
        "preamble": r"\usepackage{float}\setcounter{tocdepth}{1}"
                    r"\addto\captionsrussian{\renewcommand{\contentsname}{Содержание}}",
    }
    cfg.setdefault("latex", {})["latex_documents"] = {"targetname": "book.tex"}
    return cfg


def write_bibliography(ds) -> str:
    """references.bib from sources.csv: one @misc entry per source."""
    def field(value) -> str:
        text = "" if value is None else str(value)
        if text in ("nan", "<NA>", "None"):
            return ""
        return text.replace("\\", "").replace("{", "(").replace("}", ")").replace("&", r"\&").replace("%", r"\%")

    entries = []
    for row in ds.sources.to_dict("records"):
        year = field(row.get("date"))[:4]
        lines = [f"@misc{{{row['id']},"]
        # Double braces: BibTeX styles would otherwise lower-case the title («центральной азии»).
        lines.append(f"  title = {{{{{field(row.get('title'))}}}}},")
        if field(row.get("publisher")):
            lines.append(f"  author = {{{{{field(row.get('publisher'))}}}}},")
        if year.isdigit():
            lines.append(f"  year = {{{year}}},")
        if field(row.get("url")):
            lines.append(f"  url = {{{field(row.get('url'))}}},")
        if field(row.get("accessed")):
            lines.append(f"  urldate = {{{field(row.get('accessed'))}}},")
        lines.append("}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def stage(ds, year: int, src: Path, cache_dir: Path, data_dir: Path, root: Path = ROOT) -> None:
    """Write the staged book for `year` into `src` (only files that changed are rewritten)."""
    src.mkdir(parents=True, exist_ok=True)
    write_if_changed(src / "_config.yml", yaml.safe_dump(staged_config(ds, year, cache_dir, root), allow_unicode=True, sort_keys=False))
    write_if_changed(src / "_toc.yml", (root / "_toc.yml").read_bytes())
    write_if_changed(src / "references.bib", write_bibliography(ds))
    for page in PAGES:
        write_if_changed(src / f"{page.path}.md", (root / f"{page.path}.md").read_bytes())
    # Findings of this edition, with a plain placeholder where staff have not written one.
    findings_src = Path(data_dir) / "findings" / str(year)
    for page in PAGES:
        if page.findings:
            f = findings_src / f"{page.slug}.md"
            write_if_changed(src / "findings" / f"{page.slug}.md", f.read_bytes() if f.exists() else missing_findings(page.slug))
    sync_tree(root / "_static", src / "_static", ignore=("generated", "vendor"))
    sync_tree(root / "_templates", src / "_templates")
    sync_tree(root / "_static" / "vendor", src / "_extra" / "_static" / "vendor")

