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
from book.i18n import Untranslated, current, long_date, tr


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


@dataclass(frozen=True)
class Quoted:
    """A quotation in the English edition: the project's translation, with the document's
    Russian original one step away (a disclosure on the site, a line under it in print)."""
    text: str
    original: str

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
    if isinstance(value, (Link, Unbroken, Quoted)):
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


def pending_html(value: str) -> str:
    """Russian text in the English edition, marked as such and as awaiting translation."""
    return (f'<span lang="ru">{html.escape(str(value))}</span> '
            f'<span class="lr-pending">(translation pending)</span>')


def quoted(text, original):
    """A quotation cell: in English the translation with its Russian original, in Russian the original."""
    if not isinstance(text, str) or not text:
        return "—"
    if current() == "en" and isinstance(original, str) and original and not isinstance(text, Untranslated):
        return Quoted(str(text), original)
    return text


class Table:
    """A table shown on the site (HTML), in the PDF (LaTeX longtable) and as text.

    `frame` holds the rows; `columns` chooses, names and sizes the shown columns. All
    cell text is escaped: a cell holding `<script>` shows those characters.
    `stack=True` turns rows into cards on narrow screens (long text columns);
    `cards=True` does the same in the PDF around the column marked `main`.
    """

    def __init__(self, frame: pd.DataFrame, columns: list[Column], *, title: str = "",
                 source_line: str = "", note: str = "", name: str = "table", stack: bool = True,
                 empty_text: str = "", cards: bool = False):
        missing = [c.key for c in columns if c.key not in frame.columns]
        if missing:
            raise KeyError(f"Table {name!r}: no column(s) {missing} in {list(frame.columns)}")
        self.frame = frame.reset_index(drop=True)
        self.columns, self.title, self.source_line, self.note = columns, title, source_line, note
        self.name, self.stack = name, stack
        self.empty_text = empty_text or tr("Нет данных.", "No data.")
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
        if isinstance(value, Quoted):
            return (f"{html.escape(value.text)}"
                    f'<details class="lr-original"><summary>{html.escape(tr("Оригинал", "Russian original"))}'
                    f'</summary><span lang="ru">{html.escape(value.original)}</span></details>')
        if isinstance(value, Untranslated):
            return pending_html(value)
        if isinstance(value, list) and any(isinstance(v, (Quoted, Untranslated)) for v in value):
            return "<br>\n".join(Table._html_cell(v) for v in value)
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
        if isinstance(value, Quoted):
            return (latex_escape(value.text) + r"\newline{\footnotesize\itshape "
                    + latex_escape(tr("Оригинал: ", "Russian original: ") + value.original) + "}")
        if isinstance(value, list) and any(isinstance(v, (Quoted, Untranslated)) for v in value):
            return r"\newline ".join(Table._latex_cell(v) for v in value)
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
        """The table as shown: headers and text cells in the edition's language (CSV downloads)."""
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
    names = labels(category, current())
    return lambda code: names.get(code, code) if isinstance(code, str) else ""


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _in_year(year) -> str:
    return tr(f"{int(year)} г.", f"{int(year)}")


