"""Stage one edition in one language: a copy of the pages with the edition's config, findings and bibliography.

The pages come from chapters/{lang}/ (every country chapter from one template, country.md),
the findings from data/findings/{year}/ ({slug}.md in Russian, {slug}.en.md in English),
and everything else an edition says about itself (title, date, language of the theme and
of the PDF) is written here into the staged _config.yml.

Which country chapters there are is a fact of the data, not of the code: the page list is
`book.chapters.pages(ds.countries)`, and the staged _toc.yml gets the country chapters
written into its «Страны» part (the repository's _toc.yml names only the fixed pages, so
that adding a country to data/countries.csv never needs an edit there).
"""
from __future__ import annotations

import copy
import posixpath
import re
from pathlib import Path

import yaml

from book import ROOT
from book.publishing.errors import BuildError
from book.publishing.fsutil import sync_tree, write_if_changed
from book.chapters import LANGUAGES, Page, country_pages, pages
from book.data.labels import label
from book.i18n import long_date, roman, tr, using

PDF_STEM = "labour-rights-central-asia-{year}-{lang}"
OG_IMAGE = "_static/generated/og/map.png"  # the preview image of a shared link (publication only)

# Words of the book's frame (title page, sidebar, toc captions), per language.
FRAME = {
    "ru": {
        "title": "Трудовые права в Центральной Азии",
        "author": "Международная мониторинговая миссия по трудовым правам в Центральной Азии",
        "subtitle": "Ежегодный доклад о мониторинге, {year}",
        "search": "Поиск по отчёту…",
        "pdf_link": "PDF-версия отчёта",
        "data_link": "Все данные (CSV, zip)",
        "contents": "Содержание",
        "babel": "russian",
        "keywords": ["трудовые права", "профсоюзы", "Центральная Азия", "трудовые мигранты"],
        "missing": "Текст выводов для этого выпуска ещё не подготовлен. Ниже приведены данные, собранные Миссией.\n",
        "findings_heading": "## Выводы Миссии",
        "languages": "Язык",
        "editions": "Выпуски",
        "notice": "Это выпуск {year} года. Последний выпуск — {latest} года:",
        "notice_link": "та же страница в выпуске {latest} года",
        "rerun": "Пересчитать эту страницу на своём компьютере:",
    },
    "en": {
        "title": "Labour Rights in Central Asia",
        "author": "International Monitoring Mission on Labour Rights in Central Asia",
        "subtitle": "Annual monitoring report, {year}",
        "search": "Search the report…",
        "pdf_link": "PDF version of the report",
        "data_link": "All data (CSV, zip)",
        "contents": "Contents",
        "babel": "english",
        "keywords": ["labour rights", "trade unions", "Central Asia", "labour migrants"],
        "missing": "The findings of this edition have not been written yet. The data collected by the Mission follows.\n",
        "findings_heading": "## The Mission's findings",
        "languages": "Language",
        "editions": "Editions",
        "notice": "This is the {year} edition. The latest is the {latest} edition:",
        "notice_link": "this page in the {latest} edition",
        "rerun": "Rerun this page on your own computer:",
    },
}
# The toc's part captions (_toc.yml holds the Russian ones: the structure is written once).
CAPTIONS_EN = {"Обзор": "Overview", "Страны": "Countries", "Призывы Миссии": "The Mission's calls",
               "О данных": "About the data"}
# The part of _toc.yml whose chapters start with the country chapters (from the data).
COUNTRIES_PART = "Страны"


def pdf_name(year: int, lang: str = "ru") -> str:
    return PDF_STEM.format(year=year, lang=lang) + ".pdf"


def edition_info(ds, year: int, lang: str) -> dict:
    row = ds.editions.set_index("year").loc[year]
    with using(lang):
        kind = label("edition_kind", row["kind"])
        number = int(row["number"])
        meeting = tr(f"{roman(number)} {kind} Международной мониторинговой миссии по трудовым правам в Центральной Азии",
                     f"{_ordinal(number)} {kind} of the International Monitoring Mission on Labour Rights in Central Asia")
        return {"year": year, "number": number, "meeting": meeting,
                "city": row["city_en"] if lang == "en" else row["city_ru"], "date": long_date(row["date"])}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _latex_escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                 ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}")):
        text = text.replace(a, b)
    return text


