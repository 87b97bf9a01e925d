"""Sphinx extension of the staged book: offer the PDF link only when this edition's PDF is in
the site, write the list of sources with roles that assistive technology understands,
escape the page title the theme prints; keep the compiled templates between builds, and let
pybtex find its plugins without searching every installed package each time."""
import html
from pathlib import Path

# docutils writes a citation list as <div role="list"> of <div role="doc-biblioentry">:
# ARIA 1.3 deprecates doc-biblioentry, and a list must hold list items (axe-core:
# aria-deprecated-role, aria-required-children). Each entry becomes a list item.
BIBLIOENTRY = 'role="doc-biblioentry"'
LISTITEM = 'role="listitem"'


def _page_context(app, pagename, templatename, context, doctree):
    name = app.config.html_context.get("pdf_file")
    present = bool(name) and (Path(app.srcdir) / "_static" / "generated" / "pdf" / name).exists()
    context["pdf_file"] = name if present else None
    if BIBLIOENTRY in context.get("body", ""):
        context["body"] = context["body"].replace(BIBLIOENTRY, LISTITEM)


def _escape_print_title(app, pagename, templatename, context, doctree):
    """sphinx-book-theme puts the title's plain text (`pagetitle`, title.astext()) into the
    print-only <h1> unescaped: a country named `<img onerror=…>` in the data would run in
    every browser. Escaped after the theme set it."""
    if isinstance(context.get("pagetitle"), str):
        context["pagetitle"] = html.escape(context["pagetitle"])


def _keep_compiled_templates(app):
    """Jinja compiles the theme's templates anew in every Sphinx process (0.3–0.4 s of an
    incremental build): keep the compiled code beside the doctrees. Jinja checks each
    template's source, so an edited template is compiled again."""
    import jinja2

    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        folder = Path(app.doctreedir).parent / "jinja-cache"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


# The pybtex plugins sphinxcontrib-bibtex looks up as it resolves this book's citations (its
# backends, and what the "plain" style uses); the formatting style comes from the configuration.
BIBTEX_PLUGINS = (("pybtex.backends", "plaintext"), ("pybtex.backends", "docutils"),
                  ("pybtex.style.labels", "number"), ("pybtex.style.names", "plain"),
                  ("pybtex.style.names", "last"), ("pybtex.style.sorting", "author_year_title"))


def _register_bibtex_plugins(app, config):
    """sphinxcontrib-bibtex looks up pybtex plugins by name for each citation it resolves, and
    pybtex reads the entry points of every installed package for each lookup (about 5 ms; 20
    lookups, 0.1–0.3 s, in an incremental build of two pages). Registered with pybtex's own
    `register_plugin`, the same classes are found in a dict; a plugin not listed here is still
    found the slow way. This runs as Sphinx sets up, before the build's pages are done."""
    import pybtex.plugin

    wanted = BIBTEX_PLUGINS + (("pybtex.style.formatting", getattr(config, "bibtex_default_style", "plain")),)
    for group, name in wanted:
        try:
            plugin = pybtex.plugin.find_plugin(group, name)
        except pybtex.plugin.PluginNotFound:
            continue
        pybtex.plugin.register_plugin(group, name, plugin, force=True)


def setup(app):
    app.connect("config-inited", _register_bibtex_plugins)
    app.connect("builder-inited", _keep_compiled_templates)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _escape_print_title, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
