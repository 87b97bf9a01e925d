"""The English edition: the same report from the same data, for readers who know no Russian.

Fast tests hold the translation of the shipped data and findings to the Russian (same items,
same people, same numbers); the slow ones read the built English sites in Chromium."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from book import DATA_DIR
from tests.pages import COUNTRY_PAGES, PAGES
from book.data import load
from book.data.validate import translation_gaps
from book.i18n import Untranslated, using

CYRILLIC = re.compile("[\u0400-\u04ff]")
NUMBER = re.compile(r"\d+")
FIXTURE = Path(__file__).parent / "fixtures" / "data_min"


# --- the data and the findings are translated in full, and say the same -------------------------

def test_the_shipped_data_and_findings_have_every_english_text():
    assert [p.format("en") for p in translation_gaps(DATA_DIR)] == []


def test_validate_lists_each_missing_translation_as_a_warning_and_still_passes():
    proc = subprocess.run([sys.executable, "-m", "book", "validate", "--data", str(FIXTURE), "--lang", "en"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "warning: conventions.csv, row 3, column topic_en: no English translation of topic_ru" in proc.stderr
    assert "text(s) await English translation" in proc.stderr


def test_the_english_edition_reads_english_columns_and_marks_what_is_not_translated():
    ds = load(FIXTURE)
    en, ru = ds.localised("en"), ds.localised("ru")
    c = en.conventions.set_index("id")
    assert c.at["C87", "name"] == c.at["C87", "name_en"]
    pending = [t for t in en.conventions["topic"] if isinstance(t, Untranslated)]
    assert pending and all(CYRILLIC.search(t) for t in pending)
    assert list(ru.conventions["topic"]) == list(ru.conventions["topic_ru"])


def _numbers(text) -> list[str]:
    return sorted(NUMBER.findall(text if isinstance(text, str) else ""))


def test_the_translation_has_the_same_demands_people_and_numbers():
    ds = load(DATA_DIR)
    d = ds.demands
    assert d["text_en"].notna().all()
    wrong = [i for i, ru, en in zip(d["id"], d["text_ru"], d["text_en"]) if _numbers(ru) != _numbers(en)]
    assert wrong == []
    people = ds.cases[ds.cases["kind"] == "person"]
    assert people["name_en"].notna().all() and people["name_en"].nunique() == people["name_ru"].nunique()
    # Every English spelling of a person's name cites the public source that spells it so.
    assert people["name_en_source_id"].notna().all()
    for frame, ru, en in [(ds.cases, "what_happened_ru", "what_happened_en"),
                          (ds.country_situations, "quote_ru", "quote_en"),
                          (ds.registration_events, "description_ru", "description_en")]:
        wrong = [r for r, e in zip(frame[ru], frame[en]) if _numbers(r) != _numbers(e)]
        assert wrong == [], (ru, wrong[:2])


def test_every_findings_file_has_its_english_twin_with_the_same_citations_and_numbers():
    for russian in sorted((DATA_DIR / "findings").glob("*/*.md")):
        if russian.name.endswith(".en.md") or russian.name.startswith("README"):
            continue
        english = russian.with_name(russian.stem + ".en.md")
        ru, en = russian.read_text("utf-8"), english.read_text("utf-8")
        cites = re.compile(r"\{cite\}`[^`]+`")
        assert cites.findall(ru) == cites.findall(en), english
        strip = lambda t: cites.sub("", t)  # noqa: E731
        assert _numbers(strip(ru)) == _numbers(strip(en)), english
        assert not CYRILLIC.search(en), english


def test_the_execution_cache_key_depends_on_the_language():
    from book.publishing.execute import page_key
    page = PAGES[0]
    ds = load(DATA_DIR)
    assert page_key(page, "src", ds, 2023, "code", "ru") != page_key(page, "src", ds, 2023, "code", "en")


def test_dates_and_counts_in_english():
    from book.i18n import count, long_date
    with using("en"):
        assert long_date("2023-11-30") == "30 November 2023"
        assert long_date("2021-12") == "December 2021"
        assert long_date("unknown") == "date unknown"
        assert count(1, ("требование", "требования", "требований"), ("demand", "demands")) == "1 demand"
        assert count(3, ("требование", "требования", "требований"), ("demand", "demands")) == "3 demands"


# --- the built English sites, read in Chromium ---------------------------------------------------

# Every text node, attribute a reader or a screen reader meets, and map payload, in the page
# and in its map frames, that has Cyrillic and is not inside an element marked lang="ru".
_CYRILLIC_OUTSIDE_RU = r"""() => {
  const cyr = /[\u0400-\u04ff]/;
  const out = [];
  const marked = n => { for (let e = n.nodeType === 1 ? n : n.parentElement; e; e = e.parentElement)
                          if (e.getAttribute && e.getAttribute('lang') === 'ru') return true; return false; };
  const scan = (doc, where) => {
    const walker = doc.createTreeWalker(doc.body || doc.documentElement, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      const p = n.parentElement;
      if (!cyr.test(n.textContent) || marked(n)) continue;
      if (p && p.tagName === 'STYLE') continue;
      out.push(where + (p && p.tagName === 'SCRIPT' ? ' script: ' : ': ') + n.textContent.trim().slice(0, 80));
    }
    for (const e of doc.querySelectorAll('[alt],[title],[aria-label],[placeholder]'))
      for (const a of ['alt', 'title', 'aria-label', 'placeholder'])
        if (cyr.test(e.getAttribute(a) || '') && !marked(e)) out.push(where + ' @' + a + ': ' + e.getAttribute(a).slice(0, 80));
  };
  scan(document, 'page');
  for (const f of document.querySelectorAll('iframe')) if (f.contentDocument) scan(f.contentDocument, 'map');
  return out.slice(0, 10);
}"""


@pytest.fixture(scope="module")
def english_2021_with_a_gap(tmp_path_factory):
    """The 2021 edition in English, built from data where staff have just added Russian text
    without its translation: one findings file and one demand's English text are missing."""
    from book.publishing.pipeline import build
    data = tmp_path_factory.mktemp("gap") / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "findings" / "2021" / "kazakhstan.en.md").unlink()
    d = pd.read_csv(data / "demands.csv", dtype=str, keep_default_na=False)
    d.loc[d["id"] == "2021-kz-5", "text_en"] = ""
    d.to_csv(data / "demands.csv", index=False, lineterminator="\n")
    out = tmp_path_factory.mktemp("site-en-2021")
    lines = []
    report = build(year=2021, data=data, out=out, fmt="html", lang="en", log=lines.append)
    return out / "html", report, lines


