"""Tables of the report: the Table display object (escaped HTML, typeset LaTeX, plain text) and the report's tables.

Why no `_repr_latex_`: myst-nb renders a `text/latex` output as a math block
(myst_nb/core/render.py, render_text_latex), which breaks a longtable. The PDF form
travels instead as `text/markdown` holding a ```{raw} latex``` block; the HTML builder
takes `text/html`, the LaTeX builder takes that Markdown. `Table.latex()` gives the
LaTeX itself.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from book import views
from book.data.labels import label, labels
from book.ru import long_date


@dataclass(frozen=True)
class Column:
    key: str             # column of the frame
    header: str          # Russian header
    width: float = 0.0   # share of the line width in the PDF (0 = share the rest equally)
    main: bool = False   # the long text of a row (in the PDF's "cards" layout: full width)
    lead: str = "{}"     # how the cell reads in a card's bold lead (columns before `main`)


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere: text shown, href followed (site) or printed (PDF)."""
    text: str
    href: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Unbroken:
    """A cell text kept on one line (a person's name): found whole when the PDF is searched."""
    text: str

    def __str__(self) -> str:
        return self.text


_LATEX_SPECIAL = {
    # \allowbreak: identifiers like document_title_ru may break after an underscore
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_\allowbreak{}",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    # A row that starts with [ would be read as \\[<length>]; quotes and backticks are
    # active or ligatures in some language setups.
    "[": "{[}", "]": "{]}", '"': r"\textquotedbl{}", "`": r"\textasciigrave{}",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))


