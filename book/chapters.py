"""The pages of the report, in reading order, and what data each one reads.

The fixed pages (front page, overview, migrants, calls, the pages about the data) are
written here once. The country chapters are not: they come from the data, one per
monitored country of data/countries.csv with a `chapter` slug, in its `order`, between
the overview and the migrants page. A report grows to more countries by editing
countries.csv only (and adding the country's rows and findings), so every part of the
build takes its page list from the loaded dataset: `pages(ds.countries)`.

`reads` tells the build what to fingerprint for a page's execution cache:
  ("country", "KZ")  -> the rows about that country (plus shared reference tables)
  ("all",)           -> the whole public dataset
  ("all", "without-texts")
                     -> the whole dataset without the long texts of its fact tables (the
                        front page counts and maps, it quotes no demand or case)
  ("calls",)         -> the mission's calls, intentions and positions (demands not to one
                        government), their assessments, and the reference tables
  ("reference",)     -> the reference tables only (sources, editions, countries, ...);
                        ("reference", "country_situations") adds the tables named
  ("theme", "migrants", "RU", "C97", "C143")
                     -> a theme across the region: that country's rows, every demand on the
                        theme, and the ratifications of those conventions in every country
  ("none",)          -> no data (the page depends on code and text only)
The page's Chapter is given exactly that part (book.data.Dataset.for_reads), so a page
cannot show data its cache key does not cover.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("ru", "en")   # the editions' languages; Russian is the original

# What a country chapter's slug may be: it is a file name and a URL on every host.
CHAPTER_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Page:
    slug: str          # file stem and URL stem
    path: str          # where the staged book has it, relative to its root, without suffix
    reads: tuple       # see module docstring
    findings: bool = False  # has an edition narrative in data/findings/{year}/{slug}.md
    template: str = ""      # the page's source: chapters/{lang}/{template}.md (default: slug)

    def source(self, lang: str) -> str:
        """The page's source file for a language, relative to the repository root."""
        return f"chapters/{lang}/{self.template or self.slug}.md"

    @property
    def is_country(self) -> bool:
        return self.reads[0] == "country"


def country_page(slug: str, iso2: str) -> Page:
    """A country chapter: every one is chapters/{lang}/country.md, written once (see
    book/publishing/stage.py, render_page)."""
    return Page(slug, f"chapters/{slug}", ("country", iso2), findings=True, template="country")


# Before the country chapters.
FRONT = (
    Page("index", "index", ("all", "without-texts"), findings=True),
    Page("overview", "chapters/overview", ("all",), findings=True),
)
# After them.
BACK = (
    # Migrants: Russia's rows and the region's demands and ratifications about migrants.
    Page("migrants", "chapters/migrants", ("theme", "migrants", "RU", "C97", "C143"), findings=True),
    Page("calls", "chapters/calls", ("calls",)),
    # The methodology's worked example is a real row of country_situations.
    Page("methodology", "chapters/methodology", ("reference", "country_situations")),
    Page("update-guide", "chapters/update-guide", ("none",)),
    Page("sources", "chapters/sources", ("reference",)),
    Page("accessibility", "chapters/accessibility", ("none",)),
)
FIXED_PAGES = FRONT + BACK
FIXED_SLUGS = frozenset(p.slug for p in FIXED_PAGES)


def about_country(page: Page) -> str | None:
    """The country a fixed page is about (the migrants page: Russia), else None. Such a
    country's row in countries.csv names that page as its chapter."""
    return page.reads[2] if page.reads[0] == "theme" else None


def country_chapters(countries) -> list[Page]:
    """One page per monitored country with a chapter, in `order` (file order breaks ties).

    `countries` is the countries table as loaded (book.data.Dataset.countries)."""
    monitored = countries[(countries["role"] == "monitored") & countries["chapter"].notna()]
    monitored = monitored.sort_values("order", kind="stable")
    return [country_page(str(slug), str(iso2)) for slug, iso2 in zip(monitored["chapter"], monitored["iso2"])
            if str(slug).strip()]


def pages(countries) -> list[Page]:
    """Every page of the report in reading order, for the dataset's countries table."""
    return [*FRONT, *country_chapters(countries), *BACK]


def by_slug(page_list) -> dict[str, Page]:
    return {p.slug: p for p in page_list}


def country_pages(page_list) -> list[Page]:
    return [p for p in page_list if p.is_country]


def reading_order(slugs) -> list[str]:
    """Page slugs in reading order without the data: the front pages, the others (country
    chapters) in the order given, then the back pages."""
    slugs = list(dict.fromkeys(slugs))
    front = [p.slug for p in FRONT if p.slug in slugs]
    back = [p.slug for p in BACK if p.slug in slugs]
    return front + [s for s in slugs if s not in FIXED_SLUGS] + back


def for_data(data_dir=None) -> list[Page]:
    """The pages for a data folder (validated and loaded; default: BOOK_DATA or data/)."""
    from book.data import load
    return pages(load(data_dir).countries)
