"""The `socialmaps` command: render, validate, batch, schema, styles.

Exit status: 0 all went well, 1 a case was invalid or failed to draw (the
others still render), 2 wrong usage.  Problems are printed as
`FILE:LINE:COL: path: message`, never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import __version__, diagrams, native
from .options import FORMATS, LANGUAGES, REPORT_FORMATS, Format, RenderOptions, ReportFormat
from .page import PAGE_NAMES

if TYPE_CHECKING:
    from .focus import Focus
    from .output import CaseResult


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialmaps",
        description="Draw social-work assessment diagrams from a case file.")
    parser.add_argument("--version", action="version",
                        version=f"socialmaps {__version__} (genogram layout: {native.status()})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    render = sub.add_parser("render", help="draw every diagram a case has data for")
    render.add_argument("cases", nargs="+", metavar="CASE", help="case files (.yaml, .yml, .json)")
    render.add_argument("--out", "-o", default="out", metavar="DIR",
                        help="output folder; files go to DIR/<case id>/<diagram>.<ext> (default: out)")
    render.add_argument("--format", "-f", default="svg", metavar="LIST",
                        help=f"comma-separated: {','.join(FORMATS)},dot (default: svg; dot: the "
                             "genogram as Graphviz DOT)")
    render.add_argument("--diagrams", "-d", default="all", metavar="LIST",
                        help=f"all, or comma-separated from: {','.join(diagrams.KINDS)}")
    render.add_argument("--lang", choices=LANGUAGES, help="labels' language (default: the case's)")
    render.add_argument("--style", help="default, print, colorblind, large, nsgc … "
                                        "(default: the case's `style`, else default)")
    default_dpi = RenderOptions.model_fields["dpi"].default
    render.add_argument("--dpi", type=int, default=default_dpi,
                        help=f"PNG resolution (default {default_dpi}; 300 for print); lowered, with a "
                             "warning, for a figure too big to rasterise at it")
    render.add_argument("--private", action="store_true",
                        help="files 0600 and folders 0700 (default: as your umask makes them)")
    render.add_argument("--anonymize", nargs="?", const="roles", choices=ANONYMIZE_CHOICES,
                        help="names as roles relative to the client (Ibu, Kakak 1; the default) or initials, "
                             "dates as years, notes dropped, case id hashed in file names; off: names "
                             "even where the case asks for anonymize (default: as the case says)")
    render.add_argument("--keep-notes", action="store_true",
                        help="with --anonymize: keep notes (names in them replaced)")
    render.add_argument("--check", action="store_true", help="print each diagram's quality numbers")
    _add_focus_arguments(render)
    _add_page_arguments(render)

    importer = sub.add_parser("import", help="a GEDCOM, PED/LINKAGE or pedigreejs file as a case file")
    importer.add_argument("source", metavar="FILE", help=".ged, .ped/.tab/.data/.csv, or pedigreejs .json")
    importer.add_argument("--out", "-o", metavar="CASE.yaml", help="the case file to write (default: stdout)")
    importer.add_argument("--id", help="the case id (default: from the file name)")

    _add_report_command(sub)

    from .batchargs import add_arguments as add_batch_arguments

    add_batch_arguments(sub.add_parser("batch", help="render many cases in parallel, with a report"))

    validate = sub.add_parser("validate", help="check case files, and .ged/.ped/pedigreejs files imported as "
                                               "render does; print every problem")
    validate.add_argument("cases", nargs="+", metavar="CASE")

    live = sub.add_parser("live", help="edit a case in the browser, redrawn as you type "
                                       "(needs the live extra)")
    live.add_argument("case", metavar="CASE", help="the case file (created from a template if missing)")
    live.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    live.add_argument("--no-browser", action="store_true", help="print the address, do not open it")

    from .diff.command import add_arguments as add_diff_arguments

    add_diff_arguments(sub.add_parser("diff", help="draw two or more versions of a case, changes marked"))

    sub.add_parser("schema", help="print the JSON Schema of the case file")
    sub.add_parser("styles", help="list the styles")
    return parser


def _add_report_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`socialmaps report`: the case report (HTML, PDF, DOCX) over the same options as render."""
    report = sub.add_parser("report", help="one HTML page, one PDF and one DOCX with every diagram of a "
                                           "case, captioned (needs the report extra for DOCX and PDF)")
    report.add_argument("cases", nargs="+", metavar="CASE", help="case files (.yaml, .yml, .json)")
    report.add_argument("--out", "-o", default="out", metavar="DIR",
                        help="output folder; files go to DIR/<case id>/report.<ext> (default: out)")
    report.add_argument("--format", "-f", default=",".join(REPORT_FORMATS), metavar="LIST",
                        help=f"comma-separated: {','.join(REPORT_FORMATS)} (default: all three)")
    report.add_argument("--diagrams", "-d", default="all", metavar="LIST",
                        help=f"all, or comma-separated from: {','.join(diagrams.KINDS)}")
    report.add_argument("--lang", choices=LANGUAGES, help="labels' language (default: the case's)")
    report.add_argument("--style", help="default, print, colorblind, large, nsgc … (default: the case's)")
    report.add_argument("--private", action="store_true", help="files 0600 and folders 0700")
    report.add_argument("--anonymize", nargs="?", const="roles", choices=ANONYMIZE_CHOICES,
                        help="names as roles (the default) or initials, dates as years, notes dropped")
    report.add_argument("--keep-notes", action="store_true",
                        help="with --anonymize: keep notes (names in them replaced)")
    report.add_argument("--watermark", metavar="WORD",
                        help="a word across every page, e.g. RAHASIA or CONFIDENTIAL")
    report.add_argument("--check", action="store_true", help="print each diagram's quality numbers")
    _add_page_arguments(report, default_page="a4")
    _add_focus_arguments(report)


