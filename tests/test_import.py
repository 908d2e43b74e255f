"""`socialmaps import` and `render FILE.ged|.ped|.json`: what each source says becomes the case,
what it cannot say is left out, broken sources give warnings naming their record ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialmaps.cli import main
from socialmaps.importers import ImportRefused, import_file
from socialmaps.loader import load_case

GEDCOM_551 = """0 HEAD
1 GEDC
2 VERS 5.5.1
1 CHAR UTF-8
0 @I1@ INDI
1 NAME Budi /Santoso/
1 SEX M
1 BIRT
2 DATE ABT 1950
1 DEAT
2 DATE BEF 2010
1 FAMS @F1@
0 @I2@ INDI
1 NAME Sari /Wulan/
1 SEX F
1 BIRT
2 DATE 3 MAR 1955
1 FAMS @F1@
0 @I3@ INDI
1 NAME Adi
1 SEX M
1 BIRT
2 DATE MAY 1985
1 FAMC @F1@
0 @I4@ INDI
1 NAME Ani
1 SEX F
1 BIRT
2 DATE 1980
1 FAMC @F1@
2 PEDI adopted
0 @F1@ FAM
1 HUSB @I1@
1 WIFE @I2@
1 CHIL @I3@
1 CHIL @I4@
1 CHIL @I9@
1 MARR
2 DATE 12 JUN 1978
1 DIV
2 DATE BET 1990 AND 1990
0 TRLR
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_gedcom_551_maps_names_dates_pedigree_and_union_status(tmp_path: Path) -> None:
    imported = import_file(_write(tmp_path, "family.ged", GEDCOM_551))
    people = imported.case.people_by_id
    assert people["I1"].name == "Budi Santoso" and people["I1"].sex == "male"
    assert str(people["I1"].born) == "1950"          # ABT keeps its year
    assert people["I1"].died is True                  # BEF 2010: dead, year unknown (no bound invented)
    assert any("cannot hold" in w and "@I1@ DEAT BEF" in w for w in imported.warnings)
    assert str(people["I2"].born) == "1955-03-03" and str(people["I3"].born) == "1985-05"
    [union] = imported.case.unions
    assert union.partners == ["I1", "I2"] and union.status == "divorced"
    assert str(union.start) == "1978-06-12" and str(union.end) == "1990"
    # birth order (1980 before 1985-05), the adopted child marked, the dangling @I9@ left out
    assert [(c.id, c.relation) for c in union.children] == [("I4", "adopted"), ("I3", "biological")]
    assert any("@F1@ -> @I9@" in w for w in imported.warnings)
    assert imported.case.case.client is None          # GEDCOM has no proband: none invented


def test_gedcom_7_sex_x_and_void_pointers(tmp_path: Path) -> None:
    text = ("0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n1 SEX X\n1 FAMS @F1@\n0 @I2@ INDI\n1 SEX F\n"
            "1 NAME Tia //\n1 FAMS @F1@\n0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @VOID@\n0 TRLR\n")
    imported = import_file(_write(tmp_path, "seven.ged", text))
    assert imported.kind == "GEDCOM 7.0"
    assert imported.case.people_by_id["I1"].sex == "unknown" and imported.case.people_by_id["I1"].name == "I1"
    assert not any("missing" in w for w in imported.warnings)   # @VOID@ is GEDCOM 7's "nobody"
    assert [w for w in imported.warnings if "unknown sex" in w and "@F1@ (@I1@)" in w]


def test_broken_gedcom_imports_with_warnings_naming_the_records(tmp_path: Path) -> None:
    text = ("0 HEAD\n0 @I1@ INDI\n1 SEX M\n0 @I1@ INDI\n1 SEX F\n0 @I2@ INDI\n1 SEX F\n0 @I3@ INDI\n"
            "0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@\n"
            "0 @F2@ FAM\n1 HUSB @I3@\n1 CHIL @I1@\n"            # I1 their own grandchild: a loop
            "0 @F3@ FAM\n1 HUSB @I2@\n1 WIFE @I2@\n0 TRLR\n")  # self-marriage
    imported = import_file(_write(tmp_path, "broken.ged", text))
    warnings = "\n".join(imported.warnings)
    assert "duplicate record ids" in warnings and "@I1@" in warnings
    assert "ancestry loops cut" in warnings and "I1 as a child of @F2@" in warnings
    assert "partnered with themselves" in warnings and "@F3@" in warnings
    assert [p.id for p in imported.case.people] == ["I1", "I1-2", "I2", "I3"]


