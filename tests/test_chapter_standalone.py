"""A researcher opens a chapter in JupyterLab (jupytext) and runs all cells: it works as is."""
import os

import jupytext
import pytest
from nbclient import NotebookClient

from book import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("name", ["country", "overview"])
def test_a_chapter_runs_top_to_bottom_outside_the_build(name, lang, monkeypatch):
    for var in ("BOOK_YEAR", "BOOK_DATA", "BOOK_DOWNLOADS", "BOOK_LANG"):
        monkeypatch.delenv(var, raising=False)
    if lang == "en":
        monkeypatch.setenv("BOOK_LANG", "en")
    path = ROOT / "chapters" / lang / f"{name}.md"
    nb = jupytext.read(path)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # it shows the latest edition's map and tables, as on the site
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<iframe" in html and "<table" in html
