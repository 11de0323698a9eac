"""Application start: QApplication, bundled fonts, translator, workspace, main window.

``run(path)`` is what ``main.py`` calls with no command; ``start(path)`` builds
everything up to a shown window (tests and the start-up benchmark use it), with
the set-up wizard over it until the set-up was finished once.
With no path named, the workspace opened last (see ``ui.prefs``) is opened
again; if it is gone, the default one, and the window says so.
"""
from __future__ import annotations

import faulthandler
import sys
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from checklists.common.errors import SiteCheckError
from storage.paths import default_workspace
from storage.setting_store import setup_done

from .context import Context
from .errors import LANGUAGE_PROPERTY, LOG, LOG_NAME, ui_language
from .mainwindow import MainWindow
from .prefs import remember_workspace, remembered_workspace
from .style import STYLE
from .widgets.wheel import install_wheel_guard

ASSETS = Path(__file__).resolve().parents[1] / "assets"
UI_FONT = ASSETS / "fonts" / "NotoSansSC-Regular.ttf"
FALLBACK_FONTS = (ASSETS / "fonts" / "HanaMinB.ttf",)   # CJK Ext-B..F in names
FONT_POINT_SIZE = 11
LANGUAGES = ("zh_CN", "en")
QT_TRANSLATOR = "qtbase-zh"      # object name of the translator of Qt's own strings
MISSING_WORKSPACE = QT_TRANSLATE_NOOP(
    "app", "上次使用的工作区 %1 已不存在或无法打开（可能已被移动、删除，或所在的U盘未插入），已改为打开默认工作区。可在“设置”中用“打开其他工作区…”重新选择。")  # noqa: E501 - one literal for lupdate


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
    qt_translator: QTranslator | None = None     # Qt's own buttons and dialogs

    def set(self, lang: str) -> bool:
        # Qt's strings are the application's: drop every earlier window's copy too
        for old in (self.translator, *self.app.findChildren(QTranslator, QT_TRANSLATOR)):
            if old is not None:
                self.app.removeTranslator(old)
        self.translator = self.qt_translator = None
        if lang.startswith("zh"):
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
            self.qt_translator = self._qt_chinese()
            self.app.setProperty(LANGUAGE_PROPERTY, lang)
            return True
        translator = QTranslator(self.app)
        if not translator.load(str(ASSETS / "i18n" / f"sitecheck_{lang}.qm")):
            return False
        self.app.installTranslator(translator)
        self.translator = translator
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        self.app.setProperty(LANGUAGE_PROPERTY, lang)
        return True

    def _qt_chinese(self) -> QTranslator | None:
        """Qt's own strings (Save, Cancel, file and print dialogs) in Chinese, from the
        translations PySide6 ships; None where they are missing (English stays)."""
        translator = QTranslator(self.app)
        translator.setObjectName(QT_TRANSLATOR)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load("qtbase_zh_CN", folder):
            return None
        self.app.installTranslator(translator)
        return translator


def open_context(path: str | Path | None) -> tuple[Context, str]:
    """The workspace to start on, and a notice for the user ("" if none).

    ``path`` named on the command line is opened as it is; otherwise the one
    remembered from last time, falling back to the default workspace when it is
    missing or cannot be opened.
    """
    if path:
        return Context.open(Path(path)), ""
    last = remembered_workspace()
    default = default_workspace()
    if last is None or last == default:
        return Context.open(default), ""
    problem = ""
    if last.exists():
        try:
            return Context.open(last), ""
        except SiteCheckError as exc:
            problem = str(exc)
    remember_workspace(None)
    notice = QCoreApplication.translate("app", MISSING_WORKSPACE).replace("%1", str(last))
    return Context.open(default), notice + (f"\n\n{problem}" if problem else "")


def start(path: str | Path | None) -> tuple[QApplication, MainWindow]:
    """Open the workspace (the remembered or default one if ``path`` is None) and show
    the main window."""
    app = application()
    install_fonts(app)
    app.setStyleSheet(STYLE)
    install_wheel_guard(app)
    translation = Translation(app)
    ctx, notice = open_context(path)
    translation.set(ctx.lang)
    window = MainWindow(ctx)

    def switch(new_lang: str) -> None:
        translation.set(new_lang)
        window.ctx.lang = new_lang
        window.build_views()

    window.language_requested.connect(switch)
    window.translation = translation
    window.show()
    if notice:
        window.notice = QMessageBox(QMessageBox.Icon.Information,
                                    QCoreApplication.translate("app", "已打开默认工作区"), notice,
                                    parent=window)
        window.notice.open()
    if not setup_done(ctx.ws):      # first run: the user's own departments, inspectors, device name
        from .dialogs.setup_wizard import open_setup

        window.setup_wizard = open_setup(window, ctx)
    return app, window


def record_crashes(data_dir: Path) -> None:
    """Let a native crash write its Python traceback (every thread) to sitecheck.log:
    a desktop has no console to print it on.  Left alone if faulthandler is on already
    (``python -X faulthandler`` prints to the console)."""
    if not faulthandler.is_enabled():
        log = open(data_dir / LOG_NAME, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
        faulthandler.enable(log, all_threads=True)


def run(path: str | Path | None = None) -> int:
    """Start the desktop program; the exit status of the event loop."""
    app = application()
    try:
        _app, window = start(path)
    except SiteCheckError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("app", "无法打开工作区"), exc.text(ui_language()))
        return 1
    record_crashes(window.ctx.data_dir)
    status = app.exec()
    ctx = window.ctx
    if not ctx.ops.shutdown():      # one transaction that cannot stop half-way: let it end
        LOG.warning("quit: waiting for a background job that cannot be cancelled")
        ctx.ops.shutdown(-1)
    ctx.close()                     # worker workspaces are closed; now this one
    shiboken6.delete(window)        # here on the UI thread, not by Python's GC at exit
    return status
