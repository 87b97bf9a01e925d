"""Warm kernels: each page runs in a fresh kernel forked from a process that has already
imported the report's libraries.

A page's kernel used to spend about 2.5 s before its first line of real work: start Python,
import ipykernel, then pandas, matplotlib, folium, shapely and `book` (measured: 1.4 s start
and shutdown, 1.2 s imports, of a 3.4 s front page). A *kernel server* does those imports
once per build; every kernel is then a `fork()` of it that starts ipykernel at once. The
server takes requests once the imports every page needs are done (0.7 s: pandas, ipykernel,
MyST-NB's glue, `book`; pandera, matplotlib and folium are imported where used); whether and
when it imports the drawing libraries depends on how the build's kernels run (DRAWING).

Each page still starts from a fresh state: the server only imports modules, it never loads
data or calls the report's code, and every kernel is a new process with the page's own
environment (BOOK_DATA, BOOK_YEAR, BOOK_LANG), working directory and standard streams. No
result can depend on the order pages run in.

How the pieces meet:
- `KernelServer` (in the build) starts `python -m book.publishing.kernels serve SOCKET`,
  which imports the libraries and listens on a Unix socket.
- `WarmKernelManager` (nbclient's kernel manager in the build's workers) launches
  `python -m book.publishing.kernels connect CONNECTION_FILE` instead of ipykernel: a small
  stand-in process that hands the server its connection file, environment, directory and
  standard streams, and lives exactly as long as the forked kernel does. Signals sent to it
  (interrupt, terminate) go to the kernel; if it dies, the kernel ends too.
- Without a server (BOOK_KERNEL_SERVER unset), kernels start the usual way.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

ENV = "BOOK_KERNEL_SERVER"        # the server's socket path, for the stand-ins
COUNT_ENV = "BOOK_KERNEL_COUNT"   # how many kernels the build will ask for (when it knows)
AT_ONCE_ENV = "BOOK_KERNELS_AT_ONCE"  # how many of them run at once
# What every page imports; importing them here is the whole point of the server.
PRELOAD = ("book.report", "book.maps", "book.charts", "book.tables", "book.data", "myst_nb", "myst_nb.ext.glue",
           "IPython.core.interactiveshell",
           # what ipykernel imports as it starts (its traitlets name the classes as strings)
           "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
           "ipykernel.iostream", "ipykernel.heartbeat", "ipykernel.parentpoller", "ipykernel.eventloops",
           "ipykernel.comm", "ipykernel.displayhook", "jupyter_client.session")
# What a page needs only to draw a figure the figure cache does not have (book/memo.py): the
# server takes requests before it imports these (0.6 s). When the build's kernels all run at
# once (an edit's few pages, whose figures mostly come from the cache), they start without
# waiting and the server imports nothing more; when they run in rounds (a clean build, every
# page drawing), the server imports these before the first kernel, which would otherwise import
# them itself alongside it. Without word from the build, it imports them between requests.
DRAWING = ("matplotlib", "matplotlib.figure", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
           "branca.element", "folium", "book.map_drawing")
CONNECT_TIMEOUT = 120.0           # seconds a stand-in waits for a server still importing


# --- in the build ----------------------------------------------------------------------------

class KernelServer:
    """The kernel server of one build (a context manager); its socket path goes into the
    pages' environment as BOOK_KERNEL_SERVER.

    It starts importing at once, while the build validates and stages; the first kernel
    waits for it. `close()` stops it and every kernel it forked."""

    def __init__(self, env: dict):
        import tempfile

        # A short path of its own: a Unix socket's path may not be longer than ~100 bytes.
        self.folder = tempfile.mkdtemp(prefix="book-kernels-")
        self.socket_path = os.path.join(self.folder, "server.sock")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "book.publishing.kernels", "serve", self.socket_path, str(os.getpid())],
            env={**os.environ, **env}, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)

    @property
    def env(self) -> dict:
        return {ENV: self.socket_path}

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the server and any kernel left
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def plan(count: int, at_once: int) -> dict:
    """What a build tells its server, in its pages' environment: how many kernels it will ask
    for and how many of them run at once (see DRAWING)."""
    return {COUNT_ENV: str(count), AT_ONCE_ENV: str(min(at_once, count))}


def kernel_manager_class():
    """nbclient's kernel manager: the usual one, except that with a server in the
    environment the kernel is launched through the server, and that neither starting nor
    stopping a kernel waits longer than it must (see `WarmKernelClient`, `_async_wait`)."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class WarmKernelManager(AsyncKernelManager):
        @default("client_factory")
        def _client_factory_default(self):
            return kernel_client_class()

        def format_kernel_cmd(self, extra_arguments=None):
            if not os.environ.get(ENV):
                return super().format_kernel_cmd(extra_arguments)
            return [sys.executable, "-m", "book.publishing.kernels", "connect", self.connection_file]

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            # jupyter_client polls a killed kernel every 0.1 s; the stand-in dies at once.
            await super()._async_wait(pollinterval=min(pollinterval, 0.005))

    return WarmKernelManager


