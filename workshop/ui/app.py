"""Starting the window: the QApplication, fonts, translations and the main window.

A facilitator waits for this, so ``main`` does only what the first paint needs – the start
screen, in the person's language and font, with its menus – and imports what an open
workshop needs afterwards, in idle time (``workshop.ui.later``). Keep imports at the top of
this module and of ``workshop.ui.mainwindow`` to that first-paint set.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from workshop import __version__
from workshop.device import config_dir, device_id
from workshop.i18n import normalise_language, system_language
from workshop.ui import style
from workshop.ui.later import import_after_first_paint
from workshop.ui.mainwindow import MainWindow
from workshop.ui.settings import LANGUAGE, ZOOM, Settings

SWEEP_AFTER_MS = 3000  # clean-up of killed runs' temporary folders, well after first paint
# Japanese for the few strings of Qt's own file dialog that ``qtbase_ja.qm`` lacks: Qt 6's
# catalog misses the labels it renamed ("&Look in:", "Files of &type:") and the file type
# column ("Folder"), so a Japanese save dialog showed English beside Japanese. Here rather
# than in a module of its own: the start screen's language is installed before its paint.
QT_JAPANESE_GAPS = {
    ("QFileDialog", "&Look in:"): "場所(&L):",
    ("QFileDialog", "Look in:"): "場所:",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
    ("QAbstractFileIconProvider", "Folder"): "フォルダ",
    ("QAbstractFileIconProvider", "File Folder"): "フォルダ",
    ("QAbstractFileIconProvider", "File"): "ファイル",
    ("QAbstractFileIconProvider", "%1 File"): "%1 ファイル",
    ("QAbstractFileIconProvider", "Drive"): "ドライブ",
    ("QAbstractFileIconProvider", "Unknown"): "不明",
}


class QtGapsJa(QTranslator):
    """Answers only the strings above; the others fall through to the next translator."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return QT_JAPANESE_GAPS.get((context, source), "")

    def isEmpty(self) -> bool:
        return False


class QtTranslations:
    """Qt's own strings (standard buttons, file dialogs) in the window's language."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self._translators: list[QTranslator] = []

    def install(self, lang: str) -> None:
        for old in self._translators:
            self.app.removeTranslator(old)
        self._translators = []
        QLocale.setDefault(QLocale(QLocale.Language.Japanese if lang == "ja"
                                   else QLocale.Language.English))
        if lang == "en":
            return
        if lang == "ja":  # first, so that Qt's own catalog is asked before it
            self._install(QtGapsJa(self.app))
        translator = QTranslator(self.app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            self._install(translator)

    def _install(self, translator: QTranslator) -> None:
        self.app.installTranslator(translator)
        self._translators.append(translator)


def window_language(settings: Settings) -> str:
    chosen = settings.get(LANGUAGE)
    return normalise_language(chosen) if chosen else system_language()


def create_app(argv: list[str] | None = None) -> QApplication:
    """The application, in our style (``style.STYLE``) from the start."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([*(argv or sys.argv[:1]), *style.STYLE_ARGUMENTS])
    else:
        app.setStyle(style.STYLE)
    app.setApplicationName("Workshop")
    app.setOrganizationName("Workshop")
    app.setApplicationVersion(__version__)
    # Loaded when first drawn (QIcon is lazy): the title bar, the task bar, Alt+Tab.
    app.setWindowIcon(QIcon(str(Path(__file__).parent.parent / "assets" / "workshop.png")))
    return app


def main(args: list[str]) -> int:
    app = create_app()
    settings = Settings()
    lang = window_language(settings)
    style.install_fonts(app, settings.get(ZOOM))
    style.apply_stylesheet(app)  # create_app chose the style
    translations = QtTranslations(app)
    translations.install(lang)
    window = MainWindow(settings=settings, lang=lang, translations=translations,
                        device_id=device_id(config_dir()))
    window.show_on_screen()
    if args:
        window.open_path(Path(args[0]))
    else:  # the rest loads while the person reads the start screen
        import_after_first_paint(window)
    # Well after the first paint: nobody waits for it.
    QTimer.singleShot(SWEEP_AFTER_MS, sweep_leftovers)
    return app.exec()


def sweep_leftovers() -> None:
    """Remove the temporary folders of exports that a killed run left."""
    from workshop.store.leftovers import sweep_temp_dirs

    sweep_temp_dirs()
