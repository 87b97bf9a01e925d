"""A case marked public=false never reaches any output: pages, sources, search index, downloads, build cache, PDF."""
from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from book import DATA_DIR
from book.publishing.pipeline import build

pytestmark = pytest.mark.slow

# Each planted row carries a name, a description and an ASCII id token, so that every
# way a text may be stored (UTF-8, JSON \u escapes, HTML entities) can be looked for.
PRIVATE = {"id": "zz-secret-case-7731", "name_ru": "Планта Секретная-Проверкина",
           "what_happened_ru": "СЕКРЕТНОЕ-ОПИСАНИЕ", "name_en": "Planta Sekretnaya-Proverkina",
           "what_happened_en": "SECRET-DESCRIPTION", "public": "false"}
PUBLIC = {"id": "zz-open-case-4410", "name_ru": "Публий Сверяйкин-Открытый",
          "what_happened_ru": "ВИДИМОЕ-ОПИСАНИЕ", "name_en": "Publiy Sveryaykin-Otkrytyy",
          "what_happened_en": "VISIBLE-DESCRIPTION", "public": "true"}


def plant_cases(data: Path, *rows: dict) -> None:
    """Append cases of Kazakhstan as a staff member would type them into cases.csv."""
    path = data / "cases.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, existing = reader.fieldnames, list(reader)
    base = {"kind": "person", "country": "KZ", "organisation_id": "", "role_ru": "",
            "measures": "arrest", "year": "2021", "posthumous": "false", "demand_ids": "",
            "source_id": "imm-2021-outcome"}
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fields, lineterminator="\n")
        w.writeheader()
        w.writerows(existing)
        w.writerows({**base, **row} for row in rows)


def _forms(text: str) -> list[bytes]:
    """The byte forms `text` can take in a built file."""
    forms = {text.encode("utf-8"),
             json.dumps(text).strip('"').encode("ascii"),                     # \u041f...
             json.dumps(text).strip('"').upper().replace("\\U", "\\u").encode("ascii"),
             "".join(f"&#{ord(c)};" for c in text).encode("ascii"),
             "".join(f"&#x{ord(c):x};" for c in text).encode("ascii"),
             html.escape(text).encode("utf-8"),
             text.encode("utf-16-le")}
    return sorted(forms)


