"""Notice templates: the four variables, validation at save time, safe rendering.

Templates use ``str.format`` braces (``{next_open}``, ``{{`` for a literal
brace) because owners meet that syntax elsewhere, but rendering never calls
``str.format``: only plain variable names are substituted, so a template can
neither reach attributes (``{hours.__class__}``) nor raise while a notice is
being sent. Whatever could go wrong is reported by ``validate_template`` when
the owner saves.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from app.availability.errors import ScheduleError

__all__ = [
    "DEFAULT_CLOSURE_TEMPLATES",
    "DEFAULT_TEMPLATES",
    "LANGUAGES",
    "VARIABLES",
    "render_template",
    "validate_template",
]

LANGUAGES: Final = ("de", "en")
"""Languages a notice can be written and dated in."""

VARIABLES: Final = ("business_name", "closure_reason", "hours", "next_open")
"""Everything a template may mention, in braces."""

DEFAULT_TEMPLATES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "de": (
            "Vielen Dank für Ihre Nachricht an {business_name}. Wir sind gerade nicht "
            "erreichbar und antworten Ihnen, sobald wir wieder da sind.\n"
            "Wieder erreichbar: {next_open}\n"
            "Unsere Zeiten: {hours}"
        ),
        "en": (
            "Thank you for your message to {business_name}. We are away right now and "
            "will answer you as soon as we are back.\n"
            "Back: {next_open}\n"
            "Our hours: {hours}"
        ),
    }
)
"""Used outside opening hours when the owner wrote no template of their own."""

DEFAULT_CLOSURE_TEMPLATES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "de": (
            "Vielen Dank für Ihre Nachricht an {business_name}. Wir haben gerade "
            "geschlossen: {closure_reason}. Wir antworten Ihnen, sobald wir wieder da "
            "sind.\n"
            "Wieder erreichbar: {next_open}"
        ),
        "en": (
            "Thank you for your message to {business_name}. We are closed at the "
            "moment: {closure_reason}. We will answer you as soon as we are back.\n"
            "Back: {next_open}"
        ),
    }
)
"""Used during a closure that has a reason, so the customer learns why."""

_FORMATTER = string.Formatter()


def validate_template(text: str) -> list[str]:
    """Every problem that would spoil this template, empty when it is fine.

    Run when the owner saves, so a typo such as ``{next_opne}`` is caught at
    the desk and not discovered by a customer.
    """
    if not text.strip():
        return ["the template is empty"]
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        return ["unmatched '{' or '}'; write {{ or }} for a literal brace"]
    problems: list[str] = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        problem = _field_problem(field, spec, conversion)
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def _field_problem(field: str, spec: str | None, conversion: str | None) -> str | None:
    if field == "":
        return "{} needs a variable name, e.g. {next_open}"
    shown = "{" + field + "}"
    if field not in VARIABLES:
        if re.split(r"[.\[]", field, maxsplit=1)[0] in VARIABLES:
            return f"{shown}: only plain variables are allowed"
        known = ", ".join("{" + name + "}" for name in VARIABLES)
        return f"unknown variable {shown}; known variables are {known}"
    if spec or conversion:
        return f"{shown}: formatting options after the name are not supported"
    return None


def render_template(text: str, values: Mapping[str, str]) -> str:
    """Fill in the variables; a variable missing from ``values`` renders empty.

    Raises ``ScheduleError`` only for a template that ``validate_template``
    rejects, which a saved schedule cannot contain.
    """
    problems = validate_template(text)
    if problems:
        raise ScheduleError(problems[0], "template")
    parts: list[str] = []
    for literal, field, _, _ in _FORMATTER.parse(text):
        parts.append(literal)
        if field is not None:
            parts.append(values.get(field, ""))
    return "".join(parts)
