"""Live mode's server: the guard (token, Host, Origin), the one file it touches, body limits,
saving (conflicts, atomic writes, history), and redraws (problems, the per-diagram cache)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import warnings

from conftest import EXAMPLES, ROOT

with warnings.catch_warnings():  # newer Starlette asks for httpx2; httpx is what its older versions take
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from socialmaps.live.app import LiveConfig, Watcher, create_app
from socialmaps.live.drawer import SECTIONS, Drawer
from socialmaps.live.store import CaseFile, Conflict, template, version_of
from socialmaps.loader import load_text
from socialmaps.options import RenderOptions
from socialmaps.yamlsource import parse

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PORT = 8765
TOKEN = "t0ken-for-tests"
OWN = f"http://127.0.0.1:{PORT}"
AUTH = {"X-Socialmaps-Token": TOKEN}
FAMILY = (ROOT / "examples" / "family-en.yaml").read_text(encoding="utf-8")


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(FAMILY, encoding="utf-8")
    return path


@pytest.fixture
def client(case: Path) -> Iterator[TestClient]:
    app = create_app(LiveConfig(CaseFile(case), TOKEN, PORT, max_bytes=50_000, watch=False))
    with TestClient(app, base_url=OWN) as test_client:
        yield test_client


ROUTES = [("GET", "/"), ("GET", "/api/state"), ("POST", "/api/render"), ("POST", "/api/save"),
          ("POST", "/api/export?kind=genogram&format=svg"), ("GET", "/api/events")]


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_no_token_or_a_wrong_one_is_refused(client: TestClient, case: Path, method: str, route: str) -> None:
    for headers in ({}, {"X-Socialmaps-Token": "guess"}, {"X-Socialmaps-Token": TOKEN[:-1]}):
        response = client.request(method, route, headers=headers, content=b"socialmaps: 1\n")
        assert response.status_code == 403
        assert "token" in response.json()["error"]
    assert case.read_text(encoding="utf-8") == FAMILY


def test_the_token_in_the_query_opens_the_page(client: TestClient) -> None:
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200
    assert "<textarea" in page.text and "/*LIVE_JS*/" not in page.text
    # nothing from elsewhere: no external script, style, font or image
    assert "http://" not in page.text.replace("http://www.w3.org", "") and "https://" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("origin", ["http://evil.example", f"http://127.0.0.1:{PORT + 1}", "null",
                                    f"https://127.0.0.1:{PORT}"])
def test_another_origin_is_refused_even_with_the_token(client: TestClient, case: Path, origin: str) -> None:
    version = version_of(FAMILY)
    response = client.post("/api/save", content=b"socialmaps: 1\n",
                           headers={**AUTH, "Origin": origin, "X-Base-Version": version})
    assert response.status_code == 403
    assert "other sites" in response.json()["error"]
    assert case.read_text(encoding="utf-8") == FAMILY
    assert client.get("/api/state", headers={**AUTH, "Origin": OWN}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}",
                                  "127.0.0.1", f"0.0.0.0:{PORT}"])
def test_a_foreign_host_is_refused(client: TestClient, host: str) -> None:
    # a page on a rebinding domain reaches us with its own name in Host
    response = client.get("/api/state", headers={**AUTH, "Host": host})
    assert response.status_code == 403
    assert "own address" in response.json()["error"]


@pytest.mark.parametrize("route", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
                                   "/etc/passwd", "/api/state/../../../etc/passwd", "/static/../case.yaml",
                                   "/case.yaml", "/.socialmaps/", "/link"])
def test_no_route_reads_another_path(client: TestClient, case: Path, route: str) -> None:
    (case.parent / "link").symlink_to("/etc/passwd")
    response = client.get(route, headers=AUTH)
    assert response.status_code in (403, 404)
    assert "root:" not in response.text and "socialmaps: 1" not in response.text


@pytest.mark.parametrize("query", ["path=/etc/passwd", "file=../../etc/passwd", "path=link",
                                   "name=other.yaml"])
def test_path_parameters_are_ignored(client: TestClient, case: Path, query: str) -> None:
    (case.parent / "link").symlink_to(case.parent / "other.yaml")
    state = client.get(f"/api/state?{query}", headers=AUTH).json()
    assert state["text"] == FAMILY and state["name"] == "case.yaml"
    new = FAMILY + "# saved\n"
    saved = client.post(f"/api/save?{query}", content=new.encode(),
                        headers={**AUTH, "X-Base-Version": version_of(FAMILY)})
    assert saved.status_code == 200
    assert case.read_text(encoding="utf-8") == new
    assert not (case.parent / "other.yaml").exists()
    assert sorted(p.name for p in case.parent.iterdir()) == [".socialmaps", "case.yaml", "link"]


def test_a_symlinked_case_file_is_edited_where_it_is(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(FAMILY, encoding="utf-8")
    (tmp_path / "case.yaml").symlink_to(real)
    store = CaseFile(tmp_path / "case.yaml")
    store.save(FAMILY + "# x\n", version_of(FAMILY))
    assert (tmp_path / "case.yaml").is_symlink()
    assert real.read_text(encoding="utf-8").endswith("# x\n")


@pytest.mark.parametrize("route", ["/api/render", "/api/save", "/api/export?kind=genogram&format=svg"])
def test_a_body_over_the_limit_is_refused(client: TestClient, case: Path, route: str) -> None:
    big = (FAMILY + "#" * 50_000).encode()
    response = client.post(route, content=big, headers={**AUTH, "X-Base-Version": version_of(FAMILY)})
    assert response.status_code == 413
    assert "50,000 bytes" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        for _ in range(60):
            yield b"#" * 1000

    response = client.post(route, content=chunks(), headers={**AUTH, "X-Base-Version": version_of(FAMILY)})
    assert response.status_code == 413
    assert case.read_text(encoding="utf-8") == FAMILY


def test_two_conflicting_saves_the_second_is_refused_with_a_message(client: TestClient, case: Path) -> None:
    base = client.get("/api/state", headers=AUTH).json()["version"]
    first = FAMILY.replace("name: Tom", "name: Thomas")
    second = FAMILY.replace("name: Ruth", "name: Ruthie")
    one = client.post("/api/save", content=first.encode(), headers={**AUTH, "X-Base-Version": base})
    assert one.status_code == 200 and one.json()["version"] == version_of(first)
    two = client.post("/api/save", content=second.encode(), headers={**AUTH, "X-Base-Version": base})
    assert two.status_code == 409
    assert "changed since this page loaded it" in two.json()["error"]
    assert two.json()["version"] == version_of(first)
    assert case.read_text(encoding="utf-8") == first
    # based on the version now on disk, it goes through
    three = client.post("/api/save", content=second.encode(),
                        headers={**AUTH, "X-Base-Version": two.json()["version"]})
    assert three.status_code == 200 and case.read_text(encoding="utf-8") == second


def test_a_save_without_a_base_version_is_refused(client: TestClient, case: Path) -> None:
    response = client.post("/api/save", content=b"socialmaps: 1\n", headers=AUTH)
    assert response.status_code == 409 and case.read_text(encoding="utf-8") == FAMILY


def test_a_save_replaces_the_file_whole_and_keeps_the_old_one(client: TestClient, case: Path) -> None:
    new = FAMILY.replace("name: Tom", "name: Thomas")
    response = client.post("/api/save", content=new.encode(),
                           headers={**AUTH, "X-Base-Version": version_of(FAMILY)})
    assert response.status_code == 200
    assert case.read_text(encoding="utf-8") == new
    backups = CaseFile(case).backups()
    assert [b.name for b in backups] == [response.json()["backup"]]
    assert backups[0].read_text(encoding="utf-8") == FAMILY
    assert backups[0].parent == case.parent / ".socialmaps"
    leftovers = [p.name for p in case.parent.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_failed_write_leaves_the_old_file_whole(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CaseFile(case)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save(FAMILY + "# more\n", version_of(FAMILY))
    assert case.read_text(encoding="utf-8") == FAMILY
    assert [p.name for p in case.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_history_keeps_its_order_across_a_second(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves on either side of a second's turn, while `time.gmtime()` without an argument still reads
    the second before (a coarse clock lags a few milliseconds): the versions keep the order they were
    saved in, and the newest are the ones kept (the CI once kept only the second oldest of five)."""
    import time

    second = 1_765_000_000
    clock = iter([second * 10**9 + 998_000_000 + k * 1_000 for k in range(3)]
                 + [(second + 1) * 10**9 + k * 1_000 for k in range(1, 4)])
    real_gmtime = time.gmtime
    monkeypatch.setattr(time, "time_ns", lambda: next(clock))
    monkeypatch.setattr(time, "gmtime", lambda secs=None: real_gmtime(second if secs is None else secs))
    texts, kept = _six_saves_keeping_three(case)
    assert kept == texts[2:5]


