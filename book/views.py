"""What the pages show, computed from a Dataset: statuses, counts, changes, matrices.

Pure functions: a Dataset (or anything with the same DataFrame attributes) in, a
DataFrame out. Nothing here draws, formats HTML or reads files. Codes stay English;
texts come in the edition's language (the Dataset's language-neutral columns, see
`Dataset.localised`, else the Russian ones); the few words defined here are those no
data table carries (change labels, registration statuses), in both languages.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd

from book.data.labels import codes
from book.i18n import count, current, tr


def text(frame: pd.DataFrame, base: str) -> pd.Series:
    """The column `base` in the edition's language (`name`), else its Russian original (`name_ru`)."""
    return frame[base] if base in frame.columns else frame[f"{base}_ru"]


def text_by(frame: pd.DataFrame, base: str, key: str = "id") -> pd.Series:
    """`text(frame, base)` indexed by the table's key column, e.g. text_by(ds.countries, "name", "iso2")."""
    return text(frame, base).set_axis(frame[key])


def _pick(pairs: dict, code: str) -> str:
    ru, en = pairs[code]
    return tr(ru, en)

# --- demand statuses -------------------------------------------------------------

# Display order of assessment statuses: the worst first, "not assessed" last.
STATUS_ORDER = ["not_implemented", "partly_implemented", "implemented", "not_assessed"]
NOT_ASSESSED = "not_assessed"
STATUS_DEFINITIONS = {
    "not_implemented": ("Миссия (или другой названный источник) констатирует, что требование не выполнено "
                        "или что положение, которое оно должно изменить, сохраняется.",
                        "The Mission (or another named source) states that the demand has not been met "
                        "or that the situation it seeks to change persists."),
    "partly_implemented": ("Сделана часть требуемого, либо сделанное не достигает цели требования; "
                           "в основании оценки сказано, что именно.",
                           "Part of what was demanded has been done, or what was done falls short of the "
                           "demand's aim; the evidence says what."),
    "implemented": ("Требуемое сделано, и источник это подтверждает.",
                    "What was demanded has been done, and the source confirms it."),
    "not_assessed": ("Ни в одном выпуске до этого года выполнение не оценивалось. Статус не выводится "
                     "из молчания источников и не угадывается.",
                     "No edition up to this year has assessed whether the demand was met. A status is never "
                     "inferred from the sources' silence or guessed."),
}


def status_definition(code: str) -> str:
    return _pick(STATUS_DEFINITIONS, code)

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
REGISTRATION_LABELS = {
    "registered": ("зарегистрирована", "registered"),
    "suspended": ("деятельность приостановлена", "activities suspended"),
    "registration_refused": ("в регистрации отказано", "registration refused"),
    "deregistered": ("снята с регистрации", "deregistered"),
    "liquidated": ("ликвидирована", "liquidated"),
    "unknown": ("нет данных", "no data"),
}

REGISTRATION_DEFINITIONS = {
    "registered": ("последнее известное событие — регистрация или её восстановление",
                   "the latest known event is registration or its reinstatement"),
    "suspended": ("последнее известное событие — приостановление деятельности",
                  "the latest known event is a suspension of activities"),
    "registration_refused": ("последнее известное событие — отказ в регистрации",
                             "the latest known event is a refusal of registration"),
    "deregistered": ("последнее известное событие — лишение регистрации",
                     "the latest known event is deregistration"),
    "liquidated": ("последнее известное событие — ликвидация по решению властей или суда",
                   "the latest known event is liquidation by decision of the authorities or a court"),
    "unknown": ("о регистрации в источниках сведений нет", "the sources say nothing about registration"),
}


def registration_label(code: str) -> str:
    return _pick(REGISTRATION_LABELS, code)


def registration_labels() -> dict[str, str]:
    return {code: registration_label(code) for code in REGISTRATION_LABELS}


def registration_definition(code: str) -> str:
    return _pick(REGISTRATION_DEFINITIONS, code)

# --- changes between editions (ITUC style) ----------------------------------------

