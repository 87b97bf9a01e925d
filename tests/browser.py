"""Headless Chromium on a loopback-served site: what a reader's browser loads and shows.

Used by the browser tests and by bench/ (page weight). Every request that would leave
loopback is aborted and recorded, so a test can assert that none was attempted."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 (random port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageVisit:
    url: str
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    blocked: list = field(default_factory=list)      # requests that tried to leave loopback
    failed: list = field(default_factory=list)       # loopback requests that failed (404 ...)
    responses: list = field(default_factory=list)    # (url, raw bytes, gzip bytes)

    @property
    def raw_bytes(self) -> int:
        return sum(r[1] for r in self.responses)

    @property
    def gzip_bytes(self) -> int:
        return sum(r[2] for r in self.responses)


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def visit(b, url: str, *, viewport=(1280, 900), screenshot: Path | None = None, settle_ms=800, action=None) -> PageVisit:
    """Open `url` with the network blocked beyond loopback; record what it loaded."""
    result = PageVisit(url)
    context = b.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block")
    page = context.new_page()

    def route(r):
        host = urlparse(r.request.url).hostname or ""
        scheme = urlparse(r.request.url).scheme
        if scheme in ("data", "blob", "about") or host in LOOPBACK:
            r.continue_()
        else:
            result.blocked.append(r.request.url)
            r.abort()

    def on_response(resp):
        try:
            body = resp.body()
        except Exception:  # redirects and aborted bodies have none
            return
        if resp.status >= 400:
            result.failed.append(f"{resp.status} {resp.url}")
        result.responses.append((resp.url, len(body), len(gzip.compress(body, 9))))

    context.route("**/*", route)
    page.on("response", on_response)
    page.on("console", lambda m: m.type == "error" and result.console_errors.append(m.text))
    page.on("pageerror", lambda e: result.page_errors.append(str(e)))
    page.on("requestfailed", lambda r: (urlparse(r.url).hostname in LOOPBACK) and result.failed.append(f"failed {r.url}"))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(settle_ms)
    if action:
        action(page)
    if screenshot:
        page.screenshot(path=str(screenshot), full_page=False)
    result.page = page
    result.context = context
    return result


# --- the field's checkers (pinned in tools/web/, installed by scripts/install-web-tools.sh) ---

WEB_TOOLS = Path(__file__).resolve().parents[1] / "tools" / "web" / "node_modules"
AXE_JS = WEB_TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = WEB_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags its rules.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_context(b, *, viewport=(1280, 900), color_scheme="light"):
    """A browser context with axe-core loaded into every frame (maps are iframes) and the
    network blocked beyond loopback."""
    context = b.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                            color_scheme=color_scheme, service_workers="block")
    context.add_init_script(path=str(AXE_JS))

    def route(r):
        host = urlparse(r.request.url).hostname or ""
        if urlparse(r.request.url).scheme in ("data", "blob", "about") or host in LOOPBACK:
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    return context


def axe_violations(page, tags=WCAG_AA) -> list[dict]:
    """axe-core's violations on the open page (every frame), as {id, impact, help, targets}.

    Lazily loaded iframes (the maps) are scrolled into view first so that axe checks them too."""
    page.evaluate("""async () => {
        for (const f of document.querySelectorAll('iframe')) {
            f.scrollIntoView();
            await new Promise(r => setTimeout(r, 150));
        }
        window.scrollTo(0, 0);
    }""")
    page.wait_for_timeout(500)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           targets: v.nodes.map(n => n.target.join(' > '))}));
        }""", tags)
    return result