def _add_page_arguments(parser: argparse.ArgumentParser, default_page: str | None = None) -> None:
    """--width/--page/--min-text and the caption options, shared by render and report."""
    parser.add_argument("--width", metavar="LENGTH",
                        help="lay every figure out for this printed width: 16cm, 160mm, 6.3in "
                             "(default: the page's text width, else each figure's natural size)")
    parser.add_argument("--page", choices=PAGE_NAMES, default=default_page,
                        help="a page whose text width (between its margins) figures are laid out for"
                             + (f" (default: {default_page})" if default_page else ""))
    parser.add_argument("--min-text", default="6pt", metavar="LENGTH",
                        help="the smallest text a figure may shrink to; below it the figure is reported "
                             "as too big for the width (default: 6pt)")
    parser.add_argument("--caption", metavar="TEMPLATE",
                        help='caption template with {n} {diagram} {title} {client} {id}, e.g. '
                             '"Gambar 4.{n} {diagram} Klien {client}"; or "below": draw the caption under '
                             "each figure (default: the language's template, in the SVG's <title>)")
    parser.add_argument("--caption-start", type=int, default=1, metavar="N",
                        help="the number of the case's first figure (default: 1)")
    parser.add_argument("--caption-below", action="store_true", help="draw the caption under each figure")


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (so a BaseException, which the per-case error
    policy lets through), and a case being written removes its staging folder on the way."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _stop_cleanly_on_termination() -> Iterator[None]:
    """`kill`, `timeout`, a closed terminal: end through the finally blocks, not at once; the
    handlers before come back afterwards.  (SIGKILL cannot be caught: what it leaves, the next
    render sweeps.)"""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {name: signal.signal(getattr(signal, name), _stop) for name in names}
    try:
        yield
    finally:
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)


ANONYMIZE_CHOICES = ("roles", "initials", "off")