# A change is what a document says about change (country_situations.change, with its
# words in change_quote_ru), never computed from the order of labels: two documents that
# use different words do not make a trend.
CHANGE_ORDER = ["worse", "same", "better", "not_comparable", "not_stated", "no_data"]
CHANGE_LABELS = {
    "same": ("без изменений", "no change"),
    "better": ("лучше", "better"),
    "worse": ("хуже", "worse"),
    "not_comparable": ("несопоставимо", "not comparable"),
    "not_stated": ("документ об изменении не говорит", "the document does not say"),
    "no_data": ("нет данных", "no data"),
}

CHANGE_DEFINITIONS = {
    "worse": ("документ этого выпуска говорит об ухудшении (его слова приведены рядом)",
              "this edition's document speaks of a deterioration (its words are given alongside)"),
    "same": ("документ этого выпуска говорит, что положение сохраняется (его слова приведены рядом)",
             "this edition's document says the situation persists (its words are given alongside)"),
    "better": ("документ этого выпуска говорит об улучшении (его слова приведены рядом)",
               "this edition's document speaks of an improvement (its words are given alongside)"),
    "not_comparable": ("документы двух выпусков говорят о разном, и сравнивать их оценки нельзя",
                       "the two editions' documents speak of different things, so their assessments cannot be compared"),
    "not_stated": ("оба выпуска оценивают показатель, но документ этого выпуска не говорит, "
                   "изменилось ли что-то; изменение не выводится из сравнения слов двух документов",
                   "both editions assess the indicator, but this edition's document does not say whether anything "
                   "changed; a change is never inferred by comparing the words of two documents"),
    "no_data": ("показатель оценён только в одном из двух выпусков, и документ об изменении не говорит",
                "the indicator is assessed in only one of the two editions, and the document says nothing of change"),
}


def change_label(code: str) -> str:
    return _pick(CHANGE_LABELS, code)


def change_definition(code: str) -> str:
    return _pick(CHANGE_DEFINITIONS, code)
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
    demands["addressee"] = demands["addressee_id"].map(text_by(ds.addressees, "name"))
    # object dtype first: with no assessments at all the mapped column is float NaN
    demands["status"] = demands["id"].map(latest["status"]).astype(object).fillna(NOT_ASSESSED)
    demands["assessed_year"] = demands["id"].map(latest["year"]).astype("Int64")
    demands["assessed_by"] = demands["id"].map(latest["assessed_by"])
    if "evidence_ru" in latest.columns:  # not on a page that reads no texts (Dataset.without_texts)
        demands["evidence_ru"] = demands["id"].map(latest["evidence_ru"])
        demands["evidence"] = demands["id"].map(text(latest, "evidence"))
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
    STATUS_ORDER (zeros kept); plus `addressee_id`, `country` and `label`
    (the country's name, or the addressee's name when it is not one country).
    """
    d = government_demands(ds, year)
    counts = pd.crosstab(d["addressee_id"], d["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    counts.columns = list(counts.columns.astype(str))
    counts = counts.reset_index()
    countries = ds.countries.set_index("iso2")
    counts["country"] = counts["addressee_id"].map(_addressee_country(ds))
    names = text_by(ds.addressees, "name")
    country_names = text(countries, "name")
    counts["label"] = [
        country_names[c] if isinstance(c, str) and c in countries.index else names[a]
        for a, c in zip(counts["addressee_id"], counts["country"])
    ]
    order = countries["order"]
    counts["_order"] = counts["country"].map(order).astype("Float64").fillna(float("inf"))
    counts = counts.sort_values(["_order", "addressee_id"]).drop(columns="_order")
    return counts[["addressee_id", "country", "label", *STATUS_ORDER]].reset_index(drop=True)


def demands_by_theme(ds, year: int) -> pd.DataFrame:
    """How many demands/calls adopted up to `year` touch each theme, by status.

    A demand with several themes counts once under each. Columns: theme, name,
    STATUS_ORDER..., total; sorted by total, largest first.
    """
    d = demand_status(ds, year).explode("themes").dropna(subset=["themes"])
    counts = pd.crosstab(d["themes"], d["status"]).reindex(columns=STATUS_ORDER, fill_value=0)
    counts.columns = list(counts.columns.astype(str))
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().rename(columns={"themes": "theme"})
    counts["name"] = counts["theme"].map(text_by(ds.themes, "name")).fillna(counts["theme"])
    counts = counts.sort_values(["total", "theme"], ascending=[False, True])
    return counts[["theme", "name", *STATUS_ORDER, "total"]].reset_index(drop=True)


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
    e["name"] = e["organisation_id"].map(text(orgs, "name"))
    short = _short_names(orgs)
    e["short_name"] = e["organisation_id"].map(short)
    if "description" not in e and "description_ru" in e:  # not on a page that reads no texts
        e["description"] = e["description_ru"]
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


def _short_names(orgs: pd.DataFrame) -> pd.Series:
    """Short names in the edition's language (CITUK / КНПРК); none where there is none."""
    if "short_name" in orgs:
        return orgs["short_name"]
    if "short_name_ru" in orgs:
        return orgs["short_name_ru"]
    return pd.Series(pd.NA, index=orgs.index, dtype=object)


