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
