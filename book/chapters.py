"""The pages of the report, in reading order, and what data each one reads.

`reads` tells the build what to fingerprint for a page's execution cache:
  ("country", "KZ")  -> the rows about that country (plus shared reference tables)
  ("all",)           -> the whole public dataset
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
from dataclasses import dataclass

LANGUAGES = ("ru", "en")   # the editions' languages; Russian is the original


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


def _country(slug: str, iso2: str) -> Page:
    # Every country chapter is chapters/{lang}/country.md, written once (see book/publishing/stage.py).
    return Page(slug, f"chapters/{slug}", ("country", iso2), findings=True, template="country")


PAGES = [
    Page("index", "index", ("all",), findings=True),
    Page("overview", "chapters/overview", ("all",), findings=True),
    _country("kazakhstan", "KZ"),
    _country("kyrgyzstan", "KG"),
    _country("tajikistan", "TJ"),
    _country("turkmenistan", "TM"),
    _country("uzbekistan", "UZ"),
    # Migrants: Russia's rows and the region's demands and ratifications about migrants.
    Page("migrants", "chapters/migrants", ("theme", "migrants", "RU", "C97", "C143"), findings=True),
    Page("calls", "chapters/calls", ("calls",)),
    # The methodology's worked example is a real row of country_situations.
    Page("methodology", "chapters/methodology", ("reference", "country_situations")),
    Page("update-guide", "chapters/update-guide", ("none",)),
    Page("sources", "chapters/sources", ("reference",)),
    Page("accessibility", "chapters/accessibility", ("none",)),
]

BY_SLUG = {p.slug: p for p in PAGES}
COUNTRY_PAGES = [p for p in PAGES if p.reads[0] == "country"]
