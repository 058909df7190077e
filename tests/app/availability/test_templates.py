"""Template validation at save time and rendering that cannot fail afterwards."""

from __future__ import annotations

import pytest

from app.availability import (
    DEFAULT_CLOSURE_TEMPLATES,
    DEFAULT_TEMPLATES,
    LANGUAGES,
    VARIABLES,
    ScheduleError,
    render_template,
    validate_template,
)
from tests.app.availability.helpers import schedule

VALUES = {
    "business_name": "Radladen Kiel",
    "closure_reason": "Inventur",
    "hours": "Mo–Fr 9:00–18:00",
    "next_open": "Montag, 9:00",
}


def test_a_template_with_every_variable_and_literal_braces_is_valid() -> None:
    text = "{business_name}: {closure_reason} {hours} {next_open} {{Klammern}}"
    assert validate_template(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zurück am {naechste_oeffnung}", "unknown variable {naechste_oeffnung}"),
        ("Zurück am {next_open", "unmatched '{' or '}'"),
        ("Zurück am next_open}", "unmatched '{' or '}'"),
        ("Zurück am {}", "{} needs a variable name"),
        ("Zurück am {0}", "unknown variable {0}"),
        ("{hours.upper}", "{hours.upper}: only plain variables are allowed"),
        ("{hours[0]}", "{hours[0]}: only plain variables are allowed"),
        ("{hours!r}", "{hours}: formatting options after the name are not supported"),
        ("{hours:>30}", "{hours}: formatting options after the name are not supported"),
        ("   ", "the template is empty"),
    ],
)
def test_validate_template_names_the_problem(text: str, expected: str) -> None:
    problems = validate_template(text)
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_unknown_variable_problem_lists_the_known_ones() -> None:
    (problem,) = validate_template("{next_opne}")
    assert all("{" + name + "}" in problem for name in VARIABLES)


def test_each_problem_is_reported_once() -> None:
    assert validate_template("{foo} {foo} {bar}") == [
        validate_template("{foo}")[0],
        validate_template("{bar}")[0],
    ]


def test_render_substitutes_and_keeps_literal_braces() -> None:
    text = "{business_name} ist zu ({closure_reason}), ab {next_open} wieder da. {{x}}"
    assert render_template(text, VALUES) == (
        "Radladen Kiel ist zu (Inventur), ab Montag, 9:00 wieder da. {x}"
    )


def test_render_leaves_a_missing_value_empty() -> None:
    assert render_template("[{closure_reason}]", {}) == "[]"


def test_render_refuses_an_invalid_template() -> None:
    with pytest.raises(ScheduleError, match=r"^template: unknown variable \{x\}"):
        render_template("{x}", VALUES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_templates_are_valid_and_use_the_variables(language: str) -> None:
    for defaults in (DEFAULT_TEMPLATES, DEFAULT_CLOSURE_TEMPLATES):
        assert validate_template(defaults[language]) == []
        rendered = render_template(defaults[language], VALUES)
        assert "Radladen Kiel" in rendered
        assert "Montag, 9:00" in rendered
    assert "Inventur" in render_template(DEFAULT_CLOSURE_TEMPLATES[language], VALUES)


def test_a_schedule_cannot_hold_an_invalid_template() -> None:
    with pytest.raises(ScheduleError, match=r"^templates\.de: unknown variable \{geschaeft\}"):
        schedule(templates={"de": "Hallo von {geschaeft}"})
    with pytest.raises(ScheduleError, match=r"^closure_templates\.en: unmatched"):
        schedule(closure_templates={"en": "closed {"})
    with pytest.raises(ScheduleError, match=r"^templates\.fr: unsupported language"):
        schedule(templates={"fr": "Fermé"})
