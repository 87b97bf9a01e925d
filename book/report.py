"""What a chapter notebook calls: `Chapter(slug)` loads the edition's data and hands out maps, charts, tables and glued figures."""
from __future__ import annotations

import os
from pathlib import Path

from book import charts, tables, views
from book.chapters import FIXED_PAGES, by_slug, pages
from book.data.labels import label
from book.i18n import current, long_date, tr, word

# Where the build publishes downloads (book/publishing/downloads.py writes them under
# _static/generated/ of the staged book).
GENERATED = "_static/generated/"


class Chapter:
    """One page of the report for one edition.

    ch = Chapter("kazakhstan")    # year from env BOOK_YEAR, else the latest edition;
                                  # data from env BOOK_DATA, else data/; language from
                                  # env BOOK_LANG (ru, en), else Russian
    ch.ds        the data the page may read: for a country page, that country's rows
                 (the build's execution cache is keyed on exactly these)
    ch.year, ch.country (iso2 or None), ch.asset_prefix ("" at the root, "../" in chapters/)
    """

    def __init__(self, slug: str, *, ds=None, year: int | None = None):
        self.slug = slug
        self._tables: list[tables.Table] = []
        fixed = by_slug(FIXED_PAGES)
        if slug in fixed and fixed[slug].reads[0] == "none":  # a page about code and text only: reads no data
            self._set_page(fixed[slug])
            self.ds, self.country, self.edition = None, None, None
            self.year = int(year or os.environ.get("BOOK_YEAR") or 0) or None
            return
        if ds is None:
            from book.data import load
            ds = load()
        # A country chapter is a page because the data has the country (book.chapters.pages).
        known = by_slug(pages(ds.countries))
        if slug not in known:
            raise KeyError(f"Нет страницы {slug!r} (постоянные страницы — в book/chapters.py, главы стран — из "
                           f"data/countries.csv); есть: {', '.join(known)}. / No page {slug!r} (fixed pages are in "
                           f"book/chapters.py, country chapters come from data/countries.csv); there are: {', '.join(known)}.")
        self._set_page(known[slug])
        self.lang = current()
        ds = ds.localised(self.lang)
        env_year = os.environ.get("BOOK_YEAR")
        self.year = int(year or env_year or ds.latest_year())
        self.edition = views.edition(ds, self.year)  # KeyError naming the known years
        ds = ds.as_of(self.year)  # the same cut the build keys the page's cache on
        reads = self.page.reads
        if reads[0] == "country":
            self.country = reads[1]
        elif reads[0] == "theme":  # a theme seen from one country (migrants: Russia)
            self.country = reads[2]
        elif reads[0] in ("reference", "calls"):
            self.country = None
        else:  # a page that reads everything, about the country whose chapter it is, if any
            about = ds.countries[ds.countries["chapter"] == slug]["iso2"]
            self.country = about.iloc[0] if len(about) else None
        # Every page sees only the part of the data it reads (the front page: no prose): the
        # build's cache fingerprints the same part, so a page re-runs exactly when it changes.
        self.ds = ds.for_reads(reads)

    def _set_page(self, page) -> None:
        self.page = page
        self.asset_prefix = "../" * page.path.count("/")

    # --- the edition ---------------------------------------------------------------------

    @property
    def previous_year(self) -> int | None:
        return views.previous_edition(self.ds, self.year)

    def edition_info(self) -> dict:
        """The meeting of this edition, written for the page."""
        e = self.edition
        return {
            "year": self.year,
            "number": int(e["number"]),
            "kind": label("edition_kind", e["kind"]),
            "meeting": e["title"],
            "document": e["document_title"],
            "date": long_date(e["date"]),
            "city": e["city"],
            "source_id": e["source_id"],
        }

    @property
    def country_name(self) -> str | None:
        if self.country is None:
            return None
        return self.ds.countries.set_index("iso2").at[self.country, "name"]

    # --- figures for the text ------------------------------------------------------------

    def key_figures(self) -> dict:
        """Numbers the page's text quotes, computed from the data (and phrases with the right plural)."""
        d = views.government_demands(self.ds, self.year)
        demands = d[d["section"] == "demand"]
        status = d["status"].astype(str).value_counts()
        cases = views.cases(self.ds)
        people = cases[cases["kind"] == "person"]
        reg = views.registration_status(self.ds, self.year)
        all_items = views.demand_status(self.ds, self.year)
        this_edition = all_items[all_items["edition_year"] == self.year]
        info = self.edition_info()
        f = {
            "year": self.year,
            "previous_year": self.previous_year or tr("нет: это первый выпуск в данных",
                                                      "none: this is the first edition in the data"),
            "edition_number": info["number"],
            "edition_kind": info["kind"],
            "edition_meeting": info["meeting"],
            "edition_document": info["document"],
            "edition_date": info["date"],
            "edition_city": info["city"],
            "n_items": len(d),
            # Provisions the report counts as calls to governments by its own reading (note_ru says why).
            "n_items_interpreted": int(d["note_ru"].notna().sum()) if "note_ru" in d else 0,
            "n_demands": len(demands),
            "n_governments": int(d["country"].dropna().nunique()),
            "n_not_implemented": int(status.get("not_implemented", 0)),
            "n_partly_implemented": int(status.get("partly_implemented", 0)),
            "n_implemented": int(status.get("implemented", 0)),
            "n_not_assessed": int(status.get("not_assessed", 0)),
            "n_people": len(people),
            "n_groups": len(cases) - len(people),
            "n_posthumous": int(cases["posthumous"].astype(bool).sum()) if "posthumous" in cases else 0,
            "n_organisations": len(reg),
            "n_organisations_without_registration": int(reg["status"].astype(str).isin(
                ["liquidated", "deregistered", "registration_refused", "suspended"]).sum()),
            "n_adopted": len(this_edition),
            "n_calls_international": int(((all_items["section"] == "call")
                                          & ~all_items["addressee_id"].str.startswith("gov_")).sum()),
            "n_intentions": int((all_items["section"] == "intention").sum()),
        }
        if self.country is not None:
            f["country_name"] = self.country_name
        nouns = {
            "n_items": (("требование или призыв", "требования или призыва", "требований или призывов"),
                        ("demand or call", "demands or calls")),
            "n_demands": (("требование", "требования", "требований"), ("demand", "demands")),
            "n_governments": (("правительство", "правительства", "правительств"), ("government", "governments")),
            "n_people": (("человек", "человека", "человек"), ("person", "people")),
            "n_organisations": (("организация", "организации", "организаций"), ("organisation", "organisations")),
            "n_adopted": (("положение", "положения", "положений"), ("provision", "provisions")),
        }
        for key, (ru, en) in nouns.items():
            f[f"{key}_words"] = f"{f[key]} {word(f[key], ru, en)}"
        return f

    def glue(self, name: str, value) -> None:
        """Make `value` available to the page's text as {glue:text}`name` (no output shown)."""
        from myst_nb import glue
        glue(name, value, display=False)

    def glue_key_figures(self, *names: str) -> dict:
        """Glue the key figures the page quotes (all of them if no names are given); returns them.

        A page that reads part of the data names what it quotes, so that no figure computed
        over data it does not see is stored with it."""
        figures = self.key_figures()
        if names:
            figures = {name: figures[name] for name in names}
        for name, value in figures.items():
            self.glue(name, value)
        return figures

    # --- maps, charts, tables ----------------------------------------------------------------

    def map(self):
        """The page's map: the country, or the region with links to the country chapters."""
        from book.maps import country_map, regional_map
        if self.country:
            return country_map(self.ds, self.country, self.year, asset_prefix=self.asset_prefix)
        link_prefix = "chapters/" if self.asset_prefix == "" else ""
        return regional_map(self.ds, self.year, link_prefix=link_prefix, asset_prefix=self.asset_prefix)

    def demands_chart(self) -> charts.Chart:
        return charts.demand_status_chart(self.ds, self.year, self.country)

    def themes_chart(self) -> charts.Chart:
        return charts.themes_chart(self.ds, self.year)

    def registration_chart(self) -> charts.Chart:
        return charts.registration_chart(self.ds, self.year, self.country)

    def timeline(self) -> charts.Chart:
        return charts.timeline_chart(self.ds, self.country)

    def _keep(self, table: tables.Table) -> tables.Table:
        self._tables.append(table)
        return table

    def demands_table(self, sections=None) -> tables.Table:
        """Demands to this country's government (all governments on other pages), with status."""
        return self._keep(tables.demands_table(self.ds, self.year, self.country, sections))

    def theme_table(self, theme: str) -> tables.Table:
        """Every demand, call or intention on one theme (e.g. "migrants"), whoever it addresses."""
        t = tables.demands_table(self.ds, self.year, None, theme=theme)
        t.title = tr("Требования, призывы и намерения: ", "Demands, calls and intentions: ") + label_theme(self.ds, theme)
        return self._keep(t)

    def calls_table(self) -> tables.Table:
        """Calls and intentions of the mission (not addressed to one government)."""
        t = tables.demands_table(self.ds, self.year, None, sections=["call", "intention", "position"])
        t.title = tr("Призывы, намерения и позиции Миссии", "The Mission's calls, intentions and positions")
        t.name = f"calls-{self.year}"
        return self._keep(t)

    def cases_table(self) -> tables.Table:
        return self._keep(tables.cases_table(self.ds, self.country))

    def organisations_table(self) -> tables.Table:
        return self._keep(tables.organisations_table(self.ds, self.country, self.year))

    def events_table(self) -> tables.Table:
        return self._keep(tables.events_table(self.ds, self.country))

    def ratifications_table(self, conventions: list[str] | None = None) -> tables.Table:
        """ILO ratifications: this country's on a monitored country's page, else every monitored country's."""
        monitored = set(self.ds.countries.loc[self.ds.countries["role"] == "monitored", "iso2"])
        countries = [self.country] if self.country in monitored else None
        return self._keep(tables.ratifications_table(self.ds, countries, conventions))

    def situation_table(self) -> tables.Table:
        return self._keep(tables.situation_table(self.ds, self.year, self.country))

    def changes_table(self) -> tables.Table:
        return self._keep(tables.changes_table(self.ds, self.year))

    def sources_table(self) -> tables.Table:
        return self._keep(tables.sources_table(self.ds, text_prefix=self.asset_prefix + GENERATED))

    # Methodology: definitions that live in code next to the logic they describe.
    def status_definitions(self) -> tables.Table:
        return tables.status_definitions_table()

    def registration_definitions(self) -> tables.Table:
        return tables.registration_definitions_table()

    def derivation_example(self) -> tables.Table:
        return tables.derivation_example_table(self.ds, self.year)

    def change_definitions(self) -> tables.Table:
        return tables.change_definitions_table()

    def dictionary(self) -> tables.TableGroup:
        """The data dictionary: what every column of every CSV table holds (from the schemas)."""
        return tables.dictionary_tables()

    # --- downloads ---------------------------------------------------------------------------

    def downloads(self) -> "Downloads":
        """Links to the page's data. With env BOOK_DOWNLOADS set, also writes the page's tables as CSV there."""
        folder = os.environ.get("BOOK_DOWNLOADS")
        if folder:
            out = Path(folder) / self.slug
            out.mkdir(parents=True, exist_ok=True)
            for t in self._tables:
                t.display_frame().to_csv(out / f"{t.name}.csv", index=False, encoding="utf-8")
        from book.publishing.downloads import dataset_zip_name
        if self.page.reads[0] == "country":
            href, text = f"{self.asset_prefix}{GENERATED}data/{self.slug}.zip", \
                tr(f"Данные главы «{self.country_name}» (CSV, zip)", f"Data of the chapter “{self.country_name}” (CSV, zip)")
        else:
            href, text = f"{self.asset_prefix}{GENERATED}data/{dataset_zip_name(self.year)}", \
                tr(f"Все данные выпуска {self.year} г. (CSV, zip)", f"All data of the {self.year} edition (CSV, zip)")
        return Downloads(href, text)


