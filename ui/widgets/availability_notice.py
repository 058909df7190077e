"""The notice texts per language, checked as they are typed, with a live preview.

A template problem (``{next_opne}``) is shown under the text the moment it is
typed, because the owner fixes it at the desk or a customer finds it. The
preview shows the very text ``notice_at`` would send — for now, or for a
moment the owner picks ("what does Saturday night look like?").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.availability import DEFAULT_TEMPLATES, LANGUAGES, VARIABLES, validate_template

TR_CONTEXT = "Availability"

ERROR_STYLE = "color: #b42318;"
PREVIEW_STYLE = ("background: #ffffff; border: 1px solid #e4e7eb; border-radius: 6px;"
                 " padding: 8px; color: #1f2933;")


def _tr(text: str) -> str:
    return QCoreApplication.translate(TR_CONTEXT, text)


def language_name(language: str) -> str:
    return {"de": _tr("German"), "en": _tr("English")}.get(language, language)


class NoticeEditor(QWidget):
    """Signals:
    changed(): a template was edited.
    preview_changed(): the preview's account, moment or language changed.
    """

    changed = Signal()
    preview_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_templates()
        when = self._build_preview()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.variables_hint)
        layout.addLayout(when)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview)

    def _build_templates(self) -> None:
        self.tabs = QTabWidget()
        self.edits: dict[str, QPlainTextEdit] = {}
        self.problems: dict[str, QLabel] = {}
        for language in LANGUAGES:
            page = QWidget()
            edit = QPlainTextEdit()
            edit.textChanged.connect(self._on_edit)
            problem = QLabel()
            problem.setStyleSheet(ERROR_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            box = QVBoxLayout(page)
            box.addWidget(edit, 1)
            box.addWidget(problem)
            self.tabs.addTab(page, language_name(language))
            self.edits[language] = edit
            self.problems[language] = problem
        self.tabs.currentChanged.connect(lambda _i: self.preview_changed.emit())
        variables = " ".join("{" + name + "}" for name in VARIABLES)
        self.variables_hint = QLabel(_tr("Variables: %1").replace("%1", variables))
        self.variables_hint.setStyleSheet("color: #616e7c;")
        self.variables_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_preview(self) -> QHBoxLayout:
        """The account and moment the preview is for; returns their row."""
        self.account = QComboBox()
        self.account.currentIndexChanged.connect(lambda _i: self.preview_changed.emit())
        self.now_button = QRadioButton(_tr("now"))
        self.at_button = QRadioButton(_tr("at"))
        self.now_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.now_button)
        group.addButton(self.at_button)
        self.at_time = QDateTimeEdit()
        self.at_time.setCalendarPopup(True)
        self.at_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_time.setEnabled(False)
        self.at_button.toggled.connect(self.at_time.setEnabled)
        self.at_button.toggled.connect(lambda _on: self.preview_changed.emit())
        self.at_time.dateTimeChanged.connect(lambda _d: self.preview_changed.emit())
        self.preview_title = QLabel()
        self.preview_title.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setObjectName("noticePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet(PREVIEW_STYLE)
        self.preview.setMinimumHeight(80)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        when = QHBoxLayout()
        when.addWidget(QLabel(_tr("Preview on")))
        when.addWidget(self.account, 1)
        when.addWidget(self.now_button)
        when.addWidget(self.at_button)
        when.addWidget(self.at_time)
        return when

    # -- templates ---------------------------------------------------------------
    def set_templates(self, templates: Mapping[str, str]) -> None:
        """Show the owner's text, else the built-in default to edit from."""
        for language, edit in self.edits.items():
            edit.blockSignals(True)
            edit.setPlainText(templates.get(language) or DEFAULT_TEMPLATES[language])
            edit.blockSignals(False)
        self._on_edit()

    def templates(self) -> dict[str, str]:
        """Only texts that differ from the default: an untouched default keeps improving."""
        found = {}
        for language, edit in self.edits.items():
            text = edit.toPlainText()
            if text.strip() != DEFAULT_TEMPLATES[language].strip():
                found[language] = text
        return found

    def template_problems(self) -> dict[str, list[str]]:
        return {language: problems for language, edit in self.edits.items()
                if (problems := validate_template(edit.toPlainText()))}

    def select_language(self, language: str) -> None:
        if language in self.edits:
            self.tabs.setCurrentIndex(list(self.edits).index(language))

    def _on_edit(self) -> None:
        problems = self.template_problems()
        for language, label in self.problems.items():
            text = "; ".join(problems.get(language, []))
            label.setText(text)
            label.setVisible(bool(text))
            self.tabs.setTabText(list(self.edits).index(language),
                                 language_name(language) + (" ⚠" if text else ""))
        self.changed.emit()

    # -- preview -----------------------------------------------------------------
    def set_accounts(self, accounts: list[tuple[int, str]]) -> None:
        self.account.blockSignals(True)
        self.account.clear()
        for account_id, name in accounts:
            self.account.addItem(name, account_id)
        self.account.blockSignals(False)

    def set_preview_time(self, when: datetime) -> None:
        self.at_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))

    def preview_language(self) -> str:
        return list(self.edits)[max(0, self.tabs.currentIndex())]

    def preview_moment(self, now: int) -> datetime:
        if self.at_button.isChecked():
            return datetime.fromtimestamp(self.at_time.dateTime().toSecsSinceEpoch(), UTC)
        return datetime.fromtimestamp(now, UTC)

    def preview_account_id(self) -> int | None:
        data = self.account.currentData()
        return int(data) if data is not None else None

    def show_preview(self, title: str, text: str) -> None:
        self.preview_title.setText(title)
        self.preview.setText(text)

    def preview_text(self) -> str:
        return self.preview.text()
