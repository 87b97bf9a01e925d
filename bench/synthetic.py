"""A synthetic dataset of any size for benchmarks: the real data/ grown to more editions and
more monitored countries, valid by the project's own schemas.

Why a copy of data/ and not a dataset from nothing: the sources, themes, conventions,
boundaries and findings formats are the real ones, so a page of the grown report does what a
real page does (a map from the real boundaries, tables with real-looking rows), only more of
it. Every added row cites an added source `syn-{year}` of kind `other`, titled as synthetic,
so nothing invented passes for a document of the Mission.

    from bench.synthetic import make_dataset
    make_dataset(dst, editions=10, countries=10, seed=1)   # raises DataError if invalid

Deterministic: the same arguments give the same files (random.Random(seed)).
"""
from __future__ import annotations

import csv
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from book import DATA_DIR
from book.data.labels import INDICATOR_VALUES, codes

# Monitored countries in the order they are added: the five of the report, then the
# neighbours of countries.csv that have a boundary in data/geo/countries.geojson.
CANDIDATES = ("KZ", "KG", "TJ", "TM", "UZ", "CN", "AF", "IR", "AZ", "MN")
CAPITALS = {  # for the new countries' maps: name_ru, name_en, lat, lon, GeoNames id
    "CN": ("Пекин", "Beijing", 39.9075, 116.3972, 1816670),
    "AF": ("Кабул", "Kabul", 34.5281, 69.1723, 1138958),
    "IR": ("Тегеран", "Tehran", 35.6944, 51.4215, 112931),
    "AZ": ("Баку", "Baku", 40.3777, 49.8920, 587084),
    "MN": ("Улан-Батор", "Ulaanbaatar", 47.9077, 106.8832, 2028462),
}
MEETING_CITIES = (("Бишкек", "Bishkek", "KG"), ("Алматы", "Almaty", "KZ"), ("Душанбе", "Dushanbe", "TJ"),
                  ("Ташкент", "Tashkent", "UZ"))
DEMANDS_PER_COUNTRY = 3     # per edition; the last one is on the migrants theme
ORGANISATIONS_PER_COUNTRY = 3
THEMES = ("union_registration", "freedom_of_association", "legislation", "release_rehabilitation",
          "justice", "activists_protection", "forced_labour")


@dataclass(frozen=True)
class Synthetic:
    data: Path
    years: list[int]          # every edition, oldest first
    monitored: list[str]      # iso2 of the monitored countries, in order
    chapters: dict[str, str]  # iso2 -> chapter slug


# --- CSV as a spreadsheet keeps it ------------------------------------------------------------

def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n", restval="")
        w.writeheader()
        w.writerows(rows)


class Tables:
    """The CSV tables of a data folder, edited in memory and written back once."""

    def __init__(self, data: Path):
        self.data = data
        self._t = {p.stem: read_rows(p) for p in sorted(data.glob("*.csv"))}

    def rows(self, name: str) -> list[dict]:
        return self._t[name][1]

    def set_rows(self, name: str, rows: list[dict]) -> None:
        self._t[name] = (self._t[name][0], rows)

    def add(self, name: str, **cells) -> None:
        header = self._t[name][0]
        unknown = set(cells) - set(header)
        assert not unknown, f"no columns {unknown} in {name}.csv"
        self._t[name][1].append({c: "" if cells.get(c) is None else str(cells.get(c, "")) for c in header})

    def save(self) -> None:
        for name, (header, rows) in self._t.items():
            write_rows(self.data / f"{name}.csv", header, rows)


# --- the generator ------------------------------------------------------------------------------

def make_dataset(dst: Path, editions: int = 10, countries: int = 10, seed: int = 1,
                 source: Path = DATA_DIR, check: bool = True) -> Synthetic:
    """Write into `dst` (replaced) the real data grown to `editions` editions (the real ones
    first) and `countries` monitored countries (the first of CANDIDATES; with fewer than the
    five real ones, the others become neighbours without their ratifications). With `check`,
    load it as the build does and raise book.data.DataError listing every problem."""
    if not 1 <= countries <= len(CANDIDATES):
        raise ValueError(f"countries: 1..{len(CANDIDATES)}")
    rng = random.Random(seed)
    dst = Path(dst)
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(source, dst)
    t = Tables(dst)

    real_years = sorted(int(r["year"]) for r in t.rows("editions"))
    if editions < len(real_years):
        raise ValueError(f"editions: at least the {len(real_years)} real ones")
    years = real_years + list(range(real_years[-1] + 1, real_years[-1] + 1 + editions - len(real_years)))
    new_years = years[len(real_years):]
    monitored = list(CANDIDATES[:countries])
    chapters = _set_countries(t, monitored)

    for year in years:
        _source(t, year)
    _source(t, "normlex")
    last_number = max(int(r["number"]) for r in t.rows("editions"))
    for i, year in enumerate(new_years, 1):
        _edition(t, year, last_number + i, rng)
    names = {r["iso2"]: r for r in t.rows("countries")}
    for iso2 in monitored:
        _country_rows(t, iso2, names[iso2], years, real_years, rng)
    t.save()
    _findings(dst, years, monitored, chapters, names)
    if check:
        from book.data import load
        load(dst)  # DataError lists every problem
    return Synthetic(dst, years, monitored, chapters)