def _country_names(ds) -> pd.Series:
    return views.text_by(ds.countries, "name", "iso2")


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
    texts = views.text(d, "text")
    notes = views.text(d, "note") if ("note" in d or "note_ru" in d) else pd.Series([None] * len(d), index=d.index)
    note_word = tr("Примечание доклада", "Note by the report")
    d = d.assign(
        shown=[quoted(t, o) for t, o in zip(texts, d["text_ru"])],
        note_shown=[f"{note_word}: {n}" if isinstance(n, str) and n else "" for n in notes],
        no=[_cell_text(n) or "—" for n in d["number"]],
        adopted=d["edition_year"].astype(str),
        status_shown=[status(str(s)) + (tr(f" (оценка {int(y)} г.)", f" (assessed {int(y)})") if pd.notna(y) else "")
                      for s, y in zip(d["status"], d["assessed_year"])],
        evidence_shown=[quoted(e, o) for e, o in zip(views.text(d, "evidence"), d["evidence_ru"])],
    )
    d["shown"] = [[t, n] if n else t for t, n in zip(d["shown"], d["note_shown"])]
    columns = [Column("no", "№", 0.05, lead="№ {}"), Column("adopted", tr("Год", "Year"), 0.08, lead=tr("({} г.)", "({})")),
               Column("shown", tr("Требование", "Demand"), 0.42, main=True),
               Column("status_shown", tr("Статус", "Status"), 0.15),
               Column("evidence_shown", tr("Основание оценки", "Evidence"), 0.30)]
    if country is None:
        columns.insert(2, Column("addressee", tr("Адресат", "Addressee"), 0.14, lead="— {}:"))
        columns[3] = Column("shown", tr("Текст", "Text"), 0.30, main=True)
        columns[-1] = Column("evidence_shown", tr("Основание оценки", "Evidence"), 0.28)
    ids = list(d["source_id"]) + list(d["assessment_source_id"].dropna())
    return Table(d, columns, title=tr(f"Требования и их выполнение на {year} г.", f"Demands and their implementation as of {year}"),
                 cards=True, source_line=views.source_line(ds, ids), name=f"demands-{country or 'all'}-{year}",
                 note=tr("«Не оценивалось»: ни в одном выпуске до этого года Миссия не оценила выполнение.",
                         "“Not assessed”: no edition up to this year has assessed whether the demand was met."))


def cases_table(ds, country: str | None = None) -> Table:
    """Named people and groups (as public sources name them) and what happened to them."""
    c = views.cases(ds, country)
    measure = _label_or_code("measure")
    posthumous = c["posthumous"] if "posthumous" in c else [False] * len(c)
    after_death = tr("(посмертно)", "(posthumously)")
    names = views.text(c, "name")
    roles = views.text(c, "role") if ("role" in c or "role_ru" in c) else pd.Series([""] * len(c), index=c.index)
    c = c.assign(
        # A person's name stays on one line; group descriptions wrap as usual.
        who=[[Unbroken(n), after_death] if k == "person" and p else Unbroken(n) if k == "person"
             else n + (f" {after_death}" if p else "")
             for n, k, p in zip(names, c["kind"], posthumous)],
        role=[_cell_text(r) for r in roles],
        happened=list(views.text(c, "what_happened")),
        measures_shown=[", ".join(measure(m) for m in (ms if isinstance(ms, list) else [])) for ms in c["measures"]],
        year_shown=[str(int(y)) if pd.notna(y) else tr("нет данных", "no data") for y in c["year"]],
        country_shown=c["country"].map(_country_names(ds)),
    )
    who, role, happened = tr("Кто", "Who"), tr("Роль", "Role"), tr("Что произошло", "What happened")
    measures, yr = tr("Меры", "Measures"), tr("Год", "Year")
    columns = [Column("who", who, 0.24), Column("role", role, 0.14), Column("happened", happened, 0.34),
               Column("measures_shown", measures, 0.18), Column("year_shown", yr, 0.10)]
    if country is None:
        columns = [Column("country_shown", tr("Страна", "Country"), 0.11), Column("who", who, 0.17),
                   Column("role", role, 0.18), Column("happened", happened, 0.30),
                   Column("measures_shown", measures, 0.14), Column("year_shown", yr, 0.10)]
    ids = list(c["source_id"]) + list(c["name_en_source_id"].dropna() if current() == "en" and "name_en_source_id" in c else [])
    return Table(c, columns, title=tr("Люди и группы, названные в документах Миссии",
                                      "People and groups named in the Mission's documents"),
                 source_line=views.source_line(ds, ids), name=f"cases-{country or 'all'}",
                 empty_text=tr("Публичные источники не называют имён.", "Public sources name no one."))


def _org_shown(name, short) -> str:
    return name + (f" ({short})" if isinstance(short, str) and short else "")


