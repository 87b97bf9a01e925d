"""The report's pages for the real data (data/), as the build makes them: the fixed pages of
book/chapters.py with a country chapter for each monitored country of data/countries.csv."""
from book.chapters import by_slug, country_pages, for_data

PAGES = for_data()
BY_SLUG = by_slug(PAGES)
COUNTRY_PAGES = country_pages(PAGES)
