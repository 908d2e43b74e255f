"""`socialmaps diff BEFORE.yaml AFTER.yaml [--out DIR] [--diagrams ecomap,bpss] …`: each diagram of
every version, as `DIR/<case id>/<diagram>-<step>.<format>` (step 1 the oldest), or with
`--side-by-side` / `--stacked` every version of a diagram in one figure,
`DIR/<case id>/<diagram>-compare.<format>`; laid out for `--width`/`--page` as `render` lays out its
figures; all of them written together or none (casefolder.publish)."""

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
    together = parser.add_mutually_exclusive_group()
    together.add_argument("--side-by-side", action="store_true",
                          help="every version of a diagram in one figure, DIR/<case id>/<diagram>-compare"
                               ".<ext>: side by side (one under another when --width leaves too little room)")
    together.add_argument("--stacked", action="store_true",
                          help="like --side-by-side, the versions one under another")
    from ..cli import _add_page_arguments  # render's and report's own: one set of page options

    _add_page_arguments(parser)


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> RenderOptions:
    from pydantic import ValidationError

    from ..caption import CaptionError
    from ..page import LengthError
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
    caption = args.caption
    try:
        return RenderOptions(lang=args.lang, style=args.style, dpi=args.dpi, formats=tuple(chosen),
                             diagrams=wanted, private=args.private, anonymize=args.anonymize,
                             keep_notes=args.keep_notes, width=args.width, page=args.page,
                             min_text=args.min_text, caption=None if caption == "below" else caption,
                             caption_start=args.caption_start,
                             caption_below=args.caption_below or caption == "below")
    except (ValidationError, StyleError, LengthError, CaptionError) as err:
        from ..cli import _option_message  # render's own wording: `--width: '16' is not a length …`

        parser.error(_option_message(err))


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from ..casefolder import OutputError, publish
    from ..output import folder_name
    from ..writers import write_figure
    from .fitted import comparison_figures
    from .sidebyside import Arrangement
    from .steps import labels_of, load_steps

    options = _options(parser, args)
    try:
        steps = load_steps(args.cases)
    except CaseError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print("nothing compared", file=sys.stderr)
        return 1
    together: Arrangement | None = "column" if args.stacked else "row" if args.side_by_side else None
    result = comparison_figures([s.case for s in steps], options, labels_of(steps), together)
    folder = folder_name(result.case_id)  # the pseudonym when anonymised
    files: dict[str, bytes] = {}
    for name, figure in result.figures:
        for fmt in options.formats:
            written = write_figure(figure, fmt, options)
            if written.data is None:
                print(f"{name}.{fmt}: {written.refusal} (nothing written)", file=sys.stderr)
                return 1
            if written.warning:
                print(f"{name}.{fmt}: {written.warning}", file=sys.stderr)
            files[f"{name}.{fmt}"] = written.data
    try:
        publish(Path(args.out), folder, files, options.private)
    except OutputError as err:
        print(f"{err} (nothing written)", file=sys.stderr)
        return 1
    for step, label in enumerate(result.labels):
        print(f"{step + 1}. {label}")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    marked = sum(1 for _, figure in result.figures if 'data-change="' in figure.svg)
    print(f"{len(result.figures)} drawings ({marked} with changes marked) -> {Path(args.out) / folder}")
    return 0