def _pdf_metadata(title: str, words: dict, year: int, lang: str, countries: list[str] = ()) -> str:
    """hyperref options that fill the PDF's Title, Author, Subject, Keywords and language
    and make viewers show the title rather than the file name. Sphinx sets Title and
    Author in its own \\maketitle, which the report's title page replaces. The keywords
    name the countries the edition has chapters on (`countries`, from the data)."""
    def value(text: str) -> str:
        return "{" + _latex_escape(text) + "}"
    options = {
        "pdftitle": value(title),
        "pdfauthor": value(words["author"]),
        "pdfsubject": value(words["subtitle"].format(year=year)),
        "pdfkeywords": value(", ".join([*words["keywords"][:3], *countries, *words["keywords"][3:]])),
        "pdflang": lang,
        "pdfdisplaydoctitle": "true",
    }
    return r"\PassOptionsToPackage{" + ",".join(f"{k}={v}" for k, v in options.items()) + "}{hyperref}"


def _title_page(info: dict, words: dict) -> str:
    e = {k: _latex_escape(str(v)) for k, v in info.items()}
    return rf"""
\begin{{titlepage}}
\centering
\vspace*{{3cm}}
{{\Huge\bfseries {_latex_escape(words['title'])}\par}}
\vspace{{1cm}}
{{\LARGE {_latex_escape(words['subtitle'].format(year=info['year']))}\par}}
\vspace{{2.5cm}}
{{\large {e['meeting']}\par}}
\vspace{{0.8cm}}
{{\large {e['city']}, {e['date']}\par}}
\vfill
{{\large {_latex_escape(words['author'])}\par}}
\vspace{{1cm}}
\end{{titlepage}}
"""


def staged_config(ds, year: int, cache_dir: Path, root: Path = ROOT, lang: str = "ru",
                  publication: dict | None = None) -> dict:
    cfg = yaml.safe_load((root / "_config.yml").read_text("utf-8"))
    cfg = copy.deepcopy(cfg)
    words = FRAME[lang]
    info = edition_info(ds, year, lang)
    cfg["title"] = f"{words['title']} · {year}"
    cfg["author"] = cfg["copyright"] = words["author"]
    cfg["execute"]["cache"] = str(cache_dir)
    cfg.setdefault("sphinx", {}).setdefault("extra_extensions", []).append("book.publishing.sphinx_ext")
    sphinx_cfg = cfg["sphinx"].setdefault("config", {})
    sphinx_cfg["language"] = lang
    sphinx_cfg["today"] = info["date"]
    sphinx_cfg.setdefault("html_theme_options", {})["search_bar_text"] = words["search"]
    sphinx_cfg["html_context"] = {"pdf_file": pdf_name(year, lang), "edition_year": year, "edition_lang": lang,
                                  "pdf_link_text": words["pdf_link"], "data_link_text": words["data_link"],
                                  "publication": publication or {}, "frame": words}
    _launch_buttons(cfg)
    if publication and publication.get("base_url"):
        # Canonical URLs (Sphinx) and a sitemap with hreflang alternates (sphinx-sitemap).
        base = publication["base_url"]
        sphinx_cfg["html_baseurl"] = f"{base}{lang}/{year}/"
        cfg["sphinx"]["extra_extensions"].append("sphinx_sitemap")
        sphinx_cfg.update({"site_url": base, "version": str(year), "sitemap_url_scheme": "{lang}{version}{link}",
                           "sitemap_locales": list(LANGUAGES), "sitemap_excludes": ["search.html", "genindex.html"]})
        # A link shared in a messenger shows a preview: the edition's regional map (OG_IMAGE).
        sphinx_cfg["ogp_site_url"] = sphinx_cfg["html_baseurl"]
        sphinx_cfg["ogp_image"] = OG_IMAGE
        sphinx_cfg["ogp_image_alt"] = words["title"]
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
        "maketitle": _title_page(info, words),
        "releasename": "",
        "figure_align": "H",
        "passoptionstopackages": _pdf_metadata(cfg["title"], words, year, lang, _chapter_countries(ds, lang)),
        # Sphinx names the contents after the first toctree caption: put the usual word back.
        "preamble": r"\usepackage{float}\setcounter{tocdepth}{1}"
                    rf"\addto\captions{words['babel']}{{\renewcommand{{\contentsname}}{{{words['contents']}}}}}",
    }
    cfg.setdefault("latex", {})["latex_documents"] = {"targetname": "book.tex"}
    return cfg


def _chapter_countries(ds, lang: str) -> list[str]:
    """The names of the countries with a chapter, in reading order, in `lang`."""
    names = ds.countries.set_index("iso2")["name_en" if lang == "en" else "name_ru"]
    return [names[p.reads[1]] for p in country_pages(pages(ds.countries))]


