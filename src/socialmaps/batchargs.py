"""`socialmaps batch`'s options, apart from batch.py: the CLI lists every command's options at
each start, and `render` should not load the batch runner (its worker pool and report) for that."""

from __future__ import annotations

import argparse
import os

from .options import FORMATS, LANGUAGES, RenderOptions

__all__ = ["add_arguments"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from . import diagrams

    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="case files, folders (searched recursively for *.yaml, *.yml, *.json) or globs")
    parser.add_argument("--out", "-o", required=True, metavar="DIR",
                        help="output folder: DIR/<case id>/<diagram>.<ext>, report.json, .csv, index.html")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help=f"worker processes (default: the number of cores, {os.cpu_count() or 1})")
    parser.add_argument("--format", "-f", default="svg", metavar="LIST",
                        help=f"comma-separated: {','.join(FORMATS)} (default: svg)")
    parser.add_argument("--diagrams", "-d", default="all", metavar="LIST",
                        help=f"all, or comma-separated from: {','.join(diagrams.KINDS)}")
    parser.add_argument("--lang", choices=LANGUAGES, help="labels' language (default: each case's)")
    parser.add_argument("--style", help="style name (default: each case's `style`, else default)")
    parser.add_argument("--dpi", type=int, default=RenderOptions.model_fields["dpi"].default,
                        help="PNG resolution")
    parser.add_argument("--private", action="store_true", help="files 0600 and folders 0700")
    parser.add_argument("--anonymize", nargs="?", const="roles", choices=("roles", "initials", "off"),
                        help="as `render --anonymize`: names as roles or initials, dates as years, notes "
                             "dropped, case ids hashed in folder names and in the report")
    parser.add_argument("--keep-notes", action="store_true",
                        help="with --anonymize: keep notes (names in them replaced)")
    parser.add_argument("--force", action="store_true", help="render every case, even those unchanged")
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="local worker processes (default), or a Dask distributed cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask: its scheduler, tcp://host:8786 "
                             "(default: a local cluster)")