def validation_example() -> str:
    """What `python -m book validate` prints for a typical slip, produced by the real validator.

    Works on a copy of the small test dataset (tests/fixtures/data_min), not on the
    report's data, so the update guide reads no data and never changes with it: the
    status in the first row of demand_assessments.csv is typed in Russian, as staff
    might, instead of its code.
    """
    import csv
    import shutil
    import tempfile

    from book import ROOT
    from book.data import DataError, validate

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "tests" / "fixtures" / "data_min", data)
        path = data / "demand_assessments.csv"
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        rows[1][rows[0].index("status")] = label("status", "not_implemented")
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        problems = validate(data)
    lang = current()
    command = "$ python -m book validate" + (" --lang en" if lang == "en" else "")
    return command + "\n" + DataError(problems).format(lang=lang)


def label_theme(ds, theme: str) -> str:
    names = views.text_by(ds.themes, "name")
    return names.get(theme, theme)


class Downloads:
    """A download link on the site; in print, a sentence pointing to the site."""

    def __init__(self, href: str, text: str):
        self.href, self.text = href, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        import html
        return {
            "text/html": (f'<div class="lr-downloads"><a class="lr-download" href="{html.escape(self.href, quote=True)}" '
                          f'download>{html.escape(self.text)}</a></div>'),
            "text/markdown": tr("Таблицы этой главы в формате CSV можно скачать на сайте доклада.\n",
                                "The tables of this chapter can be downloaded as CSV from the report's website.\n"),
            "text/plain": f"{self.text}: {self.href}",
        }
