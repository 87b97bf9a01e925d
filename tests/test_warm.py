"""What makes rebuilds fast must not change what a page shows.

- Warm kernels (book/publishing/kernels.py): every page still starts from a fresh state, with
  its own environment, whatever ran before it in the same build.
- Memoised figures (book/memo.py): a figure taken from the memo is exactly the figure drawn
  anew, and any change to what it is drawn from draws it anew.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

from book.publishing.execute import Job, run_jobs
from book.publishing.kernels import KernelServer
from book.publishing.pipeline import _page_env

HEADER = "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n  language: python\n---\n\n"


def _page(path, code: str):
    path.write_text(HEADER + "```{code-cell} ipython3\n" + code + "\n```\n", "utf-8")
    return str(path)


def _outputs(result) -> str:
    import nbformat

    nb = nbformat.reads(result.notebook_json, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_pages_run_in_warm_kernels_start_fresh_with_their_own_environment(tmp_path, data_copy):
    """The first page changes the state of a module every page imports; the later pages,
    forked from the same server, do not see it. Each sees its own language and data."""
    leak = _page(tmp_path / "leak.md", "import os, book.i18n as m\nm.LEAKED = 'yes'\nprint('set', os.getpid())")
    look = _page(tmp_path / "look.md", "import os, book.i18n as m\n"
                 "print('leaked' if hasattr(m, 'LEAKED') else 'fresh', os.environ['BOOK_LANG'],"
                 " os.environ['BOOK_DATA'], 'server' if 'BOOK_KERNEL_SERVER' in os.environ else 'no-server',"
                 " os.getppid(), os.getpid())")
    with KernelServer(_page_env(data_copy, 2023, "ru")) as server:
        env = lambda lang: {**_page_env(data_copy, 2023, lang), **server.env}  # noqa: E731
        jobs = [Job("leak", leak, env("ru")), Job("look-en", look, env("en")), Job("look-ru", look, env("ru"))]
        results = run_jobs(jobs, workers=1)  # one after another: the most chance to leak
        assert all(r.ok for r in results), [r.error_en for r in results]
        pids = {_outputs(r).split()[-1] for r in results}
        assert len(pids) == 3  # three processes
        # Forked by the server, in its own process, not told where the server is.
        assert _outputs(results[1]).split()[:5] == ["fresh", "en", str(data_copy), "no-server", str(server.proc.pid)]
        assert _outputs(results[2]).split()[:2] == ["fresh", "ru"]
        server_pid = server.proc.pid
    # Closing the server leaves no process of it behind.
    with pytest.raises(ProcessLookupError):
        os.kill(server_pid, 0)
    left = subprocess.run(["pgrep", "-f", "book.publishing.kernels"], capture_output=True, text=True).stdout.split()
    assert str(server_pid) not in left


def test_a_page_error_in_a_warm_kernel_names_the_cell(tmp_path, data_copy):
    bad = _page(tmp_path / "bad.md", "raise ValueError('no such column')")
    with KernelServer(_page_env(data_copy, 2023, "ru")) as server:
        [result] = run_jobs([Job("bad", bad, {**_page_env(data_copy, 2023, "ru"), **server.env})], workers=1)
    assert not result.ok
    assert "ValueError: no such column" in result.error_en and "code cell 1" in result.error_en


def test_a_memoised_figure_is_the_figure_drawn_anew_and_new_inputs_draw_anew(tmp_path, monkeypatch):
    from book import memo, report

    ch = report.Chapter("kyrgyzstan", year=2023)
    monkeypatch.delenv(memo.ENV, raising=False)
    fresh_map, fresh_chart = ch.map()._repr_mimebundle_(), ch.demands_chart()._repr_mimebundle_()

    monkeypatch.setenv(memo.ENV, str(tmp_path / "figures"))
    assert ch.map()._repr_mimebundle_() == fresh_map                 # drawn, kept
    assert ch.demands_chart()._repr_mimebundle_() == fresh_chart
    kept = sorted((tmp_path / "figures").glob("*/*.json"))
    assert len(kept) == 2
    assert ch.map()._repr_mimebundle_() == fresh_map                 # taken from the memo
    assert ch.demands_chart()._repr_mimebundle_() == fresh_chart
    assert sorted((tmp_path / "figures").glob("*/*.json")) == kept

    # A different input is a different figure.
    changed = ch.demands_chart()
    changed.title += " (edited)"
    assert changed._repr_mimebundle_()["text/html"] != fresh_chart["text/html"]
    assert len(list((tmp_path / "figures").glob("*/*.json"))) == 3


def test_memo_keys_are_the_same_in_every_kernel(tmp_path, data_copy):
    """Two pages drawing the same map in two kernels share one memo entry (the keys do not
    depend on the process: hash seed, object ids)."""
    code = "from book import report\nch = report.Chapter('index')\nch.map()"
    a, b = _page(tmp_path / "a.md", code), _page(tmp_path / "b.md", code)
    figures = tmp_path / "figures"
    with KernelServer(_page_env(data_copy, 2023, "ru")) as server:
        env = {**_page_env(data_copy, 2023, "ru"), **server.env, "BOOK_FIGURE_CACHE": str(figures)}
        results = run_jobs([Job("a", a, env), Job("b", b, env)], workers=1)
    assert all(r.ok for r in results), [r.error_en for r in results]
    assert len(list(figures.glob("*/*.json"))) == 1
    assert json.loads(results[0].notebook_json)["cells"][0]["outputs"] == \
        json.loads(results[1].notebook_json)["cells"][0]["outputs"]


def test_pages_skip_checking_only_the_very_files_the_build_checked(data_copy, monkeypatch):
    """The build names the digest of the files it checked; a page loads them without checking
    again, and the same dataset comes out. A file changed since is checked in full."""
    from book.data import DataError, load
    from book.data.validate import CHECKED_ENV, data_digest

    checked = load(data_copy)
    monkeypatch.setenv(CHECKED_ENV, data_digest(data_copy))
    assert load(data_copy).fingerprint() == checked.fingerprint()

    demands = data_copy / "demands.csv"
    demands.write_text(demands.read_text("utf-8").replace(",gov_KG,", ",gov_XX,", 1), "utf-8")
    with pytest.raises(DataError) as raised:
        load(data_copy)
    assert "gov_XX" in raised.value.format("en")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_front_page_is_the_same_without_the_prose_it_does_not_show(lang):
    """The front page reads the dataset without its prose (Dataset.without_texts), so that a
    corrected wording does not run it again. Its figures and map must be exactly those the
    whole dataset gives, in every edition."""
    from book import report
    from book.data import load
    from book.i18n import using

    ds = load()
    with using(lang):
        for year in sorted(int(y) for y in ds.editions["year"]):
            page, whole = report.Chapter("index", year=year), report.Chapter("index", year=year)
            whole.ds = ds.localised(lang).as_of(year)
            assert "text" not in page.ds.demands.columns and "text" in whole.ds.demands.columns
            assert page.key_figures() == whole.key_figures()
            assert page.map()._repr_mimebundle_() == whole.map()._repr_mimebundle_()


def test_a_kernel_server_whose_build_was_killed_goes_away(tmp_path):
    """A build killed outright (no chance to stop its server) leaves no server behind."""
    import sys
    import time

    script = tmp_path / "build.py"
    script.write_text("import time\nfrom book.publishing.kernels import KernelServer\n"
                      "from book.publishing.pipeline import _kernel_env\n"
                      "server = KernelServer(_kernel_env())\nprint(server.proc.pid, flush=True)\ntime.sleep(600)\n", "utf-8")
    build = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    server_pid = int(build.stdout.readline())
    time.sleep(0.5)
    build.kill()
    build.wait()
    deadline = time.monotonic() + 30  # it may still be importing, then notices within a second
    while time.monotonic() < deadline:
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            return
        if subprocess.run(["ps", "-o", "stat=", "-p", str(server_pid)], capture_output=True,
                          text=True).stdout.strip().startswith("Z"):
            return  # exited, not yet reaped by the test runner
        time.sleep(0.2)
    raise AssertionError("the kernel server outlived its build")


def test_a_page_whose_figures_are_kept_imports_no_drawing_library(tmp_path, data_copy):
    """The kernel server takes requests before it imports matplotlib and folium (kernels.DRAWING):
    that is worth it because a page whose figures all come from the memo never imports them.
    The second run of the same page, in a fresh kernel, draws nothing and imports neither."""
    code = ("from book import report\nch = report.Chapter('kyrgyzstan')\n"
            "display(ch.map(), ch.demands_chart(), ch.timeline())\nimport sys\n"
            "print('drawing:', *sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'folium', 'branca'}))")
    page = _page(tmp_path / "page.md", code)
    env = {**_page_env(data_copy, 2023, "ru"), "BOOK_FIGURE_CACHE": str(tmp_path / "figures")}
    first, second = (run_jobs([Job("page", page, env)], workers=1)[0] for _ in range(2))
    assert first.ok and second.ok, (first.error_en, second.error_en)
    assert _outputs(first).strip().splitlines()[-1] == "drawing: branca folium matplotlib"
    assert _outputs(second).strip().splitlines()[-1] == "drawing:"
    figures = lambda r: [o for c in json.loads(r.notebook_json)["cells"] for o in c["outputs"]  # noqa: E731
                         if o["output_type"] == "display_data"]
    assert figures(first) == figures(second) and len(figures(first)) == 3


def test_a_kernel_asked_for_while_the_server_imports_starts_and_draws(tmp_path, data_copy):
    """Kernels asked for at once, before the server has imported anything, wait for it; one
    forked before the drawing libraries are in imports them itself and draws the same figure."""
    from book.publishing.kernels import plan

    code = "from book import report\nch = report.Chapter('kyrgyzstan')\nch.demands_chart()"
    pages = [_page(tmp_path / f"p{i}.md", code) for i in range(3)]
    with KernelServer(_page_env(data_copy, 2023, "ru")) as server:
        env = {**_page_env(data_copy, 2023, "ru"), **server.env, **plan(3, 3)}
        results = run_jobs([Job(f"p{i}", p, env) for i, p in enumerate(pages)], workers=3)
    assert all(r.ok for r in results), [r.error_en for r in results]
    outputs = [json.loads(r.notebook_json)["cells"][0]["outputs"] for r in results]
    assert outputs[0] == outputs[1] == outputs[2]
    assert "<svg" in json.dumps(outputs[0])


def test_a_prepared_jupyter_book_process_builds_only_on_go(tmp_path):
    """The build gives a Jupyter Book process its command line while the pages run; the process
    sets up Sphinx and builds nothing until told to. One not needed after all (a page failed)
    goes away without writing anything; one given other arguments than it was prepared with
    is not used for them."""
    from book.publishing.sphinx_run import SphinxProcesses, build_args

    src, work = tmp_path / "src", tmp_path / "work"
    src.mkdir()
    (src / "_config.yml").write_text("title: T\nexecute:\n  execute_notebooks: 'off'\n", "utf-8")
    (src / "_toc.yml").write_text("format: jb-book\nroot: index\n", "utf-8")
    (src / "index.md").write_text("# Hello\n\nText.\n", "utf-8")
    html = work / "_build" / "html" / "index.html"

    with SphinxProcesses(1) as procs:
        procs.prepare(build_args(src, work, "html"))
        [proc] = procs.waiting
        seen = ""
        while "Running Sphinx" not in seen:  # it has the arguments and is setting Sphinx up
            line = proc.stdout.readline()
            assert line, seen
            seen += line
        import time
        time.sleep(3)
        assert proc.poll() is None and not html.exists()  # waiting for the word
    assert proc.wait(timeout=30) is not None and not html.exists()

    with SphinxProcesses(1) as procs:
        procs.prepare(build_args(src, work, "html", write_all=True))
        prepared = procs.waiting[0]
        taken = procs.take(build_args(src, work, "html"))
        assert taken is not prepared
        log, _ = taken.communicate("go\n", timeout=120)
        assert taken.returncode == 0, log
    assert "Hello" in html.read_text("utf-8")
