"""Shared fixtures: a scratch copy of the real data, and the real data published once per session.

Building is the slow part of the suite. The real data is published once (every edition in
both languages, site and PDF, as `python -m book publish` does), and every test that reads
a built edition shares that publication's builds."""
import shutil
from pathlib import Path

import pytest

from book import DATA_DIR

BASE_URL = "https://example.org/reports/"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may edit like a staff member would."""
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst


@pytest.fixture(scope="module")
def chromium():
    """Headless Debian Chromium for one test module (skips where it is not installed)."""
    from tests.test_site_browser import require_chromium
    require_chromium()
    from tests.browser import browser
    with browser() as b:
        yield b


@pytest.fixture(scope="session")
def publication(tmp_path_factory):
    """(out, PublishReport): the real data published once, under BASE_URL."""
    from book.publishing.publish import publish
    out = tmp_path_factory.mktemp("publication")
    report = publish(out=out, base_url=BASE_URL, log=lambda *_: None)
    return out, report


@pytest.fixture(scope="session")
def build_edition(publication):
    """build_edition(lang="ru", year=None) -> (out, BuildReport) of one published edition
    (year None: the latest); `out` holds html/ and pdf/ as `python -m book build` writes them."""
    _, report = publication

    def get(lang: str = "ru", year: int | None = None, fmt: str = "all"):
        years = [y for _, y, _ in report.editions]
        year = year or max(years)
        for edition_lang, edition_year, built in report.editions:
            if (edition_lang, edition_year) == (lang, year):
                return Path(built.html).parent.parent, built
        raise KeyError((lang, year))

    return get


@pytest.fixture(scope="session")
def built_site(build_edition):
    """The latest edition in Russian, site and PDF, from the real data; tests read its output."""
    return build_edition("ru")


@pytest.fixture(scope="session")
def built_site_en(build_edition):
    """The latest edition in English, site and PDF."""
    return build_edition("en")
