"""English and German UI text through Qt's own translation machinery.

The German catalogue ships as ``resources/translations/tresen_de.ts`` (the
source that translators edit). When PySide6's ``lrelease`` is present it is
compiled once into a ``.qm`` in the cache; a frozen app without it falls
back to ``TsTranslator``, which reads the ``.ts`` XML directly — so German
never silently disappears because a build tool was missing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from ui.assets import TRANSLATIONS

SUPPORTED = ("en", "de")


def resolve_language(setting: str, system: QLocale | None = None) -> str:
    """``"system"`` follows the locale (German if it is German, else English)."""
    if setting in SUPPORTED:
        return setting
    locale = system or QLocale.system()
    return "de" if locale.language() == QLocale.Language.German else "en"


def _german_plural(n: int) -> int:
    return 0 if n == 1 else 1


class TsTranslator(QTranslator):
    """A translator fed straight from a ``.ts`` file (German plural rules)."""

    def __init__(self, ts_path: Path, parent: QObject | None = None) -> None:
        import xml.etree.ElementTree as ET  # only German needs it, and only without lrelease

        super().__init__(parent)
        self._plain: dict[tuple[str, str], str] = {}
        self._plural: dict[tuple[str, str], list[str]] = {}
        root = ET.parse(ts_path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("unfinished", "obsolete",
                                                                      "vanished"):
                    continue
                forms = [f.text or "" for f in translation.iter("numerusform")]
                if message.get("numerus") == "yes" and forms:
                    self._plural[(name, source)] = forms
                elif translation.text:
                    self._plain[(name, source)] = translation.text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not (self._plain or self._plural)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        forms = self._plural.get((context, source_text))
        if forms:
            form = forms[min(_german_plural(n), len(forms) - 1)]
            return form.replace("%n", str(n)) if n >= 0 else form
        return self._plain.get((context, source_text), "")


def compile_qm(ts_path: Path, cache_dir: Path) -> Path | None:
    """Compile ``ts_path`` with PySide6's lrelease into ``cache_dir`` unless up to date."""
    import PySide6

    lrelease = Path(PySide6.__file__).parent / "lrelease"
    if not lrelease.exists():
        return None
    qm = cache_dir / (ts_path.stem + ".qm")
    if qm.exists() and qm.stat().st_mtime >= ts_path.stat().st_mtime:
        return qm
    import subprocess  # only when the .qm is missing or stale

    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([str(lrelease), "-silent", str(ts_path), "-qm", str(qm)],
                       check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return qm if qm.exists() else None


class Translations:
    """Owns the installed translator; switching language takes effect at once.

    Installing or removing a translator makes Qt send ``LanguageChange`` to
    every widget, which is where each widget re-reads its text.
    """

    def __init__(self, app: QCoreApplication, cache_dir: Path | None,
                 ts_dir: Path = TRANSLATIONS) -> None:
        self._app = app
        self._cache_dir = cache_dir
        self._ts_dir = ts_dir
        self._translator: QTranslator | None = None
        self.language = "en"

    def load(self, language: str) -> QTranslator | None:
        """A translator for ``language`` ("en" needs none: the source text is English)."""
        if language == "en":
            return None
        ts = self._ts_dir / f"tresen_{language}.ts"
        if not ts.exists():
            return None
        if self._cache_dir is not None:
            qm = compile_qm(ts, self._cache_dir)
            if qm is not None:
                translator = QTranslator(self._app)
                if translator.load(str(qm)):
                    return translator
        return TsTranslator(ts, self._app)

    def apply(self, setting: str) -> str:
        language = resolve_language(setting)
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        translator = self.load(language)
        if translator is not None:
            self._app.installTranslator(translator)
            self._translator = translator
        QLocale.setDefault(QLocale(QLocale.Language.German if language == "de"
                                   else QLocale.Language.English,
                                   QLocale.Country.Germany if language == "de"
                                   else QLocale.Country.UnitedKingdom))
        self.language = language
        return language
