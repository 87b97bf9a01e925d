"""The built pages are valid HTML, as the Nu HTML Checker (the W3C validator) reads them."""
from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter

import pytest

from tests.browser import VNU_JAR

pytestmark = pytest.mark.slow


def vnu_errors(files) -> list[dict]:
    """The Nu HTML Checker's errors on `files`: [{url, line, message}]."""
    proc = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True)
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    return [{"url": "/".join(m.get("url", "").split("/")[-4:]), "line": m.get("lastLine"), "message": m["message"]}
            for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]


def test_every_page_of_every_edition_is_valid_html(publication):
    if not VNU_JAR.exists() or not shutil.which("java"):
        pytest.skip("no vnu.jar or java: bash scripts/install-system.sh && bash scripts/install-web-tools.sh")
    out, report = publication
    site = out / "site"
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    assert len(pages) >= 12 * len(report.editions)
    errors = vnu_errors(pages)
    summary = Counter(e["message"] for e in errors).most_common(10)
    assert errors == [], f"{len(errors)} errors; most common: {summary}; first: {errors[:5]}"