def _bare_anonymize(argv: Sequence[str]) -> list[str]:
    """`render --anonymize case.yaml`: a bare --anonymize means roles, not 'case.yaml' as the mode
    (argparse's optional value would take the case file and refuse it)."""
    return ["--anonymize=roles" if arg == "--anonymize" and (i + 1 == len(argv)
            or argv[i + 1] not in ANONYMIZE_CHOICES) else arg for i, arg in enumerate(argv)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(_bare_anonymize(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "render":
            with _stop_cleanly_on_termination():
                return _render(parser, args)
        if args.command == "report":
            with _stop_cleanly_on_termination():
                return _render(parser, args)
        if args.command == "batch":
            from .batch import command as batch_command

            with _stop_cleanly_on_termination():
                return batch_command(parser, args, _render_options(parser, args))
        if args.command == "import":
            from .inputs import import_command

            return import_command(args.source, args.out, args.id)
        if args.command == "diff":
            from .diff.command import run as diff_command

            return diff_command(parser, args)
        if args.command == "validate":
            return _validate(args.cases)
        if args.command == "live":
            return _live(args)
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
    except _Stopped as stopped:
        return 128 + stopped.signum
    except BrokenPipeError:
        return 0
    return 2


def _live(args: argparse.Namespace) -> int:
    try:
        from .live.server import serve
    except ImportError as err:
        print(f"live mode needs its extra: pip install 'socialmaps[live]' ({err})", file=sys.stderr)
        return 2
    return serve(args.case, port=args.port, open_browser=not args.no_browser)


def _validate(paths: list[str]) -> int:
    from .importers import is_foreign
    from .inputs import check_foreign
    from .output import check_file

    failed = 0
    for path in paths:
        result = check_foreign(path) if is_foreign(path) else check_file(path)
        for warning in result.input_warnings:
            print(warning, file=sys.stderr)
        if not result.ok:
            failed += 1
            for message in result.messages:
                print(message)
    if failed:
        print(f"{failed} of {len(paths)} file(s) invalid", file=sys.stderr)
    return 1 if failed else 0


def _add_focus_arguments(render: argparse.ArgumentParser) -> None:
    render.add_argument("--focus", metavar="ID", help="draw the family around this person (default: the "
                        "client); `all` draws everyone (imported families over 60 people get a focus view)")
    render.add_argument("--up", type=int, choices=range(0, 100), metavar="N",
                        help="generations up (default 2)")
    render.add_argument("--down", type=int, choices=range(0, 100), metavar="M",
                        help="generations down (default 1)")


def _focus(args: argparse.Namespace) -> Focus | None:
    from .focus import DEFAULT_DOWN, DEFAULT_UP, Focus

    if args.focus is None and args.up is None and args.down is None:
        return None
    return Focus(args.focus, DEFAULT_UP if args.up is None else args.up,
                 DEFAULT_DOWN if args.down is None else args.down)


def _render(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .inputs import write_inputs

    formats = _split(args.format)
    dot = "dot" in formats  # the genogram's DOT text, written beside the drawings (inputs.py)
    args.format = ",".join(f for f in formats if f != "dot") or ("svg" if not dot else "")
    options = _render_options(parser, args)
    failed = 0
    for result in write_inputs(args.cases, Path(args.out), options, _focus(args), dot, args.check):
        print_result(result, options, args.check)
        failed += not result.ok
    if failed:
        print(f"{failed} of {len(args.cases)} case(s) failed", file=sys.stderr)
    return 1 if failed else 0


def _render_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> RenderOptions:
    from pydantic import ValidationError

    from .caption import CaptionError
    from .page import LengthError
    from .style import StyleError

    formats, reports = _formats(parser, args)
    wanted = None
    if args.diagrams != "all":
        wanted = tuple(_split(args.diagrams))
        unknown = [d for d in wanted if d not in diagrams.KINDS]
        if unknown or not wanted:
            parser.error(f"--diagrams: unknown {', '.join(unknown) or '(empty)'}; "
                         f"choose all or from {', '.join(diagrams.KINDS)}")
    caption = getattr(args, "caption", None)
    below = getattr(args, "caption_below", False) or caption == "below"
    try:
        return RenderOptions(lang=args.lang, style=args.style, dpi=getattr(args, "dpi", 192),
                             formats=formats, reports=reports, diagrams=wanted, private=args.private,
                             anonymize=args.anonymize, keep_notes=args.keep_notes,
                             width=getattr(args, "width", None), page=getattr(args, "page", None),
                             min_text=getattr(args, "min_text", "6pt"),
                             caption=None if caption == "below" else caption,
                             caption_start=getattr(args, "caption_start", 1), caption_below=below,
                             watermark=getattr(args, "watermark", None))
    except (ValidationError, StyleError, LengthError, CaptionError) as err:
        parser.error(_option_message(err))


def _formats(parser: argparse.ArgumentParser,
             args: argparse.Namespace) -> tuple[tuple[Format, ...], tuple[ReportFormat, ...]]:
    """render: figure formats; report: report formats (and no figure files)."""
    asked = _split(args.format)
    known: tuple[str, ...] = REPORT_FORMATS if args.command == "report" else FORMATS
    bad = [f for f in asked if f not in known]
    if bad or (not asked and args.command != "render"):  # render: `--format dot` alone
        parser.error(f"--format: unknown {', '.join(bad) or '(empty)'}; choose from {', '.join(known)}")
    if args.command == "report":
        return (), tuple(cast(list[ReportFormat], asked))
    return tuple(cast(list[Format], asked)), ()


def print_result(result: CaseResult, options: RenderOptions, check: bool) -> None:
    """Problems and warnings on stderr, one line each; the summary (and --check numbers) on stdout."""
    from .output import shown_id

    for message in result.messages:
        print(message, file=sys.stderr)
    for problem in result.input_warnings:  # FILE:LINE:COL: path: warning: …
        print(problem, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.status == "invalid":
        print(f"{result.source}: invalid, nothing written", file=sys.stderr)
    if result.folder is None or (result.status == "failed" and not result.files):
        return
    kinds = ", ".join(d.kind for d in result.diagrams) or "no diagram (no data for any)"
    written = ",".join([*options.formats, *(f"report.{fmt}" for fmt in options.reports)])
    summary = _text_summary(result, options)
    print(f"{shown_id(result.case_id or '')}: {kinds} -> {result.folder} ({written}{summary})")
    for drawn in result.diagrams if check else ():
        print(f"  {drawn.kind}: " + ", ".join(f"{k}={v:g}" for k, v in sorted(drawn.metrics.items())))
        if drawn.note:
            print(f"    {drawn.note}")


def _text_summary(result: CaseResult, options: RenderOptions) -> str:
    """'; text 8.0 pt at 16 cm' and which figures print smaller, when laid out for a width."""
    width = options.figure_width_pt
    sizes = [d.text_pt for d in result.diagrams if d.text_pt is not None]
    if width is None or not sizes:
        return ""
    fitted = [size for d, size in zip(result.diagrams, sizes, strict=False) if d.note is None]
    smaller = [f"{d.kind} {d.text_pt:.1f} pt" for d in result.diagrams if d.note and d.text_pt is not None]
    cm = f"{width / 72 * 2.54:.3g} cm"
    text = f"; text {min(fitted):.1f} pt at {cm}" if fitted else f"; at {cm}"
    return text + (f"; smaller: {', '.join(smaller)}" if smaller else "")


def _option_message(err: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(err, ValidationError):
        return "; ".join(f"--{'.'.join(map(str, e['loc'])).replace('_', '-')}: "
                         f"{e['msg'].removeprefix('Value error, ')}" for e in err.errors())
    return str(err)


if __name__ == "__main__":
    sys.exit(main())
