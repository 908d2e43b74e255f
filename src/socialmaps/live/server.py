"""`socialmaps live CASE.yaml`: start the editor's server on 127.0.0.1 and open the page."""

from __future__ import annotations

import hashlib
import secrets
import socket
import sys
import threading
import webbrowser
from pathlib import Path
from types import FrameType
from typing import Any

from .app import LiveConfig, create_app
from .store import CaseFile


def preferred_port(path: Path) -> int:
    """The port `live` tries first for a file: the same every time, so the page's origin (and with
    it the drafts the browser keeps per origin) is the same after a restart."""
    digest = hashlib.sha256(str(path).encode("utf-8")).digest()
    return 20000 + int.from_bytes(digest[:4], "big") % 30000


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 only (port 0: a free one the system picks)."""
    # proto given explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto says
    # TCP, and with it on, a kept-alive connection waits ~40 ms (delayed ACK) for every response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(path: str | Path, port: int = 0, open_browser: bool = True) -> int:
    import uvicorn

    case_file = CaseFile(path)
    if case_file.path.is_dir():
        print(f"{path}: is a folder; give the case file to edit", file=sys.stderr)
        return 2
    case_file.sweep_temps()
    try:
        if case_file.create_if_missing():
            print(f"{case_file.path}: created from the template")
    except OSError as err:
        print(f"{path}: cannot create: {err.strerror or err}", file=sys.stderr)
        return 1
    try:
        sock = bind(port or preferred_port(case_file.path))
    except OSError as err:
        if port:
            print(f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}", file=sys.stderr)
            return 1
        sock = bind(0)  # the usual port is taken: any free one (drafts of the other port stay there)
    bound = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    live_config = LiveConfig(case_file=case_file, token=token, port=bound)
    app = create_app(live_config)
    address = f"http://127.0.0.1:{bound}/?token={token}"
    print(f"socialmaps live: editing {case_file.path}")
    print(f"open {address}   (Ctrl-C stops)", flush=True)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, args=(address,)).start()
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2, lifespan="on",
                            access_log=False)
    LiveServer(config, live_config.stopping).run(sockets=[sock])
    return 0


class LiveServer:
    """uvicorn's server, telling the app's event streams to end when Ctrl-C or SIGTERM arrives."""

    def __new__(cls, config: Any, stopping: threading.Event) -> Any:
        import uvicorn

        class _Server(uvicorn.Server):
            def handle_exit(self, sig: int, frame: FrameType | None) -> None:
                stopping.set()
                super().handle_exit(sig, frame)

        return _Server(config)