def organisations_table(ds, country: str | None = None, year: int | None = None) -> Table:
    """Organisations with their registration status after the latest event, and what the source says."""
    s = views.registration_status(ds, year)
    if country is not None:
        s = s[s["country"] == country]
    kind = _label_or_code("organisation_kind")
    s = s.assign(
        org=[_org_shown(n, sh) for n, sh in zip(s["name"], s["short_name"])],
        kind_shown=s["kind"].map(kind),
        status_shown=s["status"].astype(str).map(views.registration_labels()),
        when=[_event_when(r) for r in s.to_dict("records")],
        described=[_cell_text(t) or "—" for t in s["description"]],
    )
    columns = [Column("org", tr("Организация", "Organisation"), 0.25), Column("kind_shown", tr("Тип", "Type"), 0.13),
               Column("status_shown", tr("Статус регистрации", "Registration status"), 0.14),
               Column("when", tr("Когда", "When"), 0.13),
               Column("described", tr("Что говорит источник", "What the source says"), 0.35)]
    ids = list(s["event_source_id"].dropna())
    return Table(s, columns, title=tr("Организации трудящихся и их регистрация", "Workers' organisations and their registration"),
                 source_line=views.source_line(ds, ids), name=f"organisations-{country or 'all'}",
                 note=tr("Статус — по последнему известному событию; «не позднее» — дата источника, "
                         "сообщившего о событии без даты.",
                         "Status: after the latest known event; “no later than”: the date of the source that "
                         "reported an undated event."))


def _event_when(row: dict) -> str:
    if not isinstance(row.get("event_id"), str):
        return "—"
    if row["precision"] == "unknown":
        nlt = row.get("not_later_than")
        return tr("не позднее ", "no later than ") + long_date(nlt) if nlt else long_date(None)
    return long_date(row["date"])


def events_table(ds, country: str | None = None) -> Table:
    """Every registration event in time order (the timeline as a table)."""
    e = views.registration_events(ds)
    if country is not None:
        e = e[e["country"] == country]
    event = _label_or_code("event")
    e = e.assign(org=[r["short_name"] if isinstance(r["short_name"], str) and r["short_name"]
                      else r["name"] for r in e.to_dict("records")],
                 event_shown=e["event"].map(event),
                 when=[_event_when({**r, "event_id": r["id"]}) for r in e.to_dict("records")])
    columns = [Column("when", tr("Когда", "When"), 0.17), Column("org", tr("Организация", "Organisation"), 0.2),
               Column("event_shown", tr("Событие", "Event"), 0.15),
               Column("description", tr("Что говорит источник", "What the source says"), 0.48)]
    return Table(e, columns, title=tr("События регистрации", "Registration events"), name=f"events-{country or 'all'}",
                 source_line=views.source_line(ds, list(e["source_id"])))


def ratifications_table(ds, countries: list[str] | None = None, conventions: list[str] | None = None) -> Table:
    """ILO conventions (rows) x countries: year of ratification, «не ратифицирована» or «нет данных».

    For one country a «Примечание» column carries the notes of its rows.
    """
    m = views.ratification_matrix(ds, countries)
    if conventions is not None:
        m = m.loc[[c for c in m.index if c in conventions]]
    conv = ds.conventions.set_index("id")
    conv_names = views.text_by(ds.conventions, "name")
    frame = m.reset_index(names="convention")
    frame["convention_shown"] = [
        f"{tr('№', 'No.')} {int(conv.at[c, 'number'])}{'*' if bool(conv.at[c, 'fundamental']) else ''} — {conv_names[c]}"
        for c in frame["convention"]]
    country_cols = list(m.columns)
    first = 0.5 if len(country_cols) == 1 else 0.35
    columns = [Column("convention_shown", tr("Конвенция", "Convention"), first)] + [
        Column(c, c, (1 - first) / max(len(country_cols), 1)) for c in country_cols]
    r = views.ratifications(ds, countries)
    if len(country_cols) == 1:
        notes = r.set_index("convention")["note"]
        frame["note"] = [_cell_text(notes.get(c)) for c in frame["convention"]]
        columns = [Column("convention_shown", tr("Конвенция", "Convention"), 0.45),
                   Column(country_cols[0], tr("Ратификация", "Ratification"), 0.2),
                   Column("note", tr("Примечание", "Note"), 0.35)]
    as_of = _as_of_text(ds)
    return Table(frame, columns, title=tr(f"Ратификация конвенций МОТ: сведения на {as_of}",
                                          f"Ratification of ILO conventions: as of {as_of}"),
                 stack=len(country_cols) == 1,
                 note=tr(f"* — основополагающая конвенция МОТ. Год — год ратификации. Сведения собраны на {as_of}: "
                         "всё, что до этой даты сообщают найденные публичные источники, внесено с источником; "
                         "«нет данных» — сведения не найдены, это не означает, что конвенция не ратифицирована.",
                         f"* fundamental ILO convention. Year: year of ratification. Compiled as of {as_of}: "
                         "everything the public sources found state up to that date is entered with its source; "
                         "“no data” means no information was found, not that the convention is unratified."),
                 source_line=views.source_line(ds, list(r["source_id"].dropna())), name="ratifications")


