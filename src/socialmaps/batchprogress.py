"""The batch's progress on the terminal: a bar where there is one, plain lines where there is not."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import CaseRow


class Progress:
    """Cases done, failures, rate and time left: a rich bar on a terminal, else a plain line every
    `every` cases or `seconds` seconds (logs, CI).  Failure messages go out as they come."""

    def __init__(self, total: int, already: int, stream: Any = None, every: int | None = None,
                 seconds: float = 5.0) -> None:
        from rich.console import Console

        self.total, self.already = total, already
        self.rendered = 0
        self.failed = 0
        self.started = time.perf_counter()
        self.console = Console(file=stream or sys.stderr, highlight=False, soft_wrap=True)
        self.every = every or max(1, total // 20)
        self.seconds = seconds
        self.last_line = self.started
        self.bar: Any = None
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(TextColumn("batch"), BarColumn(), MofNCompleteColumn(),
                                    TextColumn("{task.fields[failed]} failed"),
                                    TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                    console=self.console, transient=False)
            self.task = self.bar.add_task("batch", total=total, completed=already, failed=0, rate="")
            self.bar.start()

    def add(self, rows: Sequence[CaseRow]) -> None:
        for row in rows:
            self.rendered += 1
            if row.failed:
                self.failed += 1
                for message in row.errors:
                    self.console.print(message, markup=False)
        done = self.already + self.rendered
        if self.bar is not None:
            self.bar.update(self.task, completed=done, failed=self.failed, rate=f"{self.rate():.1f} cases/s")
            return
        now = time.perf_counter()
        if done == self.total or done // self.every != (done - len(rows)) // self.every \
                or now - self.last_line >= self.seconds:
            self.last_line = now
            self.console.print(self.line(), markup=False)

    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.rendered / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        done = self.already + self.rendered
        rate = self.rate()
        left = f", {(self.total - done) / rate:.0f} s left" if rate > 0 and done < self.total else ""
        return f"batch: {done}/{self.total} done, {self.failed} failed, {rate:.1f} cases/s{left}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