def _six_saves_keeping_three(case: Path) -> tuple[list[str], list[str]]:
    """Saves six edits one after another into a history of three; gives the texts and what was kept."""
    store = CaseFile(case, keep=3)
    texts = [FAMILY + f"# edit {i}\n" for i in range(6)]
    base = version_of(FAMILY)
    for text in texts:
        base = store.save(text, base).version
    return texts, [b.read_text(encoding="utf-8") for b in store.backups()]


def test_history_keeps_the_last_n_versions(case: Path) -> None:
    texts, kept = _six_saves_keeping_three(case)
    assert kept == texts[2:5]  # the three versions before the current one, oldest first
    assert case.read_text(encoding="utf-8") == texts[5]


def test_saving_the_same_text_twice_writes_nothing(case: Path) -> None:
    store = CaseFile(case)
    assert store.save(FAMILY, "anything").backup is None
    assert store.backups() == []


def test_a_concurrent_save_loses_nothing(case: Path) -> None:
    """Two saves based on one version, one after the other: one wins, the other gets Conflict."""
    store = CaseFile(case)
    base = version_of(FAMILY)
    store.save(FAMILY + "# a\n", base)
    with pytest.raises(Conflict):
        store.save(FAMILY + "# b\n", base)


def test_a_missing_file_is_made_from_the_template(tmp_path: Path) -> None:
    store = CaseFile(tmp_path / "new-client.yaml")
    assert store.create_if_missing()
    case = load_text(store.read())
    assert case.case.id == "new-client" and len(case.people) == 3
    assert not store.create_if_missing()
    assert load_text(template("a b/c")).case.id == "a-b-c"


