"""Layering rules that code review alone would let slip.

app/ and services/ never import Qt widgets (only the composition root in
app/cli may import the ui package, lazily); secrets never touch app/.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_core_and_services_import_no_qt_and_no_ui() -> None:
    offenders = []
    for package in ("app", "services"):
        for path in _modules(package):
            rel = path.relative_to(ROOT)
            for name in _imports(path):
                top = name.split(".")[0]
                if top in ("PySide6", "shiboken6"):
                    offenders.append(f"{rel}: {name}")
                if top == "ui" and rel.parts[:2] != ("app", "cli"):
                    offenders.append(f"{rel}: {name}")
    assert offenders == []


def test_core_does_not_reach_keyring() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in _modules("app")
                 if any(n.split(".")[0] == "keyring" for n in _imports(p))]
    assert offenders == []


def test_there_are_modules_to_check() -> None:
    assert len(_modules("app")) > 5 and len(_modules("services")) > 1