def _launch_buttons(cfg: dict) -> None:
    """No button that leads nowhere: Binder and repository buttons only when the repository's
    address is configured (`repository: url:` in _config.yml)."""
    url = (cfg.get("repository") or {}).get("url") or ""
    if not url:
        cfg["launch_buttons"] = {"notebook_interface": "jupyterlab", "binderhub_url": "", "thebe": False}
        cfg.setdefault("html", {})["use_repository_button"] = False
        cfg["html"]["use_issues_button"] = False
        cfg["html"]["use_edit_page_button"] = False


def staged_toc(root: Path, lang: str, page_list: list[Page]) -> str:
    """_toc.yml with the country chapters of `page_list` at the start of its «Страны» part
    (in reading order, before the migrants page) and its part captions in the edition's
    language."""
    toc = yaml.safe_load((root / "_toc.yml").read_text("utf-8"))
    parts = [part for part in toc.get("parts", []) if part.get("caption") == COUNTRIES_PART]
    if not parts:
        raise BuildError(f"В _toc.yml нет части «{COUNTRIES_PART}»: главам стран из data/countries.csv некуда встать.",
                         f"_toc.yml has no part «{COUNTRIES_PART}»: the country chapters of data/countries.csv have "
                         "nowhere to go.")
    listed = {entry.get("file") for entry in parts[0].get("chapters") or []}
    countries = [{"file": p.path} for p in country_pages(page_list) if p.path not in listed]
    parts[0]["chapters"] = countries + list(parts[0].get("chapters") or [])
    if lang == "en":
        for part in toc.get("parts", []):
            part["caption"] = CAPTIONS_EN.get(part["caption"], part["caption"])
    return ("# Staged by book/publishing/stage.py from _toc.yml, with the country chapters from data/countries.csv.\n"
            + yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))


