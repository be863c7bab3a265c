"""Problems the user can fix, reported by the engine and logged by whoever runs it.

The engine never logs: it returns `Diagnostic` values, so the plugin can route them through
MkDocs' plugin logger (and fail `--strict`) while the CLI prints them or emits JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["warning", "info", "debug"]  # debug: shown with --verbose only


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One message about one place in the user's docs."""

    source: str | None
    line: int | None
    message: str
    level: Level = "warning"
    code: str = ""

    def location(self) -> str:
        if self.source is None:
            return ""
        return f"{self.source}:{self.line}" if self.line else self.source

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "code": self.code,
            "source": self.source,
            "line": self.line,
            "message": self.message,
        }


def first_line(error: BaseException) -> str:
    """What a message names an error by: its text's first line, or its type when it has no text."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
