"""Sphinx extension of the staged book: offer the PDF link only when this edition's PDF is in the site."""
from pathlib import Path


def _page_context(app, pagename, templatename, context, doctree):
    name = app.config.html_context.get("pdf_file")
    present = bool(name) and (Path(app.srcdir) / "_static" / "generated" / "pdf" / name).exists()
    context["pdf_file"] = name if present else None


def setup(app):
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