def _render(client: TestClient, text: str, have: str = "", seq: int = 1) -> dict:
    response = client.post(f"/api/render?tab=t&seq={seq}", content=text.encode(),
                           headers={**AUTH, "X-Have": have})
    assert response.status_code == 200
    return response.json()


def test_a_redraw_sends_only_the_diagrams_that_changed(client: TestClient) -> None:
    first = _render(client, FAMILY)
    assert first["ok"] and "genogram" in first["kinds"] and "lifemap" in first["kinds"]
    assert first["diagrams"]["genogram"]["svg"].count('class="sm-person"') == 8
    have = ",".join(f"{k}={v['key']}" for k, v in first["diagrams"].items())
    edited = FAMILY.replace("title: Born,", "title: Birth,")
    second = _render(client, edited, have, seq=2)
    changed = {k for k, v in second["diagrams"].items() if v["svg"] is not None}
    assert changed == {"lifemap"}
    assert second["drawn"] == ["lifemap"]
    assert "Birth" in second["diagrams"]["lifemap"]["svg"]
    zoe = "  - {id: zoe, name: Zoe, sex: female, born: 2018}\n"
    person = FAMILY.replace("  - {id: kai,", zoe + "  - {id: kai,")
    third = _render(client, person, have, seq=3)
    changed = {k for k, v in third["diagrams"].items() if v["svg"] is not None}
    assert changed == {"genogram", "ecomap"}
    assert third["diagrams"]["genogram"]["svg"].count('class="sm-person"') == 9
    feeling = FAMILY.replace("[dana, paul], type: conflict", "[dana, paul], type: distant")
    fourth = _render(client, feeling, have, seq=4)
    assert {k for k, v in fourth["diagrams"].items() if v["svg"] is not None} == {"genogram"}


def test_problems_come_with_line_and_column(client: TestClient) -> None:
    broken = FAMILY.replace("{id: ruth, name: Ruth, sex: female", "{id: ruth, name: Ruth, sex: femal")
    result = _render(client, broken)
    assert not result["ok"] and result["kinds"] == []
    texts = [p["text"] for p in result["problems"]]
    assert texts == ["14:33: people[1].sex: 'femal' is not one of female, male, unknown; "
                     "did you mean 'female'?"]
    yaml_error = _render(client, FAMILY.replace("unions:\n", "unions:\n  - [\n"), seq=2)
    assert yaml_error["problems"][0]["line"] >= 22 and "invalid YAML" in yaml_error["problems"][0]["message"]


