"""Load the validated, typed, public dataset that every chapter reads."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from book.data.problems import DataError
from book.data.schemas import SCHEMAS, TABLES, split_list
from book.data.validate import check

# Tables that describe rather than report: kept whole in every part of the dataset.
REFERENCE_TABLES = ("sources", "editions", "countries", "addressees", "themes", "conventions")

# Tables filtered by Dataset.for_country, and the column holding the country.
COUNTRY_COLUMN = {
    "organisations": "country", "cases": "country", "country_situations": "country",
    "ilo_ratifications": "country", "places": "country",
}


@dataclass
class Dataset:
    """All tables as typed pandas DataFrames (public rows only).

    Each table is also an attribute named like its CSV file: ds.sources, ds.cases, ...
    """

    tables: dict[str, pd.DataFrame]
    data_dir: Path
    geometry_path: Path = field(default=None)

    def __post_init__(self):
        if self.geometry_path is None:
            self.geometry_path = self.data_dir / "geo" / "countries.geojson"

    def __getattr__(self, name: str) -> pd.DataFrame:
        # ds.sources, ds.cases, ...: the table of that name.
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def __dir__(self):
        return [*super().__dir__(), *self.tables]

    def for_country(self, iso2: str) -> "Dataset":
        """Every fact table cut to the rows about one country; reference tables whole."""
        t = dict(self.tables)
        for name, col in COUNTRY_COLUMN.items():
            t[name] = _rows(t[name], t[name][col] == iso2)
        addressees = set(t["addressees"].loc[t["addressees"]["country"] == iso2, "id"])
        t["demands"] = _rows(t["demands"], t["demands"]["addressee_id"].isin(addressees))
        t["demand_assessments"] = _rows(t["demand_assessments"],
                                        t["demand_assessments"]["demand_id"].isin(set(t["demands"]["id"])))
        orgs = set(t["organisations"]["id"])
        t["registration_events"] = _rows(t["registration_events"], t["registration_events"]["organisation_id"].isin(orgs))
        return replace(self, tables=t)

    def without_texts(self) -> "Dataset":
        """The whole dataset without the prose of its fact tables (a demand's wording, what
        happened in a case, quotations, evidence, descriptions), for a page that counts and
        maps but quotes nothing: a corrected wording does not change it, and the build does
        not run it again. tests/test_warm.py holds that the front page comes out the same."""
        t = {}
        for name, frame in self.tables.items():
            if name in REFERENCE_TABLES:
                t[name] = frame
                continue
            # The translated prose: x_ru with its x_en twin; names (they label maps) and notes
            # (a demand's note says it is counted as a call to governments) stay.
            prose = [base for ru, en in translation_pairs(SCHEMAS[name].columns)
                     if SCHEMAS[name].columns[ru].metadata.get("kind") == "text"
                     and not (base := ru[: -len("_ru")]).endswith(("name", "note"))]
            texts = {c for base in prose for c in (f"{base}_ru", f"{base}_en", base)}
            t[name] = frame.drop(columns=[c for c in frame.columns if c in texts])
        return replace(self, tables=t)

    def reference_only(self) -> "Dataset":
        """Only the reference tables (sources, editions, countries, addressees, themes,
        conventions); every fact table empty. For pages about the method, not the findings."""
        t = {name: (frame if name in REFERENCE_TABLES else frame.iloc[0:0])
             for name, frame in self.tables.items()}
        return replace(self, tables=t)

    def mission_calls(self) -> "Dataset":
        """The calls, intentions and positions (demands not to one government) with their
        assessments, and the reference tables; every other fact table empty."""
        base = self.reference_only().tables
        demands = self.tables["demands"]
        calls = _rows(demands, demands["section"] != "demand")
        base["demands"] = calls
        a = self.tables["demand_assessments"]
        base["demand_assessments"] = _rows(a, a["demand_id"].isin(set(calls["id"])))
        return replace(self, tables=base)

    def for_theme(self, theme: str, country: str, conventions: tuple = ()) -> "Dataset":
        """A theme across the region: one country's rows (e.g. Russia for migrants), every
        demand on the theme with its assessments, and the ratifications of the given
        conventions in every country."""
        t = dict(self.for_country(country).tables)
        demands = self.tables["demands"]
        on_theme = demands["themes"].map(lambda themes: theme in themes)
        in_country = demands["id"].isin(set(t["demands"]["id"]))
        t["demands"] = _rows(demands, on_theme | in_country)
        a = self.tables["demand_assessments"]
        t["demand_assessments"] = _rows(a, a["demand_id"].isin(set(t["demands"]["id"])))
        r = self.tables["ilo_ratifications"]
        t["ilo_ratifications"] = _rows(r, r["convention"].isin(conventions) | (r["country"] == country))
        return replace(self, tables=t)

    def as_of(self, year: int) -> "Dataset":
        """What the edition of `year` can know: later editions, their demands, assessments and
        situations, and the cases and registration events reported only by sources dated
        after that year, are left out. An edit to a later edition's rows then leaves an
        earlier edition's pages (and their cache keys) as they were."""
        t = dict(self.tables)
        t["editions"] = _rows(t["editions"], t["editions"]["year"] <= year)
        t["demands"] = _rows(t["demands"], t["demands"]["edition_year"] <= year)
        t["demand_assessments"] = _rows(t["demand_assessments"], t["demand_assessments"]["year"] <= year)
        t["country_situations"] = _rows(t["country_situations"], t["country_situations"]["edition_year"] <= year)
        reported = {i: _year(d) for i, d in zip(t["sources"]["id"], t["sources"]["date"])}
        for name in ("cases", "registration_events"):
            frame = t[name]
            t[name] = _rows(frame, frame["source_id"].map(lambda s: (reported.get(s) or 0) <= year))
        return replace(self, tables=t)

    def for_reads(self, reads: tuple) -> "Dataset":
        """The part of the dataset a page reads (book.chapters.Page.reads). The page's
        Chapter sees exactly this, and the build fingerprints exactly this for its cache."""
        kind = reads[0]
        if kind == "country":
            return self.for_country(reads[1])
        if kind == "all":
            return self.without_texts() if reads[1:] == ("without-texts",) else self
        if kind == "reference":
            # ("reference", "country_situations", ...): the reference tables plus the named ones.
            ds = self.reference_only()
            for name in reads[1:]:
                ds.tables[name] = self.tables[name]
            return ds
        if kind == "calls":
            return self.mission_calls()
        if kind == "theme":
            return self.for_theme(reads[1], reads[2], tuple(reads[3:]))
        raise ValueError(f"unknown page reads {reads!r}")

    def localised(self, lang: str) -> "Dataset":
        """Every text with a Russian and an English column (`name_ru`/`name_en` ...) also as a
        column without the suffix (`name`) in `lang`. In English a missing translation is the
        Russian text as `book.i18n.Untranslated`, which pages mark as awaiting translation;
        the `_ru` originals stay (the English edition shows quotations' originals)."""
        from book.i18n import Untranslated
        t = {}
        for name, frame in self.tables.items():
            frame = frame.copy()
            for ru, en in translation_pairs(frame.columns):
                neutral = ru[: -len("_ru")]
                if lang == "en":
                    frame[neutral] = [e if isinstance(e, str) and e.strip() else
                                      (Untranslated(r) if isinstance(r, str) else r)
                                      for r, e in zip(frame[ru], frame[en])]
                else:
                    frame[neutral] = frame[ru]
                frame[neutral] = frame[neutral].astype(object)
            t[name] = frame
        return replace(self, tables=t)

    def fingerprint(self) -> str:
        """sha256 over a canonical form of every table (and the geometry file)."""
        h = hashlib.sha256()
        for name in sorted(self.tables):
            frame = self.tables[name]
            h.update(f"\x00table:{name}\x00".encode())
            h.update(json.dumps(list(frame.columns), ensure_ascii=False).encode())
            for record in frame.itertuples(index=False):
                h.update(json.dumps([_plain(v) for v in record], ensure_ascii=False).encode())
                h.update(b"\n")
        if self.geometry_path and Path(self.geometry_path).is_file():
            h.update(b"\x00geometry\x00")
            h.update(Path(self.geometry_path).read_bytes())
        return h.hexdigest()

    def latest_year(self) -> int:
        return int(self.tables["editions"]["year"].max())