def test_ped_whitespace_and_tabs_with_implicit_parents(tmp_path: Path) -> None:
    text = "1 1 0 0 1 1\n1\t2\t0\t0\t2\t2\n1 3 1 2 2 2\n1 4 1 2 1 1\n1 5 9 2 1 0\n"
    imported = import_file(_write(tmp_path, "fam.ped", text))
    people = imported.case.people_by_id
    assert people["3"].conditions == ["affected"] and people["1"].conditions == []
    assert people["9"].sex == "male"                 # named as a father, no row of its own
    assert any("without a row of their own" in w and "9" in w for w in imported.warnings)
    unions = {tuple(u.partners): u for u in imported.case.unions}
    assert [c.id for c in unions[("1", "2")].children] == ["3", "4"]
    assert unions[("1", "2")].type == "relationship"  # PED says parents, not married


def test_parents_of_unknown_sex_are_named(tmp_path: Path) -> None:
    imported = import_file(_write(tmp_path, "u.ped", "1 1 0 0 0\n1 2 0 0 2\n1 3 1 2 1\n"))
    assert any("partners of unknown sex" in w and "(1)" in w for w in imported.warnings)
    assert imported.case.people_by_id["1"].sex == "unknown"


def test_pedigreejs_twins_divorce_adoption_proband_losses(tmp_path: Path) -> None:
    people = [
        {"name": "f", "sex": "M", "top_level": True, "divorced": "m"},
        {"name": "m", "sex": "F", "top_level": True, "status": 1},
        {"name": "a", "sex": "F", "father": "f", "mother": "m", "mztwin": "1", "proband": True},
        {"name": "b", "sex": "F", "father": "f", "mother": "m", "mztwin": "1", "yob": 1990},
        {"name": "c", "sex": "M", "father": "f", "mother": "m", "adopted_in": True},
        {"name": "x", "sex": "U", "father": "f", "mother": "m", "miscarriage": True},
    ]
    imported = import_file(_write(tmp_path, "p.json", json.dumps(people)))
    case = imported.case
    assert case.case.client == "a" and case.people_by_id["m"].died is True
    [union] = case.unions
    assert union.status == "divorced"
    assert [t.members for t in union.twins] == [["a", "b"]] and union.twins[0].kind == "identical"
    assert [(c.id, c.relation) for c in union.children][-1] == ("c", "adopted")
    assert [p.outcome for p in union.pregnancies] == ["miscarriage"] and "x" not in case.people_by_id


@pytest.mark.parametrize(("name", "text", "says"), [
    ("empty.ged", "0 HEAD\n0 TRLR\n", "no people"),
    ("x.json", "{not json", "not JSON"),
    ("net.csv", "a,b,c\n1,2,3\n", "needs a header"),
    ("tree.gramps", "<xml/>", "export the tree from Gramps as GEDCOM"),
])
def test_what_cannot_be_a_family_is_refused_in_one_line(tmp_path: Path, name: str, text: str,
                                                         says: str) -> None:
    with pytest.raises(ImportRefused, match=says):
        import_file(_write(tmp_path, name, text))


def test_import_command_writes_a_case_that_validates(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "family.ged", GEDCOM_551)
    out = tmp_path / "family.yaml"
    assert main(["import", str(source), "--out", str(out)]) == 0
    assert "@F1@ -> @I9@" in capsys.readouterr().err
    assert main(["validate", str(out)]) == 0
    assert {p.id for p in load_case(out).people} == {"I1", "I2", "I3", "I4"}
    again = tmp_path / "again.yaml"
    main(["import", str(source), "--out", str(again)])
    assert again.read_bytes() == out.read_bytes()
    assert main(["import", str(tmp_path / "missing.ged"), "--out", str(tmp_path / "m.yaml")]) == 1
    assert not (tmp_path / "m.yaml").exists()


def test_render_draws_a_gedcom_directly(tmp_path: Path) -> None:
    source = _write(tmp_path, "family.ged", GEDCOM_551)
    assert main(["render", str(source), "--out", str(tmp_path / "out")]) == 0
    svg = (tmp_path / "out" / "family" / "genogram.svg").read_text()
    assert svg.count('class="sm-person') >= 4 and "Budi Santoso" in svg