def kernel_client_class():
    """jupyter_client's kernel client, with a `wait_for_ready` that ends when the kernel is.

    jupyter_client's own (8.x) asks for kernel_info until the reply comes and IOPub is
    connected, then drains IOPub until 0.2 s pass with no message: a fixed 0.2 s for every
    page, a third of a short page's kernel. This one reads IOPub up to the kernel's idle
    status for a kernel_info request, the last message such a request makes."""
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class WarmKernelClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
            asked = set()  # a kernel that starts late answers every request sent meanwhile
            while True:
                asked.add(self.kernel_info())
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    reply = None
                if reply and reply["msg_type"] == "kernel_info_reply":
                    if await self._iopub_idle_after(asked):
                        self._handle_kernel_info_reply(reply)
                        return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

        async def _iopub_idle_after(self, asked: set) -> bool:
            """Read IOPub up to the idle status of one of the `asked` requests; False when IOPub
            stays silent for 0.2 s (not connected yet: the caller asks again, as jupyter_client does)."""
            while True:
                try:
                    msg = await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    return False
                if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                        and msg["parent_header"].get("msg_id") in asked):
                    return True

    return WarmKernelClient


# --- the stand-in (the process the kernel manager launched) ---------------------------------

def connect(connection_file: str) -> int:
    """Ask the server for a kernel; wait while it runs; pass signals on to it."""
    path = os.environ[ENV]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while True:
        try:
            sock.connect(path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                print(f"kernel server not reachable at {path}", file=sys.stderr)
                return 1
            time.sleep(0.02)
    request = {"connection_file": os.path.abspath(connection_file), "cwd": os.getcwd(),
               "env": dict(os.environ)}
    socket.send_fds(sock, [json.dumps(request).encode() + b"\n"], [0, 1, 2])
    reply = b""
    while not reply.endswith(b"\n"):
        chunk = sock.recv(64)
        if not chunk:
            return 1  # the server is gone
        reply += chunk
    kernel = int(reply)

    def forward(signum, _frame):
        try:
            os.kill(kernel, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, forward)
    while True:  # the kernel holds the other end: end of stream means it has exited
        try:
            if not sock.recv(64):
                return 0
        except InterruptedError:
            continue


# --- the server ----------------------------------------------------------------------------------

def serve(socket_path: str, parent: int) -> None:
    import importlib
    import select

    def load(name):
        try:
            importlib.import_module(name)
        except ImportError:  # a module another version of ipykernel does not have
            pass

    for name in PRELOAD:
        load(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they exit
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    tmp = socket_path + ".tmp"
    if os.path.exists(tmp):
        os.unlink(tmp)
    listener.bind(tmp)
    listener.listen(16)
    os.replace(tmp, socket_path)  # the stand-ins connect once PRELOAD is imported
    later = list(DRAWING)
    forked = 0
    while True:
        if not select.select([listener], [], [], 0 if later else 1.0)[0]:
            if later:  # nobody waiting: import the next module
                load(later.pop(0))
            elif os.getppid() != parent:  # the build is gone (killed): so is its server
                os.unlink(socket_path)
                return
            continue
        conn, _ = listener.accept()
        conn.settimeout(None)
        message, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
        while not message.endswith(b"\n"):
            more = conn.recv(1 << 20)
            if not more:
                break
            message += more
        request = json.loads(message)
        count, at_once = (int(request["env"].get(name) or 0) for name in (COUNT_ENV, AT_ONCE_ENV))
        if count > max(at_once, 1):  # kernels in rounds: the first one draws too
            while later:
                load(later.pop(0))
        pid = os.fork()
        if pid == 0:
            listener.close()
            _run_kernel(conn, request, fds)  # never returns
        forked += 1
        if count and forked >= count:
            later.clear()  # every kernel of the build is running: imports now would help none
        for fd in fds:
            os.close(fd)
        conn.sendall(f"{pid}\n".encode())
        conn.close()


def _run_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: become the page's kernel."""
    import threading

    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.pop(ENV, None)
        os.environ.pop(COUNT_ENV, None)
        os.environ.pop(AT_ONCE_ENV, None)
        os.chdir(request["cwd"])
        # Fresh randomness, as a new process would have.
        import random
        random.seed()

        def watch_stand_in():  # the kernel ends when its stand-in does (killed, say)
            try:
                while conn.recv(64):
                    pass
            except OSError:
                pass
            os._exit(1)

        threading.Thread(target=watch_stand_in, daemon=True).start()
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
        # Read at import (in the server) from JPY_PARENT_PID: a kernel under a manager
        # neither prints its connection details nor outlives its parent.
        app = IPKernelApp.instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0))
        app.initialize(["-f", request["connection_file"]])
        app.start()
        os._exit(0)
    except BaseException:  # noqa: BLE001 - a kernel that cannot start says why on its stderr
        import traceback

        traceback.print_exc()
        os._exit(1)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "serve":
        serve(argv[1], int(argv[2]))
        return 0
    if len(argv) == 2 and argv[0] == "connect":
        return connect(argv[1])
    print("usage: python -m book.publishing.kernels serve SOCKET BUILD_PID | connect CONNECTION_FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
