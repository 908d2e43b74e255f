"""The case file, format 1, as validated models (see shared case-format.md).

Field names are a promise to users: they are extended, never renamed.  Every
model forbids unknown keys (a typo is an error with a "did you mean" hint,
added by the loader).  Cross-references between sections are checked in
`checks.py`, after these models have validated each value on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .bodyregions import CHILD_BELOW_AGE, VIEWS

ID_PATTERN = r"^[A-Za-z0-9_-]+$"
CASE_ID_PATTERN = r"^[A-Za-z0-9._-]+$"
STYLE_PATTERN = r"^[a-z0-9-]+$"


def _not_bool(value: Any) -> Any:
    # YAML's true/false are Python's 1/0: without this, `age: true` would read as age 1.
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got the yes/no value {str(value).lower()}")
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64,
                          description="an identifier: letters, digits, _ and -")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


# --------------------------------------------------------------------------- dates

@dataclass(frozen=True)
class PartialDate:
    """A year, a year and month, or a full date, as case files give them.

    A partial date is a span of days (1990 is 1 January to 31 December 1990), so two dates
    are not always in a known order: 1990 and 1990-05 overlap. No `<` is defined (it would
    have to guess); compare with `certainly_before`, or order by `decimal` for drawing."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every day this date may mean is before every day the other may mean."""
        return self.last_day < other.first_day

    @property
    def decimal(self) -> float:
        """Decimal year (mid-month / mid-year where the day or month is unknown): for ordering and axes."""
        if self.month is None:
            return self.year + 0.5
        start = dt.date(self.year, self.month, 1).toordinal()
        days = 366 if _leap(self.year) else 365
        day = (self.day - 1) if self.day else 14.5
        return self.year + (start - dt.date(self.year, 1, 1).toordinal() + day) / days

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def years_until(self, other: PartialDate) -> int:
        """Whole years from this date to another (an age), as precise as both dates allow: where
        one is partial, the greatest age they allow (born 1990-05, at 2000: 10, though 9 until May)."""
        years = other.year - self.year
        if self.month and other.month and (other.month, other.day or 31) < (self.month, self.day or 1):
            years -= 1
        return years


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a year (1998), YYYY-MM or YYYY-MM-DD")
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ValueError("expected a year (1998), YYYY-MM or YYYY-MM-DD")
    match = _DATE.match(text)
    if not match:
        shown = repr(text) if len(text) <= 40 else repr(text[:20] + "…" + text[-19:])
        raise ValueError(f"{shown} is not a date: write a year (1998), YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if not 1000 <= year <= 2200:
        raise ValueError(f"year {year} is out of range (1000–2200)")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"{text} is not a calendar date") from None
    return PartialDate(year, month, day)


DATE_SCHEMA = {"anyOf": [
    {"type": "integer", "minimum": 1000, "maximum": 2200, "description": "a year"},
    {"type": "string", "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$",
     "description": "YYYY, YYYY-MM or YYYY-MM-DD"},
]}

Date = Annotated[PartialDate, PlainValidator(parse_date), PlainSerializer(str, return_type=str),
                 WithJsonSchema(DATE_SCHEMA)]


class Strict(BaseModel):
    """Base of every section: unknown keys are errors, values are not coerced between types silently."""

    # Numbers are fine where text is expected: `name: 12`, `id: 7` (PED-style ids), `title: 2024`.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, coerce_numbers_to_str=True)


# --------------------------------------------------------------------------- case

Language = Literal["id", "en"]


class CaseInfo(Strict):
    id: Annotated[str, Field(pattern=CASE_ID_PATTERN, min_length=1, max_length=100,
                             description="safe for file names: letters, digits, . _ -")]
    title: Text | None = Field(None, description='used in captions: "Gambar 1 Genogram Klien MS"')
    language: Language = Field("id", description="language of every label, legend and caption")
    client: Id | None = Field(None, description="id of the index person")
    date: Date | None = Field(None, description="date of assessment; ages are computed at it")
    worker: Text | None = Field(None, description="who recorded the assessment (body map footer)")
    style: Annotated[str, Field(pattern=STYLE_PATTERN)] | None = Field(
        None, description="preferred style (e.g. print, nsgc); `--style` overrides it")
    anonymize: Literal["roles", "initials"] | None = Field(
        None, description="always render anonymised: names as roles (Ibu, Kakak 1) or initials, "
                          "dates as years, notes dropped; `--anonymize off` overrides it")