# Inside a table: some stretch before giving up on a line, and long web addresses that
# may break between any two characters (what the xurl package does, kept local).
_LATEX_TABLE_SETUP = (
    r"\setlength{\emergencystretch}{2em}"
    r"\expandafter\def\expandafter\UrlBreaks\expandafter{\UrlBreaks"
    + "".join(rf"\do\{c}" for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
    + "}"
)


def latex_escape(text) -> str:
    """Plain text as LaTeX source that prints exactly that text."""
    text = " ".join(str(text).split())  # line breaks inside a cell would end the paragraph
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group()], text)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (Link, Unbroken)):
        return value.text
    if isinstance(value, (list, tuple)):
        sep = " " if any(isinstance(v, Unbroken) for v in value) else "; "  # name + «(посмертно)»
        return sep.join(_cell_text(v) for v in value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


class Table:
    """A table shown on the site (HTML), in the PDF (LaTeX longtable) and as text.

    `frame` holds the rows; `columns` chooses, names and sizes the shown columns. All
    cell text is escaped: a cell holding `<script>` shows those characters.
    `stack=True` turns rows into cards on narrow screens (long text columns);
    `cards=True` does the same in the PDF around the column marked `main`.
    """

    def __init__(self, frame: pd.DataFrame, columns: list[Column], *, title: str = "",
                 source_line: str = "", note: str = "", name: str = "table", stack: bool = True,
                 empty_text: str = "Нет данных.", cards: bool = False):
        missing = [c.key for c in columns if c.key not in frame.columns]
        if missing:
            raise KeyError(f"Table {name!r}: no column(s) {missing} in {list(frame.columns)}")
        self.frame = frame.reset_index(drop=True)
        self.columns, self.title, self.source_line, self.note = columns, title, source_line, note
        self.name, self.stack, self.empty_text = name, stack, empty_text
        # cards: in the PDF, one block per row instead of a table (needs a `main` column)
        self.cards = cards and any(c.main for c in columns)

    def __len__(self) -> int:
        return len(self.frame)

    def cells(self) -> list[list[str]]:
        """The shown text of every cell, row by row."""
        return [[_cell_text(v) for v in row] for row in self._values()]

    def _values(self) -> list[list]:
        return [[row[c.key] for c in self.columns] for row in self.frame.to_dict("records")]

    @staticmethod
    def _html_cell(value) -> str:
        if isinstance(value, list) and any(isinstance(v, Link) for v in value):
            return "<br>\n".join(Table._html_cell(v) for v in value)
        if isinstance(value, list) and any(isinstance(v, Unbroken) for v in value):
            return " ".join(Table._html_cell(v) for v in value)
        if isinstance(value, Link):
            return f'<a href="{html.escape(value.href, quote=True)}">{html.escape(value.text)}</a>'
        if isinstance(value, Unbroken):
            return f'<span style="white-space:nowrap">{html.escape(value.text)}</span>'
        return html.escape(_cell_text(value))

    @staticmethod
    def _latex_cell(value) -> str:
        if isinstance(value, list) and any(isinstance(v, Link) for v in value):
            return r"\newline ".join(Table._latex_cell(v) for v in value)
        if isinstance(value, list) and any(isinstance(v, Unbroken) for v in value):
            return " ".join(Table._latex_cell(v) for v in value)
        if isinstance(value, Link):
            if value.href.startswith(("http://", "https://")):
                # \url breaks long addresses at / and . ; only % # \ need escaping inside it
                href = re.sub(r"([%#\\])", r"\\\1", value.href)
                return r"\url{" + href + "}"
            return latex_escape(value.text)  # a file on the site: its name, no dead link in print
        if isinstance(value, Unbroken):
            return r"\mbox{" + latex_escape(value.text) + "}"
        return latex_escape(_cell_text(value))

    def display_frame(self) -> pd.DataFrame:
        """The table as shown: Russian headers, text cells (used for CSV downloads)."""
        return pd.DataFrame(self.cells(), columns=[c.header for c in self.columns])

    # --- HTML --------------------------------------------------------------------------
    def html(self) -> str:
        esc = html.escape
        # The wrapper scrolls sideways when the table is wider than the screen: a keyboard
        # reaches it (tabindex) and a screen reader names it (a region labelled by the title).
        # `lr-table-stack` turns rows into cards on phones (_static/report.css).
        region = f' role="region" aria-label="{esc(self.title, quote=True)}" tabindex="0"' if self.title else ""
        parts = [f'<div class="lr-table-wrap{" lr-table-stack" if self.stack else ""}"{region}>']
        if self.title:
            parts.append(f'<p class="lr-table-title">{esc(self.title)}</p>')
        if not len(self):
            parts.append(f"<p>{esc(self.empty_text)}</p>")
        else:
            # Cells are joined with line breaks: Sphinx indexes raw HTML for search by
            # stripping the tags, and words of neighbouring cells must not run together.
            head = "\n".join(f'<th scope="col">{esc(c.header)}</th>' for c in self.columns)
            parts.append(f'<table class="lr-table"><thead><tr>{head}</tr></thead><tbody>')
            for row in self._values():
                tds = "\n".join(f'<td data-label="{esc(c.header, quote=True)}">{self._html_cell(v)}</td>'
                              for c, v in zip(self.columns, row))
                parts.append(f"<tr>{tds}</tr>")
            parts.append("</tbody></table>")
        for cls, text in (("lr-note", self.note), ("lr-source", self.source_line)):
            if text:
                parts.append(f'<p class="{cls}">{esc(text)}</p>')
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    # --- LaTeX -------------------------------------------------------------------------
    def _widths(self) -> list[float]:
        given = sum(c.width for c in self.columns)
        free = [c for c in self.columns if not c.width]
        rest = max(1.0 - given, 0.1 * len(free)) / len(free) if free else 0
        return [c.width or rest for c in self.columns]

    def latex(self) -> str:
        """A longtable with ragged-right p{} columns (long Russian text wraps), header repeated on every page."""
        out = []
        if self.title:
            out.append(r"\par\medskip\noindent\textbf{" + latex_escape(self.title) + r"}\par\nopagebreak")
        if not len(self):
            out.append(r"\noindent " + latex_escape(self.empty_text) + r"\par")
        elif self.cards:
            out += self._latex_cards()
        else:
            # \hspace{0pt} lets TeX hyphenate a cell's first word (long Russian words in
            # narrow columns would otherwise stick out of the page).
            spec = "".join(
                r">{\raggedright\arraybackslash\hspace{0pt}}p{\dimexpr " + f"{w:.3f}"
                + r"\linewidth-2\tabcolsep\relax}"
                for w in self._widths()
            )
            head = " & ".join(r"\textbf{" + latex_escape(c.header) + "}" for c in self.columns) + r" \\"
            out += [r"\begingroup\small" + _LATEX_TABLE_SETUP,
                    r"\begin{longtable}{@{}" + spec + "@{}}",
                    r"\hline", head, r"\hline", r"\endfirsthead",
                    r"\hline", head, r"\hline", r"\endhead",
                    r"\hline", r"\endlastfoot"]
            for row in self._values():
                out.append(" & ".join(self._latex_cell(v) for v in row) + r" \\")
            out += [r"\end{longtable}", r"\endgroup"]
        for text in (self.note, self.source_line):
            if text:
                out.append(r"\noindent{\footnotesize " + latex_escape(text) + r"}\par")
        return "\n".join(out) + "\n"

    def _latex_cards(self) -> list[str]:
        """One block per row: the columns before the main one in bold, the main text at full
        width, the others as «Заголовок: значение» in small type. Long texts (a demand)
        read as paragraphs instead of being squeezed into a narrow column."""
        main = next(i for i, c in enumerate(self.columns) if c.main)
        out = [r"\begingroup" + _LATEX_TABLE_SETUP]
        for row in self._values():
            lead = " ".join(c.lead.format(self._latex_cell(v))
                            for c, v in zip(self.columns[:main], row[:main]) if _cell_text(v) not in ("", "—"))
            rest = "; ".join(r"\textit{" + latex_escape(c.header) + ":} " + self._latex_cell(v)
                             for c, v in zip(self.columns[main + 1:], row[main + 1:]))
            out.append(r"\par\smallskip\noindent" + (r"\textbf{" + lead + r"}\enspace " if lead else "")
                       + self._latex_cell(row[main]) + r"\par\nopagebreak")
            if rest:
                out.append(r"{\noindent\small " + rest + r"\par}")
        out += [r"\par\medskip", r"\endgroup"]
        return out

    def markdown(self) -> str:
        """The LaTeX form wrapped for myst-nb's Markdown renderer (what the PDF build uses)."""
        return "```{raw} latex\n" + self.latex() + "```\n"

    # --- text --------------------------------------------------------------------------
    def text(self) -> str:
        lines = [self.title] if self.title else []
        if not len(self):
            lines.append(self.empty_text)
        else:
            lines.append(" | ".join(c.header for c in self.columns))
            lines += [" | ".join(row) for row in self.cells()]
        lines += [t for t in (self.note, self.source_line) if t]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/markdown": self.markdown(), "text/plain": self.text()}

    def __repr__(self) -> str:
        return f"<Table {self.name}: {len(self)} rows>"


class TableGroup:
    """Several tables shown as one output (e.g. the data dictionary, one table per CSV file)."""

    def __init__(self, tables: list[Table]):
        self.tables = tables

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": "".join(t.html() for t in self.tables),
                "text/markdown": "\n".join(t.markdown() for t in self.tables),
                "text/plain": "\n\n".join(t.text() for t in self.tables)}


