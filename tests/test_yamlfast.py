"""The fast reader of one-record-a-line YAML (yamlfast.py) reads what the general reader reads.

Every generated text the fast reader accepts must be valid YAML to the general reader, with
the same values (types included); texts outside its subset must be left to the general reader.
"""

from __future__ import annotations

import random

import pytest

from socialmaps.errors import CaseError
from socialmaps.loader import load_text
from socialmaps.yamlfast import read_plain
from socialmaps.yamlscalar import plain_scalar
from socialmaps.yamlsource import parse, read_general

WORDS = ["a", "P0", "Ani Putri", "1990", "2024-09-07", "1990-05", "1.5", "1e5", "true", "False", "null",
         "NULL", "yes", "no", "x y", "a  b", "Straße", "日本", "(x)", "a/b", "a+b", "_y", "0", "007", "0o7",
         "0x1F", "1_000", "a.b", "inf", "nan", "female", "p12", "ke-3"]
# near the subset, or outside it: the fast reader must leave these to the general reader
ODD = ["-x", "x-", "+1", ".5", ".inf", "~", "12:30", "a,b", "a b ", "'q'", '"q"', "a #c", "*x", "&x y",
       "!!str 1", "[a", "{a: b", "[a,b]", "{a:b}", "{a: b , c: d}", "{ a: b}", "[ a]", "- x", "|", ">",
       "a: b", "@x", "`x", "%x", "?", "[a, [b]]", "{a: {b: c}}", "{a: b, a: c}", "", " x"]
KEYS = ["id", "name", "sex", "born", "partners", "children", "a", "b_c", "d-e", "true", "null", "x1"]


def _word(rng: random.Random, odd: float) -> str:
    return rng.choice(ODD) if rng.random() < odd else rng.choice(WORDS)


def _value(rng: random.Random, odd: float) -> str:
    kind = rng.random()
    if kind < 0.5:
        return _word(rng, odd)
    if kind < 0.7:
        return "[" + ", ".join(_word(rng, odd) for _ in range(rng.randrange(4))) + "]"
    entries = []
    for key in rng.sample(KEYS, rng.randrange(4)):
        entries.append(f"{key}: " + (_word(rng, odd) if rng.random() < 0.7 else
                                     "[" + ", ".join(_word(rng, odd) for _ in range(rng.randrange(3))) + "]"))
    return "{" + ", ".join(entries) + "}"


def _block(rng: random.Random, indent: int, depth: int, odd: float, out: list[str]) -> None:
    """A block mapping (or, for a list, its items) at `indent`, lines appended to `out`."""
    pad = " " * indent
    if rng.random() < 0.4 and depth > 0:  # a list
        for _ in range(rng.randrange(1, 4)):
            form = rng.random()
            if form < 0.6:
                out.append(f"{pad}- {_value(rng, odd)}")
            else:  # a mapping in the list, its first entry on the dash's line
                out.append(f"{pad}- {rng.choice(KEYS)}: {_value(rng, odd)}")
                for key in rng.sample(KEYS, rng.randrange(3)):
                    out.append(f"{pad}  {key}: {_value(rng, odd)}")
        return
    for key in rng.sample(KEYS, rng.randrange(1, 4)):
        form = rng.random()
        if form < 0.6 or depth > 3:
            out.append(f"{pad}{key}: {_value(rng, odd)}")
        elif form < 0.7:
            out.append(f"{pad}{key}:")  # null
        else:
            out.append(f"{pad}{key}:")
            _block(rng, indent + rng.choice([1, 2, 2, 4]), depth + 1, odd, out)
        if rng.random() < 0.1:
            out.append(rng.choice(["", "# a comment", "   # indented comment"]))


MUTATIONS = ["---", "...", "- - x", "id:  x", "id : x", "-", "id: x # c", "  continued", "id:\tx", "#: x",
             "id:x", "  - x", " id: x", "id: x\r", "id: {a: b,\n  c: d}"]


def _document(rng: random.Random) -> str:
    odd = rng.choice([0.0, 0.0, 0.02, 0.1])
    lines = ["socialmaps: 1"]
    _block(rng, 0, 0, odd, lines)
    for _ in range(rng.choice([0, 0, 1, 2])):  # a mutation: a line moved, added or cut
        at = rng.randrange(1, len(lines) + 1)
        choice = rng.random()
        if choice < 0.4:
            lines.insert(at, " " * rng.choice([0, 1, 2, 4]) + rng.choice(MUTATIONS))
        elif choice < 0.7 and at < len(lines):
            lines[at] = " " * rng.choice([1, 2, 3]) + lines[at]
        elif at < len(lines):
            lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
    return "\n".join(lines) + rng.choice(["\n", "", "  \n", "\n\n"])


def test_what_the_fast_reader_accepts_the_general_reader_reads_alike() -> None:
    rng = random.Random(20261203)
    accepted = 0
    for _ in range(20_000):
        text = _document(rng)
        fast = read_plain(text, plain_scalar, 1_000_000)
        if fast is None:
            continue
        accepted += 1
        try:
            general = read_general(text, "t.yaml", 2_000_000).data
        except CaseError as err:  # the fast reader accepted what YAML refuses
            pytest.fail(f"accepted invalid YAML {text!r}: {err.problems[0]}")
        assert repr(fast) == repr(general), text
    assert accepted > 500  # the generator reaches the subset often enough to mean something


def _chain(n: int) -> str:
    lines = ["socialmaps: 1\ncase:\n  id: c\n  client: p0\n  date: 2024-09-07\npeople:\n"]
    lines += [f"  - {{id: p{i}, name: P{i}, sex: {'male' if i % 2 else 'female'}, born: {1900 + i}}}\n"
              for i in range(n)]
    lines.append("unions:\n")
    lines += [f"  - {{partners: [p{i}], children: [p{i + 1}]}}\n" for i in range(n - 1)]
    return "".join(lines)


def test_a_large_generated_file_is_read_fast_with_the_general_readers_values_and_positions() -> None:
    text = _chain(300)
    fast, general = parse(text, "c.yaml"), read_general(text, "c.yaml", 2_000_000)
    assert fast._unread is not None  # read by the fast reader
    assert repr(fast.data) == repr(general.data)
    assert fast.positions == general.positions and fast.key_positions == general.key_positions
    line = text.splitlines()[13]  # the 8th person's
    assert fast.where(("people", 7, "born")) == (14, line.index("1907") + 1)


@pytest.mark.parametrize("change", [
    ("children: [p5]}", "children: [p5, nobody]}"),  # an unknown person
    ("{id: p9, name: P9, sex: male", "{id: p9, name: P9, sex: malee"),  # a value not allowed
])
def test_a_problem_in_a_file_read_fast_is_reported_at_its_line_and_column(change: tuple[str, str]) -> None:
    text = _chain(20).replace(*change)
    with pytest.raises(CaseError) as caught:
        load_text(text, "c.yaml")
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if change[1] in line)
    assert [p.line for p in caught.value.problems] == [line_no]
    column = text.splitlines()[line_no - 1].index(change[1].split(",")[-1].strip("}] ").split(": ")[-1]) + 1
    assert caught.value.problems[0].column == column