def test_click_targets_name_the_line_of_each_entry(client: TestClient) -> None:
    result = _render(client, FAMILY)
    lines = FAMILY.split("\n")
    for ident, (line, column) in result["places"].items():
        assert f"id: {ident}" in lines[line - 1][column - 1:]
    assert {"tom", "dana", "u1", "u3", "school", "church"} <= set(result["places"])
    assert result["events"][0] == {"title": "Born", "line": 51, "column": 7}


def test_an_older_request_gives_way_to_a_newer_one() -> None:
    drawer = Drawer("case.yaml", 1_000_000)
    drawer.announce("tab", 5)
    old = drawer.redraw(FAMILY.encode(), RenderOptions(), {}, "tab", 4)
    assert old.stale and old.svgs == {}
    new = drawer.redraw(FAMILY.encode(), RenderOptions(), {}, "tab", 5)
    assert not new.stale and "genogram" in new.svgs
    other_tab = drawer.redraw(FAMILY.encode(), RenderOptions(), {}, "other", 1)
    assert not other_tab.stale


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_diagram_reads_only_the_sections_its_cache_key_names(example: Path) -> None:
    """The cache is right only if a diagram's drawing depends on nothing outside SECTIONS[kind]
    (plus the head and the client's entry): drop every other section, the bytes stay."""
    import yaml

    from socialmaps.render import render as draw

    text = example.read_text(encoding="utf-8")
    case = load_text(text)
    data = parse(text, "x").data
    from socialmaps.render import applicable

    for kind in applicable(case):
        options = RenderOptions(figure_number="1")
        kept = {k: v for k, v in data.items() if k in ("socialmaps", "case", *SECTIONS[kind])}
        client = data.get("case", {}).get("client")
        if "people" not in kept and client:
            kept["people"] = [p for p in data.get("people", []) if p.get("id") == client]
        trimmed = load_text(yaml.safe_dump(kept, allow_unicode=True))
        assert draw(trimmed, kind, options).svg == draw(case, kind, options).svg, kind


def test_the_watcher_tells_of_an_edit_made_elsewhere(case: Path) -> None:
    async def scenario() -> bool:
        watcher = Watcher(CaseFile(case))
        stop = asyncio.Event()
        task = asyncio.create_task(watcher.run(stop))
        await asyncio.sleep(0.3)

        async def wait_for_change() -> None:
            async with watcher.changed:
                await watcher.changed.wait()

        waiting = asyncio.create_task(wait_for_change())
        await asyncio.sleep(0.1)
        case.write_text(FAMILY + "# from another editor\n", encoding="utf-8")
        try:
            await asyncio.wait_for(waiting, timeout=10)  # a hang guard, not a timing claim
            return watcher.version == version_of(FAMILY + "# from another editor\n")
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=10)

    assert asyncio.run(scenario())