def test_madeline_block_header_twins_stay_together(tmp_path: Path) -> None:
    text = ("FamilyId\nIndividualId\nGender\nFather\nMother\nDeceased\nProband\nDOB\nMZTwin\nDZTwin\n\n"
            "f a M . . Y . . . .\nf b F . . . . . . .\n"
            "f c M a b . . 1975.09.18 . A\nf d F a b . Y 1972.07.04 M .\nf e M a b . . . . A\n"
            "f g F a b . . . M .\n")
    imported = import_file(_write(tmp_path, "tw.data", text))
    assert imported.kind == "Madeline 2" and imported.case.case.client == "d"
    assert imported.case.people_by_id["a"].died is True
    [union] = imported.case.unions
    assert [c.id for c in union.children] == ["d", "g", "c", "e"]   # 1972 first; each twin pair together
    assert {(tuple(t.members), t.kind) for t in union.twins} == {(("d", "g"), "identical"),
                                                                  (("c", "e"), "fraternal")}


def test_validate_reads_a_gedcom_and_says_where_each_warning_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate FILE.ged` imports as `render` does: nothing to fix means exit 0, and each repair
    is a FILE:LINE:COL warning at the first record it names."""
    source = _write(tmp_path, "family.ged", GEDCOM_551)
    lines = GEDCOM_551.splitlines()
    assert main(["validate", str(source)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    said = err.splitlines()
    person, family = lines.index("0 @I1@ INDI") + 1, lines.index("0 @F1@ FAM") + 1
    assert any(line.startswith(f"{source}:{person}:1: warning: dates the case format cannot hold")
               and "@I1@ DEAT BEF" in line for line in said), said
    assert f"{source}:{family}:1: warning: pointers to missing people (left out): @F1@ -> @I9@" in said
    assert [int(line.split(":")[1]) for line in said] == sorted(int(line.split(":")[1]) for line in said)


def test_validate_of_a_ped_names_the_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path, "fam.ped", "1 1 0 0 1\n1 2 0 0 2\n1 0 1 2 1\n1 3 1 2 2\n1 4 1 7 1\n")
    assert main(["validate", str(source)]) == 0
    said = capsys.readouterr().err.splitlines()
    assert f"{source}:3:1: warning: a row without a person id (left out)" in said
    assert any(line.startswith(f"{source}:5:1: warning: parents named but without a row of their own")
               for line in said), said


@pytest.mark.parametrize(("name", "text", "where", "says"), [
    ("empty.ged", "0 HEAD\n0 TRLR\n", "1:1", "no people in this GEDCOM"),
    ("people.json", '[\n  {"name": "a", "sex": "F"},\n  {"name": "b",, }\n]\n', "3:16", "not JSON"),
    ("net.csv", "a,b,c\n1,2,3\n", "1:1", "a CSV file needs a header"),
])
def test_validate_refuses_what_render_refuses_as_file_line_col(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, where: str,
        says: str) -> None:
    source = _write(tmp_path, name, text)
    assert main(["validate", str(source)]) == 1
    out, err = capsys.readouterr()
    [message] = out.splitlines()
    assert message.startswith(f"{source}:{where}: {says}"), message
    assert "Traceback" not in out + err and err == "1 of 1 file(s) invalid\n"


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_gedcom_lines_ended_by_cr_or_crlf_read_as_lf(tmp_path: Path, ending: str) -> None:
    """The importer reads ged4py's lines with the stock buffered readline (a lone CR made LF
    first): old Mac (CR) and Windows (CRLF) files give the same case and warnings, on the same lines."""
    plain = import_file(_write(tmp_path, "lf.ged", GEDCOM_551))
    other = tmp_path / "other.ged"
    other.write_bytes(GEDCOM_551.replace("\n", ending).encode("utf-8"))
    imported = import_file(other)
    assert (imported.case.people, imported.case.unions) == (plain.case.people, plain.case.unions)
    assert [(w.message, w.line) for w in imported.located] == [(w.message, w.line) for w in plain.located]


def test_validate_of_a_pedigreejs_file_names_the_entry_line(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    entries = [{"name": "m", "sex": "F", "top_level": True},
               {"name": "f", "sex": "M", "top_level": True},
               {"name": "c", "sex": "M", "mother": "m", "father": "zz"}]
    text = "[\n" + ",\n\n".join("  " + json.dumps(e, indent=1).replace("\n", " ") for e in entries) + "\n]\n"
    source = _write(tmp_path, "ped.json", text)
    child_line = text.splitlines().index("  " + json.dumps(entries[2], indent=1).replace("\n", " ")) + 1
    assert main(["validate", str(source)]) == 0
    said = capsys.readouterr().err.splitlines()
    missing = f"{source}:{child_line}:1: warning: pointers to missing people (left out): zz-m -> zz"
    assert missing in said, said


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_gedcom_written_as_utf16_reads_as_its_utf8_twin(tmp_path: Path, encoding: str, ending: str) -> None:
    """GEDCOM 5.5's UNICODE is UTF-16 (Windows programs write it, with a byte-order mark or without):
    the same people, names, unions and warnings, on the same lines, as the file in UTF-8."""
    text = GEDCOM_551.replace("Budi", "Budi Ñoño")
    plain = import_file(_write(tmp_path, "utf8.ged", text))
    wide = tmp_path / "wide.ged"
    wide.write_bytes(text.replace("1 CHAR UTF-8", "1 CHAR UNICODE").replace("\n", ending).encode(encoding))
    imported = import_file(wide)
    assert imported.case.people_by_id["I1"].name == "Budi Ñoño Santoso"
    assert (imported.case.people, imported.case.unions) == (plain.case.people, plain.case.unions)
    assert [(w.message, w.line) for w in imported.located] == [(w.message, w.line) for w in plain.located]


def test_ped_written_as_utf16_reads_as_its_utf8_twin(tmp_path: Path) -> None:
    text = "fam1 1 0 0 1\nfam1 2 0 0 2\nfam1 3 1 2 1\n"
    plain = import_file(_write(tmp_path, "plain.ped", text))
    wide = tmp_path / "wide.ped"
    wide.write_bytes(text.encode("utf-16"))
    imported = import_file(wide)
    assert len(imported.case.people) == 3
    assert (imported.case.people, imported.case.unions) == (plain.case.people, plain.case.unions)


def test_a_family_listing_three_partners_keeps_the_first_husband_and_wife(tmp_path: Path) -> None:
    """A HUSB line repeated with another pointer (a broken export, a hand edit) was a case that
    did not validate, refused as an importer bug."""
    text = ("0 HEAD\n0 @I1@ INDI\n1 SEX M\n0 @I2@ INDI\n1 SEX F\n0 @I3@ INDI\n1 SEX M\n0 @I4@ INDI\n"
            "0 @F1@ FAM\n1 HUSB @I1@\n1 HUSB @I3@\n1 WIFE @I2@\n1 CHIL @I4@\n0 TRLR\n")
    imported = import_file(_write(tmp_path, "three.ged", text))
    [union] = imported.case.unions
    assert union.partners == ["I1", "I2"] and [c.id for c in union.children] == ["I4"]
    assert any("more than two partners" in w and "@F1@ (left out: @I3@)" in w for w in imported.warnings)


def test_gedcom_names_read_as_said_underscores_joining_words_and_blanks_left_out(tmp_path: Path) -> None:
    """Older programs joined a part's words with underscores (royal92's ``George_III``,
    ``of_Saxe-Coburg``) and wrote a blank of underscores for a part nobody knew (pres2020's
    ``Rachel /_____/``): the words are spaced, the blank is left out, as the source leaves it; a
    suffix after the surname's slash follows it as written (gramps' ``Gustaf /Smith/, Sr.``)."""
    text = ("0 HEAD\n0 @I1@ INDI\n1 NAME George_III /Hanover/\n1 SEX M\n0 @I2@ INDI\n"
            "1 NAME Rachel /_____/\n1 SEX F\n0 @I3@ INDI\n1 NAME ____ /Mitchell/\n1 SEX M\n"
            "0 @I4@ INDI\n1 NAME Francis Frederick of_Saxe-Coburg//\n1 SEX M\n0 @I5@ INDI\n"
            "1 NAME /____/\n1 SEX F\n0 @I6@ INDI\n1 NAME Gustaf /Smith/, Sr.\n0 TRLR\n")
    case = import_file(str(_write(tmp_path, "names.ged", text))).case
    names = {person.id: person.name for person in case.people}
    assert names == {"I1": "George III Hanover", "I2": "Rachel", "I3": "Mitchell",
                     "I4": "Francis Frederick of Saxe-Coburg", "I5": "I5",  # (no name: its id, as ever)
                     "I6": "Gustaf Smith, Sr."}