# --------------------------------------------------------------------------- people and unions

Sex = Literal["female", "male", "unknown"]
Gender = Literal["woman", "man", "nonbinary", "trans-woman", "trans-man", "unknown"]
KNOWN_CONDITIONS = ("physical-illness", "mental-illness", "substance-abuse", "in-recovery",
                    "disability", "suspected-substance-abuse")


class Person(Strict):
    id: Id
    name: Text
    sex: Sex = Field("unknown", description="assigned at birth")
    gender: Gender | None = None
    born: Date | None = None
    died: Date | Literal[True] | None = Field(
        None, description="year/date of death, or true when the year is unknown")
    age: Annotated[int, Field(ge=0, le=130), BeforeValidator(_not_bool)] | None = Field(
        None, description="age at the assessment (or at death); computed from born/died when absent")
    occupation: Text | None = None
    education: Text | None = None
    conditions: list[Text] = Field(default_factory=list, description=(
        "known conditions fill the symbol: " + ", ".join(KNOWN_CONDITIONS)
        + "; any other text appears in the notes"))
    notes: Text | None = None
    lives_with_client: bool = False

    @field_validator("died", mode="before")
    @classmethod
    def _died(cls, value: Any) -> Any:
        if value is False:
            raise ValueError("leave 'died' out for a living person (true means: died, year unknown)")
        if value is None or value is True:
            return value
        # Read the date here: the union would otherwise take `died: 1` as `true` (1 == True) and
        # answer a wrong date twice, once per member.
        try:
            return parse_date(value)
        except ValueError as err:
            raise ValueError(f"{err}, or true when the year of death is unknown") from None

    @property
    def deceased(self) -> bool:
        return self.died is not None


UnionType = Literal["married", "cohabiting", "engaged", "relationship", "affair"]
UnionStatus = Literal["together", "separated", "divorced", "widowed"]
Relation = Literal["biological", "adopted", "foster", "step"]


class Child(Strict):
    id: Id
    relation: Relation = "biological"


def _child(value: Any) -> Any:
    return {"id": value} if isinstance(value, str | int) and not isinstance(value, bool) else value


ChildEntry = Annotated[Child, BeforeValidator(_child), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": ID_PATTERN, "description": "a person id (a biological child)"},
    {"type": "object", "additionalProperties": False, "required": ["id"], "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN},
        "relation": {"enum": ["biological", "adopted", "foster", "step"], "default": "biological"}}},
]})]


class Twins(Strict):
    members: Annotated[list[Id], Field(min_length=2, max_length=6)]
    kind: Literal["identical", "fraternal", "unknown"] = "unknown"


class Pregnancy(Strict):
    outcome: Literal["pregnant", "miscarriage", "stillbirth", "abortion"]
    year: Date | None = None
    sex: Sex = "unknown"
    note: Text | None = None


class Union(Strict):
    id: Id | None = Field(None, description="optional; derived from the partners when absent")
    partners: Annotated[list[Id], Field(min_length=1, max_length=2)]
    type: UnionType = "married"
    status: UnionStatus = "together"
    start: Date | None = None
    end: Date | None = None
    children: list[ChildEntry] = Field(default_factory=list, description="oldest first")
    twins: list[Twins] = Field(default_factory=list)
    pregnancies: list[Pregnancy] = Field(default_factory=list)


RelationshipType = Literal["close", "fused", "distant", "conflict", "hostile", "cutoff",
                           "close-hostile", "abuse", "neglect", "focused-on"]


class Relationship(Strict):
    between: Annotated[list[Id], Field(min_length=2, max_length=2)] = Field(
        description="two person ids; for abuse, neglect and focused-on the first acts on the second")
    type: RelationshipType
    note: Text | None = None


# --------------------------------------------------------------------------- ecomap

SystemKind = Literal["family", "extended-family", "friends", "school", "work", "health", "religion",
                     "social-services", "recreation", "legal", "neighbourhood", "other"]