def _as_of_text(ds) -> str:
    """The cut-off date of the ratification table (the latest `as_of` of its rows)."""
    dates = [d for d in ds.ilo_ratifications["as_of"] if isinstance(d, str)] if "as_of" in ds.ilo_ratifications else []
    return long_date(max(dates)) if dates else tr("дату, не указанную в данных", "a date not given in the data")


def situation_table(ds, year: int, country: str | None = None) -> Table:
    """Each country's situation per indicator as of `year`, with the source's words."""
    s = views.situation(ds, year)
    if country is not None:
        s = s[s["country"] == country]
    s = s.assign(
        country_shown=s["country"].map(_country_names(ds)),
        indicator_shown=s["indicator"].map(_label_or_code("indicator")).map(_sentence_case),
        value_shown=[f"{labels(i, current()).get(v, v)} " + tr(f"(оценка {int(y)} г.)", f"(assessed {int(y)})")
                     for i, v, y in zip(s["indicator"], s["value"], s["edition_year"])],
        from_year=s["edition_year"].astype(str),
        words=[quoted(q, o) for q, o in zip(views.text(s, "quote"), s["quote_ru"])],
    )
    words = tr("Слова источника", "The source's words")
    columns = [Column("indicator_shown", tr("Показатель", "Indicator"), 0.18),
               Column("value_shown", tr("Оценка", "Assessment"), 0.17),
               Column("from_year", tr("Выпуск", "Edition"), 0.08), Column("words", words, 0.57)]
    if country is None:
        columns = [Column("country_shown", tr("Страна", "Country"), 0.12)] + columns
        columns[-1] = Column("words", words, 0.45)
    years = sorted({int(y) for y in s["edition_year"]})
    older = [y for y in years if y < year]
    note = tr("Выпуск — год встречи, в документе которой дана оценка.",
              "Edition: the year of the meeting whose document made the assessment.")
    if older:
        older_text = ", ".join(map(str, older))
        note += tr(f" Оценки прежних выпусков ({older_text} г.) показаны, потому что документ "
                   f"{year} г. их не пересматривает; это не оценки {year} г.",
                   f" Assessments of earlier editions ({older_text}) are shown because the {year} document "
                   f"does not revisit them; they are not {year} assessments.")
    return Table(s, columns, title=tr(f"Последние оценки Миссии к выпуску {year} г. (с годом каждой оценки)",
                                      f"The Mission's latest assessments as of the {year} edition (each with its year)"),
                 name=f"situation-{country or 'all'}-{year}",
                 source_line=views.source_line(ds, list(s["source_id"])), note=note)


