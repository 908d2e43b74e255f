"""Live mode in a real browser: Playwright driving Debian's Chromium against the real server.

Runs wherever /usr/bin/chromium exists; skipped (with the reason) only outside CI when it does not.
In CI (CI=true) a missing browser or Playwright is a failure, not a skip: `.ci/run` installs both.
Waits poll with a generous hang guard; they are not timing claims (bench/bench_live.py measures).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from socialmaps.live.store import CaseFile

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
NEEDS = {"chromium at /usr/bin/chromium (apt-get install chromium)": CHROMIUM.exists(),
         "playwright (the test extra)": find_spec("playwright") is not None,
         "uvicorn (the live extra)": find_spec("uvicorn") is not None}
MISSING = [name for name, there in NEEDS.items() if not there]
# Outside CI a machine without the browser skips; in CI nothing is skipped: a missing piece fails.
pytestmark = pytest.mark.skipif(
    bool(MISSING) and not IN_CI,
    reason=f"browser tests need {', '.join(MISSING)}; CI installs them and runs these")

if TYPE_CHECKING:
    import uvicorn
    from playwright.sync_api import Browser, Page

    from socialmaps.live.app import LiveConfig

FAMILY = (ROOT / "examples" / "family-en.yaml").read_text(encoding="utf-8")
TOKEN = "browser-test-token"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
GUARD_MS = 20000  # hang guard for every wait (a loaded CI machine took over 8 s once)


@dataclass
class Live:
    url: str
    case: Path
    server: uvicorn.Server
    thread: threading.Thread
    config: LiveConfig

    def stop(self) -> None:
        self.config.stopping.set()
        self.server.should_exit = True
        self.thread.join(15)


def start_server(case: Path, port: int = 0) -> Live:
    import uvicorn

    from socialmaps.live.app import LiveConfig, create_app
    from socialmaps.live.server import bind

    sock = bind(port)
    port = sock.getsockname()[1]
    config = LiveConfig(CaseFile(case), TOKEN, port)
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the live server did not start"
    return Live(f"http://127.0.0.1:{port}/?token={TOKEN}", case, server, thread, config)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    case = tmp_path / "case.yaml"
    case.write_text(FAMILY, encoding="utf-8")
    running = start_server(case)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def persons(page: Page) -> int:
    return page.locator("#diagram-genogram svg .sm-person").count()


def wait_persons(page: Page, count: int) -> None:
    # a function, not an expression: the page's CSP forbids eval, which expressions need
    page.wait_for_function(
        "(n) => document.querySelectorAll('#diagram-genogram svg .sm-person').length === n",
        arg=count, timeout=GUARD_MS)


def cursor_after(page: Page, needle: str) -> None:
    """Put the caret at the end of the line holding `needle`."""
    page.evaluate("""(needle) => {
        const t = document.getElementById('text');
        const at = t.value.indexOf('\\n', t.value.indexOf(needle));
        t.focus(); t.setSelectionRange(at, at);
    }""", needle)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def wait_file(case: Path, needle: str) -> str:
    deadline = time.monotonic() + GUARD_MS / 1000
    while time.monotonic() < deadline:
        text = case.read_text(encoding="utf-8")
        if needle in text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} never reached {case}")


def test_type_see_the_drawing_fix_a_mistake_autosave_and_reopen(live: Live, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(live.url)
    wait_persons(page, 8)

    # a new person: the genogram gains an sm-person
    cursor_after(page, "{id: kai,")
    page.keyboard.type("\n  - {id: zoe, name: Zoe, sex: female, born: 2018}", delay=5)
    typed = time.monotonic()
    wait_persons(page, 9)
    print(f"new person drawn {1000 * (time.monotonic() - typed):.0f} ms after the last key")
    assert page.locator("#diagram-genogram svg .sm-person[data-id='zoe']").count() == 1

    # a mistake: the error with its line beside the text, the line marked, the drawing kept
    page.keyboard.type("\n  - {id: max, name: Max, sex: mle}", delay=5)
    # (a redraw of a half-typed line may show another problem first: wait for this one)
    page.wait_for_function("() => document.getElementById('problems').textContent.includes(\"'mle'\")",
                           timeout=GUARD_MS)
    text = page.input_value("#text")
    bad_line = line_of(text, "sex: mle")
    problem = page.inner_text("#problems li")
    assert problem.startswith(f"{bad_line}:") and "'mle' is not one of" in problem
    assert page.locator("#gutter div.bad").all_inner_texts() == [str(bad_line)]
    assert persons(page) == 9
    assert page.locator("#diagram-genogram.old").count() == 1  # shown as the last good drawing

    # fixed: the error goes, Max is drawn
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("male}", delay=5)
    wait_persons(page, 10)
    assert page.locator("#problems li").count() == 0
    assert page.locator("#gutter div.bad").count() == 0

    # autosave: the file on disk changes, the previous version kept beside it
    saved = wait_file(live.case, "{id: max, name: Max, sex: male}")
    assert "{id: zoe, name: Zoe, sex: female, born: 2018}" in saved
    backups = CaseFile(live.case).backups()
    assert backups and backups[0].read_text(encoding="utf-8") == FAMILY
    final = page.input_value("#text")
    assert saved == final
    page.close()

    # reopened: the text is intact, drawn, and no stale draft is offered
    again = browser.new_page()
    again.goto(live.url)
    wait_persons(again, 10)
    assert again.input_value("#text") == final
    assert again.locator("#banner").is_hidden()
    again.close()


def test_clicking_a_person_moves_the_cursor_to_their_entry(live: Live, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    page.locator("#diagram-genogram svg .sm-person[data-id='paul']").first.click()
    caret = page.evaluate("document.getElementById('text').selectionStart")
    text = page.input_value("#text")
    assert text[: caret].count("\n") + 1 == line_of(FAMILY, "{id: paul,")
    assert text[caret:].startswith("{id: paul,")
    page.get_by_role("tab", name="ecomap").click()
    church = page.locator("#diagram-ecomap svg .sm-system[data-id='church'] circle").first
    church.click(position={"x": 3, "y": church.bounding_box()["height"] / 2})  # inside, on the rim
    caret = page.evaluate("document.getElementById('text').selectionStart")
    assert text[caret:].startswith("{id: church,")
    page.get_by_role("tab", name="lifemap").click()
    divorce = page.locator("#diagram-lifemap svg .sm-event", has_text="Parents divorce").first
    divorce.dispatch_event("click")
    caret = page.evaluate("document.getElementById('text').selectionStart")
    assert text[caret:].startswith("{when: 2014, title: Parents divorce")
    page.close()


def test_an_edit_in_another_editor_shows_up(live: Live, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    page.wait_for_timeout(300)  # the event stream connects
    ola = "  - {id: ola, name: Ola, sex: male, born: 2019}\n"
    outside = FAMILY.replace("  - {id: kai,", ola + "  - {id: kai,")
    live.case.write_text(outside, encoding="utf-8")
    wait_persons(page, 9)
    assert page.input_value("#text") == outside
    assert "another editor" in page.inner_text("#banner")
    page.close()


def test_a_second_tab_gets_a_conflict_not_an_overwrite(live: Live, browser: Browser) -> None:
    context = browser.new_context()  # one browser profile: the tabs share its storage
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.goto(live.url)
        wait_persons(page, 8)
    cursor_after(first, "{id: kai,")
    first.keyboard.type("\n  - {id: one, name: One, born: 2019}", delay=5)
    # The second tab has unsaved edits before the first one saves: had it none, the file watcher
    # would rightly hand it the first tab's version, and its later save would be no conflict.
    second.evaluate("document.getElementById('text').value += '# from the second tab\\n'; "
                    "document.getElementById('text').dispatchEvent(new Event('input'))")
    first.click("#save")
    wait_file(live.case, "{id: one,")
    # told by the watcher, or by the server refusing its autosave: either way a conflict, no overwrite
    second.wait_for_selector("#banner.conflict", timeout=GUARD_MS)
    assert "changed" in second.inner_text("#banner")
    on_disk = live.case.read_text(encoding="utf-8")
    assert "{id: one," in on_disk and "second tab" not in on_disk
    # taking the file's version sets the second tab's text aside, and it is offered back later
    second.get_by_role("button", name="Load the file's version").click()
    second.wait_for_function("(t) => document.getElementById('text').value === t", arg=on_disk,
                             timeout=GUARD_MS)
    first.close()
    second.close()
    third = context.new_page()
    third.goto(live.url)
    third.wait_for_selector("#banner:not([hidden])", timeout=GUARD_MS)
    assert "set aside after a conflict" in third.inner_text("#banner")
    third.get_by_role("button", name="Restore the draft").click()
    assert third.input_value("#text").endswith("# from the second tab\n")
    assert "not saved until you choose" in third.inner_text("#banner")
    third.close()
    context.close()
    assert live.case.read_text(encoding="utf-8") == on_disk


def test_a_draft_typed_while_the_server_was_down_is_offered_back(tmp_path: Path, browser: Browser) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(FAMILY, encoding="utf-8")
    live = start_server(case)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    live.stop()  # the server dies before the autosave
    page.evaluate("document.getElementById('text').value += '# typed while it was down\\n'; "
                  "document.getElementById('text').dispatchEvent(new Event('input'))")
    page.close()
    assert "typed while" not in case.read_text(encoding="utf-8")
    # the same address again (drafts are kept per origin, so per port: `live` picks the same port
    # for the same file)
    again = start_server(case, port=int(live.url.split(":")[2].split("/")[0]))
    try:
        page = context.new_page()
        page.goto(again.url)
        # The save the page sent as it closed (keepalive) may still reach the restarted server on the
        # same port: then the file has the text and there is no draft to offer, which loses nothing
        # either.  Otherwise the draft must be offered back.
        def offered() -> bool:
            return page.is_visible("#banner") and "unsaved draft" in page.inner_text("#banner")

        deadline = time.monotonic() + GUARD_MS / 1000
        while not offered() and "typed while" not in case.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "neither offered back nor saved"
            page.wait_for_timeout(100)
        if not offered():
            page.wait_for_function("() => document.getElementById('text').value.includes('typed while')",
                                   timeout=GUARD_MS)
            return
        page.get_by_role("button", name="Restore the draft").click()
        assert page.input_value("#text").endswith("# typed while it was down\n")
        wait_file(case, "# typed while it was down")
    finally:
        context.close()
        again.stop()


def test_completion_offers_fields_enum_values_and_ids(live: Live, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    cursor_after(page, "{id: kai,")
    page.keyboard.type("\n  - {id: zed, name: Zed, se", delay=5)
    page.wait_for_selector("#complete:not([hidden]) li", timeout=GUARD_MS)
    assert page.inner_text("#complete li.on").startswith("sex")
    page.keyboard.press("Enter")
    page.keyboard.type("m", delay=5)
    page.wait_for_selector("#complete:not([hidden]) li", timeout=GUARD_MS)
    assert page.locator("#complete li").all_inner_texts() == ["male"]
    page.keyboard.press("Enter")
    page.keyboard.type(", born: 2019}", delay=5)
    assert "  - {id: zed, name: Zed, sex: male, born: 2019}\n" in page.input_value("#text")

    cursor_after(page, "{between: [mark, lena], type: cutoff}")
    page.keyboard.type("\n  - {between: [ze", delay=5)
    page.wait_for_selector("#complete:not([hidden]) li", timeout=GUARD_MS)
    assert page.locator("#complete li").all_inner_texts() == ["zed"]
    page.keyboard.press("Tab")
    page.keyboard.type(", da", delay=5)
    page.wait_for_selector("#complete:not([hidden]) li", timeout=GUARD_MS)
    assert "dana" in page.locator("#complete li").all_inner_texts()
    page.keyboard.press("Escape")
    page.keyboard.type("na], type: cl", delay=5)
    page.wait_for_selector("#complete:not([hidden]) li", timeout=GUARD_MS)
    assert page.locator("#complete li").all_inner_texts() == ["close", "close-hostile"]
    page.keyboard.press("Enter")
    page.keyboard.type("}", delay=5)
    assert "  - {between: [zed, dana], type: close}\n" in page.input_value("#text")
    wait_persons(page, 9)
    assert page.locator("#diagram-genogram svg .sm-relationship[data-between='dana zed'], "
                        "#diagram-genogram svg .sm-relationship[data-between='zed dana']").count() == 1
    page.close()


def test_the_language_switch_redraws_in_that_language(live: Live, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    assert "Legend" in (page.text_content("#diagram-genogram svg .sm-legend") or "")
    page.select_option("#lang", "id")
    page.wait_for_function("() => document.querySelector('#diagram-genogram svg .sm-legend')"
                           ".textContent.includes('Keterangan')", timeout=GUARD_MS)
    page.close()


def test_leaving_the_page_saves_at_once(live: Live, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    cursor_after(page, "{id: kai,")
    page.keyboard.type("\n  - {id: gone, name: Gone, sex: male}", delay=2)
    page.goto("about:blank")  # long before the autosave's pause: the pagehide save carries it
    saved = wait_file(live.case, "{id: gone, name: Gone, sex: male}")
    assert CaseFile(live.case).backups()[0].read_text(encoding="utf-8") == FAMILY
    assert saved.count("{id: gone,") == 1
    page.close()


def test_the_download_buttons_give_the_shown_diagram(live: Live, browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(live.url)
    wait_persons(page, 8)
    page.get_by_role("tab", name="ecomap").click()
    for fmt, magic in (("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        with page.expect_download(timeout=GUARD_MS) as info:
            page.click(f"#downloads button[data-format='{fmt}']")
        download = info.value
        assert download.suggested_filename == f"case-ecomap.{fmt}"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert magic in target.read_bytes()[:200]
    svg = (tmp_path / "case-ecomap.svg").read_text(encoding="utf-8")
    assert 'data-diagram="ecomap"' in svg
    # the Report button: the whole case as the A4 PDF `socialmaps report` writes
    with page.expect_download(timeout=GUARD_MS) as info:
        page.click("#downloads button[data-format='report']")
    download = info.value
    assert download.suggested_filename == "case-report.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
    context.close()
