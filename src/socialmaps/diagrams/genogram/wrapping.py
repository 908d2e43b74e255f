"""Names wrapped for the labels under a genogram symbol: at spaces, a compound after its own
hyphen, a word too long for any line between syllables with a visible hyphen (never silently
mid-word: the shared checker's `word-break`), a short word kept to its neighbour's line.  `symbols`
plans each person's labels with it."""

from __future__ import annotations

import functools
import itertools

from ... import text as tm


def wrap_words(text: str, width: float, size: float, bold: bool = False, *, word_room: float = 0.0
               ) -> list[str]:
    """Lines of at most `width`, broken at spaces; a word wider than a line is split with a
    visible hyphen at the end of each piece but the last (never silently mid-word), between
    syllables where one fits ("Kusuma-/wardhani", not "Kusumawa-/rdhani").  `word_room`: a word
    up to this wide widens the lines to its own width instead (a name's long word stays whole)."""
    return list(wrapped(text, width, size, bold, word_room))


# A name is wrapped once per drawing, but drawn again and again: every view and style of a case,
# each render of an editor's preview (a tenth of planning a person).  The lines depend on the
# text, the numbers and the font's widths (fixed for the process, as `text.measure`'s cache
# assumes), so a repeat is a look-up.
@functools.lru_cache(maxsize=1 << 13)
def wrapped(text: str, width: float, size: float, bold: bool, word_room: float) -> tuple[str, ...]:
    """`wrap_words`, as a tuple (shared by every caller asking for the same wrap)."""
    words = tm.collapse(text).split(" ")  # never empty: "".split(" ") is [""]
    widths = [tm.measure(word, size, bold) for word in words]  # once, for the room and the splits
    if word_room:
        # (a compound too wide for the room breaks after its own hyphen: its widest part needs it)
        width = max(width, min(max(_unbroken_width(word, w, size, bold, word_room)
                                   for word, w in zip(words, widths, strict=True)), word_room))
    lines: list[str] = []
    current = ""  # the line being filled
    alone = None  # the width of `current` while it is one whole word, else None
    for word, word_width in zip(words, widths, strict=True):
        whole = True
        if word_width > width and len(word) > 1:
            # too wide: cut in pieces, each but the last a line of its own with a hyphen (after
            # the line being filled, where it fits there)
            *ends, word = _word_pieces(word, width, size, bold)
            whole = False
            for piece in ends:
                if not piece.endswith(HYPHENS):  # (a compound's own hyphen ends its piece)
                    piece += "-"
                if current and tm.measure(f"{current} {piece}", size, bold) <= width:
                    piece = f"{current} {piece}"
                elif current:
                    lines.append(current)
                lines.append(piece)
                current = ""
        if not current:
            current, alone = word, word_width if whole else None
            continue
        if _past(alone, word_width if whole else None, width, current, word) or \
                tm.measure(f"{current} {word}", size, bold) > width:
            lines.append(current)
            current, alone = word, word_width if whole else None
        else:
            current, alone = f"{current} {word}", None
    if current or not lines:
        lines.append(current)
    if word_room and any(_stray(line) for line in lines[1:]):
        return tuple(_strays_joined(lines, size, bold, max(width, word_room)))
    return tuple(lines)


# A word this short alone on a line under the first reads as a stray: a regnal number ("George" /
# "III" / "Hanover"), a suffix or an initial at the end ("Edward" / "Jr."), a particle ("William" /
# "the" / "Ambitious", "Ahmad" / "bin" / "Ali").  It keeps to its neighbour where the two fit the room
# a long word may widen a label to, and the stray itself ("Frederick III": a label a few letters
# wider, not a line more).  (A short word on the first line is a title or a first name that reads
# on its own: "Pak" / "Hasan".)
STRAY_LETTERS = 3


def _stray(line: str) -> bool:
    # (a number is not one: "Kakak" / "2" is a role with its count, "p42" an id; joined, such labels
    # widened every name of a generated family and sent more relationship lines across names)
    return len(line) <= STRAY_LETTERS and " " not in line and not line.endswith(HYPHENS) and \
        not any(ch.isdigit() for ch in line)


