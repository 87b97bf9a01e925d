"""Shared fixtures: a scratch copy of the real data, and one full build of the site reused by many tests."""
import shutil
from pathlib import Path

import pytest

from book import DATA_DIR, ROOT


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may edit like a staff member would."""
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The latest edition built once (HTML) from the real data; tests read its output."""
    from book.build.pipeline import build

    out = tmp_path_factory.mktemp("site")
    report = build(out=out, fmt="html", log=lambda *_: None)
    return out, report