# --- the report's tables -------------------------------------------------------------------

def _label_or_code(category: str):
    names = labels(category)
    return lambda code: names.get(code, code) if isinstance(code, str) else ""


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def demands_table(ds, year: int, country: str | None = None, sections=None, theme: str | None = None) -> Table:
    """Demands (to one government, or all) with their status as of `year` and the evidence.

    `sections` keeps only those sections (demand, call, intention, position); `theme`
    only the items tagged with that theme.
    """
    if country is None:
        d = views.demand_status(ds, year)
    else:
        d = views.government_demands(ds, year, country)
    if sections is not None:
        d = d[d["section"].isin(sections)]
    if theme is not None:
        d = d[[theme in (t if isinstance(t, list) else []) for t in d["themes"]]]
    status = _label_or_code("status")
    d = d.assign(
        no=[_cell_text(n) or "—" for n in d["number"]],
        adopted=d["edition_year"].astype(str),
        status_ru=[status(str(s)) + (f" (оценка {int(y)} г.)" if pd.notna(y) else "")
                   for s, y in zip(d["status"], d["assessed_year"])],
        evidence=[_cell_text(e) or "—" for e in d["evidence_ru"]],
    )
    columns = [Column("no", "№", 0.05, lead="№ {}"), Column("adopted", "Год", 0.08, lead="({} г.)"),
               Column("text_ru", "Требование", 0.42, main=True), Column("status_ru", "Статус", 0.15),
               Column("evidence", "Основание оценки", 0.30)]
    if country is None:
        columns.insert(2, Column("addressee_ru", "Адресат", 0.14, lead="— {}:"))
        columns[3] = Column("text_ru", "Текст", 0.30, main=True)
        columns[-1] = Column("evidence", "Основание оценки", 0.28)
    ids = list(d["source_id"]) + list(d["assessment_source_id"].dropna())
    return Table(d, columns, title=f"Требования и их выполнение на {year} г.", cards=True,
                 source_line=views.source_line(ds, ids), name=f"demands-{country or 'all'}-{year}",
                 note="«Не оценивалось»: ни в одном выпуске до этого года Миссия не оценила выполнение.")