def test_export_uses_the_cli_encoders(client: TestClient) -> None:
    for fmt, magic in (("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        response = client.post(f"/api/export?kind=genogram&format={fmt}", content=FAMILY.encode(),
                               headers=AUTH)
        assert response.status_code == 200
        assert magic in response.content[:200]
        assert f'case-genogram.{fmt}"' in response.headers["content-disposition"]
    bad = client.post("/api/export?kind=../x&format=svg", content=FAMILY.encode(), headers=AUTH)
    assert bad.status_code == 400


def test_report_download_is_the_cli_report(client: TestClient, tmp_path: Path) -> None:
    """The page's Report button: the same bytes `socialmaps report` writes for the same text, in
    each format; a text with problems, or an unknown format, is refused."""
    from socialmaps.output import write_case

    case_path = tmp_path / "case.yaml"
    case_path.write_text(FAMILY)
    options = RenderOptions(formats=(), reports=("html", "pdf", "docx"), page="a4")
    written = write_case(case_path, tmp_path / "out", options)
    assert written.ok and written.folder is not None, written.messages
    for fmt, magic in (("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>"), ("docx", b"PK")):
        response = client.post(f"/api/export?kind=genogram&format=report&as={fmt}", content=FAMILY.encode(),
                               headers=AUTH)
        assert response.status_code == 200, response.text
        assert response.content.startswith(magic)
        assert f'case-report.{fmt}"' in response.headers["content-disposition"]
        assert response.content == (written.folder / f"report.{fmt}").read_bytes()
    broken = client.post("/api/export?format=report", content=b"socialmaps: 1\ncase: {id: [}\n", headers=AUTH)
    assert broken.status_code == 422
    unknown = client.post("/api/export?format=report&as=exe", content=FAMILY.encode(), headers=AUTH)
    assert unknown.status_code == 400
    no_token = client.post("/api/export?format=report", content=FAMILY.encode())
    assert no_token.status_code == 403


def test_the_page_offers_the_report_download(client: TestClient) -> None:
    page = client.get(f"/?token={TOKEN}").text
    assert 'data-format="report"' in page


def test_the_live_command_serves_a_new_file_on_loopback_only(tmp_path: Path) -> None:
    import re
    import signal
    import subprocess
    import sys

    import httpx

    path = tmp_path / "new-case.yaml"
    process = subprocess.Popen([sys.executable, "-m", "socialmaps", "live", str(path), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{32})", "".join(lines))
        assert found, lines
        assert "created from the template" in lines[0]
        port, token = found.groups()
        base = f"http://127.0.0.1:{port}"
        state = httpx.get(f"{base}/api/state", headers={"X-Socialmaps-Token": token}, timeout=30)
        assert state.status_code == 200 and state.json()["text"] == path.read_text(encoding="utf-8")
        assert httpx.get(f"{base}/api/state", timeout=30).status_code == 403
        with pytest.raises(httpx.ConnectError):  # not on the machine's other addresses
            httpx.get(f"http://{_other_address()}:{port}/api/state", timeout=5)
    finally:
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down, then re-raises the signal it caught (so: ended by SIGTERM, promptly)
        assert process.wait(timeout=20) in (0, -signal.SIGTERM)


def _other_address() -> str:
    """An address of this machine that is not 127.0.0.1 (127.0.0.2 is loopback too, but not bound)."""
    return "127.0.0.2"


def test_a_kill_during_saves_leaves_a_whole_file(tmp_path: Path) -> None:
    """SIGKILL a process that saves big texts in a loop: the file is always one of them, whole."""
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "case.yaml"
    texts = [f"# version {i}\n" + ("x" * 80 + "\n") * 20_000 for i in range(2)]
    path.write_text(texts[0], encoding="utf-8")
    script = (
        "import sys\n"
        "from socialmaps.live.store import CaseFile, version_of\n"
        "texts = [f'# version {i}\\n' + ('x' * 80 + '\\n') * 20_000 for i in range(2)]\n"
        "store = CaseFile(sys.argv[1], keep=2)\n"
        "i = 0\n"
        "while True:\n"
        "    current = store.read()\n"
        "    i += 1\n"
        "    store.save(texts[i % 2], version_of(current))\n"
    )
    for delay in (0.3, 0.45, 0.6, 0.75):
        process = subprocess.Popen([sys.executable, "-c", script, str(path)])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert path.read_text(encoding="utf-8") in texts
        for backup in CaseFile(path).backups():
            assert backup.read_text(encoding="utf-8") in texts
    # what a kill can leave is hidden temporary files, which the next start sweeps
    leftovers = [p for p in tmp_path.rglob("*.tmp")]
    assert all(p.name.startswith(".case.yaml.") for p in leftovers)
    for p in leftovers:
        os.utime(p, (0, 0))
    assert sorted(CaseFile(path).sweep_temps()) == sorted(leftovers)
    assert list(tmp_path.rglob("*.tmp")) == []


def test_the_sweep_spares_a_save_under_way(case: Path) -> None:
    fresh = case.parent / ".case.yaml.0123456789ab.tmp"
    fresh.write_text("half", encoding="utf-8")
    other = case.parent / ".other.yaml.0123456789ab.tmp"
    other.write_text("not ours", encoding="utf-8")
    os.utime(other, (0, 0))
    assert CaseFile(case).sweep_temps() == []
    assert fresh.exists() and other.exists()


def test_a_websocket_is_refused(client: TestClient) -> None:
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect), client.websocket_connect(f"/?token={TOKEN}") as socket:
        socket.receive_text()
