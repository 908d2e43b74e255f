"""The `socialmaps` command: render, validate, schema, styles.

Exit status: 0 all went well, 1 a case was invalid or failed to draw (the
others still render), 2 wrong usage.  Problems are printed as
`FILE:LINE:COL: path: message`, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import diagrams
from .errors import CaseError
from .options import FORMATS, RenderOptions


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialmaps",
        description="Draw social-work assessment diagrams from a case file.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    render = sub.add_parser("render", help="draw every diagram a case has data for")
    render.add_argument("cases", nargs="+", metavar="CASE", help="case files (.yaml, .yml, .json)")
    render.add_argument("--out", "-o", default="out", metavar="DIR",
                        help="output folder; files go to DIR/<case id>/<diagram>.<ext> (default: out)")
    render.add_argument("--format", "-f", default="svg", metavar="LIST",
                        help=f"comma-separated: {','.join(FORMATS)} (default: svg)")
    render.add_argument("--diagrams", "-d", default="all", metavar="LIST",
                        help=f"all, or comma-separated from: {','.join(diagrams.KINDS)}")
    render.add_argument("--lang", choices=("id", "en"), help="labels' language (default: the case's)")
    render.add_argument("--style", help="default, print, colorblind, large, nsgc … "
                                        "(default: the case's `style`, else default)")
    render.add_argument("--dpi", type=int, default=192, help="PNG resolution (default 192; 300 for print)")
    render.add_argument("--check", action="store_true", help="print each diagram's quality numbers")

    validate = sub.add_parser("validate", help="check case files; print every problem")
    validate.add_argument("cases", nargs="+", metavar="CASE")

    sub.add_parser("schema", help="print the JSON Schema of the case file")
    sub.add_parser("styles", help="list the styles")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "render":
            return _render(parser, args)
        if args.command == "validate":
            return _validate(args.cases)
        if args.command == "schema":
            from .schema import schema_text

            sys.stdout.write(schema_text())
            return 0
        if args.command == "styles":
            from .style import available, load_style

            for name in available():
                print(f"{name:12} {load_style(name).description}")
            return 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 2


def _validate(paths: list[str]) -> int:
    from .loader import load_case

    failed = 0
    for path in paths:
        try:
            load_case(path)
        except CaseError as err:
            failed += 1
            for problem in err.problems:
                print(problem)
    if failed:
        print(f"{failed} of {len(paths)} file(s) invalid", file=sys.stderr)
    return 1 if failed else 0


def _render(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .export import encode, write_atomic
    from .loader import load_case
    from .render import render_all
    from .style import StyleError

    formats = _split(args.format)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        parser.error(f"--format: unknown {', '.join(bad) or '(empty)'}; choose from {', '.join(FORMATS)}")
    wanted = None
    if args.diagrams != "all":
        wanted = tuple(_split(args.diagrams))
        unknown = [d for d in wanted if d not in diagrams.KINDS]
        if unknown or not wanted:
            parser.error(f"--diagrams: unknown {', '.join(unknown) or '(empty)'}; "
                         f"choose all or from {', '.join(diagrams.KINDS)}")
    try:
        options = RenderOptions(lang=args.lang, style=args.style, dpi=args.dpi, formats=tuple(formats),
                                diagrams=wanted)
    except (ValidationError, StyleError) as err:
        parser.error(_option_message(err))
    out_dir = Path(args.out)
    failed = 0
    for path in args.cases:
        try:
            case = load_case(path)
        except CaseError as err:
            failed += 1
            for problem in err.problems:
                print(problem, file=sys.stderr)
            print(f"{path}: invalid, nothing written", file=sys.stderr)
            continue
        files: dict[Path, bytes] = {}
        try:
            drawings = render_all(case, options)
            kinds = list(drawings)
            checks = []
            for kind, drawing in drawings.items():
                if args.check:
                    checks.append(f"  {kind}: " + ", ".join(
                        f"{k}={v:g}" for k, v in sorted(drawing.metrics.items())))
                for fmt in formats:
                    files[out_dir / case.case.id / f"{kind}.{fmt}"] = encode(drawing.svg, fmt, options.dpi)
        except Exception as err:  # a drawing bug must not stop the other cases, nor show a traceback
            failed += 1
            print(f"{path}: could not draw: {type(err).__name__}: {err} (nothing written; please report)",
                  file=sys.stderr)
            continue
        # Everything drew: only now touch the disk, each file atomically.
        for target, data in files.items():
            write_atomic(target, data)
        shown = ", ".join(kinds) if kinds else "no diagram (no data for any)"
        print(f"{case.case.id}: {shown} -> {out_dir / case.case.id} ({','.join(formats)})")
        for line in checks:
            print(line)
    if failed:
        print(f"{failed} of {len(args.cases)} case(s) failed", file=sys.stderr)
    return 1 if failed else 0


def _option_message(err: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(err, ValidationError):
        return "; ".join(f"--{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
    return str(err)


if __name__ == "__main__":
    sys.exit(main())