def cases_table(ds, country: str | None = None) -> Table:
    """Named people and groups (as public sources name them) and what happened to them."""
    c = views.cases(ds, country)
    measure = _label_or_code("measure")
    posthumous = c["posthumous"] if "posthumous" in c else [False] * len(c)
    c = c.assign(
        # A person's name stays on one line; group descriptions wrap as usual.
        who=[[Unbroken(n), "(посмертно)"] if k == "person" and p else Unbroken(n) if k == "person"
             else n + (" (посмертно)" if p else "")
             for n, k, p in zip(c["name_ru"], c["kind"], posthumous)],
        role=[_cell_text(r) for r in c.get("role_ru", pd.Series([""] * len(c)))],
        measures_ru=[", ".join(measure(m) for m in (ms if isinstance(ms, list) else [])) for ms in c["measures"]],
        year_ru=[str(int(y)) if pd.notna(y) else "нет данных" for y in c["year"]],
        country_ru=c["country"].map(ds.countries.set_index("iso2")["name_ru"]),
    )
    columns = [Column("who", "Кто", 0.24), Column("role", "Роль", 0.14),
               Column("what_happened_ru", "Что произошло", 0.34), Column("measures_ru", "Меры", 0.18),
               Column("year_ru", "Год", 0.10)]
    if country is None:
        columns = [Column("country_ru", "Страна", 0.12), columns[0], Column("role", "Роль", 0.12),
                   Column("what_happened_ru", "Что произошло", 0.26), Column("measures_ru", "Меры", 0.16),
                   columns[-1]]
    return Table(c, columns, title="Люди и группы, названные в документах Миссии",
                 source_line=views.source_line(ds, list(c["source_id"])), name=f"cases-{country or 'all'}",
                 empty_text="Публичные источники не называют имён.")