class System(Strict):
    id: Id
    name: Text
    kind: SystemKind = "other"
    size: Annotated[int, Field(ge=1, le=3), BeforeValidator(_not_bool)] = 2
    note: Text | None = None


class Tie(Strict):
    from_: Id = Field(alias="from", description="a person id, a system id, or `center`")
    to: Id
    strength: Literal["strong", "moderate", "weak", "broken"] = "moderate"
    stress: bool = False
    flow: Literal["none", "to", "from", "both"] = "none"
    note: Text | None = None


class Ecomap(Strict):
    center: Id = Field("household", description="`household` (everyone lives_with_client) or a person id")
    systems: list[System] = Field(default_factory=list)
    ties: list[Tie] = Field(default_factory=list)


# --------------------------------------------------------------------------- life road map

class AgeWhen(Strict):
    age: Annotated[int, Field(ge=0, le=130), BeforeValidator(_not_bool)]


def _when(value: Any) -> Any:
    return value if isinstance(value, dict | AgeWhen) else parse_date(value)


def _when_kind(value: Any) -> str:
    # a mapping is an age ({age: 16}), anything else a date: only that one's mistakes are told (a
    # date's "year missing" said of `{age: 200}` only misled)
    # (tags named as union members are, capitalised: a case's path leaves them out, `loader._data_path`)
    return "Age" if isinstance(value, dict | AgeWhen) else "Date"


When = Annotated[Annotated[PartialDate, Tag("Date")] | Annotated[AgeWhen, Tag("Age")],
                 Discriminator(_when_kind), BeforeValidator(_when), WithJsonSchema({"anyOf": [
    *DATE_SCHEMA["anyOf"],
    {"type": "object", "additionalProperties": False, "required": ["age"],
     "properties": {"age": {"type": "integer", "minimum": 0, "maximum": 130}}},
]})]


class Event(Strict):
    when: When
    title: Text
    valence: Annotated[int, Field(ge=-5, le=5), BeforeValidator(_not_bool)] = Field(
        description="-5..5, never 0: the sign puts it above/below the road, the size how far")
    note: Text | None = None

    @field_validator("valence")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("valence 0 is the road itself: give -5..-1 (bad) or 1..5 (good)")
        return value


class Lifemap(Strict):
    events: list[Event] = Field(default_factory=list)
    hopes: list[Text] = Field(default_factory=list)


# --------------------------------------------------------------------------- body map

MarkKind = Literal["injury", "bruise", "pain", "scar", "illness", "disability", "feeling", "other"]
View = Literal["front", "back"]


def _views(value: Any) -> Any:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError("give front, back or both, or a list of them ([front, back])")
    for item in value:
        if isinstance(item, str) and item not in (*VIEWS, "both"):
            # (the list's own check would name front and back alone: `both` is one too)
            raise ValueError(f"{item!r} is not one of front, back, both")
    if "both" in value:
        return ["front", "back"]
    return value


class Mark(Strict):
    region: Annotated[str, Field(min_length=1, max_length=40, description="a named region (see docs)")]
    kind: MarkKind = "other"
    view: View | None = Field(None, description="front or back; by default the view the region is on")
    note: Text | None = None


def _front_only() -> list[View]:
    return ["front"]


class Bodymap(Strict):
    views: Annotated[list[View], BeforeValidator(_views), WithJsonSchema({"anyOf": [
        {"enum": ["front", "back", "both"]},
        {"type": "array", "items": {"enum": ["front", "back", "both"]}, "minItems": 1}]})] = Field(
        default_factory=_front_only, description="front | back | both")
    figure: Literal["adult", "child"] | None = Field(None, description=(
        f"adult or child outline; by default the child's when the client is under {CHILD_BELOW_AGE} "
        "at the assessment (case.date and the client's born or age), else the adult's"))
    marks: list[Mark] = Field(default_factory=list)


# --------------------------------------------------------------------------- quadrants

class Bpss(Strict):
    biological: list[Text] = Field(default_factory=list)
    psychological: list[Text] = Field(default_factory=list)
    social: list[Text] = Field(default_factory=list)
    spiritual: list[Text] = Field(default_factory=list)
    layout: Literal["quadrant", "table"] | None = Field(
        None, description="quadrant (2x2, the default) or table (four columns)")

    @property
    def empty(self) -> bool:
        return not (self.biological or self.psychological or self.social or self.spiritual)


