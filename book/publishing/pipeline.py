"""`python -m book build`: validate, stage, execute what changed (in parallel), build, publish atomically."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from book import DATA_DIR, ROOT, memo
from book.publishing import downloads
from book.publishing.errors import BuildError
from book.publishing.execute import (Job, PageCache, code_fingerprint, compile_notebook_schema, page_key,
                                     raise_on_failures, run_jobs)
from book.publishing.kernels import KernelServer, plan
from book.publishing.feedback import Feedback, for_terminal, seconds
from book.publishing.fsutil import replace_dir, sha256_bytes, write_if_changed
from book.publishing.sphinx_run import SphinxProcesses, build_args, jupyter_book, latex_pdf
from book.publishing.stage import OG_IMAGE, pdf_name, stage, translation_coverage
from book.chapters import LANGUAGES, by_slug, pages
from book.data.validate import CHECKED_ENV, data_digest
from book.i18n import tr, using


class UsageError(BuildError):
    """Wrong usage (exit code 2)."""


@dataclass
class BuildReport:
    year: int
    lang: str = "ru"
    executed: dict = field(default_factory=dict)  # slug -> seconds
    reused: list = field(default_factory=list)
    stale_warnings: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)  # pages whose findings show the Russian original
    html: Path | None = None
    pdf: Path | None = None
    seconds: float = 0.0
    phases: dict = field(default_factory=dict)  # phase -> seconds (validate, execute, pdf, html)
    pages: list = field(default_factory=list)   # every page's slug in reading order (from the data)


def _resolve_data(data) -> Path:
    data_dir = Path(data or os.environ.get("BOOK_DATA") or DATA_DIR).resolve()
    if not data_dir.is_dir():
        raise UsageError(f"Папка с данными не найдена: {data_dir}", f"Data folder not found: {data_dir}")
    return data_dir


class WarmProcesses:
    """The processes a build starts before it needs them (a context manager that stops them):
    the kernel server imports the pages' libraries, and one Jupyter Book process per format
    imports Sphinx and its extensions, while the build validates and stages. The preview
    starts them for its next build as soon as one is over."""

    def __init__(self, fmt: str = "html", sphinx_now: bool = True):
        self.kernels = KernelServer(_kernel_env())
        # Otherwise Jupyter Book starts once the build knows which formats changed.
        self.sphinx = SphinxProcesses((2 if fmt == "all" else 1) if sphinx_now else 0)

    def close(self) -> None:
        self.kernels.close()
        self.sphinx.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def build(year=None, data=None, out=None, fmt="html", chapter=None, jobs=None, force=False, log=print,
          source_root: Path = ROOT, lang: str = "ru", progress: Feedback | None = None,
          publication: dict | None = None, warm: WarmProcesses | None = None) -> BuildReport:
    """Build one edition in one language. `source_root` holds the pages and configuration
    (the repo; tests use a copy).

    `progress` hears what the build is doing (book.publishing.feedback); by default, plain lines to `log`.
    `publication` (book.publishing.publish) places the edition among the others: switchers, notice, URLs.
    `warm`: processes started earlier for this build (it stops them); by default, started now."""
    if lang not in LANGUAGES:
        raise UsageError(f"Нет языка «{lang}». Есть: {', '.join(LANGUAGES)}",
                         f"No language '{lang}'. Available: {', '.join(LANGUAGES)}")
    with using(lang), (warm or WarmProcesses(fmt, sphinx_now=False)) as warm:
        return _build(year, data, out, fmt, chapter, jobs, force, log, source_root, lang, progress, publication,
                      warm)


def _kernel_env() -> dict:
    """What every page's kernel (and the server it is forked from) runs with."""
    # A fixed hash seed: the same inputs pickle the same way in every kernel (book/memo.py's keys).
    return {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _page_env(data_dir: Path, year, lang: str) -> dict:
    """The environment a page's kernel runs in."""
    return {"BOOK_YEAR": str(year or ""), "BOOK_DATA": str(data_dir), "BOOK_LANG": lang, **_kernel_env()}


def _build(year, data, out, fmt, chapter, jobs, force, log, source_root, lang, progress, publication,
           warm) -> BuildReport:
    from book.data import load

    progress = progress or Feedback(lang=lang, write=log)
    kernels, sphinx = warm.kernels, warm.sphinx
    started = time.perf_counter()
    data_dir = _resolve_data(data)
    out = Path(out or ROOT / "_build").resolve()

    mark = time.perf_counter()
    progress.step("validate")
    digest = data_digest(data_dir)
    ds = load(data_dir)  # validates first: DataError lists every problem, nothing is touched
    # The pages need not check the same files again (a file saved meanwhile is checked anew).
    checked = {CHECKED_ENV: digest} if data_digest(data_dir) == digest else {}
    progress.step_done("validate")
    page_list = pages(ds.countries)  # the country chapters come from the data
    slugs = by_slug(page_list)
    if chapter and chapter not in slugs:
        raise UsageError(
            f"Нет главы «{chapter}». Есть: {', '.join(slugs)}",
            f"No chapter '{chapter}'. Available: {', '.join(slugs)}",
        )
    years = sorted(int(y) for y in ds.editions["year"])
    year = int(year or ds.latest_year())
    if year not in years:
        raise UsageError(
            f"Нет выпуска {year} в editions.csv. Есть: {', '.join(map(str, years))}",
            f"No edition {year} in editions.csv. Available: {', '.join(map(str, years))}",
        )
    report = BuildReport(year, lang, pages=list(slugs))
    report.phases["validate+load"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()

    # One staging book and execution cache per language and edition: an English build never
    # sees outputs executed for Russian (jupyter-cache does not key on the environment).
    work = out / ".work" / lang / str(year)
    src, cache_dir = work / "src", work / "cache"
    pdf_file = out / "pdf" / pdf_name(year, lang)
    pdf_key_file = pdf_file.with_name(pdf_file.name + ".key")

    # 1. Stage the edition's book (unchanged files keep their mtimes).
    stage(ds, year, src, cache_dir, data_dir, Path(source_root), lang, publication)
    coverage = translation_coverage(data_dir, year, lang, page_list)
    report.untranslated = [slug for slug, done in coverage.items() if not done]
    if lang == "en":
        done = len(coverage) - len(report.untranslated)
        pending = f"; shown in Russian, awaiting translation: {', '.join(report.untranslated)}" if report.untranslated else "."
        progress.note(f"Перевод выводов: {done} из {len(coverage)} страниц" + pending,
                      f"Translation of the findings: {done} of {len(coverage)} pages" + pending)
    code_fp = code_fingerprint(Path(source_root))
    # The downloads (zips of the tables) change only with the data files, the code or the edition.
    downloads_key = sha256_bytes(f"{digest} {year} {lang} {code_fp}".encode())
    downloads_key_file = work / "downloads-key"
    if not (downloads_key_file.exists() and downloads_key_file.read_text() == downloads_key
            and (src / "_static" / "generated" / "data").is_dir()):
        # What this edition could know (Dataset.as_of): an edit to a later edition leaves its zips alone.
        for rel, blob in downloads.build_downloads(ds.as_of(year), year, data_dir, lang, page_list).items():
            write_if_changed(src / "_static" / "generated" / rel, blob)
        downloads_key_file.write_text(downloads_key)
    if publication and publication.get("base_url"):
        from book.maps import regional_map
        write_if_changed(src / OG_IMAGE, regional_map(ds.localised(lang), year).png)

    # 2. Execute the pages whose inputs changed.
    cache = PageCache(cache_dir)
    keys, todo = {}, []
    # Figures drawn from the same inputs are reused across pages, languages and builds (book/memo.py).
    env = {**_page_env(data_dir, year, lang), **kernels.env, **checked, memo.ENV: str(out / ".work" / "figures")}
    for page in page_list:
        staged = src / f"{page.path}.md"
        keys[page.slug] = page_key(page, staged.read_text("utf-8"), ds, year, code_fp, lang)
        fresh = not force and cache.is_fresh(page.slug, keys[page.slug], staged)
        if fresh:
            report.reused.append(page.slug)
            continue
        has_any = page.slug in cache.keys
        if chapter and page.slug != chapter and has_any:
            report.stale_warnings.append(page.slug)
            report.reused.append(page.slug)
            continue
        todo.append((page, staged))
    # What else must be made, known before any page runs: the Jupyter Book processes for it
    # import Sphinx while the pages execute; a format that has not changed needs none.
    edition_key = sha256_bytes(json.dumps([keys, _tree_hash(src)], sort_keys=True).encode())
    pdf_current = pdf_file.exists() and pdf_key_file.exists() and pdf_key_file.read_text() == edition_key
    make_pdf = fmt in ("pdf", "all") and (force or not pdf_current)
    site_pdf = src / "_static" / "generated" / "pdf" / pdf_name(year, lang)
    has_pdf = ("yes" if make_pdf or pdf_current else "no") + " " + _site_assets_hash(src)
    site_key = sha256_bytes(f"{edition_key} {has_pdf} {_publishing_fingerprint()}".encode())
    site_key_file = work / "site-key"
    site_current = ((out / "html" / "index.html").exists() and site_key_file.exists()
                    and site_key_file.read_text() == site_key)
    make_site = fmt in ("html", "all") and (force or not site_current)
    # Every page shows the PDF link or not: when that changes, all pages are rewritten. So when
    # the stylesheet, icon or templates change: Sphinx copies _static only when it writes some
    # page, and a change there alone leaves every page "up to date".
    marker = work / "site-has-pdf"
    pdf_link_changed = not marker.exists() or marker.read_text() != has_pdf
    sphinx.expect(int(make_pdf) + int(make_site))
    # The first Sphinx build sets up while the pages run. (A second would load the saved
    # environment before the first has updated it: it is prepared once the first is done.)
    if make_pdf:
        sphinx.prepare(build_args(src, work, "latex"))
    elif make_site:
        sphinx.prepare(build_args(src, work, "html", write_all=pdf_link_changed))

    workers = jobs or os.cpu_count() or 1
    if todo:
        progress.pages_started([p.slug for p, _ in todo], workers)
    report.phases["stage"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()
    env.update(plan(len(todo), workers))  # the kernel server imports what these will use
    results = run_jobs([Job(p.slug, str(s), env) for p, s in todo], workers,
                       on_done=lambda r: progress.page_done(r.slug, r.seconds, r.ok),
                       meanwhile=compile_notebook_schema)  # for reading the pages' notebooks next
    kernels.close()  # its work is done: free its memory before Sphinx
    if todo:
        progress.pages_finished()
        memo.prune(out / ".work" / "figures")
    raise_on_failures(results)
    for (page, staged), res in zip(todo, results):
        report.executed[page.slug] = round(res.seconds, 1)
        if not force and cache.same_outputs(page.slug, staged, res.notebook_json):
            cache.keep(page.slug, keys[page.slug])  # the same page: Sphinx need not read it again
            continue
        cache.store(page.slug, keys[page.slug], staged, res.notebook_json, res.seconds)
        staged.touch()  # Sphinx re-reads a page only when its source looks newer
    if report.stale_warnings:
        stale = ", ".join(report.stale_warnings)
        progress.note("Внимание: эти страницы показаны по прошлой сборке и могут быть устаревшими "
                      "(запустите сборку без --chapter): " + stale,
                      "Note: these pages come from an earlier build and may be stale "
                      "(build without --chapter): " + stale)

    report.phases["execute"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()

    # 3. PDF (built before the site so that the site can offer it).
    new_pdf = None
    if make_pdf:
        progress.step("pdf")
        jupyter_book(src, work, "latex", processes=sphinx)
        if make_site:  # it sets up while XeLaTeX runs
            sphinx.prepare(build_args(src, work, "html", write_all=pdf_link_changed))
        new_pdf = latex_pdf(work / "_build" / "latex")
        progress.step_done("pdf")
    elif fmt in ("pdf", "all"):
        progress.note("PDF не изменился.", "The PDF is unchanged.")
    pdf_for_site = new_pdf or (pdf_file if pdf_current else None)
    if pdf_for_site:
        write_if_changed(site_pdf, pdf_for_site.read_bytes())
    elif site_pdf.exists():
        site_pdf.unlink()  # never offer a PDF of other data
    report.phases["pdf"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()

    # 4. Site.
    if make_site:
        site_key_file.unlink(missing_ok=True)
        progress.step("html")
        jupyter_book(src, work, "html", write_all=pdf_link_changed, processes=sphinx)
        progress.step_done("html")
        marker.write_text(has_pdf)
        fresh_copy = out / f".html-new-{os.getpid()}"
        if fresh_copy.exists():
            shutil.rmtree(fresh_copy)
        shutil.copytree(work / "_build" / "html", fresh_copy)
        lighten_pages(fresh_copy)
        out.mkdir(parents=True, exist_ok=True)
        replace_dir(fresh_copy, out / "html")
        site_key_file.write_text(site_key)
    elif fmt in ("html", "all"):
        # Nothing Sphinx reads has changed since the site in `out` was made: it stays as it is.
        progress.note("Сайт не изменился.", "The site is unchanged.")
    if fmt in ("html", "all"):
        report.html = out / "html" / "index.html"
    report.phases["html"] = round(time.perf_counter() - mark, 2)

    # 5. Publish the PDF last: everything before succeeded.
    if new_pdf:
        pdf_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = pdf_file.with_name(pdf_file.name + ".tmp")
        shutil.copyfile(new_pdf, tmp)
        os.replace(tmp, pdf_file)
        pdf_key_file.write_text(edition_key)
    if fmt in ("pdf", "all") and pdf_file.exists():
        report.pdf = pdf_file

    report.seconds = round(time.perf_counter() - started, 1)
    return report


RUSSIAN_CONTAINER = re.compile(r'<div class="([^"]*?)lr-lang-ru([^"]*)"')
FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js(\?digest=[0-9a-f]+)?"></script>')
# A classic <script src> in <head> stops the page from showing until it has loaded and run.
HEAD_SCRIPT = re.compile(r'<script(?![^>]*\b(?:defer|async)\b)([^>]*\bsrc="([^"]*)"[^>]*)></script>')
# Inline scripts in <head> use DOCUMENTATION_OPTIONS while the page is read: its file stays as is.
RUN_AT_ONCE = ("documentation_options.js",)


def defer_head_scripts(text: str) -> str:
    """Sphinx and its extensions load about ten scripts in <head> (search, copy button,
    toggles, translations…) that only act once the page is there. Deferred, they still
    run in the same order, before DOMContentLoaded, but no longer hold back the first
    paint (on a slow phone, each is a round trip before anything shows)."""
    head, sep, rest = text.partition("</head>")
    if not sep:
        return text

    def defer(m):
        if m.group(2).split("?")[0].endswith(RUN_AT_ONCE):
            return m.group(0)
        return f"<script defer{m.group(1)}></script>"

    return HEAD_SCRIPT.sub(defer, head) + sep + rest


STYLESHEET = re.compile(r'[ \t]*<link(?=[^>]*\brel="stylesheet")(?![^>]*\bmedia=)[^>]*\bhref="([^"]+)"[^>]*>\n?')
CSS_IMPORT = re.compile(r'@import\s+(?:url\()?\s*["\']?([^"\')]+)["\']?\s*\)?\s*;')
CSS_URL = re.compile(r'url\(\s*(["\']?)([^"\')]+)\1\s*\)')


def _css_for_bundle(path: Path, bundle_dir: Path) -> str:
    """A stylesheet's text with its @imports inlined, its url()s pointing from `bundle_dir`,
    and no @charset (only allowed first) or source map comment."""
    text = path.read_text("utf-8")
    imports = [(path.parent / rel).resolve() for rel in CSS_IMPORT.findall(text)]
    text = CSS_IMPORT.sub("", text)
    text = re.sub(r'@charset\s+"[^"]*";', "", text)
    text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)

    def rebase(m):
        url = m.group(2).strip()
        if url.startswith(("data:", "http:", "https:", "/", "#")):
            return m.group(0)
        file, tail = re.match(r"([^?#]*)(.*)", url).groups()
        return f'url("{os.path.relpath((path.parent / file).resolve(), bundle_dir)}{tail}")'

    return "".join(_css_for_bundle(i, bundle_dir) for i in imports) + CSS_URL.sub(rebase, text)


def bundle_stylesheets(site: Path) -> None:
    """One stylesheet per page instead of ten (theme, its @import, extensions, report.css).

    A page shows nothing until every stylesheet in its <head> has arrived; on a slow phone
    each file is another round trip. The files are joined in their order into
    _static/bundle-<hash>.css (its name changes with its content, so a browser never keeps
    a stale copy) and each page links that one file. The originals stay in _static/."""
    static = (site / "_static").resolve()
    bundles: dict[tuple, str] = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        head, sep, rest = text.partition("</head>")
        links = [(m.group(0), m.group(1)) for m in STYLESHEET.finditer(head)]
        local = [(tag, href) for tag, href in links if "_static/" in href and "://" not in href]
        if not sep or len(local) < 2:
            continue
        prefix = local[0][1].split("_static/")[0]
        files = tuple((page.parent / href.split("?")[0]).resolve() for _, href in local)
        if not all(f.is_file() for f in files):
            continue
        if files not in bundles:
            css = "\n".join(_css_for_bundle(f, static) for f in files)
            name = f"bundle-{sha256_bytes(css.encode())[:12]}.css"
            (static / name).write_text(css, "utf-8")
            bundles[files] = name
        head = head.replace(local[0][0], f'    <link rel="stylesheet" href="{prefix}_static/{bundles[files]}" />\n', 1)
        for tag, _ in local[1:]:
            head = head.replace(tag, "", 1)
        page.write_text(head + sep + rest, "utf-8")


def lighten_pages(site: Path) -> None:
    """Make every page lighter and quicker to show.

    Drop pydata-sphinx-theme's fontawesome.js (1.4 MB, ~530 KB compressed: more than half of
    each page's weight): the theme's icons still show, from the Font Awesome web font that
    its CSS loads. Defer the scripts in <head> (`defer_head_scripts`) and join the
    stylesheets into one (`bundle_stylesheets`)."""
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        lighter = defer_head_scripts(FONTAWESOME_JS.sub("", text))
        # Russian text in an English page (findings awaiting translation) says its language.
        lighter = RUSSIAN_CONTAINER.sub(r'<div lang="ru" class="\1lr-lang-ru\2"', lighter)
        if lighter != text:
            page.write_text(lighter, "utf-8")
    bundle_stylesheets(site)
    script = site / "_static" / "scripts" / "fontawesome.js"
    if script.exists():
        script.unlink()
    # The themes' Jinja macro files (webpack-macros.html) are copied as static files; they
    # are templates, not pages, and their {{ pathto(...) }} would read as broken links.
    for fragment in (site / "_static").glob("*webpack-macros.html"):
        fragment.unlink()


def _publishing_fingerprint() -> str:
    """Hash of the pipeline's own code: how the site is made from the staged book
    (Sphinx extension, page lightening), which page keys do not cover."""
    folder = Path(__file__).resolve().parent
    return sha256_bytes(b"\0".join(p.name.encode() + b"\0" + p.read_bytes() for p in sorted(folder.glob("*.py"))))


def _site_assets_hash(src: Path) -> str:
    """Hash of what every page uses besides its own text: _static (the generated downloads
    aside) and _templates."""
    parts = []
    for folder in ("_static", "_templates"):
        for path in sorted((src / folder).rglob("*")):
            rel = path.relative_to(src).as_posix()
            if path.is_file() and not rel.startswith("_static/generated/"):
                parts.append(rel.encode() + b"\0" + path.read_bytes())
    return sha256_bytes(b"\0".join(parts))


def _tree_hash(src: Path) -> str:
    """Hash of the staged sources Sphinx reads besides notebook outputs (findings, config, bib)."""
    parts = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src).as_posix()
        if path.is_file() and not rel.startswith(("_static/generated/pdf/",)):
            parts.append(rel.encode() + b"\0" + path.read_bytes())
    return sha256_bytes(b"\0".join(parts))


def run_cli(args) -> int:
    from book.data import DataError

    lang = getattr(args, "lang", "ru")
    progress = for_terminal(lang)
    try:
        report = build(year=args.year, data=args.data, out=args.out, fmt=args.format,
                       chapter=args.chapter, jobs=args.jobs, force=args.force, lang=lang, progress=progress)
    except UsageError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    except DataError as exc:
        head = ("Данные содержат ошибки; отчёт не собран, опубликованная версия не изменена."
                if lang == "ru" else "The data has errors; the report was not built, the published version is unchanged.")
        print(head + "\n" + exc.format(lang), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    finally:
        progress.close()  # the live display ends before anything else is printed
    progress.summary(report)
    print(done_line(report, lang))
    if report.html:
        print(("Site" if lang == "en" else "Сайт") + f": {report.html}")
    if report.pdf:
        print(f"PDF: {report.pdf}")
    return 0


def done_line(report: BuildReport, lang: str = "ru") -> str:
    """One sentence on what the build did, e.g. «Готово: выпуск 2023 собран за 6,2 с; выполнено
    глав: 1, из кэша: 11.»"""
    took = seconds(report.seconds, lang)
    if lang == "en":
        return (f"Done: edition {report.year} built in {took}; chapters executed: {len(report.executed)}, "
                f"reused: {len(report.reused)}.")
    return (f"Готово: выпуск {report.year} собран за {took}; выполнено глав: {len(report.executed)}, "
            f"из кэша: {len(report.reused)}.")