def organisations_table(ds, country: str | None = None, year: int | None = None) -> Table:
    """Organisations with their registration status after the latest event, and what the source says."""
    s = views.registration_status(ds, year)
    if country is not None:
        s = s[s["country"] == country]
    kind = _label_or_code("organisation_kind")
    s = s.assign(
        org=[n + (f" ({sh})" if isinstance(sh, str) and sh else "") for n, sh in zip(s["name_ru"], s["short_name_ru"])],
        kind_ru=s["kind"].map(kind),
        status_ru=s["status"].astype(str).map(views.REGISTRATION_LABELS_RU),
        when=[_event_when(r) for r in s.to_dict("records")],
        description=[_cell_text(t) or "—" for t in s["description_ru"]],
    )
    columns = [Column("org", "Организация", 0.25), Column("kind_ru", "Тип", 0.13),
               Column("status_ru", "Статус регистрации", 0.14), Column("when", "Когда", 0.13),
               Column("description", "Что говорит источник", 0.35)]
    ids = list(s["event_source_id"].dropna())
    return Table(s, columns, title="Организации трудящихся и их регистрация",
                 source_line=views.source_line(ds, ids), name=f"organisations-{country or 'all'}",
                 note="Статус — по последнему известному событию; «не позднее» — дата источника, "
                      "сообщившего о событии без даты.")


def _event_when(row: dict) -> str:
    if not isinstance(row.get("event_id"), str):
        return "—"
    if row["precision"] == "unknown":
        nlt = row.get("not_later_than")
        return f"не позднее {long_date(nlt)}" if nlt else "дата неизвестна"
    return long_date(row["date"])


def events_table(ds, country: str | None = None) -> Table:
    """Every registration event in time order (the timeline as a table)."""
    e = views.registration_events(ds)
    if country is not None:
        e = e[e["country"] == country]
    event = _label_or_code("event")
    e = e.assign(org=[r["short_name_ru"] if isinstance(r["short_name_ru"], str) and r["short_name_ru"]
                      else r["name_ru"] for r in e.to_dict("records")],
                 event_ru=e["event"].map(event),
                 when=[_event_when({**r, "event_id": r["id"]}) for r in e.to_dict("records")])
    columns = [Column("when", "Когда", 0.17), Column("org", "Организация", 0.2),
               Column("event_ru", "Событие", 0.15), Column("description_ru", "Что говорит источник", 0.48)]
    return Table(e, columns, title="События регистрации", name=f"events-{country or 'all'}",
                 source_line=views.source_line(ds, list(e["source_id"])))


def ratifications_table(ds, countries: list[str] | None = None, conventions: list[str] | None = None) -> Table:
    """ILO conventions (rows) x countries: year of ratification, «не ратифицирована» or «нет данных».

    For one country a «Примечание» column carries the notes of its rows.
    """
    m = views.ratification_matrix(ds, countries)
    if conventions is not None:
        m = m.loc[[c for c in m.index if c in conventions]]
    conv = ds.conventions.set_index("id")
    frame = m.reset_index(names="convention")
    frame["convention_ru"] = [
        f"№ {int(conv.at[c, 'number'])}{'*' if bool(conv.at[c, 'fundamental']) else ''} — {conv.at[c, 'name_ru']}"
        for c in frame["convention"]]
    country_cols = list(m.columns)
    first = 0.5 if len(country_cols) == 1 else 0.35
    columns = [Column("convention_ru", "Конвенция", first)] + [
        Column(c, c, (1 - first) / max(len(country_cols), 1)) for c in country_cols]
    r = views.ratifications(ds, countries)
    if len(country_cols) == 1:
        notes = r.set_index("convention")["note_ru"]
        frame["note"] = [_cell_text(notes.get(c)) for c in frame["convention"]]
        columns = [Column("convention_ru", "Конвенция", 0.45), Column(country_cols[0], "Ратификация", 0.2),
                   Column("note", "Примечание", 0.35)]
    return Table(frame, columns, title="Ратификация конвенций МОТ", stack=len(country_cols) == 1,
                 note="* — основополагающая конвенция МОТ. Год — год ратификации; «нет данных» — "
                      "сведения не найдены, это не означает, что конвенция не ратифицирована.",
                 source_line=views.source_line(ds, list(r["source_id"].dropna())), name="ratifications")