def translation_pairs(columns) -> list[tuple[str, str]]:
    """(Russian column, English column) pairs among `columns`: `x_ru` with `x_en`."""
    cols = set(columns)
    return [(c, c[: -len("_ru")] + "_en") for c in columns
            if c.endswith("_ru") and c[: -len("_ru")] + "_en" in cols]


def _year(partial_date) -> int | None:
    """The year of a partial date (2021, 2021-12, 2021-12-07); None when unknown."""
    text = str(partial_date)
    return int(text[:4]) if text[:4].isdigit() else None


def _rows(frame: pd.DataFrame, mask) -> pd.DataFrame:
    return frame.loc[mask.fillna(False).astype(bool)].reset_index(drop=True)


def _plain(v):
    if isinstance(v, list):
        return v
    if v is None or (not isinstance(v, (str, bool)) and pd.isna(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def load(data_dir: Path | str | None = None) -> Dataset:
    """Validate the data folder and return the public dataset; DataError lists every problem."""
    checked = check(data_dir)
    if checked.problems:
        raise DataError(checked.problems)
    tables = {name: type_frame(name, checked.frames[name]) for name in TABLES}
    tables = drop_private(tables)
    tables["demand_assessments"] = fill_not_assessed(tables["demand_assessments"], tables["demands"], tables["editions"])
    return Dataset(tables=tables, data_dir=checked.data_dir)


# --- typing ---------------------------------------------------------------------------


def type_frame(name: str, text: pd.DataFrame) -> pd.DataFrame:
    """Text cells -> the types the schema's column kinds promise; columns in schema order."""
    schema = SCHEMAS[name]
    out = {}
    for col_name, col in schema.columns.items():
        s = text[col_name] if col_name in text.columns else pd.Series(None, index=text.index, dtype=object)
        out[col_name] = _typed(s, col.metadata["kind"], col.metadata["required"])
    return pd.DataFrame(out).reset_index(drop=True)


def _typed(s: pd.Series, kind: str, required: bool) -> pd.Series:
    if kind in ("int", "year"):
        values = pd.array([None if v is None else int(v) for v in s], dtype="Int64")
        typed = pd.Series(values, index=s.index)
        return typed.astype("int64") if required else typed
    if kind == "float":
        return pd.Series([float(v) if isinstance(v, str) else float("nan") for v in s], index=s.index, dtype="float64")
    if kind == "bool":
        return s.map(lambda v: v == "true").astype(bool)
    if kind in ("codes", "refs"):
        return pd.Series([split_list(v) for v in s], index=s.index, dtype=object)
    return s.astype("str")  # pandas' string dtype; missing cells stay missing (NaN)


# --- privacy and derived rows -----------------------------------------------------------


def drop_private(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Drop cases with public=false, and sources or organisations cited only by them."""
    t = dict(tables)
    cases = t["cases"]
    private, public = cases[~cases["public"]], cases[cases["public"]]
    t["cases"] = public.reset_index(drop=True)
    if private.empty:
        return t
    # Organisations first: an organisation kept only for a private case cites its own
    # source, which would otherwise keep that source alive.
    used_orgs = (set(public["organisation_id"].dropna()) | set(t["registration_events"]["organisation_id"])
                 | set(t["organisations"]["parent_id"].dropna()))
    orphan_orgs = set(private["organisation_id"].dropna()) - used_orgs
    t["organisations"] = _rows(t["organisations"], ~t["organisations"]["id"].isin(orphan_orgs))
    cited = set()
    for frame in t.values():
        if "source_id" in frame.columns:
            cited |= set(frame["source_id"].dropna())
    cited |= {m for members in t["places"]["mentioned_in"] for m in members}
    orphan_sources = set(private["source_id"]) - cited
    t["sources"] = _rows(t["sources"], ~t["sources"]["id"].isin(orphan_sources))
    return t


def fill_not_assessed(assessments: pd.DataFrame, demands: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Add a not_assessed row for each (demand, edition from its adoption on) with no row.

    Filled rows have recorded=False and no assessor, evidence or source: they state only
    that no assessment exists in the data.
    """
    recorded = assessments.assign(recorded=True)
    have = set(zip(assessments["demand_id"], assessments["year"]))
    missing = [(d, int(y)) for d, adopted in zip(demands["id"], demands["edition_year"])
               for y in sorted(editions["year"]) if y >= adopted and (d, int(y)) not in have]
    if not missing:
        return recorded.reset_index(drop=True)
    filled = pd.DataFrame({
        "demand_id": pd.Series([d for d, _ in missing], dtype=recorded["demand_id"].dtype),
        "year": pd.Series([y for _, y in missing], dtype=recorded["year"].dtype),
        "status": pd.Series(["not_assessed"] * len(missing), dtype="str"),
        **{c: pd.Series([None] * len(missing), dtype="str") for c in ("assessed_by", "evidence_ru", "source_id")},
        "recorded": False,
    })
    out = pd.concat([recorded, filled], ignore_index=True)
    # Demands in the order of demands.csv (ids like 2021-kz-10 do not sort as text).
    position = {d: i for i, d in enumerate(demands["id"])}
    out["_pos"] = out["demand_id"].map(position)
    return out.sort_values(["year", "_pos"], kind="stable").drop(columns="_pos").reset_index(drop=True)