def _set_countries(t: Tables, monitored: list[str]) -> dict[str, str]:
    """Roles and chapters: the chosen countries monitored (new ones get their name as the
    chapter slug), the other candidates neighbours with no chapter and no ratifications."""
    chapters = {}
    for row in t.rows("countries"):
        iso2 = row["iso2"]
        if iso2 in monitored:
            row["role"] = "monitored"
            row["chapter"] = row["chapter"] or row["name_en"].lower().replace(" ", "-")
            chapters[iso2] = row["chapter"]
        elif iso2 in CANDIDATES:
            row["role"], row["chapter"] = "neighbour", ""
    t.set_rows("ilo_ratifications", [r for r in t.rows("ilo_ratifications") if r["country"] in monitored])
    return chapters


def _source(t: Tables, year) -> None:
    t.add("sources", id=f"syn-{year}", kind="other", title=f"Синтетический документ для замеров ({year})",
          publisher="bench/synthetic.py", date=str(year) if isinstance(year, int) else "unknown", language="ru",
          citation_ru=f"«Синтетический документ ({year})»", citation_en=f"“Synthetic document ({year})”")


def _edition(t: Tables, year: int, number: int, rng: random.Random) -> None:
    city_ru, city_en, country = MEETING_CITIES[number % len(MEETING_CITIES)]
    t.add("editions", year=year, number=number, kind=rng.choice(codes("edition_kind")),
          date=f"{year}-11-{rng.randint(1, 28):02d}", city_ru=city_ru, city_en=city_en, country=country,
          title_ru=f"Синтетическая встреча Миссии {year} года", title_en=f"Synthetic meeting of the Mission, {year}",
          document_title_ru=f"Синтетический итоговый документ {year} года",
          document_title_en=f"Synthetic outcome document, {year}", source_id=f"syn-{year}")


