"""Application start: QApplication, bundled fonts, translator, workspace, main window.

``run(path)`` is what ``main.py`` calls with no command; ``start(path)`` builds
everything up to a shown window (tests and the start-up benchmark use it).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from checklists.errors import SiteCheckError
from storage.paths import default_workspace
from storage.workspace import Workspace

from .context import Context
from .errors import setup_logging
from .mainwindow import MainWindow
from .ops import Ops
from .style import STYLE

ASSETS = Path(__file__).resolve().parents[1] / "assets"
UI_FONT = ASSETS / "fonts" / "NotoSansSC-Regular.ttf"
FALLBACK_FONTS = (ASSETS / "fonts" / "HanaMinB.ttf",)   # CJK Ext-B..F in names
FONT_POINT_SIZE = 11
LANGUAGES = ("zh_CN", "en")


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SiteCheck")
    app.setOrganizationName("SiteCheck")
    return app


def install_fonts(app: QApplication) -> str:
    """Make the bundled simplified-Chinese face the application font; return its family.

    The UI never depends on system CJK fonts (which may be missing, or Japanese).
    """
    font_id = QFontDatabase.addApplicationFont(str(UI_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else "Noto Sans SC"
    fallbacks = []
    for path in FALLBACK_FONTS:
        if path.exists():
            fid = QFontDatabase.addApplicationFont(str(path))
            fallbacks += QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    if fallbacks:
        QFont.insertSubstitutions(family, fallbacks)
    font = QFont(family, FONT_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return family


@dataclass
class Translation:
    """The installed translator; swap languages with ``set``."""

    app: QApplication
    translator: QTranslator | None = None

    def set(self, lang: str) -> bool:
        if self.translator is not None:
            self.app.removeTranslator(self.translator)
            self.translator = None
        if lang.startswith("zh"):
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
            return True
        translator = QTranslator(self.app)
        if not translator.load(str(ASSETS / "i18n" / f"sitecheck_{lang}.qm")):
            return False
        self.app.installTranslator(translator)
        self.translator = translator
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True


def start(path: str | Path | None) -> tuple[QApplication, MainWindow]:
    """Open the workspace (default one if ``path`` is None) and show the main window."""
    app = application()
    install_fonts(app)
    app.setStyleSheet(STYLE)
    file = Path(path) if path else default_workspace()
    data_dir = file.parent
    setup_logging(data_dir)
    ws = Workspace.open(file)            # creates it, with the built-in checklists
    lang = ws.setting("language") or "zh_CN"
    translation = Translation(app)
    translation.set(lang)
    ctx = Context(ws=ws, ops=Ops(ws), data_dir=data_dir, lang=lang)
    window = MainWindow(ctx)

    def switch(new_lang: str) -> None:
        translation.set(new_lang)
        ctx.lang = new_lang
        window.build_views()

    window.language_requested.connect(switch)
    window.translation = translation
    window.show()
    return app, window


def run(path: str | Path | None = None) -> int:
    """Start the desktop program; the exit status of the event loop."""
    app = application()
    try:
        app_, window = start(path)
    except SiteCheckError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("app", "无法打开工作区"), str(exc))
        return 1
    status = app.exec()
    window.ctx.ws.close()
    return status