def write_bibliography(ds, lang: str = "ru") -> str:
    """references.bib from sources.csv: one @misc entry per source.

    In English a Russian-language source is listed by its English citation, marked "(in
    Russian)": the English edition shows no Cyrillic outside marked originals."""
    def field(value) -> str:
        text = "" if value is None else str(value)
        if text in ("nan", "<NA>", "None"):
            return ""
        return text.replace("\\", "").replace("{", "(").replace("}", ")").replace("&", r"\&").replace("%", r"\%")

    entries = []
    for row in ds.sources.to_dict("records"):
        year = field(row.get("date"))[:4]
        title, publisher = field(row.get("title")), field(row.get("publisher"))
        if lang == "en" and _cyrillic(title + publisher):
            title = field(row.get("citation_en")).strip("“”\"") or title
            title += " (in Russian)"
            publisher = "" if _cyrillic(publisher) else publisher
        lines = [f"@misc{{{row['id']},"]
        # Double braces: BibTeX styles would otherwise lower-case the title («центральной азии»).
        lines.append(f"  title = {{{{{title}}}}},")
        if publisher:
            lines.append(f"  author = {{{{{publisher}}}}},")
        if year.isdigit():
            lines.append(f"  year = {{{year}}},")
        if field(row.get("url")):
            lines.append(f"  url = {{{field(row.get('url'))}}},")
        if field(row.get("accessed")):
            lines.append(f"  urldate = {{{field(row.get('accessed'))}}},")
        lines.append("}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def _cyrillic(text: str) -> bool:
    return bool(re.search("[\u0400-\u04ff]", text))


# --- pages ------------------------------------------------------------------------------------

_CHAPTER_CALL = re.compile(r'report\.Chapter\("[^"]*"\)')


# In a page's source, where the staging writes links to the country chapters (from the data).
COUNTRY_CHAPTERS = "{{ country_chapters }}"


def render_page(page: Page, text: str, title: str, country_links: str = "") -> str:
    """The staged page from its source. A page of its own is copied as it is, with
    `{{ country_chapters }}` replaced by `country_links` (the front page lists the chapters
    the data has, not five written by hand); a page made from a shared template (every
    country chapter from country.md) gets its own title, its own `report.Chapter(...)`,
    findings file and figure names (Sphinx labels are global)."""
    if not page.template:
        return text.replace(COUNTRY_CHAPTERS, country_links)
    template = page.template
    text = re.sub(r"^# .*$", lambda _: f"# {markdown_text(title)}", text, count=1, flags=re.M)
    text = _CHAPTER_CALL.sub(f'report.Chapter("{page.slug}")', text)
    text = text.replace(f"findings/{template}.md", f"findings/{page.slug}.md")
    text = re.sub(rf"(name: ){template}-", rf"\g<1>{page.slug}-", text)
    return text.replace(f"{{numref}}`{template}-", f"{{numref}}`{page.slug}-")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def markdown_text(text: str) -> str:
    """Text from the data as Markdown that shows exactly that text: HTML is written as
    entities (never parsed: a country named `<script>` is shown, not run) and Markdown's
    punctuation is escaped."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def country_links(ds, page_list: list[Page], page: Page, lang: str) -> str:
    """Markdown links from `page` to every country chapter, in reading order, by name."""
    names = ds.countries.set_index("iso2")["name_en" if lang == "en" else "name_ru"]
    here = posixpath.dirname(page.path) or "."
    return ", ".join(f"[{markdown_text(names[p.reads[1]])}]({posixpath.relpath(p.path, here)}.md)"
                     for p in country_pages(page_list))


def page_title(ds, page: Page, lang: str) -> str:
    """The title of a templated page: the country's name in the edition's language."""
    countries = ds.countries.set_index("iso2")
    iso2 = page.reads[1]
    return countries.at[iso2, "name_en" if lang == "en" else "name_ru"]


def findings_text(data_dir: Path, year: int, slug: str, lang: str) -> tuple[str, bool]:
    """A page's findings in `lang`, and whether they are translated.

    English falls back to the Russian original, marked `lang="ru"` (class lr-lang-ru, made an
    attribute after the build) with a visible "translation pending" note."""
    folder = Path(data_dir) / "findings" / str(year)
    russian = folder / f"{slug}.md"
    own = folder / (f"{slug}.en.md" if lang == "en" else f"{slug}.md")
    if own.exists():
        return own.read_text("utf-8"), True
    words = FRAME[lang]
    if lang == "en" and russian.exists():
        return _pending(russian.read_text("utf-8"), slug, words), False
    # The front page has no sections of its own (see index.md); the others open with one.
    return (words["missing"] if slug == "index" else f"{words['findings_heading']}\n\n{words['missing']}"), False


def _pending(russian: str, slug: str, words: dict) -> str:
    """The Russian findings inside an English page: headings of the original become bold
    lines (a section cannot sit inside a container), the whole marked as Russian."""
    body = re.sub(r"^#{2,6}\s+(.*)$", r"**\1**", russian, flags=re.M)
    head = "" if slug == "index" else f"{words['findings_heading']}\n\n"
    return (f"{head}```{{note}}\nTranslation pending: the findings below are the Russian original.\n```\n\n"
            f"::::{{container}} lr-lang-ru\n{body.strip()}\n::::\n")


def translation_coverage(data_dir: Path, year: int, lang: str, page_list: list[Page]) -> dict[str, bool]:
    """{page slug: findings translated} for the pages with findings (`page_list`: the
    report's pages for the data, book.chapters.pages)."""
    return {p.slug: findings_text(data_dir, year, p.slug, lang)[1] for p in page_list if p.findings}


def stage(ds, year: int, src: Path, cache_dir: Path, data_dir: Path, root: Path = ROOT, lang: str = "ru",
          publication: dict | None = None) -> None:
    """Write the staged book for `year` in `lang` into `src` (only files that changed are rewritten).

    `publication` (book.publishing.publish) tells the edition about the others: switchers, notice,
    base URL."""
    src.mkdir(parents=True, exist_ok=True)
    write_if_changed(src / "_config.yml", yaml.safe_dump(staged_config(ds, year, cache_dir, root, lang, publication),
                                                         allow_unicode=True, sort_keys=False))
    page_list = pages(ds.countries)
    write_if_changed(src / "_toc.yml", staged_toc(root, lang, page_list))
    write_if_changed(src / "references.bib", write_bibliography(ds, lang))
    for page in page_list:
        text = (root / page.source(lang)).read_text("utf-8")
        title = page_title(ds, page, lang) if page.template else ""
        links = "" if page.template else country_links(ds, page_list, page, lang)
        write_if_changed(src / f"{page.path}.md", render_page(page, text, title, links))
    for page in page_list:
        if page.findings:
            write_if_changed(src / "findings" / f"{page.slug}.md", findings_text(data_dir, year, page.slug, lang)[0])
    sync_tree(root / "_static", src / "_static", ignore=("generated", "vendor"))
    sync_tree(root / "_templates", src / "_templates")
    sync_tree(root / "_static" / "vendor", src / "_extra" / "_static" / "vendor")
