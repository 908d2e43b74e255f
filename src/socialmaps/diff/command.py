"""`socialmaps diff BEFORE.yaml AFTER.yaml [--out DIR] [--diagrams ecomap,bpss] …`: each diagram of
every version, as `DIR/<case id>/<diagram>-<step>.<format>` (step 1 the oldest), all of them written
together or none (casefolder.publish)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import diagrams
from ..errors import CaseError
from ..options import FORMATS, LANGUAGES, Format, RenderOptions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cases", nargs="+", metavar="CASE",
                        help="two or more case files, oldest first; or one case file with `versions:`; "
                             "or a timeline.yaml naming case files in order")
    parser.add_argument("--out", "-o", default="out", metavar="DIR",
                        help="output folder; files go to DIR/<case id>/<diagram>-<step>.<ext> (default: out)")
    parser.add_argument("--format", "-f", default="svg", metavar="LIST",
                        help=f"comma-separated: {','.join(FORMATS)} (default: svg)")
    parser.add_argument("--diagrams", "-d", default="all", metavar="LIST",
                        help=f"all, or comma-separated from: {','.join(diagrams.KINDS)}")
    parser.add_argument("--lang", choices=LANGUAGES, help="labels' language (default: the latest case's)")
    parser.add_argument("--style", help="default, print, colorblind, large, nsgc …")
    parser.add_argument("--dpi", type=int, default=192, help="PNG resolution (default 192)")
    parser.add_argument("--private", action="store_true", help="files 0600 and folders 0700")
    parser.add_argument("--anonymize", choices=("roles", "initials", "off"),
                        help="names as roles or initials (alike in every version), dates as years, notes "
                             "dropped; off: names even where the case asks for anonymize")
    parser.add_argument("--keep-notes", action="store_true", help="with --anonymize: keep notes")


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> RenderOptions:
    from pydantic import ValidationError

    from ..style import StyleError

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        parser.error(f"--format: unknown {', '.join(bad) or '(empty)'}; choose from {', '.join(FORMATS)}")
    wanted = None
    if args.diagrams != "all":
        wanted = tuple(d.strip() for d in args.diagrams.split(",") if d.strip())
        unknown = [d for d in wanted if d not in diagrams.KINDS]
        if unknown or not wanted:
            parser.error(f"--diagrams: unknown {', '.join(unknown) or '(empty)'}; "
                         f"choose all or from {', '.join(diagrams.KINDS)}")
    chosen: list[Format] = [f for f in FORMATS if f in formats]
    try:
        return RenderOptions(lang=args.lang, style=args.style, dpi=args.dpi, formats=tuple(chosen),
                             diagrams=wanted, private=args.private, anonymize=args.anonymize,
                             keep_notes=args.keep_notes)
    except (ValidationError, StyleError) as err:
        parser.error(str(err).splitlines()[0])


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from ..casefolder import OutputError, publish
    from ..export import encode
    from ..output import folder_name
    from . import compare
    from .steps import labels_of, load_steps

    options = _options(parser, args)
    try:
        steps = load_steps(args.cases)
    except CaseError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print("nothing compared", file=sys.stderr)
        return 1
    result = compare([s.case for s in steps], options, labels_of(steps))
    folder = folder_name(result.cases[-1].case.id)  # the pseudonym when anonymised
    files: dict[str, bytes] = {}
    for drawn in result.drawings:
        for fmt in options.formats:
            files[f"{drawn.kind}-{drawn.step + 1}.{fmt}"] = encode(drawn.drawing.svg, fmt, options.dpi)
    try:
        publish(Path(args.out), folder, files, options.private)
    except OutputError as err:
        print(f"{err} (nothing written)", file=sys.stderr)
        return 1
    for step, label in enumerate(result.labels):
        kinds = ", ".join(d.kind for d in result.drawings if d.step == step) or "no diagram"
        print(f"{step + 1}. {label}: {kinds}")
    marked = sum(1 for d in result.drawings if 'data-change="' in d.drawing.svg)
    print(f"{len(result.drawings)} drawings ({marked} with changes marked) -> {Path(args.out) / folder}")
    return 0