def _country_rows(t: Tables, iso2: str, country: dict, years: list[int], real_years: list[int],
                  rng: random.Random) -> None:
    """What a country chapter shows, for every edition: situations, demands and their
    assessments, organisations and their registration events, a case; for a country new to
    the report, its government, capital and ratifications too."""
    low, name_ru, name_en = iso2.lower(), country["name_ru"], country["name_en"]
    gov = f"gov_{iso2}"
    if not any(r["id"] == gov for r in t.rows("addressees")):
        t.add("addressees", id=gov, kind="government", country=iso2, name_ru=f"Правительство {country['name_ru_genitive']}",
              name_en=f"Government of {name_en}")
    if iso2 in CAPITALS and not any(r["country"] == iso2 for r in t.rows("places")):
        c_ru, c_en, lat, lon, gid = CAPITALS[iso2]
        t.add("places", id=f"{low}-capital", name_ru=c_ru, name_en=c_en, country=iso2, lat=f"{lat:.4f}",
              lon=f"{lon:.4f}", kind="capital", geonameid=gid, source_id="geonames")
    if not any(r["country"] == iso2 for r in t.rows("ilo_ratifications")):
        for conv in t.rows("conventions"):
            status = rng.choice(codes("ratification_status"))
            t.add("ilo_ratifications", country=iso2, convention=conv["id"], status=status,
                  year=rng.randint(1992, 2020) if status == "ratified" else "", as_of="2026-11-23",
                  source_id="syn-normlex")

    have = {(r["country"], r["edition_year"], r["indicator"]) for r in t.rows("country_situations")}
    orgs = [f"{low}-syn-org-{i}" for i in range(1, ORGANISATIONS_PER_COUNTRY + 1)]
    for i, org in enumerate(orgs, 1):
        t.add("organisations", id=org, country=iso2, name_ru=f"Синтетический профсоюз №{i} ({name_ru})",
              name_en=f"Synthetic trade union No. {i} ({name_en})", kind=rng.choice(codes("organisation_kind")),
              level=rng.choice(codes("organisation_level")), sector=rng.choice(codes("sector")),
              parent_id=orgs[0] if i > 1 else "", source_id=f"syn-{years[0]}")
    demands: list[tuple[str, int]] = []
    for year in years:
        src = f"syn-{year}"
        for indicator in codes("indicator"):
            if (iso2, str(year), indicator) in have:
                continue
            t.add("country_situations", country=iso2, edition_year=year, indicator=indicator,
                  value=rng.choice(codes(INDICATOR_VALUES[indicator])),
                  quote_ru=f"синтетическая цитата о стране ({name_ru}, {year}, {indicator})",
                  quote_en=f"synthetic quote on the country ({name_en}, {year}, {indicator})", source_id=src)
        for n in range(1, DEMANDS_PER_COUNTRY + 1):
            themes = [rng.choice(THEMES)] + (["migrants"] if n == DEMANDS_PER_COUNTRY else [])
            did = f"{year}-{low}-syn-{n}"
            t.add("demands", id=did, edition_year=year, section="demand", addressee_id=gov, number=n,
                  text_ru=f"Синтетическое требование {n} к властям ({name_ru}, {year}).",
                  text_en=f"Synthetic demand {n} to the authorities ({name_en}, {year}).",
                  themes=";".join(themes), source_id=src)
            demands.append((did, year))
        for did, adopted in demands:
            if adopted < year:
                t.add("demand_assessments", demand_id=did, year=year, status=rng.choice(codes("status")[:3]),
                      assessed_by="mission", evidence_ru=f"синтетическая оценка ({year})",
                      evidence_en=f"synthetic assessment ({year})", source_id=src)
        for org in orgs:
            t.add("registration_events", id=f"{org}-{year}", organisation_id=org,
                  date=f"{year}-{rng.randint(1, 10):02d}", event=rng.choice(codes("event")),
                  description_ru=f"синтетическое событие регистрации ({year})",
                  description_en=f"synthetic registration event ({year})", source_id=src)
        t.add("cases", id=f"{low}-syn-case-{year}", kind="person", name_ru=f"Синтетический активист {year} ({name_ru})",
              name_en=f"Synthetic activist {year} ({name_en})", country=iso2, organisation_id=rng.choice(orgs),
              what_happened_ru=f"синтетическое описание преследования ({year})",
              what_happened_en=f"synthetic account of persecution ({year})",
              measures=";".join(rng.sample(codes("measure"), 2)), year=year, posthumous="false",
              source_id=src, public="true")


def _findings(data: Path, years: list[int], monitored: list[str], chapters: dict[str, str], countries: dict) -> None:
    """Findings in Russian and English for every page that has them, where none exist yet."""
    for year in years:
        folder = data / "findings" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        pages = {"index": None, "overview": None, "migrants": None,
                 **{chapters[iso2]: countries[iso2] for iso2 in monitored}}
        for slug, country in pages.items():
            head_ru = "" if slug == "index" else "## Выводы Миссии\n\n"
            head_en = "" if slug == "index" else "## The Mission's findings\n\n"
            about_ru = f" о стране {country['name_ru']}" if country else ""
            about_en = f" on {country['name_en']}" if country else ""
            for name, text in ((f"{slug}.md", f"{head_ru}Синтетический текст выводов{about_ru} для замеров, "
                                              f"выпуск {year} {{cite}}`syn-{year}`.\n"),
                               (f"{slug}.en.md", f"{head_en}Synthetic findings{about_en} for benchmarks, "
                                                 f"edition {year} {{cite}}`syn-{year}`.\n")):
                if not (folder / name).exists():
                    (folder / name).write_text(text, "utf-8")


def edit_one_demand(data: Path, iso2: str, year: int) -> str:
    """What staff do: change the text of one demand to one country's government in one
    edition (the first synthetic one; not on the migrants theme, so only that country's
    chapter and the pages over all data see it). Returns the demand's id."""
    path = data / "demands.csv"
    header, rows = read_rows(path)
    did = f"{year}-{iso2.lower()}-syn-1"
    for r in rows:
        if r["id"] == did:
            r["text_ru"] = r["text_ru"].rstrip(".") + " (правка)."
            break
    else:
        raise KeyError(did)
    write_rows(path, header, rows)
    return did
