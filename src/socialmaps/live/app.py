"""The live editor's web application (Starlette): one page, a few JSON endpoints, one event stream.

Routes (no route takes a path or a file name; the only file is the one given at start):
    GET  /              the page (HTML with its script and style inlined)
    GET  /api/state     the text on disk, its version, the choices for the switches, completion data
    POST /api/render    body: the text; answers the changed diagrams or the problems (`drawer.py`)
    POST /api/save      body: the text, header X-Base-Version: the version it was based on; 409 on conflict
    POST /api/export    body: the text; ?kind=&format=svg|png|pdf: the file, encoded as the CLI does
    GET  /api/events    Server-Sent Events: the file changed on disk (another editor)

Every request must carry the access token (header X-Socialmaps-Token, or ?token= for the page and
the event stream), its Host must be this server's own 127.0.0.1:PORT (a DNS-rebinding page has
another Host), and an Origin, when sent, must be this server's own; otherwise 403 before anything
is read.  Bodies larger than the loader's byte limit are refused with 413 while being read.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ..options import LANGUAGES, RenderOptions
from ..yamlsource import max_bytes
from .completion import completion_data
from .drawer import Drawer
from .store import CaseFile, Conflict, version_of

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_HEADER = "x-socialmaps-token"
# Room for the query and headers around a body; the text itself is held to the loader's limit.
_HOSTS = ("127.0.0.1", "localhost")


class TooLarge(Exception):
    pass


@dataclass
class LiveConfig:
    case_file: CaseFile
    token: str
    port: int
    max_bytes: int = field(default_factory=max_bytes)
    watch: bool = True
    # Set when the server is asked to stop: open event streams end at once, so that shutting down
    # does not wait for the browser to hang up.
    stopping: threading.Event = field(default_factory=threading.Event)


class Guard:
    """ASGI middleware: token, Host and Origin checked on every HTTP request before the app runs."""

    def __init__(self, app: ASGIApp, config: LiveConfig) -> None:
        self.app = app
        self.config = config
        self.allowed_hosts = {f"{h}:{config.port}" for h in _HOSTS}
        self.allowed_origins = {f"http://{h}" for h in self.allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # none is served: refuse before anything is read
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":  # lifespan
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        reason = self._refusal(scope, headers)
        if reason:
            await JSONResponse({"error": reason}, status_code=403)(scope, receive, send)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_bytes:
            await _too_large(self.config.max_bytes)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> str | None:
        if headers.get("host", "") not in self.allowed_hosts:
            return "refused: this server answers only at its own address (127.0.0.1 and its port)"
        origin = headers.get("origin")
        if origin is not None and origin not in self.allowed_origins:
            return "refused: requests from other sites are not accepted"
        given = headers.get(TOKEN_HEADER, "")
        if not given:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0]
        if not secrets.compare_digest(given.encode(), self.config.token.encode()):
            return "refused: a missing or wrong access token (open the address the command printed)"
        return None


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": f"the text is over the limit of {limit:,} bytes "
                                  "(raise it with SOCIALMAPS_MAX_BYTES)"}, status_code=413)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused past `limit` bytes even when no Content-Length was sent."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _options(request: Request, kind: str | None = None) -> RenderOptions:
    from ..style import available

    lang = request.query_params.get("lang") or None
    style = request.query_params.get("style") or None
    return RenderOptions(lang=lang if lang in LANGUAGES else None,
                         style=style if style in available() else None,
                         diagrams=(kind,) if kind else None)


def _have(request: Request) -> dict[str, str]:
    """The page's current keys, `genogram=KEY,ecomap=KEY`: those diagrams are not sent again."""
    have: dict[str, str] = {}
    for pair in request.headers.get("x-have", "").split(","):
        kind, _, key = pair.partition("=")
        if kind and key:
            have[kind.strip()] = key.strip()
    return have