def registration_status(ds, year: int | None = None) -> pd.DataFrame:
    """Each organisation's registration status after its latest status-bearing event.

    `year` limits the events to those that happened (or, undated, were reported) no
    later than that year. An organisation with no such event is "unknown".
    Columns: organisation_id, country, name, short_name, kind, level, status,
    event_id, date, precision, not_later_than, description, source_id.
    """
    e = registration_events(ds)
    e = e[e["event"].isin(EVENT_STATUS)]
    if year is not None:
        e = e.loc[pd.Series([d is not None and d.year <= year for d in e["sort_date"]], index=e.index, dtype=bool)]
    last = e.groupby("organisation_id", sort=False).tail(1).set_index("organisation_id")
    orgs = ds.organisations.rename(columns={"id": "organisation_id"}).copy()
    orgs["name"] = text(orgs, "name")
    orgs["short_name"] = _short_names(orgs)
    oid = orgs["organisation_id"]
    orgs["status"] = oid.map(last["event"].map(EVENT_STATUS)).astype(object).fillna("unknown")
    orgs["event_id"] = oid.map(last["id"])
    for col in ["date", "precision", "not_later_than", "description", "source_id"]:
        target = col if col != "source_id" else "event_source_id"
        orgs[target] = oid.map(last[col]) if col in last else pd.NA  # no texts: Dataset.without_texts
    orgs["status"] = pd.Categorical(orgs["status"], categories=REGISTRATION_ORDER)
    order = orgs["country"].map(ds.countries.set_index("iso2")["order"])
    orgs = orgs.assign(_order=order).sort_values(["_order", "status", "organisation_id"]).drop(columns="_order")
    cols = ["organisation_id", "country", "name", "short_name", "kind", "level", "status",
            "event_id", "date", "precision", "not_later_than", "description", "event_source_id"]
    return orgs[cols].reset_index(drop=True)


