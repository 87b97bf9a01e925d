"""The pages of the report, in reading order, and what data each one reads.

`reads` tells the build what to fingerprint for a page's execution cache:
  ("country", "KZ")  -> the rows about that country (plus shared reference tables)
  ("all",)           -> the whole public dataset
  ("calls",)         -> the mission's calls, intentions and positions (demands not to one
                        government), their assessments, and the reference tables
  ("reference",)     -> the reference tables only (sources, editions, countries, ...)
  ("theme", "migrants", "RU", "C97", "C143")
                     -> a theme across the region: that country's rows, every demand on the
                        theme, and the ratifications of those conventions in every country
  ("none",)          -> no data (the page depends on code and text only)
The page's Chapter is given exactly that part (book.data.Dataset.for_reads), so a page
cannot show data its cache key does not cover.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    slug: str          # file stem and URL stem
    path: str          # source path relative to the repo root, without suffix
    reads: tuple       # see module docstring
    findings: bool = False  # has an edition narrative in data/findings/{year}/{slug}.md


PAGES = [
    Page("index", "index", ("all",), findings=True),
    Page("overview", "chapters/overview", ("all",), findings=True),
    Page("kazakhstan", "chapters/kazakhstan", ("country", "KZ"), findings=True),
    Page("kyrgyzstan", "chapters/kyrgyzstan", ("country", "KG"), findings=True),
    Page("tajikistan", "chapters/tajikistan", ("country", "TJ"), findings=True),
    Page("turkmenistan", "chapters/turkmenistan", ("country", "TM"), findings=True),
    Page("uzbekistan", "chapters/uzbekistan", ("country", "UZ"), findings=True),
    # Migrants: Russia's rows and the region's demands and ratifications about migrants.
    Page("migrants", "chapters/migrants", ("theme", "migrants", "RU", "C97", "C143"), findings=True),
    Page("calls", "chapters/calls", ("calls",)),
    Page("methodology", "chapters/methodology", ("reference",)),
    Page("update-guide", "chapters/update-guide", ("none",)),
    Page("sources", "chapters/sources", ("reference",)),
    Page("accessibility", "chapters/accessibility", ("none",)),
]

BY_SLUG = {p.slug: p for p in PAGES}
COUNTRY_PAGES = [p for p in PAGES if p.reads[0] == "country"]