async def report_download(request: Request, config: LiveConfig) -> Response:
    """The case report (?as=pdf|html|docx, default pdf), made by the same code as `socialmaps
    report` (output.report_bytes), from the text in the page."""
    from ..errors import CaseError
    from ..loader import load_text
    from ..options import REPORT_FORMATS
    from ..output import report_bytes

    kind = request.query_params.get("as", "pdf")
    if kind not in REPORT_FORMATS:
        return JSONResponse({"error": "unknown report format"}, status_code=400)
    try:
        raw = await _body(request, config.max_bytes)
    except TooLarge:
        return _too_large(config.max_bytes)
    try:
        case = await asyncio.to_thread(load_text, raw.decode("utf-8"), config.case_file.path.name,
                                       config.max_bytes)
    except (CaseError, UnicodeDecodeError):
        return JSONResponse({"error": "the text has problems"}, status_code=422)
    data = await asyncio.to_thread(report_bytes, case, kind, _options(request))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", config.case_file.path.stem) or "case"
    return Response(data, media_type=_REPORT_MEDIA[kind],
                    headers={"Content-Disposition": f'attachment; filename="{stem}-report.{kind}"'})


_REPORT_MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _int(value: str | None) -> int:
    return int(value) if value and re.fullmatch(r"\d{1,15}", value) else 0


def page_html() -> str:
    static = resources.files("socialmaps.live") / "static"
    html = (static / "index.html").read_text(encoding="utf-8")
    css = (static / "live.css").read_text(encoding="utf-8")
    script = (static / "live.js").read_text(encoding="utf-8")
    return html.replace("/*LIVE_CSS*/", css).replace("/*LIVE_JS*/", script)


class Watcher:
    """Tells event-stream listeners when the file on disk changed to a version the page did not write."""

    def __init__(self, case_file: CaseFile) -> None:
        self.case_file = case_file
        self.changed = asyncio.Condition()
        self.version = case_file.version()

    async def run(self, stop: asyncio.Event) -> None:
        from watchfiles import awatch

        target = str(self.case_file.path)
        async for changes in awatch(self.case_file.path.parent, stop_event=stop, recursive=False,
                                    debounce=200, step=50):
            if any(path == target for _, path in changes):
                await self.check()

    async def check(self) -> None:
        version = self.case_file.version()
        if version != self.version:
            self.version = version
            async with self.changed:
                self.changed.notify_all()


