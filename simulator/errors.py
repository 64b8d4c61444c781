"""The one error type for bad input, and how it prints.

Every problem in a content file (scenario, curriculum, assessment) or on the command line
becomes a :class:`Problem` that names the file, line, column and field. The CLI prints them
all and exits with code 2; nothing else in the project raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can.

    Attributes:
        file: The file (or "<command line>") the problem is in.
        line: 1-based line number, or 0 when unknown.
        col: 1-based column, or 0 when unknown.
        path: Dotted field path such as ``events[2].minutes``; empty for the whole file.
        message: What is wrong.
        hint: What to do about it; may be empty.

    """

    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else f"{self.file}:1:1"
        field = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"


class ContentError(Exception):
    """Bad input: one or more :class:`Problem` items, all reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, *, line: int = 0, col: int = 0, path: str = "",
               hint: str = "") -> ContentError:
        """Build an error holding one problem."""
        return cls([Problem(file, line, col, path, message, hint)])
