"""Keeps ``resources/translations/tresen_de.ts`` in step with the source.

``pyside6-lupdate`` misses plural calls (``translate(ctx, text, "", n)``)
and module shorthands, so the catalogue is extracted here with ``ast``:
every ``QCoreApplication.translate("Context", "text"[, disambiguation, n])``
and every ``_tr("text")`` in a module that sets ``TR_CONTEXT``. Run
``python -m ui.i18n_catalog`` after changing UI text; existing translations
are kept, new strings are added as unfinished, and a test fails while any
string lacks its German translation.
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ui.assets import TRANSLATIONS

UI_ROOT = Path(__file__).resolve().parent
TS_PATH = TRANSLATIONS / "tresen_de.ts"


@dataclass(frozen=True, slots=True, order=True)
class Source:
    context: str
    text: str
    numerus: bool = False


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def module_strings(path: Path) -> set[Source]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shorthand = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "TR_CONTEXT" for t in node.targets):
            shorthand = _literal(node.value)
    found: set[Source] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "translate" and len(node.args) >= 2:
            context, text = _literal(node.args[0]), _literal(node.args[1])
            if context is not None and text is not None:
                found.add(Source(context, text, len(node.args) >= 4))
        elif isinstance(func, ast.Name) and func.id == "_tr" and shorthand and node.args:
            text = _literal(node.args[0])
            if text is not None:
                found.add(Source(shorthand, text))
    return found


def source_strings(root: Path = UI_ROOT) -> set[Source]:
    strings: set[Source] = set()
    for path in sorted(root.rglob("*.py")):
        strings |= module_strings(path)
    return strings


def read_ts(path: Path = TS_PATH) -> dict[Source, list[str]]:
    """Finished translations: one form, or the plural forms of a numerus message."""
    done: dict[Source, list[str]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type"):
                continue
            numerus = message.get("numerus") == "yes"
            forms = ([f.text or "" for f in translation.iter("numerusform")] if numerus
                     else [translation.text or ""])
            if all(forms):
                done[Source(name, message.findtext("source") or "", numerus)] = forms
    return done


def write_ts(strings: set[Source], translations: dict[Source, list[str]],
             path: Path = TS_PATH) -> None:
    root = ET.Element("TS", version="2.1", language="de_DE", sourcelanguage="en")
    by_context: dict[str, list[Source]] = {}
    for source in sorted(strings):
        by_context.setdefault(source.context, []).append(source)
    for context_name, sources in by_context.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = context_name
        for source in sources:
            message = ET.SubElement(context, "message")
            if source.numerus:
                message.set("numerus", "yes")
            ET.SubElement(message, "source").text = source.text
            translation = ET.SubElement(message, "translation")
            forms = translations.get(source)
            if forms is None:
                translation.set("type", "unfinished")
                forms = ["", ""] if source.numerus else [""]
            if source.numerus:
                for form in forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = forms[0]
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


def main() -> None:
    strings = source_strings()
    existing = read_ts() if TS_PATH.exists() else {}
    write_ts(strings, existing)
    missing = [s for s in strings if s not in existing]
    print(f"{len(strings)} strings, {len(missing)} without German translation")


if __name__ == "__main__":
    main()