def changes_table(ds, year: int) -> Table:
    """What changed since the previous edition, per country and indicator, in the document's own words."""
    c = views.changes(ds, year)

    def value_shown(indicator, value):
        return labels(indicator, current()).get(value, value) if isinstance(value, str) else "—"

    c = c.assign(
        country_shown=c["country"].map(_country_names(ds)),
        indicator_shown=c["indicator"].map(_label_or_code("indicator")).map(_sentence_case),
        before=[value_shown(i, v) for i, v in zip(c["indicator"], c["previous_value"])],
        now=[value_shown(i, v) for i, v in zip(c["indicator"], c["value"])],
        words=[quoted(tr(f"«{q}»", f"“{q}”"), f"«{o}»") if isinstance(q, str) and q else "—"
               for q, o in zip(c["change_quote"], c["change_quote_ru"])],
    )
    prev = views.previous_edition(ds, year)
    columns = [Column("country_shown", tr("Страна", "Country"), 0.12),
               Column("indicator_shown", tr("Показатель", "Indicator"), 0.16),
               Column("before", tr(f"Оценка {prev} г.", f"Assessment {prev}") if prev else tr("Ранее", "Before"), 0.14),
               Column("now", tr(f"Оценка {year} г.", f"Assessment {year}"), 0.14),
               Column("change_label", tr("Изменение", "Change"), 0.14),
               Column("words", tr(f"Что говорит об изменении документ {year} г.",
                                  f"What the {year} document says about change"), 0.30)]
    return Table(c, columns, title=tr(f"Что изменилось с предыдущего выпуска ({prev or '—'} → {year})",
                                      f"What changed since the previous edition ({prev or '—'} → {year})"),
                 name=f"changes-{year}",
                 note=tr("Изменение — то, что говорит о нём сам документ, его словами; из сравнения оценок "
                         "двух выпусков оно не выводится. «Документ об изменении не говорит»: оба выпуска "
                         "оценивают показатель, но об изменении документ молчит; «нет данных»: показатель "
                         "оценён только в одном из выпусков.",
                         "A change is what the document itself says about it, in its words; it is never inferred "
                         "by comparing two editions' assessments. “The document does not say”: both editions "
                         "assess the indicator but the document is silent on change; “no data”: the indicator is "
                         "assessed in only one of the editions."),
                 source_line=views.source_line(ds, list(ds.country_situations["source_id"][
                     ds.country_situations["edition_year"].isin([year, prev])])))


def sources_table(ds, text_prefix: str = "") -> Table:
    """The sources: citation, publisher, date, and where to read them (URL, local text file).

    `text_prefix` + local_file (relative to data/) is where the site serves the text; in
    English, the unofficial translation published beside a Russian original is linked too.
    """
    s = ds.sources.sort_values(["kind", "date", "id"])
    kind = _label_or_code("source_kind")
    s = s.assign(
        cite=list(views.text(s, "citation")),
        kind_shown=s["kind"].map(kind),
        date_shown=[long_date(d) for d in s["date"]],
        where=[_where(r, text_prefix) for r in s.to_dict("records")],
    )
    columns = [Column("id", tr("Ключ", "Key"), 0.18), Column("cite", tr("Источник", "Source"), 0.32),
               Column("kind_shown", tr("Вид", "Kind"), 0.1), Column("date_shown", tr("Дата", "Date"), 0.12),
               Column("where", tr("Где читать", "Where to read it"), 0.28)]
    return Table(s, columns, title=tr("Источники", "Sources"), name="sources")


def _where(row: dict, text_prefix: str):
    """Links to the source: its URL, and the local copy of its text published with the site."""
    parts = [Link(row["url"], row["url"])] if isinstance(row.get("url"), str) and row["url"] else []
    local = row.get("local_file")
    if isinstance(local, str) and local:
        name = local.rsplit("/", 1)[-1]
        parts.append(Link(tr(f"текст: {name}", f"original text (Russian): {name}"), f"{text_prefix}{local}"))
        if current() == "en" and name.endswith(".ru.txt"):
            english = local[: -len(".ru.txt")] + ".en.txt"
            parts.append(Link(f"unofficial English translation: {english.rsplit('/', 1)[-1]}", f"{text_prefix}{english}"))
    return parts or "—"


def status_definitions_table() -> Table:
    """The demand statuses: label and what it means."""
    frame = pd.DataFrame({"label": [label("status", c, current()) for c in views.STATUS_ORDER],
                          "definition": [views.status_definition(c) for c in views.STATUS_ORDER]})
    return Table(frame, [Column("label", tr("Статус", "Status"), 0.22), Column("definition", tr("Что значит", "Meaning"), 0.78)],
                 title=tr("Статусы выполнения требований", "Implementation statuses of demands"), name="statuses", stack=False)


def registration_definitions_table() -> Table:
    """The registration statuses of organisations: label and what it means."""
    order = views.REGISTRATION_ORDER
    frame = pd.DataFrame({"label": [views.registration_label(c) for c in order],
                          "definition": [views.registration_definition(c) for c in order]})
    return Table(frame, [Column("label", tr("Статус регистрации", "Registration status"), 0.3),
                         Column("definition", tr("Что значит", "Meaning"), 0.7)],
                 title=tr("Статусы регистрации организаций", "Registration statuses of organisations"),
                 name="registration-statuses", stack=False)