def registration_counts(ds, year: int | None = None) -> pd.DataFrame:
    """Organisations by country and registration status (REGISTRATION_ORDER columns)."""
    s = registration_status(ds, year)
    counts = pd.crosstab(s["country"], s["status"]).reindex(columns=REGISTRATION_ORDER, fill_value=0)
    counts.columns = list(counts.columns.astype(str))
    countries = ds.countries.set_index("iso2")
    counts = counts.reset_index()
    counts["name"] = counts["country"].map(text(countries, "name"))
    counts = counts.assign(_o=counts["country"].map(countries["order"])).sort_values("_o").drop(columns="_o")
    return counts[["country", "name", *REGISTRATION_ORDER]].reset_index(drop=True)


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
    previous_value, year, value, change, change_label, quote, quote_ru, change_quote,
    change_quote_ru, source_id (quote and change_quote in the edition's language, the _ru
    columns the document's own words).
    """
    prev = previous_edition(ds, year)
    s = ds.country_situations
    cur = s[s["edition_year"] == year].set_index(["country", "indicator"])
    old = (s[s["edition_year"] == prev].set_index(["country", "indicator"])
           if prev is not None else cur.iloc[0:0])
    keys = cur.index.union(old.index)
    rows = []

    def get(column, key):
        return cur[column].get(key) if column in cur else None

    for country, indicator in keys:
        value = cur["value"].get((country, indicator))
        previous = old["value"].get((country, indicator))
        recorded = cur["change"].get((country, indicator)) if "change" in cur else None
        code = change(recorded, previous, value)
        rows.append({
            "country": country, "indicator": indicator,
            "previous_year": prev, "previous_value": previous,
            "year": year, "value": value,
            "change": code, "change_label": change_label(code),
            "quote": get("quote" if "quote" in cur else "quote_ru", (country, indicator)),
            "quote_ru": get("quote_ru", (country, indicator)),
            "change_quote": get("change_quote" if "change_quote" in cur else "change_quote_ru", (country, indicator)),
            "change_quote_ru": get("change_quote_ru", (country, indicator)),
            "source_id": cur["source_id"].get((country, indicator)),
        })
    columns = ["country", "indicator", "previous_year", "previous_value", "year", "value",
               "change", "change_label", "quote", "quote_ru", "change_quote", "change_quote_ru", "source_id"]
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

    Columns: country, name, convention, number, status, year, note, source_id.
    Conventions: fundamental first, then by number.
    """
    cs = ds.countries
    if countries is None:
        countries = list(cs[cs["role"] == "monitored"].sort_values("order")["iso2"])
    conv = ds.conventions.sort_values(["fundamental", "number"], ascending=[False, True])
    grid = pd.MultiIndex.from_product([countries, list(conv["id"])], names=["country", "convention"])
    r = ds.ilo_ratifications.set_index(["country", "convention"]).reindex(grid).reset_index()
    r["status"] = r["status"].fillna("unknown")
    r["name"] = r["country"].map(text_by(cs, "name", "iso2"))
    if "note" not in r:
        r["note"] = r["note_ru"] if "note_ru" in r else pd.NA
    r["number"] = r["convention"].map(conv.set_index("id")["number"])
    for col in ["year", "source_id"]:
        if col not in r:
            r[col] = pd.NA
    return r[["country", "name", "convention", "number", "status", "year", "note", "source_id"]]


def ratification_cell(status: str, year) -> str:
    """What a ratification cell says: the year, «ратифицирована» (year unknown), «не ратифицирована», «нет данных»."""
    if status == "ratified":
        return str(int(year)) if pd.notna(year) else tr("ратифицирована", "ratified")
    return tr("не ратифицирована", "not ratified") if status == "not_ratified" else tr("нет данных", "no data")


def ratification_matrix(ds, countries: list[str] | None = None) -> pd.DataFrame:
    """Conventions (rows, by id; fundamental first) x countries (columns, by name), cells as ratification_cell."""
    r = ratifications(ds, countries)
    r = r.assign(cell=[ratification_cell(s, y) for s, y in zip(r["status"], r["year"])])
    m = r.pivot(index="convention", columns="name", values="cell")
    m = m.reindex(index=list(dict.fromkeys(r["convention"])), columns=list(dict.fromkeys(r["name"])))
    m.index.name, m.columns.name = None, None
    return m


# --- provenance ---------------------------------------------------------------------------

def _group_name(cites: dict, ids, publisher: str) -> str:
    """The name a group of sources shares at the head of their citations
    («МОТ, NORMLEX: C87 – Казахстан» -> «МОТ, NORMLEX»), else the publisher."""
    heads = {str(cites[i]).strip("«»“”\"").split(":")[0].strip() for i in ids}
    if len(heads) != 1:
        return publisher
    return tr("«{}»", "“{}”").format(heads.pop())


GROUP_SOURCES_FROM = 4  # this many sources of one publisher in a source line are named as a group


def source_line(ds, source_ids) -> str:
    """«Источник: …» from the citations of the given source ids (unique, in date order)."""
    ids = [i for i in dict.fromkeys(source_ids) if isinstance(i, str) and i]
    src = ds.sources.set_index("id")
    cites_of = text_by(ds.sources, "citation")
    known = [i for i in ids if i in src.index]
    known.sort(key=lambda i: (str(src.at[i, "date"]), i))
    if not known:
        return tr("Источник: не указан", "Source: not given")
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
                n = count(len(group), ("документ", "документа", "документов"), ("document", "documents"))
                cites.append(f"{_group_name(cites_of, group, publisher)}: {n} "
                             + tr("(перечислены в главе «Источники»)", "(listed in the chapter “Sources”)"))
        else:
            cites.append(str(cites_of[i]))
    head = (tr("Источник: ", "Source: ") if len(cites) == 1 else tr("Источники: ", "Sources: "))
    return head + "; ".join(cites)
