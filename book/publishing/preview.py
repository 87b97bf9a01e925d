"""`python -m book preview`: build the edition, serve it on 127.0.0.1, rebuild on every save, reload the page.

Watching is watchfiles (inotify; a burst of saves arrives as one batch); serving and the reload
channel are tornado (a static file server plus a WebSocket). Each rebuild runs `build()` in a
fresh worker process (`python -m book.publishing.preview --worker ...`), so edits to `book/` take
effect and a crash or a half-written file costs one failed build, never the preview. A failed
build leaves the last good pages served, with the problems shown over them in Russian
(preview_client.js) and in the terminal; the next good save recovers by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from book import DATA_DIR, ROOT

# What the pages are made of, besides the data folder (relative to the repository).
WATCHED_DIRS = ("chapters", "book", "_static", "_templates")
WATCHED_FILES = ("index.md", "_config.yml", "_toc.yml", "requirements.txt")
# Files that editors and spreadsheets write beside the real one while saving.
IGNORED_NAMES = (r"^\.~lock\..*#$", r"^~\$", r"\.tmp$", r"^\.#", r"~$", r"\.sw.$", r"\.py[cod]$")
CLIENT_JS = Path(__file__).with_name("preview_client.js")
STATE_URL = "/__preview__/"

TITLES = {
    "data": "Данные содержат ошибки. Показана последняя удачная сборка; исправьте и сохраните файл — "
            "страница обновится сама.",
    "build": "Сборка не удалась. Показана последняя удачная сборка; исправьте и сохраните файл — "
             "страница обновится сама.",
}


# ---------------------------------------------------------------- the worker: one build

def run_worker(args) -> int:
    """Run one build; write what happened to `args.worker` as JSON (the parent shows it)."""
    result: dict = {"ok": False}
    progress = None
    try:
        from book.publishing.errors import BuildError
        from book.publishing.feedback import for_terminal
        from book.publishing.pipeline import build, done_line
        from book.data import DataError

        extra = {"lang": args.lang}
        if args.wait:
            # Prepared ahead: the libraries are imported and the build's processes started
            # (kernel server, Jupyter Book); the save that comes next only has to build.
            from book.publishing.execute import preload
            from book.publishing.pipeline import WarmProcesses

            extra["warm"] = WarmProcesses("html")
            preload()
            if sys.stdin.readline().strip() != "go":
                extra["warm"].close()  # not needed after all (the preview stopped, or code changed)
                return 0
        progress = for_terminal(args.lang)
        try:
            report = build(year=args.year, data=args.data, out=args.out, fmt="html", progress=progress, **extra)
            progress.close()
            result = {"ok": True, "summary": done_line(report, args.lang),
                      "executed": report.executed, "seconds": report.seconds}
        except DataError as exc:
            result = {"ok": False, "kind": "data", "lines_ru": exc.format("ru").splitlines(),
                      "lines": exc.format(args.lang).splitlines()}
        except BuildError as exc:
            result = {"ok": False, "kind": "build", "lines_ru": exc.message("ru").splitlines(),
                      "lines": exc.message(args.lang).splitlines()}
    except Exception:  # noqa: BLE001 - a half-saved page or module: report it, the preview goes on
        lines = traceback.format_exc().strip().splitlines()[-12:]
        result = {"ok": False, "kind": "build", "lines_ru": lines, "lines": lines}
    finally:
        if progress is not None:
            progress.close()
    Path(args.worker).write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    return 0


# ---------------------------------------------------------------- the preview: state, server, watcher

@dataclass
class State:
    """What the served pages show about the preview; sent to every open page on each change."""
    version: str                      # id of the last good build the server serves
    status: str = "building"          # building | ok | error
    title: str = ""
    lines: list = field(default_factory=list)

    def json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


class Preview:
    def __init__(self, *, year, lang, data_dir: Path, out: Path, port: int, source_root: Path = ROOT):
        self.year, self.lang, self.data_dir, self.out, self.port = year, lang, data_dir, out, port
        self.source_root = source_root
        self.site = out / "html"
        self.run_id = uuid.uuid4().hex[:8]
        self.builds = 0
        self.state = State(version=f"{self.run_id}-0")
        self.clients: set = set()
        self.dirty = asyncio.Event()
        self.stop = asyncio.Event()
        self.worker: asyncio.subprocess.Process | None = None
        # The next build's worker, started as soon as a build ends: it imports and starts its
        # processes while staff edit, so that a save only waits for the build itself.
        self.prepared: tuple[asyncio.subprocess.Process, str] | None = None
        self.code_changed = False  # a .py file changed: a prepared worker runs the old code

    # -- messages in the terminal
    def say(self, ru: str, en: str | None = None) -> None:
        print(en if self.lang == "en" and en else ru, flush=True)

    def publish(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.state, key, value)
        message = self.state.json()
        for client in list(self.clients):
            with contextlib.suppress(Exception):
                client.write_message(message)

    # -- one build in a worker process
    async def start_worker(self) -> tuple[asyncio.subprocess.Process, str]:
        """A worker that prepares a build and waits for "go" (see run_worker)."""
        fd, result_path = tempfile.mkstemp(prefix="book-preview-", suffix=".json")
        os.close(fd)
        cmd = [sys.executable, "-m", "book.publishing.preview", "--worker", result_path, "--wait",
               "--data", str(self.data_dir), "--out", str(self.out), "--lang", self.lang]
        if self.year:
            cmd += ["--year", str(self.year)]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        # Its own session: Ctrl-C reaches the preview, which then stops the whole build tree.
        proc = await asyncio.create_subprocess_exec(
            *cmd, cwd=str(self.source_root), env=env, stdin=subprocess.PIPE, start_new_session=True)
        return proc, result_path

    async def discard_prepared(self) -> None:
        if self.prepared:
            proc, result_path = self.prepared
            self.prepared = None
            await self.stop_process(proc)
            with contextlib.suppress(OSError):
                os.unlink(result_path)

    async def build_once(self) -> None:
        self.publish(status="building")
        if self.code_changed or (self.prepared and self.prepared[0].returncode is not None):
            await self.discard_prepared()
        self.code_changed = False
        started = time.perf_counter()
        proc, result_path = self.prepared or await self.start_worker()
        self.prepared = None
        try:
            self.worker = proc
            proc.stdin.write(b"go\n")
            with contextlib.suppress(ConnectionError):
                await proc.stdin.drain()
            proc.stdin.close()
            await proc.wait()
            text = Path(result_path).read_text("utf-8")
            result = json.loads(text) if text.strip() else None
        finally:
            self.worker = None
            with contextlib.suppress(OSError):
                os.unlink(result_path)
        if self.stop.is_set():
            return
        if result is None:
            result = {"ok": False, "kind": "build", "lines_ru": ["Процесс сборки завершился без ответа."],
                      "lines": ["The build process ended without a result."]}
        # When a newer save is already waiting, the pages hear only of the build that follows it
        # (one reload per burst; no flash of an error from a file caught half-written).
        newer = self.dirty.is_set()
        if result["ok"]:
            self.builds += 1
            self.say(result["summary"] + (" Страница в браузере обновится сама." if self.lang != "en"
                                          else " The page in the browser reloads by itself."))
            if not newer:
                self.publish(status="ok", version=f"{self.run_id}-{self.builds}", title="", lines=[])
        else:
            title = TITLES[result["kind"]]
            self.say(("Ошибка: " if self.lang != "en" else "Error: ")
                     + (title if self.lang != "en" else "the last good build stays served.")
                     + "\n" + "\n".join("  " + line for line in result["lines"]))
            if not newer:
                self.publish(status="error", title=title, lines=result["lines_ru"])
        self.say(f"({time.perf_counter() - started:.1f} с) Жду изменений…" if self.lang != "en"
                 else f"({time.perf_counter() - started:.1f} s) Waiting for changes…")
        self.prepared = await self.start_worker()

    async def rebuild_loop(self) -> None:
        while not self.stop.is_set():
            await self.dirty.wait()
            if self.stop.is_set():
                return
            self.dirty.clear()
            try:
                await self.build_once()
            except Exception as exc:  # noqa: BLE001 - the preview must outlive any one build
                lines = [f"{type(exc).__name__}: {exc}"]
                self.say("Ошибка предпросмотра: " + lines[0])
                self.publish(status="error", title=TITLES["build"], lines=lines)

    # -- watching
    def watch_filter(self):
        import watchfiles

        ignored_out = str(self.out)
        base = watchfiles.DefaultFilter(ignore_entity_patterns=watchfiles.DefaultFilter.ignore_entity_patterns
                                        + IGNORED_NAMES)

        def keep(change, path: str) -> bool:
            return base(change, path) and not path.startswith(ignored_out)
        return keep

    async def watch(self, paths: list[Path], recursive: bool, only_names=None) -> None:
        import watchfiles

        keep = self.watch_filter()
        async for changes in watchfiles.awatch(
            *paths, watch_filter=keep, recursive=recursive, stop_event=self.stop,
            debounce=1600, step=300,  # a burst of saves (300 ms apart or closer) is one batch
            rust_timeout=500, yield_on_timeout=False,
        ):
            added = {p for c, p in changes if c == watchfiles.Change.added}
            # A file that came and went within the batch is some program's scratch file.
            real = {p for c, p in changes if os.path.exists(p) or (c == watchfiles.Change.deleted and p not in added)}
            names = sorted({Path(p).name for p in real if only_names is None or Path(p).name in only_names})
            if any(p.endswith(".py") for p in real):
                self.code_changed = True
            if names:
                self.say("Изменено: " + ", ".join(names) if self.lang != "en" else "Changed: " + ", ".join(names))
                self.dirty.set()

    # -- stopping
    async def stop_worker(self) -> None:
        """Stop the running build and the prepared one."""
        await self.discard_prepared()
        if self.worker is not None:
            await self.stop_process(self.worker)

    @staticmethod
    async def stop_process(proc) -> None:
        """Stop a worker and everything it started (pool workers, kernels, Sphinx)."""
        if proc.returncode is not None:
            return
        import psutil

        try:
            descendants = psutil.Process(proc.pid).children(recursive=True)  # before anyone exits
        except psutil.NoSuchProcess:
            descendants = []
        for p in descendants:
            with contextlib.suppress(psutil.Error):
                p.terminate()
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        _, alive = psutil.wait_procs(descendants, timeout=5)
        for p in alive:
            with contextlib.suppress(psutil.Error):
                p.kill()
        try:
            await asyncio.wait_for(proc.wait(), 5)  # asyncio reaps its own child
        except asyncio.TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()

    # -- main
    async def run(self) -> int:
        import tornado.netutil

        server = make_server(self)
        try:
            sockets = tornado.netutil.bind_sockets(self.port, address="127.0.0.1")
        except OSError as exc:
            self.say(f"Не удалось открыть порт {self.port}: {exc}. Укажите другой: --port {self.port + 1}",
                     f"Cannot listen on port {self.port}: {exc}. Try another: --port {self.port + 1}")
            return 2
        server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]  # --port 0: any free port
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stop.set)
        url = f"http://127.0.0.1:{self.port}/"
        self.say(f"Предпросмотр: {url}\nОткройте этот адрес в браузере. После каждого сохранения данных или "
                 f"страниц доклад пересобирается, и страница обновляется сама. Остановить: Ctrl+C.",
                 f"Preview: {url}\nOpen this address in a browser. Every save rebuilds the report and "
                 f"the page reloads by itself. Stop: Ctrl+C.")
        dirs = [self.data_dir] + [self.source_root / d for d in WATCHED_DIRS if (self.source_root / d).is_dir()]
        tasks = [
            asyncio.create_task(self.rebuild_loop()),
            asyncio.create_task(self.watch(dirs, recursive=True)),
            asyncio.create_task(self.watch([self.source_root], recursive=False, only_names=WATCHED_FILES)),
        ]
        self.dirty.set()  # the first build
        await self.stop.wait()
        self.say("Останавливаю предпросмотр…", "Stopping the preview…")
        await self.stop_worker()
        self.dirty.set()  # wake the loop so that it sees `stop`
        await asyncio.wait(tasks, timeout=5)
        for task in tasks:
            task.cancel()
        server.stop()
        for client in list(self.clients):
            with contextlib.suppress(Exception):
                client.close()
        self.say("Предпросмотр остановлен.", "Preview stopped.")
        return 0


# ---------------------------------------------------------------- HTTP: the site, with the client injected

def inject(html: str, state: State) -> str:
    boot = state.json().replace("</", "<\\/")
    snippet = (f'<script>window.bookPreview = {boot};</script>'
               f'<script src="{STATE_URL}client.js" defer></script>')
    head_end = re.search(r"</head>", html, re.IGNORECASE)
    if head_end:
        return html[: head_end.start()] + snippet + html[head_end.start():]
    return snippet + html


WAITING_PAGE = """<!doctype html><html lang="ru"><head><meta charset="utf-8">
<title>Предпросмотр доклада</title></head><body style="font:16px system-ui,sans-serif;margin:3em">
<h1>Идёт сборка доклада…</h1><p>Страница откроется сама, когда сборка закончится.</p></body></html>"""


def make_server(preview: Preview):
    import logging

    import tornado.httpserver
    import tornado.web
    import tornado.websocket

    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # no line per request in the terminal

    class Updates(tornado.websocket.WebSocketHandler):
        def open(self):
            preview.clients.add(self)
            self.write_message(preview.state.json())

        def on_close(self):
            preview.clients.discard(self)

        def check_origin(self, origin):
            return origin.startswith(("http://127.0.0.1:", "http://localhost:"))

    class Client(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "application/javascript; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(CLIENT_JS.read_text("utf-8"))

    class Site(tornado.web.StaticFileHandler):
        """The built site as files, except that HTML pages get the preview's client."""

        def set_extra_headers(self, path):
            self.set_header("Cache-Control", "no-store")

        async def get(self, path, include_body=True):
            root = preview.site.resolve()
            target = (root / path).resolve() if path else root
            if root != target and root not in target.parents:
                raise tornado.web.HTTPError(404)
            if target.is_dir():
                if path and not path.endswith("/"):
                    self.redirect(self.request.path + "/")
                    return
                target = target / "index.html"
            if not root.is_dir():
                self._html(WAITING_PAGE)
                return
            if target.suffix == ".html":
                try:
                    text = target.read_text("utf-8")
                except FileNotFoundError:
                    raise tornado.web.HTTPError(404)
                self._html(text)
                return
            await super().get(path, include_body)

        def compute_etag(self):
            # Pages are generated per request (the client and the state injected): no ETag.
            return super().compute_etag() if getattr(self, "absolute_path", None) else None

        def _html(self, text: str) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(inject(text, preview.state))

    app = tornado.web.Application([
        (STATE_URL + "ws", Updates),
        (STATE_URL + "client.js", Client),
        (r"/(.*)", Site, {"path": str(preview.site)}),
    ])
    return tornado.httpserver.HTTPServer(app)


# ---------------------------------------------------------------- command line

def run_cli(args) -> int:
    from book.publishing.pipeline import _resolve_data, UsageError

    try:
        data_dir = _resolve_data(args.data)
    except UsageError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 2
    out = Path(args.out or ROOT / "_build" / "preview").resolve()
    preview = Preview(year=args.year, lang=args.lang, data_dir=data_dir, out=out, port=args.port)
    return asyncio.run(preview.run())


def _worker_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m book.publishing.preview")
    p.add_argument("--worker", required=True, metavar="RESULT_JSON")
    p.add_argument("--year", type=int)
    p.add_argument("--data")
    p.add_argument("--out")
    p.add_argument("--lang", default="ru")
    p.add_argument("--wait", action="store_true", help="prepare, then build when stdin says go")
    return p


if __name__ == "__main__":
    sys.exit(run_worker(_worker_parser().parse_args()))
