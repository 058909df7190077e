"""English and German UI text: complete catalogue, both loaders, switching live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Inbox
from ui.i18n import Translations, TsTranslator, compile_qm, resolve_language
from ui.i18n_catalog import TS_PATH, read_ts, source_strings
from ui.timefmt import waiting_text


@pytest.fixture
def translations(qapp: QApplication, tmp_path: Path) -> Iterator[Translations]:
    tr = Translations(qapp, tmp_path / "cache")
    yield tr
    tr.apply("en")


def test_every_ui_string_has_a_german_translation() -> None:
    strings = source_strings()
    assert len(strings) > 80
    done = read_ts()
    missing = sorted(s for s in strings if s not in done)
    assert missing == [], f"untranslated: {missing}; run python -m ui.i18n_catalog"
    for source in strings:
        if source.numerus:
            assert len(done[source]) == 2 and all("%n" in f for f in done[source])


@pytest.mark.parametrize("loader", ["qm", "ts"])
def test_both_loaders_translate_plain_and_plural_text(qapp: QApplication, tmp_path: Path,
                                                      loader: str) -> None:
    if loader == "qm":
        qm = compile_qm(TS_PATH, tmp_path)
        assert qm is not None and qm.exists()
        from PySide6.QtCore import QTranslator

        translator = QTranslator()
        assert translator.load(str(qm))
    else:
        translator = TsTranslator(TS_PATH)
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Sidebar", "Waiting for reply") == "Wartet auf Antwort"
        assert waiting_text(3 * 3600) == "wartet 3 Std."
        assert waiting_text(3 * 86_400) == "wartet 3 Tage"
        assert QCoreApplication.translate("StatusBar", "%n waiting to send", "", 1) == (
            "1 wartet auf Versand")
    finally:
        qapp.removeTranslator(translator)
    assert waiting_text(3 * 3600) == "waiting 3 h"


def test_system_language_follows_the_locale() -> None:
    assert resolve_language("system", QLocale(QLocale.Language.German)) == "de"
    assert resolve_language("system", QLocale(QLocale.Language.French)) == "en"
    assert resolve_language("de", QLocale(QLocale.Language.English)) == "de"


def test_switching_to_german_in_settings_changes_visible_text(
        qtbot: QtBot, make_window, translations: Translations, inbox: Inbox) -> None:
    chosen: list[str] = []

    def set_language(language: str) -> None:
        chosen.append(language)
        translations.apply(language)

    window = make_window(set_language=set_language)
    window.inbox.select_row(0)
    assert window.sidebar_model.find(("all",)).text() == "All workspaces"
    window.show_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.accept()
    assert chosen == ["de"]
    # Qt delivers LanguageChange to the widgets through the event loop.
    qtbot.waitUntil(lambda: window.triage_actions["done"].text() == "Erledigt")
    assert window.sidebar_model.find(("all",)).text() == "Alle Arbeitsbereiche"
    assert window.conversation.editor.from_label.text().startswith("Von: ")
    assert window.conversation.editor.send_button.text() == "Senden"
    assert window.status.sync_label.text() == "nie synchronisiert"
    assert window.triage_actions["done"].text() == "Erledigt"
    assert window.search.placeholderText().startswith("Alle Nachrichten durchsuchen")
    translations.apply("en")
    qtbot.waitUntil(lambda: window.triage_actions["done"].text() == "Done")