class StrengthPair(Strict):
    strengths: list[Text] = Field(default_factory=list)
    weaknesses: list[Text] = Field(default_factory=list)


class Strengths(Strict):
    internal: StrengthPair = Field(default_factory=StrengthPair)
    external: StrengthPair = Field(default_factory=StrengthPair)


OneToFive = Annotated[int, Field(ge=1, le=5), BeforeValidator(_not_bool)]


class VennItem(Strict):
    name: Text
    importance: OneToFive = Field(description="1..5: circle size")
    closeness: OneToFive = Field(description="1..5: 5 touches the centre")
    note: Text | None = None


class Venn(Strict):
    center: Text | None = Field(None, description="label of the centre (default: the client's name)")
    items: list[VennItem] = Field(default_factory=list)


# --------------------------------------------------------------------------- outcome measures

def _range(value: Any) -> Any:
    if isinstance(value, list | tuple) and len(value) == 2 and not any(isinstance(v, bool) for v in value):
        return value
    raise ValueError("give the scale's lowest and highest score as a list: [20, 80]")


def _score(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got the yes/no value {str(value).lower()}")
    return value


Score = Annotated[float, BeforeValidator(_score), Field(ge=-1_000_000, le=1_000_000)]
MeasureRange = Annotated[tuple[Score, Score], BeforeValidator(_range), WithJsonSchema({
    "type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
    "description": "[lowest, highest] score of the scale"})]


class Reading(Strict):
    date: Date | None = Field(None, description="when the score was taken (give date or session)")
    session: Annotated[int, Field(ge=0, le=10_000), BeforeValidator(_not_bool)] | None = Field(
        None, description="the session (or day) number it was taken at")
    value: Score = Field(description="the score")
    label: Text | None = Field(None, description='what the reading is called on the axis ("Sebelum")')
    note: Text | None = None


class Measure(Strict):
    name: Text = Field(description='the scale or what is counted ("Skala kesepian UCLA")')
    unit: Text | None = Field(None, description='what a score counts ("skor", "bintang")')
    range: MeasureRange = Field(description="[lowest, highest] score the scale allows")
    better: Literal["higher", "lower"] = Field(description="which way is better")
    goal: Score | None = Field(None, description="the target score, drawn as a line")
    chart: Literal["bars", "line"] | None = Field(
        None, description="bars (pre/post) or line (over sessions); by default bars up to 4 readings")
    readings: Annotated[list[Reading], Field(min_length=1, max_length=400)] = Field(
        description="in time order, each with a date or a session")
    note: Text | None = None


# --------------------------------------------------------------------------- history

class Version(Strict):
    """An earlier state of the case: its date, and each section as it was then (a section left out
    was as the case gives it now)."""

    date: Date = Field(description="when the case looked like this (an assessment, a session)")
    label: Text | None = Field(None, description='what the step is called ("Asesmen awal")')
    people: list[Person] | None = None
    unions: list[Union] | None = None
    relationships: list[Relationship] | None = None
    ecomap: Ecomap | None = None
    lifemap: Lifemap | None = None
    bodymap: Bodymap | None = None
    bpss: Bpss | None = None
    strengths: Strengths | None = None
    venn: Venn | None = None


VERSIONED_SECTIONS = ("people", "unions", "relationships", "ecomap", "lifemap", "bodymap", "bpss",
                      "strengths", "venn")


# --------------------------------------------------------------------------- the file

def _format_version(value: Any) -> Any:
    # `true == 1` in Python: a Literal[1] alone would take `socialmaps: true` as version 1.
    if isinstance(value, bool):
        raise ValueError(f"the format version is the number 1, not the yes/no value {str(value).lower()}")
    return value


def with_union_ids(unions: list[Union]) -> list[Union]:
    """The unions, each without an id given one from its partners (u-a-b, then u-a-b-2, …) that
    no other union has, given or made: a man's second union with no partner named ("u-1-2")
    took the id made for his union with person 2, and the file was refused for a duplicate id
    the user never wrote."""
    taken = {union.id for union in unions if union.id is not None}
    fixed = []
    for union in unions:
        if union.id is None:
            base = "u-" + "-".join(sorted(union.partners))
            new_id, n = base, 1
            while new_id in taken:
                n += 1
                new_id = f"{base}-{n}"
            taken.add(new_id)
            union = union.model_copy(update={"id": new_id})
        fixed.append(union)
    return fixed


class Case(Strict):
    socialmaps: Annotated[Literal[1], BeforeValidator(_format_version)] = Field(description="format version")
    case: CaseInfo
    people: list[Person] = Field(default_factory=list)
    unions: list[Union] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    ecomap: Ecomap | None = None
    lifemap: Lifemap | None = None
    bodymap: Bodymap | None = None
    bpss: Bpss | None = None
    strengths: Strengths | None = None
    venn: Venn | None = None
    measures: list[Measure] = Field(default_factory=list, description=(
        "outcome measures (scales, counts) read before, during and after the intervention"))
    versions: list[Version] = Field(default_factory=list, description=(
        "earlier states of the case, oldest first; `socialmaps diff` draws them and the case as it is now"))

    @model_validator(mode="after")
    def _union_ids(self) -> Case:
        # A union without an id gets one from its partners, stable under reordering of the file.
        if any(union.id is None for union in self.unions):
            object.__setattr__(self, "unions", with_union_ids(self.unions))
        return self

    def version_case(self, index: int) -> Case:
        """The case as it was at `versions[index]`: that version's sections over the case's own,
        dated as the version (its own history left out)."""
        version = self.versions[index]
        given = {name: getattr(version, name) for name in VERSIONED_SECTIONS
                 if name in version.model_fields_set}
        past = self.model_copy(update={**given, "case": self.case.model_copy(update={"date": version.date}),
                                       "versions": []})
        if any(union.id is None for union in past.unions):  # named as the file's own unions are
            object.__setattr__(past, "unions", with_union_ids(past.unions))
        return past

    def history(self) -> list[Case]:
        """Every state of the case, oldest first: its versions, then the case as it is now."""
        return [*(self.version_case(i) for i in range(len(self.versions))),
                self.model_copy(update={"versions": []})]

    # Convenience lookups used by every diagram ----------------------------------
    def person(self, person_id: str) -> Person | None:
        return self.people_by_id.get(person_id)

    @property
    def people_by_id(self) -> dict[str, Person]:
        """A new dict of the people at every call (and so is `person`): ask it once outside a loop.  (Not
        cached on the case: pydantic compares private attributes in ``==`` and copies them in
        ``model_copy``; three loops that asked it per child or per pregnancy made loading and adapting
        a 5,000-person case quadratic.)"""
        return {p.id: p for p in self.people}

    @property
    def language(self) -> str:
        return self.case.language

    @property
    def household(self) -> frozenset[str]:
        """Who lives with the client: everyone marked `lives_with_client`, and the client with
        them; empty when nobody is marked (then no household is drawn)."""
        marked = {p.id for p in self.people if p.lives_with_client}
        if marked and self.case.client:
            marked.add(self.case.client)
        return frozenset(marked)

    @property
    def client(self) -> Person | None:
        return self.person(self.case.client) if self.case.client else None

    def age_of(self, person: Person) -> int | None:
        """Age at the assessment date (or at death), from `age` or from the dates given."""
        if person.age is not None:
            return person.age
        if person.born is None:
            return None
        end = person.died if isinstance(person.died, PartialDate) else None
        if person.died is True:
            return None
        if end is None:
            end = self.case.date
        if end is None:
            return None
        return person.born.years_until(end)

    def body_figure(self) -> Literal["adult", "child"]:
        """The body map's outline: the one the case names, else the child's for a client under
        CHILD_BELOW_AGE at the assessment, else the adult's (also when the age is unknown)."""
        if self.bodymap is not None and self.bodymap.figure is not None:
            return self.bodymap.figure
        client = self.client
        age = self.age_of(client) if client is not None else None
        return "child" if age is not None and age < CHILD_BELOW_AGE else "adult"

    def birth_year(self, person: Person) -> float | None:
        """Decimal birth year, from `born` or from `age` at the assessment date."""
        if person.born is not None:
            return person.born.decimal
        if person.age is not None and self.case.date is not None and not person.deceased:
            return self.case.date.decimal - person.age - 0.5
        return None