def _members(path: Path, blob: bytes):
    """(name, bytes) of a file and of everything packed inside it (zip, gzip), recursively."""
    yield str(path), blob
    if blob[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            for name in zf.namelist():
                yield from _members(path / name, zf.read(name))
    elif blob[:2] == b"\x1f\x8b":
        yield from _members(path / "(gunzip)", gzip.decompress(blob))


def files_containing(root: Path, texts: list[str]) -> dict[str, list[str]]:
    """{text: [files under root (or inside their archives) that contain it]}."""
    found = {t: [] for t in texts}
    forms = {t: _forms(t) for t in texts}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        for name, blob in _members(path.relative_to(root), path.read_bytes()):
            for t in texts:
                if any(form in blob for form in forms[t]):
                    found[t].append(name)
    return found


def pdf_tools() -> bool:
    return bool(shutil.which("xelatex") and shutil.which("pdftotext"))


@pytest.fixture(scope="module", params=["ru", "en"])
def planted(tmp_path_factory, request):
    """A data copy holding one private and one public planted case, built as a site and,
    where XeLaTeX is installed, as a PDF too (one build: the site then offers the PDF),
    in each language."""
    lang = request.param
    base = tmp_path_factory.mktemp(f"privacy-{lang}")
    data = base / "data"
    shutil.copytree(DATA_DIR, data)
    plant_cases(data, PRIVATE, PUBLIC)
    out = base / "out"
    report = build(data=data, out=out, fmt="all" if pdf_tools() else "html", lang=lang, log=lambda *_: None)
    return data, out, report


def pdf_texts(out: Path) -> dict[str, str]:
    """{pdf under out: its text in reading order, flattened}: the published PDF, the site's
    copy and LaTeX's own. A name may break at its hyphen across lines, and -layout would
    set table cells side by side: compare without spaces and hyphens."""
    texts = {}
    for pdf in sorted(out.rglob("*.pdf")):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        texts[str(pdf.relative_to(out))] = flat(text)
    return texts


def flat(text: str) -> str:
    return "".join(text.split()).replace("-", "")


# The search index holds word stems (Snowball, in the edition's language), not whole names.
STEMS = {"ru": (["секретн", "проверкин"], ["сверяйкин"]),
         "en": (["sekretnaya", "proverkina"], ["sveryaykin"])}


def _search_terms(out: Path) -> set[str]:
    """The words (stems) Sphinx's search index knows: Search.setIndex({...})."""
    text = (out / "html" / "searchindex.js").read_text("utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    return set(index["terms"]) | {w for t in index["titles"] for w in t.lower().split()}


def _secret_texts():
    # Neither language of a private case reaches any output of either edition.
    return [PRIVATE["name_ru"], PRIVATE["what_happened_ru"], PRIVATE["name_en"], PRIVATE["what_happened_en"],
            PRIVATE["id"]]


def _public_texts(lang: str = "ru"):
    return [PUBLIC[f"name_{lang}"], PUBLIC[f"what_happened_{lang}"]]


def test_the_planted_data_is_valid_so_the_build_really_read_it(planted):
    from book.data import validate
    data, out, report = planted
    assert validate(data) == []
    assert (out / "html" / "chapters" / "kazakhstan.html").is_file()


def test_a_public_case_planted_the_same_way_shows_on_the_kazakhstan_page(planted):
    """The control: the search below finds a planted case wherever it is published."""
    _, out, report = planted
    page = (out / "html" / "chapters" / "kazakhstan.html").read_text("utf-8")
    for text in _public_texts(report.lang):
        assert text in page
    found = files_containing(out, _public_texts(report.lang))
    for text in _public_texts(report.lang):
        where = found[text]
        assert any(w.startswith("html/chapters/kazakhstan.html") for w in where), where
        # Inside the downloads: the whole dataset and the chapter's zip.
        assert any(w.endswith("-data.zip/cases.csv") for w in where), where
        assert any(w.endswith("kazakhstan.zip/cases.csv") for w in where), where
        assert any(w.startswith(".work/") for w in where), where  # executed notebooks
        if report.pdf:
            assert any(w.endswith(".tex") for w in where), where  # the PDF's LaTeX source


def test_a_private_case_reaches_no_file_of_the_site_nor_the_build_cache(planted):
    _, out, report = planted
    terms = _search_terms(out)
    private_stems, public_stems = STEMS[report.lang]
    assert any(t.startswith(s) for s in public_stems for t in terms)  # control: the public case's words
    assert not any(t.startswith(s) for s in private_stems for t in terms)
    found = files_containing(out, _secret_texts())
    assert found == {t: [] for t in _secret_texts()}, found


@pytest.mark.pdf
def test_a_private_case_reaches_no_pdf_while_a_public_one_does(planted):
    _, out, report = planted
    if not pdf_tools():
        pytest.skip("no xelatex/pdftotext (make system)")
    texts = pdf_texts(out)
    site_copy = [p for p in texts if p.startswith("html/")]
    assert report.pdf and str(report.pdf.relative_to(out)) in texts and site_copy, list(texts)
    for path, text in texts.items():
        assert flat(PUBLIC[f"name_{report.lang}"]) in text, path  # control
        for secret in _secret_texts():
            assert flat(secret) not in text, (path, secret)


@pytest.mark.pdf
def test_the_site_offers_exactly_the_pdf_built_from_this_data(planted):
    _, out, report = planted
    if not pdf_tools():
        pytest.skip("no xelatex/pdftotext (make system)")
    html_dir = out / "html"
    for page in sorted(html_dir.glob("**/*.html")):
        if page.relative_to(html_dir).parts[0].startswith("_"):
            continue
        hrefs = re.findall(r'href="([^"]+\.pdf)"', page.read_text("utf-8"))
        assert len(hrefs) == 1, (page.name, hrefs)
        offered = (page.parent / hrefs[0]).resolve()
        assert offered.read_bytes() == report.pdf.read_bytes(), page.name
