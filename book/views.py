"""What the pages show, computed from a Dataset: statuses, counts, changes, matrices.

Pure functions: a Dataset (or anything with the same DataFrame attributes) in, a
DataFrame out. Nothing here draws, formats HTML or reads files. Codes stay English;
the few Russian words defined here are those no data table carries (change labels,
registration statuses).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

from book.ru import plural

from book.data.labels import codes

# --- demand statuses -------------------------------------------------------------

# Display order of assessment statuses: the worst first, "not assessed" last.
STATUS_ORDER = ["not_implemented", "partly_implemented", "implemented", "not_assessed"]
NOT_ASSESSED = "not_assessed"
STATUS_DEFINITIONS_RU = {
    "not_implemented": "Миссия (или другой названный источник) констатирует, что требование не выполнено "
                       "или что положение, которое оно должно изменить, сохраняется.",
    "partly_implemented": "Сделана часть требуемого, либо сделанное не достигает цели требования; "
                          "в основании оценки сказано, что именно.",
    "implemented": "Требуемое сделано, и источник это подтверждает.",
    "not_assessed": "Ни в одном выпуске до этого года выполнение не оценивалось. Статус не выводится "
                    "из молчания источников и не угадывается.",
}

# --- registration ----------------------------------------------------------------

# What an event says about an organisation's registration afterwards. A split changes
# the organisation's structure, not its legal status, so it does not set a status.
EVENT_STATUS = {
    "registered": "registered",
    "reinstated": "registered",
    "registration_refused": "registration_refused",
    "suspended": "suspended",
    "liquidated": "liquidated",
    "deregistered": "deregistered",
}
# Display order of registration statuses: registered first, unknown last.
REGISTRATION_ORDER = ["registered", "suspended", "registration_refused", "deregistered",
                      "liquidated", "unknown"]
REGISTRATION_LABELS_RU = {
    "registered": "зарегистрирована",
    "suspended": "деятельность приостановлена",
    "registration_refused": "в регистрации отказано",
    "deregistered": "снята с регистрации",
    "liquidated": "ликвидирована",
    "unknown": "нет данных",
}

REGISTRATION_DEFINITIONS_RU = {
    "registered": "последнее известное событие — регистрация или её восстановление",
    "suspended": "последнее известное событие — приостановление деятельности",
    "registration_refused": "последнее известное событие — отказ в регистрации",
    "deregistered": "последнее известное событие — лишение регистрации",
    "liquidated": "последнее известное событие — ликвидация по решению властей или суда",
    "unknown": "о регистрации в источниках сведений нет",
}

# --- changes between editions (ITUC style) ----------------------------------------

# A change is what a document says about change (country_situations.change, with its
# words in change_quote_ru), never computed from the order of labels: two documents that
# use different words do not make a trend.
CHANGE_ORDER = ["worse", "same", "better", "not_comparable", "not_stated", "no_data"]
CHANGE_LABELS_RU = {
    "same": "без изменений",
    "better": "лучше",
    "worse": "хуже",
    "not_comparable": "несопоставимо",
    "not_stated": "документ об изменении не говорит",
    "no_data": "нет данных",
}

CHANGE_DEFINITIONS_RU = {
    "worse": "документ этого выпуска говорит об ухудшении (его слова приведены рядом)",
    "same": "документ этого выпуска говорит, что положение сохраняется (его слова приведены рядом)",
    "better": "документ этого выпуска говорит об улучшении (его слова приведены рядом)",
    "not_comparable": "документы двух выпусков говорят о разном, и сравнивать их оценки нельзя",
    "not_stated": "оба выпуска оценивают показатель, но документ этого выпуска не говорит, "
                  "изменилось ли что-то; изменение не выводится из сравнения слов двух документов",
    "no_data": "показатель оценён только в одном из двух выпусков, и документ об изменении не говорит",
}
UNKNOWN = "unknown"

# --- dates -----------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bounds(value) -> tuple[dt.date | None, dt.date | None, str]:
    """First and last day a partial date can mean, and its precision.

    "2021" -> (2021-01-01, 2021-12-31, "year"); "unknown" or empty -> (None, None, "unknown").
    """
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()
    m = _PARTIAL_DATE.match(text)
    if not m:
        return None, None, "unknown"
    year, month, day = (int(g) if g else None for g in m.groups())
    if day:
        d = dt.date(year, month, day)
        return d, d, "day"
    if month:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), "month"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


# --- editions ----------------------------------------------------------------------

def edition_years(ds) -> list[int]:
    """All edition years, ascending."""
    return sorted(int(y) for y in ds.editions["year"])


def previous_edition(ds, year: int) -> int | None:
    """The latest edition before `year`, or None for the first one."""
    earlier = [y for y in edition_years(ds) if y < year]
    return earlier[-1] if earlier else None


def edition(ds, year: int) -> dict:
    """The editions.csv row of `year` as a dict; KeyError with the known years if absent."""
    rows = ds.editions[ds.editions["year"] == year]
    if rows.empty:
        raise KeyError(f"Нет выпуска {year} в editions.csv; есть: {edition_years(ds)}")
    return rows.iloc[0].to_dict()


# --- demands -------------------------------------------------------------------------

def _addressee_country(ds) -> pd.Series:
    """addressee id -> iso2 of the one country it stands for (NA for gov_all, UN ...)."""
    return ds.addressees.set_index("id")["country"]


def demand_status(ds, year: int) -> pd.DataFrame:
    """Every demand adopted up to edition `year`, with its status as of that edition.

    The status is the latest assessment made in an edition <= `year` that actually
    judged the demand; "not_assessed" rows (filled by the loader or typed by staff)
    never hide an earlier judgement, and a demand nobody judged is "not_assessed"
    with no evidence. `assessed_year` says which edition the status comes from.
    """
    demands = ds.demands[ds.demands["edition_year"] <= year].copy()
    a = ds.demand_assessments
    a = a[(a["year"] <= year) & (a["status"] != NOT_ASSESSED)]
    latest = (a.sort_values(["demand_id", "year"], kind="stable")
               .groupby("demand_id", sort=False).tail(1)
               .set_index("demand_id"))
    demands["country"] = demands["addressee_id"].map(_addressee_country(ds))
    demands["addressee_ru"] = demands["addressee_id"].map(ds.addressees.set_index("id")["name_ru"])
    # object dtype first: with no assessments at all the mapped column is float NaN
    demands["status"] = demands["id"].map(latest["status"]).astype(object).fillna(NOT_ASSESSED)
    demands["assessed_year"] = demands["id"].map(latest["year"]).astype("Int64")
    demands["assessed_by"] = demands["id"].map(latest["assessed_by"])
    demands["evidence_ru"] = demands["id"].map(latest["evidence_ru"])
    demands["assessment_source_id"] = demands["id"].map(latest["source_id"])
    demands["status"] = pd.Categorical(demands["status"], categories=STATUS_ORDER)
    return demands.rename(columns={"id": "demand_id"}).reset_index(drop=True)


def government_demands(ds, year: int, country: str | None = None) -> pd.DataFrame:
    """demand_status() of the demands addressed to governments (optionally one country's)."""
    d = demand_status(ds, year)
    kinds = ds.addressees.set_index("id")["kind"]
    d = d[d["addressee_id"].map(kinds) == "government"]
    if country is not None:
        d = d[d["country"] == country]
    return d.reset_index(drop=True)


def demand_counts(ds, year: int) -> pd.DataFrame:
    """Demands to governments by addressee and status, as of edition `year`.

    One row per government addressee that received demands (a country's government,
    or all governments together), in country display order; one column per status in
    STATUS_ORDER (zeros kept); plus `addressee_id`, `country` and `label_ru`
    (the country's name, or the addressee's name when it is not one country).
    """
    d = government_demands(ds, year)
    counts = pd.crosstab(d["addressee_id"], d["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    counts.columns = list(counts.columns.astype(str))
    counts = counts.reset_index()
    countries = ds.countries.set_index("iso2")
    counts["country"] = counts["addressee_id"].map(_addressee_country(ds))
    names = ds.addressees.set_index("id")["name_ru"]
    counts["label_ru"] = [
        countries.at[c, "name_ru"] if isinstance(c, str) and c in countries.index else names[a]
        for a, c in zip(counts["addressee_id"], counts["country"])
    ]
    order = countries["order"]
    counts["_order"] = counts["country"].map(order).astype("Float64").fillna(float("inf"))
    counts = counts.sort_values(["_order", "addressee_id"]).drop(columns="_order")
    return counts[["addressee_id", "country", "label_ru", *STATUS_ORDER]].reset_index(drop=True)


def demands_by_theme(ds, year: int) -> pd.DataFrame:
    """How many demands/calls adopted up to `year` touch each theme, by status.

    A demand with several themes counts once under each. Columns: theme, name_ru,
    STATUS_ORDER..., total; sorted by total, largest first.
    """
    d = demand_status(ds, year).explode("themes").dropna(subset=["themes"])
    counts = pd.crosstab(d["themes"], d["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    counts.columns = list(counts.columns.astype(str))
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().rename(columns={"themes": "theme"})
    counts["name_ru"] = counts["theme"].map(ds.themes.set_index("id")["name_ru"]).fillna(counts["theme"])
    counts = counts.sort_values(["total", "theme"], ascending=[False, True])
    return counts[["theme", "name_ru", *STATUS_ORDER, "total"]].reset_index(drop=True)


# --- registration ---------------------------------------------------------------------

def registration_events(ds) -> pd.DataFrame:
    """registration_events with what their dates can mean, in time order.

    Adds: organisation names, `date_start`/`date_end` (bounds of a partial date),
    `precision` (day|month|year|unknown), `source_date` (the date of the cited source),
    `not_later_than` (for an unknown date: the source's date, the event happened no
    later), `sort_date` (start of the known period, else the source's date).
    """
    e = ds.registration_events.copy()
    orgs = ds.organisations.set_index("id")
    e["country"] = e["organisation_id"].map(orgs["country"])
    e["name_ru"] = e["organisation_id"].map(orgs["name_ru"])
    short = orgs["short_name_ru"] if "short_name_ru" in orgs else pd.Series(dtype=object)
    e["short_name_ru"] = e["organisation_id"].map(short)
    bounds = [date_bounds(v) for v in e["date"]]
    e["date_start"] = [b[0] for b in bounds]
    e["date_end"] = [b[1] for b in bounds]
    e["precision"] = [b[2] for b in bounds]
    source_dates = ds.sources.set_index("id")["date"]
    e["source_date"] = e["source_id"].map(source_dates)
    e["not_later_than"] = [
        date_bounds(s)[1] if p == "unknown" else None
        for p, s in zip(e["precision"], e["source_date"])
    ]
    e["sort_date"] = [s if s is not None else n for s, n in zip(e["date_start"], e["not_later_than"])]
    e["_row"] = range(len(e))  # file order breaks ties: staff list events as they happened
    e = e.sort_values(["sort_date", "_row"], na_position="first", kind="stable").drop(columns="_row")
    return e.reset_index(drop=True)


def registration_status(ds, year: int | None = None) -> pd.DataFrame:
    """Each organisation's registration status after its latest status-bearing event.

    `year` limits the events to those that happened (or, undated, were reported) no
    later than that year. An organisation with no such event is "unknown".
    Columns: organisation_id, country, name_ru, short_name_ru, kind, level, status,
    event_id, date, precision, not_later_than, description_ru, source_id.
    """
    e = registration_events(ds)
    e = e[e["event"].isin(EVENT_STATUS)]
    if year is not None:
        e = e.loc[pd.Series([d is not None and d.year <= year for d in e["sort_date"]], index=e.index, dtype=bool)]
    last = e.groupby("organisation_id", sort=False).tail(1).set_index("organisation_id")
    orgs = ds.organisations.rename(columns={"id": "organisation_id"}).copy()
    if "short_name_ru" not in orgs:
        orgs["short_name_ru"] = pd.NA
    oid = orgs["organisation_id"]
    orgs["status"] = oid.map(last["event"].map(EVENT_STATUS)).astype(object).fillna("unknown")
    orgs["event_id"] = oid.map(last["id"])
    for col in ["date", "precision", "not_later_than", "description_ru", "source_id"]:
        target = col if col != "source_id" else "event_source_id"
        orgs[target] = oid.map(last[col])
    orgs["status"] = pd.Categorical(orgs["status"], categories=REGISTRATION_ORDER)
    order = orgs["country"].map(ds.countries.set_index("iso2")["order"])
    orgs = orgs.assign(_order=order).sort_values(["_order", "status", "organisation_id"]).drop(columns="_order")
    cols = ["organisation_id", "country", "name_ru", "short_name_ru", "kind", "level", "status",
            "event_id", "date", "precision", "not_later_than", "description_ru", "event_source_id"]
    return orgs[cols].reset_index(drop=True)


def registration_counts(ds, year: int | None = None) -> pd.DataFrame:
    """Organisations by country and registration status (REGISTRATION_ORDER columns)."""
    s = registration_status(ds, year)
    counts = pd.crosstab(s["country"], s["status"]).reindex(columns=REGISTRATION_ORDER, fill_value=0)
    counts.columns = list(counts.columns.astype(str))
    countries = ds.countries.set_index("iso2")
    counts = counts.reset_index()
    counts["name_ru"] = counts["country"].map(countries["name_ru"])
    counts = counts.assign(_o=counts["country"].map(countries["order"])).sort_values("_o").drop(columns="_o")
    return counts[["country", "name_ru", *REGISTRATION_ORDER]].reset_index(drop=True)


# --- situations and changes -------------------------------------------------------------

def situation(ds, year: int) -> pd.DataFrame:
    """Each country's value per indicator as of edition `year`.

    Takes, per (country, indicator), the row of the latest edition <= `year`;
    `edition_year` says where it comes from (it may be older than `year`).
    """
    s = ds.country_situations
    s = s[s["edition_year"] <= year].sort_values("edition_year", kind="stable")
    s = s.groupby(["country", "indicator"], sort=False).tail(1)
    return _country_order(ds, s).reset_index(drop=True)


def _country_order(ds, frame: pd.DataFrame) -> pd.DataFrame:
    """Countries in display order; within a country, indicators in their label order."""
    order = frame["country"].map(ds.countries.set_index("iso2")["order"])
    indicators = {code: i for i, code in enumerate(codes("indicator"))}
    rank = frame["indicator"].map(indicators).fillna(len(indicators))
    return (frame.assign(_o=order, _i=rank).sort_values(["_o", "_i", "indicator"], kind="stable")
            .drop(columns=["_o", "_i"]))


def change(recorded, previous, current) -> str:
    """The change code (CHANGE_ORDER) of a situation row: what its document says
    (`recorded`, country_situations.change); otherwise "not_stated" when both editions
    judge the indicator, "no_data" when one of them does not."""
    def missing(v):
        return v is None or (not isinstance(v, str) and pd.isna(v)) or v == ""

    if not missing(recorded):
        return str(recorded)
    if missing(previous) or missing(current) or current == UNKNOWN or previous == UNKNOWN:
        return "no_data"
    return "not_stated"


def changes(ds, year: int) -> pd.DataFrame:
    """Per country and indicator: the value in edition `year`, in the previous edition, and the change.

    Only the two editions are compared (no carrying forward). The change is the one the
    edition's document states (see `change`). Columns: country, indicator, previous_year,
    previous_value, year, value, change, change_ru, quote_ru, change_quote_ru, source_id.
    """
    prev = previous_edition(ds, year)
    s = ds.country_situations
    cur = s[s["edition_year"] == year].set_index(["country", "indicator"])
    old = (s[s["edition_year"] == prev].set_index(["country", "indicator"])
           if prev is not None else cur.iloc[0:0])
    keys = cur.index.union(old.index)
    rows = []
    for country, indicator in keys:
        value = cur["value"].get((country, indicator))
        previous = old["value"].get((country, indicator))
        recorded = cur["change"].get((country, indicator)) if "change" in cur else None
        code = change(recorded, previous, value)
        rows.append({
            "country": country, "indicator": indicator,
            "previous_year": prev, "previous_value": previous,
            "year": year, "value": value,
            "change": code, "change_ru": CHANGE_LABELS_RU[code],
            "quote_ru": cur["quote_ru"].get((country, indicator)),
            "change_quote_ru": (cur["change_quote_ru"].get((country, indicator))
                                if "change_quote_ru" in cur else None),
            "source_id": cur["source_id"].get((country, indicator)),
        })
    columns = ["country", "indicator", "previous_year", "previous_value", "year", "value",
               "change", "change_ru", "quote_ru", "change_quote_ru", "source_id"]
    out = pd.DataFrame(rows, columns=columns)
    out["previous_year"] = out["previous_year"].astype("Int64")
    return _country_order(ds, out).reset_index(drop=True)


# --- cases and ratifications -----------------------------------------------------------

def cases(ds, country: str | None = None) -> pd.DataFrame:
    """Named people and groups (public rows only, as the loader gives them), by country and year."""
    c = ds.cases if country is None else ds.cases[ds.cases["country"] == country]
    c = c.assign(_o=c["country"].map(ds.countries.set_index("iso2")["order"]))
    c = c.sort_values(["_o", "year", "id"], na_position="last", kind="stable").drop(columns="_o")
    if "public" in c:  # the loader drops private rows; stay safe if handed raw tables
        c = c[c["public"].astype(bool)]
    return c.reset_index(drop=True)


RATIFICATION_ORDER = ["ratified", "not_ratified", "unknown"]


def ratifications(ds, countries: list[str] | None = None) -> pd.DataFrame:
    """Every (monitored country, convention) pair with its status; a missing pair is "unknown".

    Columns: country, name_ru, convention, number, status, year, note_ru, source_id.
    Conventions: fundamental first, then by number.
    """
    cs = ds.countries
    if countries is None:
        countries = list(cs[cs["role"] == "monitored"].sort_values("order")["iso2"])
    conv = ds.conventions.sort_values(["fundamental", "number"], ascending=[False, True])
    grid = pd.MultiIndex.from_product([countries, list(conv["id"])], names=["country", "convention"])
    r = ds.ilo_ratifications.set_index(["country", "convention"]).reindex(grid).reset_index()
    r["status"] = r["status"].fillna("unknown")
    r["name_ru"] = r["country"].map(cs.set_index("iso2")["name_ru"])
    r["number"] = r["convention"].map(conv.set_index("id")["number"])
    for col in ["year", "note_ru", "source_id"]:
        if col not in r:
            r[col] = pd.NA
    return r[["country", "name_ru", "convention", "number", "status", "year", "note_ru", "source_id"]]


def ratification_cell(status: str, year) -> str:
    """What a ratification cell says: the year, «ратифицирована» (year unknown), «не ратифицирована», «нет данных»."""
    if status == "ratified":
        return str(int(year)) if pd.notna(year) else "ратифицирована"
    return "не ратифицирована" if status == "not_ratified" else "нет данных"


def ratification_matrix(ds, countries: list[str] | None = None) -> pd.DataFrame:
    """Conventions (rows, by id; fundamental first) x countries (columns, by name), cells as ratification_cell."""
    r = ratifications(ds, countries)
    r = r.assign(cell=[ratification_cell(s, y) for s, y in zip(r["status"], r["year"])])
    m = r.pivot(index="convention", columns="name_ru", values="cell")
    m = m.reindex(index=list(dict.fromkeys(r["convention"])), columns=list(dict.fromkeys(r["name_ru"])))
    m.index.name, m.columns.name = None, None
    return m


# --- provenance ---------------------------------------------------------------------------

def _group_name(src, ids, publisher: str) -> str:
    """The Russian name a group of sources shares at the head of their citations
    («МОТ, NORMLEX: C87 – Казахстан» -> «МОТ, NORMLEX»), else the publisher."""
    heads = {str(src.at[i, "citation_ru"]).strip("«»").split(":")[0].strip() for i in ids}
    return f"«{heads.pop()}»" if len(heads) == 1 else publisher


GROUP_SOURCES_FROM = 4  # this many sources of one publisher in a source line are named as a group


def source_line(ds, source_ids) -> str:
    """«Источник: …» from the citations of the given source ids (unique, in date order)."""
    ids = [i for i in dict.fromkeys(source_ids) if isinstance(i, str) and i]
    src = ds.sources.set_index("id")
    known = [i for i in ids if i in src.index]
    known.sort(key=lambda i: (str(src.at[i, "date"]), i))
    if not known:
        return "Источник: не указан"
    # Many pages of one publisher (e.g. the ILO's NORMLEX, one page per ratification) are
    # named once with their count; the sources page lists each of them.
    by_publisher: dict[str, list[str]] = {}
    for i in known:
        by_publisher.setdefault(str(src.at[i, "publisher"]), []).append(i)
    cites, grouped = [], set()
    for i in known:
        publisher = str(src.at[i, "publisher"])
        group = by_publisher[publisher]
        if len(group) >= GROUP_SOURCES_FROM:
            if publisher not in grouped:
                grouped.add(publisher)
                cites.append(f"{_group_name(src, group, publisher)}: {len(group)} "
                             f"{plural(len(group), 'документ', 'документа', 'документов')} "
                             "(перечислены в главе «Источники»)")
        else:
            cites.append(str(src.at[i, "citation_ru"]))
    return ("Источник: " if len(cites) == 1 else "Источники: ") + "; ".join(cites)
