"""The focus views of the real family files, as the shared checker sees them: one table.

    .venv/bin/python bench/focus_views.py                 # every GEDCOM and PED file of ../shared/data
    .venv/bin/python bench/focus_views.py --only madeline2 # the files whose path holds this

Each file is drawn as `socialmaps render FILE` draws it (a focus view past 60 people), its genogram
only, and the view's case is written as JSON beside it, so that the checker runs with `--case`
(birth order and names are then checked too).  Printed: one row per view with a copy or a
partner-order flip, and the totals: copies (all, and those the checker counts as violations:
people drawn twice with no marriage between relatives and nobody with more than two partners),
flips, and the views that have them; and how many views the checker fails, by rule (a couple turned
wife left is a `partner-order` violation).  Needs ../shared (the data and tools/svgcheck.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
DATA = SHARED / "data"
CHECKER = SHARED / "tools" / "svgcheck.py"
SUFFIXES = (".ged", ".ped", ".tab", ".data")


@dataclass
class View:
    name: str
    people: int
    copies: int
    copy_violations: int
    flips: int
    other: Counter[str]
    rules: Counter[str]  # every violation the checker reports, by rule


def check_view(path: Path, out: Path) -> View | None:
    """The file's default view drawn and checked; None when the file is refused."""
    from socialmaps.inputs import Prepared, prepare
    from socialmaps.options import RenderOptions
    from socialmaps.output import write_case

    prepared = prepare(str(path), None)
    if not isinstance(prepared, Prepared):
        return None
    case = prepared.checked.case
    name = path.relative_to(DATA).as_posix()
    folder = out / name.replace("/", "__")
    case_file = folder.with_suffix(".json")
    case_file.parent.mkdir(parents=True, exist_ok=True)
    case_file.write_text(json.dumps(case.model_dump(mode="json", by_alias=True, exclude_none=True)))
    result = write_case(prepared.checked, folder, RenderOptions(diagrams=("genogram",), formats=("svg",)))
    svg = next((f for f in result.files if f.name == "genogram.svg"), None)
    if svg is None:
        return None
    run = subprocess.run([sys.executable, str(CHECKER), "--json", "--case", str(case_file), str(svg)],
                         capture_output=True, text=True, check=False)
    report = json.loads(run.stdout.splitlines()[0])
    rules = Counter(v["rule"] for v in report["violations"])
    metrics = report["metrics"]
    other = Counter({rule: n for rule, n in rules.items() if rule != "copy"})
    return View(name, len(case.people), metrics.get("copies", 0), rules["copy"],
                metrics.get("partner_order_flips", 0), other, rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="only the files whose path under data/ holds this")
    args = parser.parse_args()
    files = sorted(p for p in DATA.rglob("*") if p.suffix.lower() in SUFFIXES and args.only in str(p))
    views = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            view = check_view(path, Path(tmp))
            if view is not None:
                views.append(view)
    print(f"{'file':52} {'people':>6} {'copies':>6} {'of them violations':>18} {'flips':>5}  other rules")
    for v in views:
        if v.copies or v.flips or v.rules:
            other = ", ".join(f"{rule} {n}" for rule, n in sorted(v.other.items()) if rule != "partner-order")
            print(f"{v.name:52} {v.people:6} {v.copies:6} {v.copy_violations:18} {v.flips:5}  {other}")
    print(f"{len(views)} views: copies {sum(v.copies for v in views)} in "
          f"{sum(bool(v.copies) for v in views)} views, "
          f"{sum(v.copy_violations for v in views)} of them violations in "
          f"{sum(bool(v.copy_violations) for v in views)} views; partner-order flips "
          f"{sum(v.flips for v in views)} in {sum(bool(v.flips) for v in views)} views")
    failing = [v for v in views if v.rules]
    by_rule = sum((v.rules for v in failing), Counter[str]())
    print(f"views the checker fails: {len(failing)} of {len(views)} "
          f"({', '.join(f'{rule} {n}' for rule, n in sorted(by_rule.items())) or 'none'})")


if __name__ == "__main__":
    main()
