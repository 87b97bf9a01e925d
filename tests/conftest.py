"""Shared fixtures: a scratch copy of the real data, and each edition built once per test session.

Building is the slow part of the suite: every (language, year) edition of the real data is
built at most once, and every test that reads a built site shares it. A test that needs the
PDF asks for format "all"; the same edition is then completed in place (pages already
executed are reused)."""
import shutil
from pathlib import Path

import pytest

from book import DATA_DIR


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may edit like a staff member would."""
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst


@pytest.fixture(scope="session")
def build_edition(tmp_path_factory):
    """build_edition(lang="ru", year=None, fmt="html") -> (out, BuildReport): the real data's
    edition built once for the whole session (year None: the latest)."""
    from book.build.pipeline import build

    built: dict = {}

    def get(lang: str = "ru", year: int | None = None, fmt: str = "html"):
        key = (lang, year)
        have = built.get(key)
        if have and (fmt == "html" or have[2] == "all"):
            return have[0], have[1]
        out = have[0] if have else tmp_path_factory.mktemp(f"site-{lang}-{year or 'latest'}")
        report = build(out=out, fmt=fmt, year=year, lang=lang, log=lambda *_: None)
        built[key] = (out, report, fmt)
        return out, report

    return get


@pytest.fixture(scope="session")
def built_site(build_edition):
    """The latest edition in Russian, site and PDF, built once from the real data (the site
    offers the PDF, as published); tests read its output."""
    return build_edition("ru", fmt="all")


@pytest.fixture(scope="session")
def built_site_en(build_edition):
    """The latest edition in English, site and PDF, built once."""
    return build_edition("en", fmt="all")