def _pages(html: Path) -> list[str]:
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not p.relative_to(html).as_posix().startswith(("_static/", "_sources/")))


def _check_english_site(html: Path, chromium) -> list[str]:
    from tests.browser import serve
    from tests.test_site_browser import map_frames, opened
    problems = []
    with serve(html) as url:
        for rel in _pages(html):
            with opened(chromium, url + rel) as v:
                map_frames(v.page)  # maps load lazily: bring every frame in
                lang = v.page.evaluate("document.documentElement.lang")
                if lang != "en":
                    problems.append(f"{rel}: <html lang={lang!r}>")
                problems += [f"{rel}: {hit}" for hit in v.page.evaluate(_CYRILLIC_OUTSIDE_RU)]
    return problems


@pytest.mark.slow
@pytest.mark.browser
def test_every_english_page_is_english_outside_marked_russian_originals(built_site_en, chromium):
    out, _ = built_site_en
    assert _check_english_site(out / "html", chromium) == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_2021_english_edition_shows_untranslated_text_as_marked_russian(english_2021_with_a_gap, chromium):
    html, report, lines = english_2021_with_a_gap
    assert _check_english_site(html, chromium) == []
    assert report.untranslated == ["kazakhstan"]
    assert any("7 of 8 pages" in line and "kazakhstan" in line for line in lines), lines
    page = (html / "chapters" / "kazakhstan.html").read_text("utf-8")
    assert "Translation pending" in page and '<div lang="ru"' in page
    assert 'lang="ru"' in page and "(translation pending)" in page  # the demand's text in its table


def _main_text(page) -> str:
    return page.inner_text("main")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("slug", ["index"] + [p.slug for p in COUNTRY_PAGES])
def test_every_number_on_the_russian_page_is_on_its_english_twin(slug, built_site, built_site_en, chromium):
    from tests.browser import serve
    from tests.test_site_browser import opened, page_path
    texts = {}
    for lang, (out, _) in (("ru", built_site), ("en", built_site_en)):
        with serve(out / "html") as url, opened(chromium, url + page_path(slug)) as v:
            texts[lang] = _main_text(v.page)
    missing = sorted(set(NUMBER.findall(texts["ru"])) - set(NUMBER.findall(texts["en"])))
    assert missing == []


@pytest.mark.slow
@pytest.mark.browser
def test_map_tooltips_and_chart_labels_are_english(built_site_en, chromium):
    from tests.browser import serve
    from tests.test_site_browser import hover_tooltip, map_frames, opened
    out, _ = built_site_en
    with serve(out / "html") as url:
        with opened(chromium, url + "index.html") as v:
            (el, frame), *_ = map_frames(v.page)
            tip = hover_tooltip(v.page, el, frame, "Kazakhstan")
            assert "Kazakhstan" in tip and "Registration of unions" in tip, tip
            legend = frame.inner_text(".legend")
            assert "assessed 2021" in legend and not CYRILLIC.search(legend), legend
        with opened(chromium, url + "chapters/overview.html") as v:
            svg_text = " ".join(v.page.eval_on_selector_all("figure.lr-chart svg text", "ts => ts.map(t => t.textContent)"))
            assert "number of demands" in svg_text and "Kazakhstan" in svg_text
            assert not CYRILLIC.search(svg_text)
