"""`python -m book publish`: every edition in both languages, site and PDF, under one address.

    OUT/site/{lang}/{year}/   one edition in one language (its PDF in _static/generated/pdf/)
    OUT/site/index.html       the latest edition in Russian, English offered (with or without JS)
    OUT/site/404.html, OUT/site/sitemap.xml (with --base-url: an index of each edition's sitemap)

Each edition is an ordinary `build()` into OUT/.editions/{lang}/{year}/ with its own staging
book and execution cache, told about the others (switchers, notice, canonical URLs). The
published OUT/site is replaced only when every edition succeeded.
"""
from __future__ import annotations

import html
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from book import ROOT
from book.publishing.errors import BuildError
from book.publishing.fsutil import replace_dir
from book.chapters import LANGUAGES
from book.publishing.stage import FRAME

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}  # each in its own language, for the switcher


@dataclass
class PublishReport:
    site: Path
    editions: list = field(default_factory=list)   # (lang, year, BuildReport)
    seconds: float = 0.0


def publication_context(years: list[int], base_url: str | None) -> dict:
    """What every page of every edition knows about the publication (switchers, notice, URLs)."""
    return {
        "years": sorted(years),
        "latest": max(years),
        "languages": [{"code": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES],
        "base_url": _slash(base_url) if base_url else "",
    }


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _build_one(args: dict):
    """One edition in one language (run in a worker process)."""
    from book.publishing.pipeline import build
    lines = []
    try:
        report = build(log=lines.append, **args)
    except BuildError as exc:
        return args["lang"], args["year"], None, exc.message_ru, exc.message_en
    except Exception as exc:  # noqa: BLE001 - reported with the edition's name, never as a traceback
        return args["lang"], args["year"], None, f"{type(exc).__name__}: {exc}", f"{type(exc).__name__}: {exc}"
    return args["lang"], args["year"], report, None, None


def publish(data=None, out=None, base_url: str | None = None, jobs: int | None = None, log=print,
            source_root: Path = ROOT, force: bool = False) -> PublishReport:
    from book.publishing.pipeline import _resolve_data
    from book.data import load

    started = time.perf_counter()
    data_dir = _resolve_data(data)
    out = Path(out or ROOT / "_build").resolve()
    ds = load(data_dir)  # validates once: DataError lists every problem, nothing is touched
    years = sorted(int(y) for y in ds.editions["year"])
    publication = publication_context(years, base_url)
    targets = [(lang, year) for year in sorted(years, reverse=True) for lang in LANGUAGES]
    cores = os.cpu_count() or 1
    at_once = max(1, min(jobs or cores, len(targets)))
    per_build = max(1, cores // at_once)
    log(f"Публикуются выпуски ({len(targets)}: {', '.join(f'{l}/{y}' for l, y in targets)}), "
        f"одновременно до {at_once}")
    work = [dict(year=year, lang=lang, data=str(data_dir), out=str(out / ".editions" / lang / str(year)),
                 fmt="all", jobs=per_build, force=force, source_root=Path(source_root), publication=publication)
            for lang, year in targets]
    if at_once == 1:
        results = [_build_one(w) for w in work]
    else:
        with ProcessPoolExecutor(max_workers=at_once) as pool:
            results = list(pool.map(_build_one, work))
    failed = [r for r in results if r[2] is None]
    if failed:
        raise BuildError(
            "Публикация остановлена: выпуск не собран. Опубликованный сайт не изменён.\n"
            + "\n".join(f"[{lang}/{year}] {ru}" for lang, year, _, ru, _ in failed),
            "Publishing stopped: an edition failed. The published site is unchanged.\n"
            + "\n".join(f"[{lang}/{year}] {en}" for lang, year, _, _, en in failed),
        )
    report = PublishReport(out / "site")
    new = out / f".site-new-{os.getpid()}"
    if new.exists():
        shutil.rmtree(new)
    new.mkdir(parents=True)
    for lang, year, built, _, _ in results:
        _link_tree(Path(built.html).parent, new / lang / str(year))
        report.editions.append((lang, year, built))
    write_root(new, publication)
    replace_dir(new, out / "site")
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a built site by hard links (a publish copies no bytes); plain copies across devices."""
    def link(a, b):
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
    shutil.copytree(src, dst, copy_function=link)


# --- the files at the root of the publication ---------------------------------------------------

def write_root(site: Path, publication: dict) -> None:
    latest = publication["latest"]
    (site / "index.html").write_text(_root_index(latest), "utf-8")
    (site / "404.html").write_text(_not_found(latest, publication["base_url"]), "utf-8")
    (site / ".nojekyll").write_text("", "utf-8")  # GitHub Pages: serve _static/ folders as they are
    if publication["base_url"]:
        (site / "sitemap.xml").write_text(_sitemap_index(site, publication), "utf-8")


def _root_index(latest: int) -> str:
    ru, en = f"ru/{latest}/index.html", f"en/{latest}/index.html"
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{FRAME['ru']['title']} · {latest}</title>
<meta name="description" content="Ежегодный доклад Международной мониторинговой миссии по трудовым правам в Центральной Азии; English edition available.">
<link rel="alternate" hreflang="ru" href="{ru}">
<link rel="alternate" hreflang="en" href="{en}">
<noscript><meta http-equiv="refresh" content="0; url={ru}"></noscript>
<script>
// Readers whose browser prefers English go to the English edition; everyone else to the original.
var prefers = (navigator.languages || [navigator.language || ""]).map(function (l) {{ return l.slice(0, 2); }});
var english = prefers.indexOf("en") !== -1 && (prefers.indexOf("ru") === -1 || prefers.indexOf("en") < prefers.indexOf("ru"));
location.replace(english ? "{en}" : "{ru}");
</script>
<style>body{{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}}</style>
</head>
<body>
<h1>{FRAME['ru']['title']}</h1>
<ul>
<li><a href="{ru}">Доклад {latest} года (на русском языке)</a></li>
<li lang="en"><a href="{en}" hreflang="en">The {latest} report in English</a></li>
</ul>
</body>
</html>
"""


def _not_found(latest: int, base_url: str) -> str:
    root = base_url  # absolute where known: a 404 page is served at any depth
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Страница не найдена · Page not found</title>
<style>body{{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5}}</style>
</head>
<body>
<h1>Страница не найдена</h1>
<p>Такой страницы в докладе нет. <a href="{root}ru/{latest}/index.html">Доклад {latest} года</a>.</p>
<div lang="en">
<h2>Page not found</h2>
<p>There is no such page in the report. <a href="{root}en/{latest}/index.html" hreflang="en">The {latest} report in English</a>.</p>
</div>
</body>
</html>
"""


def _sitemap_index(site: Path, publication: dict) -> str:
    """An index of the editions' own sitemaps (written by sphinx-sitemap, with hreflang alternates)."""
    base = publication["base_url"]
    entries = "".join(f"  <sitemap><loc>{html.escape(base + p.relative_to(site).as_posix())}</loc></sitemap>\n"
                      for p in sorted(site.glob("*/*/sitemap.xml")))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</sitemapindex>\n")


def run_cli(args) -> int:
    from book.data import DataError
    lang = "ru"
    try:
        report = publish(data=args.data, out=args.out, base_url=args.base_url, jobs=args.jobs, force=args.force)
    except DataError as exc:
        print("Данные содержат ошибки; ничего не опубликовано, опубликованный сайт не изменён.\n"
              + exc.format(lang), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    for edition_lang, year, built in report.editions:
        print(f"{edition_lang}/{year}: {built.seconds} с, выполнено глав: {len(built.executed)}, "
              f"из кэша: {len(built.reused)}")
    print(f"Готово за {report.seconds} с. Сайт: {report.site / 'index.html'}")
    return 0