def situation_table(ds, year: int, country: str | None = None) -> Table:
    """Each country's situation per indicator as of `year`, with the source's words."""
    s = views.situation(ds, year)
    if country is not None:
        s = s[s["country"] == country]
    s = s.assign(
        country_ru=s["country"].map(ds.countries.set_index("iso2")["name_ru"]),
        indicator_ru=s["indicator"].map(_label_or_code("indicator")).map(_sentence_case),
        value_ru=[labels(i).get(v, v) for i, v in zip(s["indicator"], s["value"])],
        from_year=s["edition_year"].astype(str),
    )
    columns = [Column("indicator_ru", "Показатель", 0.18), Column("value_ru", "Оценка", 0.17),
               Column("from_year", "Выпуск", 0.08), Column("quote_ru", "Слова источника", 0.57)]
    if country is None:
        columns = [Column("country_ru", "Страна", 0.12)] + columns
        columns[-1] = Column("quote_ru", "Слова источника", 0.45)
    return Table(s, columns, title=f"Положение на {year} г.", name=f"situation-{country or 'all'}-{year}",
                 source_line=views.source_line(ds, list(s["source_id"])),
                 note="Выпуск — год встречи, в документе которой дана оценка.")


def changes_table(ds, year: int) -> Table:
    """What changed since the previous edition, per country and indicator (ITUC style)."""
    c = views.changes(ds, year)

    def value_ru(indicator, value):
        return labels(indicator).get(value, value) if isinstance(value, str) else "—"

    c = c.assign(
        country_ru=c["country"].map(ds.countries.set_index("iso2")["name_ru"]),
        indicator_ru=c["indicator"].map(_label_or_code("indicator")).map(_sentence_case),
        before=[value_ru(i, v) for i, v in zip(c["indicator"], c["previous_value"])],
        now=[value_ru(i, v) for i, v in zip(c["indicator"], c["value"])],
        quote=[_cell_text(q) or "—" for q in c["quote_ru"]],
    )
    prev = views.previous_edition(ds, year)
    columns = [Column("country_ru", "Страна", 0.12), Column("indicator_ru", "Показатель", 0.16),
               Column("before", f"{prev} г." if prev else "Ранее", 0.14),
               Column("now", f"{year} г.", 0.14), Column("change_ru", "Изменение", 0.12),
               Column("quote", f"Слова документа {year} г.", 0.32)]
    trend = ", ".join(label("indicator", i) for i in views.TREND_INDICATORS)
    return Table(c, columns, title=f"Что изменилось с предыдущего выпуска ({prev or '—'} → {year})",
                 name=f"changes-{year}",
                 note=f"Для показателя «{trend}» изменение дано словами самого документа. "
                      "«Несопоставимо»: оценки разного рода, источники не позволяют сказать, что хуже; "
                      "«нет данных»: показатель не оценён в одном из выпусков.",
                 source_line=views.source_line(ds, list(ds.country_situations["source_id"][
                     ds.country_situations["edition_year"].isin([year, prev])])))


def sources_table(ds, text_prefix: str = "") -> Table:
    """The sources: citation, publisher, date, and where to read them (URL, local text file).

    `text_prefix` + local_file (relative to data/) is where the site serves the text.
    """
    s = ds.sources.sort_values(["kind", "date", "id"])
    kind = _label_or_code("source_kind")
    s = s.assign(
        kind_ru=s["kind"].map(kind),
        date_ru=[long_date(d) for d in s["date"]],
        where=[_where(r, text_prefix) for r in s.to_dict("records")],
    )
    columns = [Column("id", "Ключ", 0.18), Column("citation_ru", "Источник", 0.32),
               Column("kind_ru", "Вид", 0.1), Column("date_ru", "Дата", 0.12), Column("where", "Где читать", 0.28)]
    return Table(s, columns, title="Источники", name="sources")


