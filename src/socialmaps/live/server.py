"""`socialmaps live CASE.yaml`: start the editor's server on 127.0.0.1 and open the page."""

from __future__ import annotations

import secrets
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from .app import LiveConfig, create_app
from .store import CaseFile


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 only (port 0: a free one the system picks)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
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
    try:
        if case_file.create_if_missing():
            print(f"{case_file.path}: created from the template")
    except OSError as err:
        print(f"{path}: cannot create: {err.strerror or err}", file=sys.stderr)
        return 1
    try:
        sock = bind(port)
    except OSError as err:
        print(f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}", file=sys.stderr)
        return 1
    bound = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    app = create_app(LiveConfig(case_file=case_file, token=token, port=bound))
    address = f"http://127.0.0.1:{bound}/?token={token}"
    print(f"socialmaps live: editing {case_file.path}")
    print(f"open {address}   (Ctrl-C stops)", flush=True)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, args=(address,)).start()
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2, lifespan="on",
                            access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