def _strays_joined(lines: list[str], size: float, bold: bool, room: float) -> list[str]:
    """The lines with each stray after the first joined to a neighbour where the two fit ``room`` and
    the stray: a particle (lower case) to the line after it if it can, a regnal number, a suffix or
    an initial to the line before it if it can, else the other (a line that ends with a hyphen is a
    word broken there: nothing joins it)."""
    out = list(lines)
    i = 1
    while i < len(out):
        if not _stray(out[i]):
            i += 1
            continue
        after, before = (i, i + 1), (i - 1, i)
        for first, second in (after, before) if out[i][0].islower() else (before, after):
            if second >= len(out) or out[first].endswith(HYPHENS):
                continue
            joined = f"{out[first]} {out[second]}"
            if tm.measure(joined, size, bold) <= room + tm.measure(f" {out[i]}", size, bold):
                out[first:second + 1] = [joined]
                i = max(first, 1)
                break
        else:
            i += 1
    return out


def _past(first: float | None, second: float | None, width: float, a: str, b: str) -> bool:
    """Whether two words `a` and `b` of these widths (None: not known) are wider than `width`
    together without the space between them: then they are wider with it, and the line of both
    need not be measured (a name's first two words, each line of a narrow label).  The space adds
    a third of a font size, more than any rounding of the sums by far; printable ASCII only,
    where the line of both is drawn as the two words are (nothing collapsed or replaced)."""
    return first is not None and second is not None and first + second > width and \
        a.isascii() and b.isascii() and a.isprintable() and b.isprintable()


_VOWELS = frozenset("aeiouyàáâãäåèéêëìíîïòóôõöùúûü")
# consonant pairs read as one sound in Indonesian, Javanese and English names: never split
_DIGRAPHS = frozenset({"ng", "ny", "kh", "sy", "dh", "th", "ch", "sh", "ph", "gh", "ck"})


def _syllable_breaks(word: str) -> set[int]:
    """Where `word` may be split between syllables (before index i): before a consonant that
    starts a syllable (ma-wa, war-da), never inside a digraph or leaving one letter alone."""
    low = word.lower()
    vowel = [ch in _VOWELS for ch in low]
    letter = [ch.isalpha() for ch in low]
    out: set[int] = set()
    for i in range(2, len(low) - 1):
        starts = letter[i] and not vowel[i] and vowel[i + 1] and letter[i - 2]
        if not starts or low[i - 1:i + 1] in _DIGRAPHS:
            continue
        if vowel[i - 1] or (letter[i - 1] and not vowel[i - 1] and vowel[i - 2]):
            out.add(i)
    return out


# the hyphens a word may break after as it is written (a compound: "Reuss-Ebersdorf")
HYPHENS = ("-", "\u2010")


def _own_hyphens(word: str) -> list[int]:
    """Where a compound may break after its own hyphens (before index i), a letter either side."""
    return [i + 1 for i in range(1, len(word) - 2) if word[i] in HYPHENS and word[i - 1].isalpha()
            and word[i + 1].isalpha()]


def _unbroken_width(word: str, width: float, size: float, bold: bool, room: float) -> float:
    """How wide a word of this `width` stands where it may not break: whole where it fits the
    `room`, else (a compound) its widest part between its own hyphens."""
    cuts = _own_hyphens(word) if width > room else None
    if not cuts:
        return width
    ends = [0, *cuts, len(word)]
    return max(tm.measure(word[a:b], size, bold) for a, b in itertools.pairwise(ends))


def _word_pieces(word: str, width: float, size: float, bold: bool) -> list[str]:
    """The word cut into pieces that fit `width` with a hyphen after them: after its own last
    hyphen that fits ("Reuss-" / "Ebersdorf", not "Reuss-Ebe-" / "rsdorf"), else at the last
    syllable break that fits, else at the last letter that fits."""
    breaks = _syllable_breaks(word)
    own = _own_hyphens(word)
    pieces: list[str] = []
    start = 0
    while start < len(word):
        if tm.measure(word[start:], size, bold) <= width:
            pieces.append(word[start:])  # the last piece: no hyphen after it
            break
        end = start + 1
        while end < len(word) and tm.measure(word[start:end + 1] + "-", size, bold) <= width:
            end += 1
        if end < len(word):
            fitting = [i for i in own if start + 2 <= i and tm.measure(word[start:i], size, bold) <= width]
            end = fitting[-1] if fitting else max((i for i in breaks if start + 2 <= i <= end), default=end)
        pieces.append(word[start:end])
        start = end
    return pieces