class _Editor:
    """What the routes share: the case file, the drawer and its one thread, the watcher, the page.
    Each route is a method."""

    def __init__(self, config: LiveConfig) -> None:
        self.config = config
        self.case_file = config.case_file
        self.drawer = Drawer(self.case_file.path.name, config.max_bytes)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="socialmaps-draw")
        self.watcher = Watcher(self.case_file)
        self.page = page_html()

    async def index(self, request: Request) -> Response:
        return HTMLResponse(self.page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                                "Content-Security-Policy": _CSP})

    async def state(self, request: Request) -> Response:
        from ..style import available

        text = self.case_file.read()
        return JSONResponse({"text": text, "version": version_of(text), "name": self.case_file.path.name,
                             "languages": list(LANGUAGES), "styles": available(),
                             "completion": completion_data(), "max_bytes": self.config.max_bytes})

    async def render(self, request: Request) -> Response:
        try:
            raw = await _body(request, self.config.max_bytes)
        except TooLarge:
            return _too_large(self.config.max_bytes)
        tab = request.query_params.get("tab", "")[:64]
        seq = _int(request.query_params.get("seq"))
        self.drawer.announce(tab, seq)
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(self.executor, self.drawer.redraw, raw, _options(request),
                                            _have(request), tab, seq)
        return JSONResponse(result.to_json())

    async def save(self, request: Request) -> Response:
        case_file = self.case_file
        try:
            raw = await _body(request, self.config.max_bytes)
        except TooLarge:
            return _too_large(self.config.max_bytes)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return JSONResponse({"error": "the text is not UTF-8"}, status_code=400)
        base = request.headers.get("x-base-version", "")
        try:
            saved = await asyncio.to_thread(case_file.save, text, base)
        except Conflict as conflict:
            return JSONResponse({"error": str(conflict), "version": conflict.current}, status_code=409)
        except OSError as err:
            return JSONResponse({"error": f"cannot save {case_file.path}: {err.strerror or err}"},
                                status_code=500)
        self.watcher.version = saved.version  # our own write is no external change
        return JSONResponse({"version": saved.version,
                             "backup": saved.backup.name if saved.backup else None})

    async def export(self, request: Request) -> Response:
        from ..options import FORMATS

        kind = request.query_params.get("kind", "")
        fmt = request.query_params.get("format", "svg")
        if fmt == "report":
            return await report_download(request, self.config)
        if fmt not in FORMATS or not re.fullmatch(r"[a-z]{2,12}", kind):
            return JSONResponse({"error": "unknown diagram or format"}, status_code=400)
        try:
            raw = await _body(request, self.config.max_bytes)
        except TooLarge:
            return _too_large(self.config.max_bytes)
        options = _options(request, kind)
        # its own tab name: an export never gives way to, nor cancels, the page's redraws
        result = await asyncio.get_running_loop().run_in_executor(
            self.executor, self.drawer.redraw, raw, options, {}, "\x00export", 0)
        if result.problems or kind not in result.svgs:
            return JSONResponse({"error": "the text has problems or no data for this diagram"},
                                status_code=422)
        return await self._encoded(result.svgs[kind], kind, fmt, options.dpi)

    async def _encoded(self, svg: str, kind: str, fmt: str, dpi: int) -> Response:
        """The drawing as a file to download, encoded as the CLI encodes it."""
        from ..export import encode, png_dpi, svg_size

        size = svg_size(svg)
        if fmt == "png" and size:
            dpi = png_dpi(*size, dpi) or 0
            if not dpi:
                return JSONResponse({"error": "the figure is too big for a PNG"}, status_code=422)
        data = await asyncio.to_thread(encode, svg, fmt, dpi)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", self.case_file.path.stem) or "case"
        media = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}[fmt]
        return Response(data, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{stem}-{kind}.{fmt}"'})

    async def events(self, request: Request) -> Response:
        return StreamingResponse(self._file_events(request), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def _file_events(self, request: Request) -> AsyncIterator[str]:
        """The text whenever the file changes on disk; a ping every 15 s of quiet."""
        case_file, watcher = self.case_file, self.watcher
        yield "retry: 1000\n\n"
        sent = watcher.version
        quiet = 0.0
        while not self.config.stopping.is_set() and not await request.is_disconnected():
            async with watcher.changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(watcher.changed.wait(), timeout=0.5)
            quiet += 0.5
            if case_file.version() == sent and quiet < 15:
                continue
            quiet = 0.0
            text = case_file.read()
            payload = json.dumps({"version": version_of(text), "text": text}, ensure_ascii=False)
            if version_of(text) != sent:
                sent = version_of(text)
                yield f"event: file\ndata: {payload}\n\n"
            else:
                yield ": ping\n\n"

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(self.watcher.run(stop)) if self.config.watch else None
        # Warm up: the model, the fonts and every diagram module are loaded now, not at the first edit.
        text = self.case_file.read().encode("utf-8")
        asyncio.get_running_loop().run_in_executor(
            self.executor, self.drawer.redraw, text, RenderOptions(), {}, "", 0)
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            self.executor.shutdown(wait=False, cancel_futures=True)


def create_app(config: LiveConfig) -> ASGIApp:
    editor = _Editor(config)
    app = Starlette(routes=[
        Route("/", editor.index, methods=["GET"]),
        Route("/api/state", editor.state, methods=["GET"]),
        Route("/api/render", editor.render, methods=["POST"]),
        Route("/api/save", editor.save, methods=["POST"]),
        Route("/api/export", editor.export, methods=["POST"]),
        Route("/api/events", editor.events, methods=["GET"]),
    ], lifespan=editor.lifespan)
    app.state.watcher = editor.watcher
    app.state.drawer = editor.drawer
    return Guard(app, config)


# The page runs only its own inline script and style; it may fetch only from this server; drawings
# are inline SVG, downloads are blob: URLs.
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'")