def _where(row: dict, text_prefix: str):
    """Links to the source: its URL, and the local copy of its text published with the site."""
    parts = [Link(row["url"], row["url"])] if isinstance(row.get("url"), str) and row["url"] else []
    if isinstance(row.get("local_file"), str) and row["local_file"]:
        name = row["local_file"].rsplit("/", 1)[-1]
        parts.append(Link(f"текст: {name}", f"{text_prefix}{row['local_file']}"))
    return parts or "—"


def status_definitions_table() -> Table:
    """The demand statuses: label and what it means."""
    frame = pd.DataFrame({"label": [label("status", c) for c in views.STATUS_ORDER],
                          "definition": [views.STATUS_DEFINITIONS_RU[c] for c in views.STATUS_ORDER]})
    return Table(frame, [Column("label", "Статус", 0.22), Column("definition", "Что значит", 0.78)],
                 title="Статусы выполнения требований", name="statuses", stack=False)


def registration_definitions_table() -> Table:
    """The registration statuses of organisations: label and what it means."""
    order = views.REGISTRATION_ORDER
    frame = pd.DataFrame({"label": [views.REGISTRATION_LABELS_RU[c] for c in order],
                          "definition": [views.REGISTRATION_DEFINITIONS_RU[c] for c in order]})
    return Table(frame, [Column("label", "Статус регистрации", 0.3), Column("definition", "Что значит", 0.7)],
                 title="Статусы регистрации организаций", name="registration-statuses", stack=False)


def change_definitions_table() -> Table:
    """The change labels between editions and what they mean."""
    order = views.CHANGE_ORDER
    frame = pd.DataFrame({"label": [_sentence_case(views.CHANGE_LABELS_RU[c]) for c in order],
                          "definition": [views.CHANGE_DEFINITIONS_RU[c] for c in order]})
    return Table(frame, [Column("label", "Изменение", 0.22), Column("definition", "Что значит", 0.78)],
                 title="Изменения между выпусками", name="changes-legend", stack=False)


def scale_table() -> Table:
    """The order of each indicator's values, worst first, as views.INDICATOR_SCALES defines it."""
    rows = []
    for indicator, scale in views.INDICATOR_SCALES.items():
        ranks = sorted(set(scale.values()))
        steps = [" = ".join(_sentence_case(label(indicator, v)) for v in scale if scale[v] == r) for r in ranks]
        rows.append({"indicator": label("indicator", indicator), "order": " → ".join(steps)})
    for indicator, trends in views.TREND_INDICATORS.items():
        rows.append({"indicator": label("indicator", indicator),
                     "order": "; ".join(f"{_sentence_case(label(indicator, v))}: {views.CHANGE_LABELS_RU[c]}"
                                        for v, c in trends.items())})
    return Table(pd.DataFrame(rows), [Column("indicator", "Показатель", 0.28),
                                      Column("order", "От худшего к лучшему (знак = — не упорядочены)", 0.72)],
                 title="Порядок оценок по показателям", name="scales", stack=False)


def dictionary_tables() -> TableGroup:
    """The whole data dictionary: one table per CSV file, in the schemas' order."""
    from book.data.schemas import SCHEMAS
    return TableGroup([dictionary_table(name) for name in SCHEMAS])


def dictionary_table(table_name: str) -> Table:
    """The data dictionary of one CSV table (from the schemas)."""
    from book.data import dictionary
    from book.data.schemas import SCHEMAS
    d = dictionary.to_frame("ru")
    d = d[d["table"] == table_name]
    if d.empty:
        raise KeyError(f"Нет таблицы {table_name!r} в словаре данных")
    d = d.assign(req=d["required"].map({True: "да", False: "нет"}),
                 about=[f"{t}: {desc}" for t, desc in zip(d["title"], d["description"])])
    return Table(d, [Column("column", "Столбец", 0.17), Column("type", "Тип", 0.13), Column("req", "Обяз.", 0.09),
                     Column("about", "Описание", 0.36), Column("allowed", "Допустимые значения", 0.25)],
                 title=f"{table_name}.csv — {SCHEMAS[table_name].title}", name=f"dictionary-{table_name}")
