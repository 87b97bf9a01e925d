"""Running a page leaves the caller as it was: a single page runs in the calling process
(no worker pool), and its environment (data, year, language) must not stay behind."""
import os

from book.publishing.execute import Job, run_jobs


def test_a_page_run_in_this_process_sees_its_environment_and_leaves_ours_unchanged(tmp_path, monkeypatch):
    monkeypatch.delenv("BOOK_LANG", raising=False)
    monkeypatch.setenv("BOOK_DATA", "/the/callers/data")
    page = tmp_path / "page.md"
    page.write_text("---\nkernelspec:\n  name: python3\n  display_name: Python 3\n  language: python\n---\n\n"
                    "```{code-cell} ipython3\nimport os\nprint(os.environ['BOOK_DATA'], os.environ['BOOK_LANG'])\n```\n",
                    "utf-8")
    [result] = run_jobs([Job("page", str(page), {"BOOK_DATA": "/the/pages/data", "BOOK_LANG": "en"})], workers=1)
    assert result.ok, result.error_en
    assert "/the/pages/data en" in result.notebook_json
    assert os.environ["BOOK_DATA"] == "/the/callers/data"
    assert "BOOK_LANG" not in os.environ


def test_an_edit_to_a_later_editions_row_leaves_the_earlier_editions_cache_keys_alone():
    """Staff correct Kyrgyzstan's 2023 row: the 2023 pages that read it re-run, the 2021
    edition (which cannot know 2023) does not, in either language."""
    from dataclasses import replace

    from tests.pages import BY_SLUG
    from book.data import load
    from book.publishing.execute import page_key

    ds = load()
    s = ds.country_situations.copy()
    row = (s["country"] == "KG") & (s["edition_year"] == 2023) & (s["indicator"] == "activists_safety")
    assert row.sum() == 1
    s.loc[row, "quote_en"] = s.loc[row, "quote_en"] + " (edited)"
    edited = replace(ds, tables={**ds.tables, "country_situations": s})
    for lang in ("ru", "en"):
        for slug in ("kyrgyzstan", "overview", "index"):
            page = BY_SLUG[slug]
            key = lambda data, year: page_key(page, "src", data, year, "code", lang)  # noqa: E731
            assert key(ds, 2021) == key(edited, 2021), (lang, slug)
            if slug == "index":  # the front page quotes nothing: a quotation's wording leaves it alone
                assert key(ds, 2023) == key(edited, 2023), (lang, slug)
            else:
                assert key(ds, 2023) != key(edited, 2023), (lang, slug)
        # A page that does not read Kyrgyzstan's rows keeps its key in 2023 too.
        tajikistan = BY_SLUG["tajikistan"]
        assert page_key(tajikistan, "src", ds, 2023, "code", lang) == page_key(tajikistan, "src", edited, 2023, "code", lang)
