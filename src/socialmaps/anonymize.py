"""Anonymisation: the same case with every name replaced and every date cut to its year.

    from socialmaps.anonymize import anonymize
    safe = anonymize(case)                 # roles: "Ibu", "Kakak 1", "Nenek (dari ayah)", "Klien"
    safe = anonymize(case, "initials")     # "LW", "BS", …

A pure function of the case: it builds a new, validated `Case`; every diagram drawn from it, and every
file written of it, shows only what it holds, so one case's labels are the same in every output.

What changes (`docs/ANONYMISATION.md` would repeat this; the README points here):
- Every person's name becomes a role relative to the client (`roles`, the default) or the name's
  initials (`initials`); a role or initials held by more than one person is numbered in birth order
  ("Kakak 1", "Kakak 2"); people with no kin path to the client are "Orang 1", "Orang 2", ….
  Without a client every person is "Orang N" in `roles` mode.
- Every person id, system id and union id becomes a neutral one (`p1`, `s1`, derived union ids): ids
  appear in the SVG's `data-` attributes and are often names.
- The case id becomes `case-` and 10 hex digits of its SHA-256 (file and folder names, `data-case`):
  a pseudonym that keeps different cases apart, not a secret (a short id can be guessed and hashed).
- The case title and the worker are dropped, since either may hold a name: the caption names the
  client by its label ("Klien", or the initials); a case without a client (a community's Venn) gets
  the title "Komunitas" / "Community", and the title wherever a free text repeats it.
- Ecomap systems of kind friends, family and extended-family are people: renamed by their kind
  ("Teman 1"). Other systems keep their names with every person's name in them replaced
  ("Lena's employer" -> "Ibu's employer").
- In every free text (BPSS and strength items, event titles, hopes, occupations, conditions, Venn
  items and centre, system names) each person's full name and each word of a multi-word name (not
  honorifics such as "Pak" nor kin words such as "Anak" or "Uncle"; names of 1-2 letters only as
  written) is replaced, whole-word and case-insensitively, by the label; a word two people share
  (a family name) becomes "[nama]" / "[name]".  A name the case does not list is caught after a
  title ("Bapak Rudi", "Mr. Smith" -> "Bapak [nama]", "Mr. [nama]"); others (a friend named only in a
  BPSS item) cannot be told from other words: write those as roles in the case file.
- Dates become years (birth, death, unions, events, pregnancies, the assessment date); ages are
  computed from the full dates first, so they stay exact.
- Notes (of people, relationships, systems, ties, events, marks, pregnancies, Venn items) are dropped,
  unless `keep_notes`, when they are kept with names replaced like any free text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from .lang import LANGUAGES, Words, words
from .model import KNOWN_CONDITIONS, Case, PartialDate, Person, Union, parse_date
from .options import RenderOptions

Mode = Literal["roles", "initials"]
MODES: tuple[Mode, ...] = get_args(Mode)

# Words that stand before a name without being one: never replaced on their own in free text.
HONORIFICS = frozenset({
    "ibu", "bu", "bapak", "pak", "ayah", "mbak", "mas", "kak", "kakak", "adik", "dik", "bang", "abang",
    "om", "tante", "nenek", "kakek", "oma", "opa", "nek", "kek", "teh", "aa", "uda", "uni", "ustaz",
    "ustadz", "haji", "hajjah", "dr", "mr", "mrs", "ms", "miss", "mx", "sir", "dan", "and", "bin", "binti",
    "van", "von", "de", "la", "al",
})


@functools.cache
def kin_words() -> frozenset[str]:
    """Words that are not names though a name may hold them ("Anak Joli", "Uncle Rob"): the
    honorifics and every word of the role labels in every language, casefolded."""
    found = set(HONORIFICS)
    for code in LANGUAGES:
        table = words(code)
        for key, text in table.table.items():
            if key.startswith("anonymize."):
                found.update(w.casefold() for w in re.findall(r"[^\W\d_]+", text))
    return frozenset(found)


# Ecomap systems of these kinds are people (a friend, a relative, a family): renamed by their kind.
PERSON_KINDS = frozenset({"friends", "family", "extended-family"})


def anonymize(case: Case, mode: Mode = "roles", *, lang: str | None = None, keep_notes: bool = False,
              names_from: Case | None = None) -> Case:
    """The case with names replaced by roles or initials, ids neutral, dates cut to years and notes
    dropped (see the module's docstring). `lang`: the labels' language (default: the case's).
    `names_from`: a case holding every person and system of this one (the union of a case's versions)
    whose labels and neutral ids are used, so that the versions of one case name everyone alike."""
    if mode not in MODES:
        raise ValueError(f"unknown anonymisation {mode!r}; choose from {', '.join(MODES)}")
    basis = names_from or case
    table = words(lang or case.case.language)
    labels = person_labels(basis, mode, table)
    people_ids = {p.id: f"p{i}" for i, p in enumerate(basis.people, 1)}
    systems = basis.ecomap.systems if basis.ecomap else []
    system_ids = {s.id: f"s{i}" for i, s in enumerate(systems, 1)}
    system_labels = _system_labels(basis, table)
    client = case.client
    subject = labels[client.id] if client is not None else table["anonymize.subject"]
    rename = Renamer.for_case(basis, labels, system_labels, table["anonymize.name"], subject)
    title = subject if case.case.title and not case.client else None
    rewrite = _Rewrite(case, labels, people_ids, system_ids, system_labels, rename, keep_notes, title)
    return Case.model_validate(rewrite.case_data())


# ----------------------------------------------------------------------------- labels


def person_labels(case: Case, mode: Mode, table: Words) -> dict[str, str]:
    """Each person's label (person id -> text), numbered where two share one."""
    if mode == "initials":
        keys = {p.id: initials(p.name) for p in case.people}
    else:
        keys = {pid: table.format(f"anonymize.{key}", side=table[f"anonymize.{side}"] if side else "")
                for pid, (key, side) in _roles(case).items()}
        for p in case.people:
            keys.setdefault(p.id, table["anonymize.person"])
    always_numbered = {table["anonymize.person"]} if mode == "roles" else set()
    return _numbered(case, keys, always_numbered)


def initials(name: str) -> str:
    """'Lena Wijaya' -> 'LW'; a name already written as initials ('SSJ', 'MS') stays as it is."""
    parts: list[str] = re.findall(r"[^\W\d_]+", name)
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 4:
        return parts[0]
    letters = "".join(p[0].upper() for p in parts if p.casefold() not in HONORIFICS)
    return letters or "".join(p[0].upper() for p in parts) or "?"


def _numbered(case: Case, labels: dict[str, str], always: set[str]) -> dict[str, str]:
    """'Kakak' held by three people -> 'Kakak 1', 'Kakak 2', 'Kakak 3', oldest first (file order
    where a birth year is unknown)."""
    order = {p.id: i for i, p in enumerate(case.people)}
    born = {p.id: case.birth_year(p) for p in case.people}
    holders: dict[str, list[str]] = defaultdict(list)
    for pid, label in labels.items():
        holders[label].append(pid)
    numbered = dict(labels)
    for label, ids in holders.items():
        if len(ids) == 1 and label not in always:
            continue
        ids.sort(key=lambda pid: (born[pid] is None, born[pid] or 0.0, order[pid]))
        for n, pid in enumerate(ids, 1):
            numbered[pid] = f"{label} {n}"
    return numbered


@dataclass
class _Kin:
    """Who is whose parent, child and partner, read once from the unions."""

    parents: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    children: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    partners: dict[str, list[tuple[str, Union]]] = field(default_factory=lambda: defaultdict(list))
    # Position among the children of the union a child is listed in ("oldest first").
    child_rank: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, case: Case) -> _Kin:
        kin = cls()
        for union in case.unions:
            assert union.id is not None
            for a in union.partners:
                kin.partners[a].extend((b, union) for b in union.partners if b != a)
            for rank, child in enumerate(union.children):
                kin.child_rank[(union.id, child.id)] = rank
                for parent in union.partners:
                    kin.parents[child.id].append((parent, child.relation))
                    kin.children[parent].append((child.id, child.relation))
        return kin

    def own_parents(self, pid: str) -> list[str]:
        return _unique(p for p, rel in self.parents.get(pid, []) if rel != "step")

    def step_parents(self, pid: str) -> list[str]:
        return _unique(p for p, rel in self.parents.get(pid, []) if rel == "step")

    def own_children(self, pid: str) -> list[str]:
        return _unique(c for c, rel in self.children.get(pid, []) if rel != "step")

    def all_children(self, pid: str) -> list[str]:
        return _unique(c for c, _ in self.children.get(pid, []))

    def partner_ids(self, pid: str) -> list[str]:
        return _unique(o for o, _ in self.partners.get(pid, []))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


Role = tuple[str, str]  # (word key under [anonymize], side key or "")


def _roles(case: Case) -> dict[str, Role]:
    """Each relative's role relative to the client, the closest first: a person who is both a
    parent's partner and an uncle's partner is a step-parent.  Unrelated people are left out."""
    client = case.client
    if client is None:
        return {}
    kin = _Kin.of(case)
    sex = {p.id: p.sex for p in case.people}
    roles: dict[str, Role] = {}

    def give(pid: str, key: str, side: str = "") -> None:
        if pid in sex:
            roles.setdefault(pid, (key, side))

    def by_sex(pid: str, female: str, male: str, other: str) -> str:
        return {"female": female, "male": male}.get(sex.get(pid, "unknown"), other)

    me = client.id
    give(me, "client")
    parents = kin.own_parents(me)
    for p in parents:
        give(p, by_sex(p, "mother", "father", "parent"))
    for p in kin.step_parents(me):
        give(p, by_sex(p, "stepmother", "stepfather", "stepparent"))
    for o, union in kin.partners.get(me, []):
        if union.status in ("divorced", "separated"):
            give(o, "former_partner")
        elif union.type == "married":
            give(o, by_sex(o, "wife", "husband", "partner"))
        else:
            give(o, "partner")
    for p in parents:
        for o in kin.partner_ids(p):
            give(o, by_sex(o, "stepmother", "stepfather", "stepparent"))
    for c, rel in kin.children.get(me, []):
        give(c, "stepchild" if rel == "step" else "child")
    for o in kin.partner_ids(me):
        for c in kin.all_children(o):
            give(c, "stepchild")
    siblings = _siblings(case, kin, me, parents)
    for s, key in siblings.items():
        give(s, key)
    for sp in [pid for pid, (key, _) in roles.items() if key.startswith("step") and key != "stepchild"]:
        for c in kin.all_children(sp):
            give(c, "step_sibling")
    for p in parents:
        side = {"female": "side_mother", "male": "side_father"}.get(sex.get(p, "unknown"), "")
        for g in kin.own_parents(p):
            give(g, by_sex(g, "grandmother", "grandfather", "grandparent"), side)
            for gg in kin.own_parents(g):
                give(gg, "great_grandparent")
    for p in parents:
        for g in kin.own_parents(p):
            for u in kin.own_children(g):
                if u in parents:
                    continue
                give(u, by_sex(u, "aunt", "uncle", "parent_sibling"))
                for o in kin.partner_ids(u):
                    give(o, by_sex(o, "aunt", "uncle", "parent_sibling"))
                for c in kin.all_children(u):
                    give(c, "cousin")
    for c in kin.own_children(me):
        for gc in kin.all_children(c):
            give(gc, "grandchild")
    for s in siblings:
        for c in kin.all_children(s):
            give(c, by_sex(c, "niece", "nephew", "sibling_child"))
        for o in kin.partner_ids(s):
            give(o, "sibling_in_law")
    for o in kin.partner_ids(me):
        for pp in kin.own_parents(o):
            give(pp, "parent_in_law")
            for s in kin.own_children(pp):
                if s != o:
                    give(s, "sibling_in_law")
    for pid in _connected(case, me):
        give(pid, "relative")
    return roles


def _siblings(case: Case, kin: _Kin, me: str, parents: list[str]) -> dict[str, str]:
    """The client's siblings and half-siblings -> their role key: older/younger by birth (by the
    order a union lists its children where a birth year is missing), plain sibling when unknown."""
    mine = set(parents)
    born = {p.id: case.birth_year(p) for p in case.people}
    found: dict[str, str] = {}
    for p in parents:
        for s in kin.own_children(p):
            if s == me or s in found or s in mine:
                continue
            if set(kin.own_parents(s)) != mine:
                found[s] = "half_sibling"
                continue
            found[s] = _older_or_younger(case, kin, me, s, born)
    return found


def _older_or_younger(case: Case, kin: _Kin, me: str, sibling: str, born: dict[str, float | None]) -> str:
    mine, theirs = born.get(me), born.get(sibling)
    if mine is not None and theirs is not None and mine != theirs:
        return "older_sibling" if theirs < mine else "younger_sibling"
    for union in case.unions:
        assert union.id is not None
        a, b = kin.child_rank.get((union.id, me)), kin.child_rank.get((union.id, sibling))
        if a is not None and b is not None and mine is None and theirs is None:
            return "older_sibling" if b < a else "younger_sibling"
    return "sibling"


def _connected(case: Case, start: str) -> set[str]:
    """Everyone joined to `start` by unions (partners and children), `start` included."""
    links: dict[str, set[str]] = defaultdict(set)
    for union in case.unions:
        members = [*union.partners, *(c.id for c in union.children)]
        for a in members:
            links[a].update(members)
    seen, todo = {start}, [start]
    while todo:
        for nxt in links[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def _system_labels(case: Case, table: Words) -> dict[str, str]:
    """Systems that are people (friends, family, extended family) -> 'Teman 1', 'Keluarga', …"""
    if case.ecomap is None:
        return {}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for system in case.ecomap.systems:
        if system.kind in PERSON_KINDS:
            by_kind[system.kind].append(system.id)
    labels = {}
    for kind, ids in by_kind.items():
        word = table[f"ecomap.kind.{kind}"]
        for n, sid in enumerate(ids, 1):
            labels[sid] = word if len(ids) == 1 else f"{word} {n}"
    return labels


# ----------------------------------------------------------------------------- free text


@dataclass(frozen=True)
class Renamer:
    """Replaces names in free text: `renamer("Lena called Budi")` -> 'Ibu called Ayah'."""

    replacements: dict[str, str]  # casefolded name or name word -> label
    pattern: re.Pattern[str] | None
    unknown: str  # what a name the case does not list becomes: "[nama]"

    @classmethod
    def for_case(cls, case: Case, labels: dict[str, str], system_labels: dict[str, str],
                 ambiguous: str, subject: str) -> Renamer:
        whole: dict[str, str] = {}
        if case.case.title:  # often a name ("Klien MS", a village): it reads as the subject's label
            whole[case.case.title.strip().casefold()] = subject
        for person in case.people:
            whole.setdefault(person.name.strip().casefold(), labels[person.id])
        for system in case.ecomap.systems if case.ecomap else []:
            if system.id in system_labels:
                for form in (system.name, re.sub(r"\s*\(.*?\)\s*", " ", system.name)):
                    whole.setdefault(form.strip().casefold(), system_labels[system.id])
        parts: dict[str, set[str]] = defaultdict(set)
        for person in case.people:
            for word in re.findall(r"[^\W\d_]+", person.name):
                if word.casefold() not in kin_words() and len(re.findall(r"[^\W\d_]+", person.name)) > 1:
                    parts[word.casefold()].add(labels[person.id])
        replacements = dict(whole)
        for word, held in parts.items():
            replacements.setdefault(word, held.pop() if len(held) == 1 else ambiguous)
        replacements = {k: v for k, v in replacements.items() if k}
        return cls(replacements, _pattern(case, replacements), ambiguous)

    def __call__(self, text: str) -> str:
        return _TITLED.sub(self._titled, text if self.pattern is None else self.pattern.sub(self._name, text))

    def _name(self, match: re.Match[str]) -> str:
        return self.replacements[match.group(0).casefold()]

    def _titled(self, match: re.Match[str]) -> str:
        """'Bapak Rudi' of someone the case does not list: the name after a title is unknown."""
        name = match.group("name")
        if name.split()[0].casefold() in kin_words():  # "Ibu Klien", "Pak Ayah": no name here
            return match.group(0)
        return match.group("title") + self.unknown


# A title and the capitalised words after it ("Bapak Rudi", "Mr. Smith"): a name, listed or not.
# Applied after the listed names are replaced, so "Nenek Sri" (a listed Sri) is already a label.
_TITLES = ("bapak", "pak", "ibu", "bu", "mbak", "mas", "kak", "bang", "abang", "om", "tante", "ustaz",
           "ustadz", "haji", "hajjah", "sdr", "sdri", "dr", "mr", "mrs", "ms", "miss", "mx")
_TITLED = re.compile(r"(?P<title>(?<![^\W_])(?i:" + "|".join(_TITLES) + r")\.?\s+)"
                     r"(?P<name>[A-Z\u00C0-\u00DE][^\W\d_]*(?:\s+[A-Z\u00C0-\u00DE][^\W\d_]*){0,2})")


def _pattern(case: Case, replacements: dict[str, str]) -> re.Pattern[str] | None:
    if not replacements:
        return None
    # Short names ("A", "LM") match only as written: "a" is a word in English, "A" a person here.
    written = {n.casefold(): n for n in [p.name.strip() for p in case.people]}
    alternatives = []
    for key in sorted(replacements, key=lambda k: (-len(k), k)):
        if len(key) <= 2:
            alternatives.append(re.escape(written.get(key, key.upper())))
        else:
            alternatives.append(f"(?i:{re.escape(key)})")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


# ----------------------------------------------------------------------------- the new case


def _year(value: Any) -> Any:
    """A date (any precision) -> its year; `True` (died, year unknown) and None stay."""
    if value is None or value is True:
        return value
    if isinstance(value, PartialDate):
        return value.year
    if isinstance(value, dict) and "age" in value:
        return value
    if isinstance(value, dict):
        return int(value["year"])
    return parse_date(value).year


@dataclass
class _Rewrite:
    """The anonymised case as the dict a case file would give, built section by section."""

    case: Case
    labels: dict[str, str]
    people_ids: dict[str, str]
    system_ids: dict[str, str]
    system_labels: dict[str, str]
    rename: Callable[[str], str]
    keep_notes: bool
    title: str | None

    def note(self, text: str | None) -> str | None:
        return self.rename(text) if text and self.keep_notes else None

    def ref(self, pid: str) -> str:
        """A person or system id -> its neutral id (`center`, `household` stay)."""
        return self.people_ids.get(pid) or self.system_ids.get(pid) or pid

    def case_data(self) -> dict[str, Any]:
        c = self.case
        data: dict[str, Any] = {
            "socialmaps": 1,
            "case": {"id": case_pseudonym(c.case.id), "title": self.title, "language": c.case.language,
                     "client": self.ref(c.case.client) if c.case.client else None,
                     "date": _year(c.case.date), "style": c.case.style},
            "people": [self.person(p) for p in c.people],
            "unions": [self.union(u) for u in c.unions],
            "relationships": [{"between": [self.ref(i) for i in r.between], "type": r.type,
                               "note": self.note(r.note)} for r in c.relationships],
        }
        for name, section in (("ecomap", self.ecomap()), ("lifemap", self.lifemap()),
                              ("bodymap", self.bodymap()), ("bpss", self.texts(c.bpss)),
                              ("strengths", self.strengths()), ("venn", self.venn())):
            if section is not None:
                data[name] = section
        if c.measures:
            data["measures"] = self.measures()
        return data

    def measures(self) -> list[dict[str, Any]]:
        """Scores stay (they are the evaluation); names are renamed, dates cut to years, notes dropped."""
        return [{"name": self.rename(m.name), "unit": m.unit, "range": list(m.range), "better": m.better,
                 "goal": m.goal, "chart": m.chart, "note": self.note(m.note),
                 "readings": [{"date": _year(r.date), "session": r.session, "value": r.value,
                               "label": self.rename(r.label) if r.label else None, "note": self.note(r.note)}
                              for r in m.readings]}
                for m in self.case.measures]

    def person(self, p: Person) -> dict[str, Any]:
        return {
            "id": self.people_ids[p.id], "name": self.labels[p.id], "sex": p.sex, "gender": p.gender,
            "born": _year(p.born), "died": _year(p.died),
            # From the full dates, before they are cut: cutting both to years could add a year.
            "age": self.case.age_of(p),
            "occupation": self.rename(p.occupation) if p.occupation else None,
            "education": self.rename(p.education) if p.education else None,
            "conditions": [c if c in KNOWN_CONDITIONS else self.rename(c) for c in p.conditions],
            "notes": self.note(p.notes), "lives_with_client": p.lives_with_client,
        }

    def union(self, u: Union) -> dict[str, Any]:
        return {
            "partners": [self.ref(i) for i in u.partners], "type": u.type, "status": u.status,
            "start": _year(u.start), "end": _year(u.end),
            "children": [{"id": self.ref(ch.id), "relation": ch.relation} for ch in u.children],
            "twins": [{"members": [self.ref(i) for i in t.members], "kind": t.kind} for t in u.twins],
            "pregnancies": [{"outcome": pr.outcome, "year": _year(pr.year), "sex": pr.sex,
                             "note": self.note(pr.note)} for pr in u.pregnancies],
        }

    def ecomap(self) -> dict[str, Any] | None:
        eco = self.case.ecomap
        if eco is None:
            return None
        return {
            "center": self.ref(eco.center),
            "systems": [{"id": self.system_ids[s.id],
                         "name": self.system_labels.get(s.id) or self.rename(s.name),
                         "kind": s.kind, "size": s.size, "note": self.note(s.note)} for s in eco.systems],
            "ties": [{"from": self.ref(t.from_), "to": self.ref(t.to), "strength": t.strength,
                      "stress": t.stress, "flow": t.flow, "note": self.note(t.note)} for t in eco.ties],
        }

    def lifemap(self) -> dict[str, Any] | None:
        life = self.case.lifemap
        if life is None:
            return None
        return {
            "events": [{"when": {"age": e.when.age} if not isinstance(e.when, PartialDate) else e.when.year,
                        "title": self.rename(e.title), "valence": e.valence, "note": self.note(e.note)}
                       for e in life.events],
            "hopes": [self.rename(h) for h in life.hopes],
        }

    def bodymap(self) -> dict[str, Any] | None:
        body = self.case.bodymap
        if body is None:
            return None
        return {"views": list(body.views), "figure": self.case.body_figure(),
                "marks": [{"region": m.region, "kind": m.kind, "view": m.view, "note": self.note(m.note)}
                          for m in body.marks]}

    def texts(self, section: Any) -> dict[str, Any] | None:
        """A section of lists of free text (BPSS, one side of the strengths) with names replaced."""
        if section is None:
            return None
        out: dict[str, Any] = {}
        for name, value in section:
            out[name] = [self.rename(item) for item in value] if isinstance(value, list) else value
        return out

    def strengths(self) -> dict[str, Any] | None:
        s = self.case.strengths
        if s is None:
            return None
        return {"internal": self.texts(s.internal), "external": self.texts(s.external)}

    def venn(self) -> dict[str, Any] | None:
        v = self.case.venn
        if v is None:
            return None
        return {"center": self.rename(v.center) if v.center else None,
                "items": [{"name": self.rename(i.name), "importance": i.importance,
                           "closeness": i.closeness, "note": self.note(i.note)} for i in v.items]}


def case_pseudonym(case_id: str) -> str:
    """The case id in file names and `data-case` of an anonymised render: same id, same pseudonym."""
    return "case-" + hashlib.sha256(case_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def as_options_say(case: Case, options: RenderOptions) -> Case:
    """The case as `write_case` draws it: anonymised when the options (or, where they leave it open,
    the case file's `anonymize`) ask for it; `anonymize="off"` draws the names."""
    mode = options.anonymize or case.case.anonymize
    if mode is None or mode == "off":
        return case
    return anonymize(case, mode, lang=options.lang, keep_notes=options.keep_notes)
