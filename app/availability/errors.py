"""The one error type of the availability package.

Every malformed input (a schedule file, a template, an .ics file) raises
``ScheduleError`` so the CLI and the settings page need a single ``except`` and
can show the message as is: it starts with the path of the offending field,
e.g. ``hours.mon[1]: end 25:00 is not a time``. Programming mistakes (a naive
datetime, an unsupported language code) raise plain ``ValueError`` instead,
because no user can fix them.
"""

from __future__ import annotations

__all__ = ["ScheduleError"]


class ScheduleError(ValueError):
    """A schedule, template or calendar that cannot be used as given.

    ``field`` is the JSON-style path of the problem ("" for the whole input),
    ``problem`` the human-readable part without the path.
    """

    def __init__(self, problem: str, field: str = "") -> None:
        self.problem = problem
        self.field = field
        super().__init__(f"{field}: {problem}" if field else problem)

    def within(self, prefix: str) -> ScheduleError:
        """The same problem located under ``prefix`` (a parent field)."""
        if not self.field:
            return ScheduleError(self.problem, prefix)
        joiner = "" if self.field.startswith("[") else "."
        return ScheduleError(self.problem, f"{prefix}{joiner}{self.field}")
