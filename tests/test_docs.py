"""The documentation stands on its own and says what the program does.

- Every relative link in README.md and docs/*.md resolves to a file of the project (and to a
  heading, when it names one); no document points into ../shared, which a clone does not have.
- The tutorials are run as a reader would: their YAML blocks are written to files in a fresh
  folder and loaded, their shell commands run there, and the output they show is checked.
- docs/svg.md names every `sm-` class and `data-` attribute the examples' SVGs carry, and
  nothing they never carry.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from socialmaps import CaseError, RenderOptions, load_case, load_text, render_all
from socialmaps.schema import case_schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]
TUTORIALS = [ROOT / "docs" / "tutorial-en.md", ROOT / "docs" / "tutorial-id.md"]

_FENCE = re.compile(r"^(```+|~~~+)")
_MD_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")


def _unfenced(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    kept, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            kept.append(line)
    return kept


def _prose(text: str) -> str:
    """The text outside code blocks and inline code (links in code are examples, not links)."""
    return "\n".join(re.sub(r"`[^`]*`", "", line) for line in _unfenced(text))


def _links(text: str) -> list[str]:
    prose = _prose(text)
    return [*_MD_LINK.findall(prose), *_HTML_LINK.findall(prose)]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\*", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    counts: dict[str, int] = {}
    for line in _unfenced(path.read_text(encoding="utf-8")):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = _slug(match[1])
            n = counts.get(base, 0)
            counts[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    for name in re.findall(r"""<a\s+(?:name|id)=["']([^"']+)["']""", path.read_text(encoding="utf-8")):
        found.add(name)
    return found


def _is_external(target: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) is not None


def test_slug_follows_github() -> None:
    assert _slug("What every SVG says about itself") == "what-every-svg-says-about-itself"
    assert _slug("`case` — the case itself") == "case--the-case-itself"
    assert _slug("Step 2: people (genogram)") == "step-2-people-genogram"
    assert _slug("`lives_with_client` and **more**") == "lives_with_client-and-more"


def test_links_found_outside_code_only() -> None:
    text = "see [a](x.md) and `[b](y.md)`\n```\n[c](z.md)\n```\n<img src=\"g.png\">"
    assert _links(text) == ["x.md", "g.png"]


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for target in _links(page.read_text(encoding="utf-8")):
        if _is_external(target):
            continue
        where, _, anchor = target.partition("#")
        file = (page.parent / where).resolve() if where else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif not file.resolve().is_relative_to(root):
            broken.append(f"{target}: outside the project")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading #{anchor} in {file.name}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    broken = broken_links(page)
    assert not broken, f"{page.name}: " + "; ".join(broken)


def test_broken_links_are_found(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "other.md").write_text("# Real heading\n", encoding="utf-8")
    (tmp_path / "x.md").write_text("", encoding="utf-8")  # exists, but outside the project
    page = project / "docs" / "page.md"
    page.write_text("# Here\n[ok](other.md#real-heading) [self](#here) [gone](missing.md) "
                    "[anchor](other.md#nowhere) [out](../../x.md) [web](https://example.org)\n",
                    encoding="utf-8")
    assert broken_links(page, project) == [
        "missing.md: no such file", "other.md#nowhere: no heading #nowhere in other.md",
        "../../x.md: outside the project"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_link_into_shared(page: Path) -> None:
    assert not [t for t in _links(page.read_text(encoding="utf-8")) if "../shared" in t]
    if page.parent.name == "docs" and page.name != "ARCHITECTURE.md":
        # the user documents do not even mention it: a clone has no ../shared
        assert "../shared" not in page.read_text(encoding="utf-8")


def test_the_documentation_is_linked_from_the_readme() -> None:
    links = set(_links((ROOT / "README.md").read_text(encoding="utf-8")))
    for name in ("case-format.md", "svg.md", "tutorial-en.md", "tutorial-id.md"):
        assert f"docs/{name}" in links


# --------------------------------------------------------------------------- case-format.md

def _load_make_case_format() -> Any:
    spec = importlib.util.spec_from_file_location("make_case_format", ROOT / "docs" / "make_case_format.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_case_format_tables_match_the_model() -> None:
    page = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")
    assert _load_make_case_format().generate(page) == page, "run python docs/make_case_format.py"


def test_case_format_table_lists_every_field_and_value() -> None:
    table = _load_make_case_format().table(case_schema(), "Tie")
    for word in ("`from`", "`to`", "`strength`", "`broken`", "`stress`", "`flow`", "`both`", "`note`"):
        assert word in table
    assert "| `strength` | `strong` \\| `moderate` \\| `weak` \\| `broken` | `moderate` |" in table


def test_case_format_examples_load_and_its_messages_are_real() -> None:
    found = blocks(ROOT / "docs" / "case-format.md")
    examples = [b for b in found if b.lang == "yaml"]
    assert len(examples) >= 10
    for i, block in enumerate(found):
        if block.lang != "yaml":
            continue
        if block.marker == "<!-- invalid -->":
            with pytest.raises(CaseError) as refused:
                load_text(block.body, "latihan.yaml")
            shown = found[i + 1].body.split("\n")
            assert [line for line in shown if line] == str(refused.value).splitlines()
        else:
            case = load_text(block.body, f"case-format.md:{block.line}")
            assert render_all(case), f"case-format.md:{block.line} draws nothing"


# --------------------------------------------------------------------------- tutorials

@dataclass
class Block:
    """A fenced block of a tutorial, with the marker comment just before it, if any."""

    lang: str
    body: str
    line: int
    marker: str = ""


@dataclass
class Command:
    text: str
    shown: list[str] = field(default_factory=list)  # the output the tutorial shows for it


def blocks(path: Path) -> list[Block]:
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    marker = ""
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("<!--"):
            marker = line
        elif _FENCE.match(line):
            fence = _FENCE.match(line)[0]  # type: ignore[index]
            lang = line[len(fence):].strip()
            start = i
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            found.append(Block(lang, "\n".join(body) + "\n", start + 1, marker))
            marker = ""
        elif line:
            marker = ""
        i += 1
    return found


def commands(block: Block) -> list[Command]:
    """`$ command` lines, each with the output lines shown under it."""
    found: list[Command] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            found.append(Command(line[2:].strip()))
        elif found and line.strip():
            found[-1].shown.append(line.strip())
    return found


# Commands a tutorial shows that the test does not run: installing, and servers that wait.
_NOT_RUN = ("python3 -m venv", "pip ", ".venv/bin/pip", "git clone", "cd ", "source ", "socialmaps live")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(command: Command, cwd: Path) -> subprocess.CompletedProcess[str]:
    # the timeout only guards against a hang; speed is not measured here
    return subprocess.run(["bash", "-c", command.text], cwd=cwd, env=_environment(),
                          capture_output=True, text=True, timeout=300)


@functools.cache
def _subcommands() -> frozenset[str]:
    """The commands the installed `socialmaps` offers, from its own help."""
    done = subprocess.run(["socialmaps", "--help"], env=_environment(), capture_output=True, text=True,
                          timeout=120)
    return frozenset(re.findall(r"^    (\w+)\s", done.stdout, re.M))


def _missing_command(command: Command) -> bool:
    """A `socialmaps SUB` command whose SUB this version does not have yet (the tutorials are
    written for the merged program; a branch without `batch` runs the rest)."""
    words = command.text.split()
    return words[0] == "socialmaps" and len(words) > 1 and not words[1].startswith("-") \
        and words[1] not in _subcommands()


def _marker_file(marker: str) -> tuple[str, str, bool]:
    """`<!-- file: NAME -->`, `<!-- append: NAME -->`, either with `invalid` after the name."""
    match = re.match(r"<!--\s*(file|append):\s*(\S+)(\s+invalid)?\s*-->", marker)
    assert match, f"a YAML block needs <!-- file: NAME --> or <!-- append: NAME --> before it, not {marker!r}"
    return match[1], match[2], bool(match[3])


@pytest.mark.parametrize("tutorial", TUTORIALS, ids=lambda p: p.name)
def test_tutorial_runs_as_written(tutorial: Path, tmp_path: Path) -> None:
    ran = 0
    for block in blocks(tutorial):
        where = f"{tutorial.name}:{block.line}"
        if block.lang == "yaml":
            how, name, invalid = _marker_file(block.marker)
            file = tmp_path / name
            text = (file.read_text(encoding="utf-8") if how == "append" else "") + block.body
            file.write_text(text, encoding="utf-8")
            if invalid:
                with pytest.raises(CaseError):
                    load_text(text, name)
            else:
                try:
                    load_case(file)
                except CaseError as err:
                    pytest.fail(f"{where}: {name} does not load:\n{err}")
        elif block.lang in ("sh", "console", "bash", "shell"):
            for command in commands(block):
                if command.text.startswith(_NOT_RUN) or _missing_command(command):
                    continue
                done = _run(command, tmp_path)
                ran += 1
                output = [line.strip() for line in (done.stdout + done.stderr).splitlines()]
                if command.shown:
                    missing = [line for line in command.shown if line not in output and line != "…"]
                    assert not missing, (f"{where}: `{command.text}` printed\n{done.stdout}{done.stderr}"
                                         f"\nnot the lines shown: {missing}")
                else:
                    assert done.returncode == 0, f"{where}: `{command.text}` failed:\n{done.stderr}"
    assert ran >= 5, "the tutorial shows too few commands to be run"


def test_tutorial_commands_are_the_same_in_both_languages() -> None:
    """The two tutorials teach the same steps: the same commands, in the same order."""
    def shape(text: str) -> list[str]:
        # file and folder names differ (case.yaml / kasus.yaml, report / laporan); the program,
        # the subcommand and the options do not
        words = shlex.split(text)
        head = words[:2] if words[0] == "socialmaps" else words[:1]
        return head + [w for w in words[2:] if w.startswith("-")]

    def shown(path: Path) -> list[list[str]]:
        return [shape(c.text) for b in blocks(path) for c in commands(b)]

    english, indonesian = (shown(p) for p in TUTORIALS)
    assert english == indonesian


def test_subcommands_read_from_the_help() -> None:
    assert {"render", "validate", "live", "schema", "styles"} <= _subcommands()
    assert _missing_command(Command("socialmaps no-such-command"))
    assert not _missing_command(Command("socialmaps render case.yaml"))


def test_tutorial_checker_catches_a_wrong_transcript(tmp_path: Path) -> None:
    command = Command("echo one", shown=["two"])
    done = _run(command, tmp_path)
    assert [line for line in command.shown if line not in done.stdout.splitlines()] == ["two"]


# --------------------------------------------------------------------------- svg.md

def _documented(svg_doc: str) -> tuple[set[str], set[str]]:
    classes = set(re.findall(r"`(sm-[a-z-]+)`", svg_doc))
    attributes = {name for code in re.findall(r"`([^`]*)`", svg_doc)
                  for name in re.findall(r"\b(data-[a-z]+(?:-[a-z]+)*)", code)}
    return classes, attributes


def _written() -> tuple[set[str], set[str]]:
    classes: set[str] = set()
    attributes: set[str] = set()
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for path in examples:
        case = load_case(path)
        for style in ("default", "nsgc"):
            for drawing in render_all(case, RenderOptions(style=style)).values():
                for element in ET.fromstring(drawing.svg.encode("utf-8")).iter():
                    classes.update(c for c in element.get("class", "").split() if c.startswith("sm-"))
                    attributes.update(k for k in element.attrib if k.startswith("data-"))
        if case.versions:  # what `socialmaps diff` adds to the drawings of a case's versions
            from socialmaps.diff import compare
            from socialmaps.diff.sidebyside import one_figure

            result = compare(case.history(), one_legend=True)
            together = [one_figure(result, kind).svg for kind in result.captions]
            for svg in [d.drawing.svg for d in result.drawings] + together:
                for element in ET.fromstring(svg.encode("utf-8")).iter():
                    classes.update(c for c in element.get("class", "").split() if c.startswith("sm-"))
                    attributes.update(k for k in element.attrib if k.startswith("data-"))
    return classes, attributes


def test_svg_doc_names_what_the_svgs_carry() -> None:
    documented_classes, documented_attributes = _documented(
        (ROOT / "docs" / "svg.md").read_text(encoding="utf-8"))
    classes, attributes = _written()
    assert classes - documented_classes == set(), "classes written but not documented"
    assert attributes - documented_attributes == set(), "data- attributes written but not documented"
    assert documented_classes - classes == set(), "classes documented but never written by the examples"
    assert documented_attributes - attributes == set(), "data- attributes documented but never written"
