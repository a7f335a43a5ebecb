"""Starting the window: the QApplication, fonts, translations and the main window.

A facilitator waits for this, so ``main`` does only what the first paint needs – the start
screen, in the person's language and font, with its menus – and imports what an open
workshop needs afterwards, in idle time (``workshop.ui.later``). Keep imports at the top of
this module and of ``workshop.ui.mainwindow`` to that first-paint set.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from workshop.device import config_dir, device_id
from workshop.i18n import normalise_language, system_language
from workshop.ui import style
from workshop.ui.later import import_after_first_paint
from workshop.ui.mainwindow import MainWindow
from workshop.ui.settings import LANGUAGE, ZOOM, Settings


class QtTranslations:
    """Qt's own strings (standard buttons, file dialogs) in the window's language."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self._translator: QTranslator | None = None

    def install(self, lang: str) -> None:
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator = None
        QLocale.setDefault(QLocale(QLocale.Language.Japanese if lang == "ja"
                                   else QLocale.Language.English))
        if lang == "en":
            return
        translator = QTranslator(self.app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            self.app.installTranslator(translator)
            self._translator = translator


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
    window.show()
    if args:
        window.open_path(Path(args[0]))
        sweep_leftovers()
    else:  # the rest loads while the person reads the start screen
        import_after_first_paint(window, done=sweep_leftovers)
    return app.exec()


def sweep_leftovers() -> None:
    """Remove the temporary folders of exports that a killed run left (after the first
    paint: nobody waits for it)."""
    from workshop.store.leftovers import sweep_temp_dirs

    sweep_temp_dirs()