def change_definitions_table() -> Table:
    """The change labels between editions and what they mean."""
    order = views.CHANGE_ORDER
    frame = pd.DataFrame({"label": [_sentence_case(views.change_label(c)) for c in order],
                          "definition": [views.change_definition(c) for c in order]})
    return Table(frame, [Column("label", tr("Изменение", "Change"), 0.22), Column("definition", tr("Что значит", "Meaning"), 0.78)],
                 title=tr("Изменения между выпусками", "Changes between editions"), name="changes-legend", stack=False)


def derivation_example_table(ds, year: int) -> Table:
    """How a value and a change are read from a document: one real row of country_situations
    of edition `year` whose document states a change (the first such row), step by step."""
    s = ds.country_situations
    rows = s[(s["edition_year"] == year) & s["change"].notna()]
    if rows.empty:
        rows = s[s["change"].notna()]
    step, what = tr("Шаг", "Step"), tr("Что записано в данных", "What the data records")
    if rows.empty:
        return Table(pd.DataFrame({"step": [], "what": []}), [Column("step", step), Column("what", what)],
                     title=tr("Пример", "Example"), name="derivation-example",
                     empty_text=tr("В данных нет строки с изменением.", "No row of the data records a change."))
    r = rows.iloc[0]
    country = _country_names(ds)[r["country"]]
    quote = views.text(rows, "quote").iloc[0]
    change_quote = views.text(rows, "change_quote").iloc[0]
    mark = tr("«{}»", "“{}”")
    steps = [
        (tr("Слова документа", "The document's words"), quoted(mark.format(quote), f"«{r['quote_ru']}»")),
        (tr("Оценка", "Assessment"), f"{_sentence_case(label('indicator', r['indicator'], current()))} — "
                                     f"{labels(r['indicator'], current()).get(r['value'], r['value'])} "
                                     + tr(f"({country}, выпуск {int(r['edition_year'])} г.)",
                                          f"({country}, {int(r['edition_year'])} edition)")),
        (tr("Слова об изменении", "Words on change"),
         quoted(mark.format(change_quote), f"«{r['change_quote_ru']}»") if isinstance(change_quote, str) else "—"),
        (tr("Изменение", "Change"), views.change_label(str(r["change"]))),
        (tr("Источник", "Source"), views.source_line(ds, [r["source_id"]])),
    ]
    frame = pd.DataFrame(steps, columns=["step", "what"])
    return Table(frame, [Column("step", step, 0.22), Column("what", what, 0.78)],
                 title=tr(f"Пример: как записана оценка и её изменение ({country}, {int(r['edition_year'])} г.)",
                          f"Example: how an assessment and its change are recorded ({country}, {int(r['edition_year'])})"),
                 name="derivation-example", stack=False)


def dictionary_tables() -> TableGroup:
    """The whole data dictionary: one table per CSV file, in the schemas' order."""
    from book.data.schemas import SCHEMAS
    return TableGroup([dictionary_table(name) for name in SCHEMAS])


def dictionary_table(table_name: str) -> Table:
    """The data dictionary of one CSV table (from the schemas), in the edition's language."""
    from book.data import dictionary
    from book.data.schemas import SCHEMAS
    lang = current()
    d = dictionary.to_frame(lang)
    d = d[d["table"] == table_name]
    if d.empty:
        raise KeyError(f"no table {table_name!r} in the data dictionary")
    d = d.assign(req=d["required"].map({True: tr("да", "yes"), False: tr("нет", "no")}),
                 about=[f"{t}: {desc}" for t, desc in zip(d["title"], d["description"])])
    schema = SCHEMAS[table_name]
    title = schema.metadata["title_en"] if lang == "en" else schema.title
    return Table(d, [Column("column", tr("Столбец", "Column"), 0.17), Column("type", tr("Тип", "Type"), 0.13),
                     Column("req", tr("Обяз.", "Req."), 0.09), Column("about", tr("Описание", "Description"), 0.36),
                     Column("allowed", tr("Допустимые значения", "Allowed values"), 0.25)],
                 title=f"{table_name}.csv — {title}", name=f"dictionary-{table_name}")
