"""pytest-qt fixtures: a main window on the offscreen platform, dialogs answered by tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workshop.demo import create_demo
from workshop.model import Cluster, Idea, Prompt, Team, Workshop
from workshop.store import WorkshopStore
from workshop.ui import style
from workshop.ui.app import QtTranslations
from workshop.ui.dialogs import Dialogs
from workshop.ui.mainwindow import MainWindow
from workshop.ui.settings import Settings


class ScriptedDialogs(Dialogs):
    """Answers the window's questions from lists the test fills; records what it was told."""

    def __init__(self, tr) -> None:
        super().__init__(tr)
        self.paths: list[Path | None] = []
        self.suggested: list[str] = []  # file names the save dialog offered
        self.confirmations: list[bool] = []
        self.texts: list[str | None] = []
        self.images: list[list[Path]] = []
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.folders: list[Path | None] = []
        self.bundles: list[list[Path]] = []
        self.sheets: list[Path | None] = []
        self.asked: list[str] = []  # the questions ask_text put
        self.confirm_defaults: list[str] = []  # "yes" / "no": what Enter would answer
        self.shown: list[Path] = []  # folders and files "opened" in the file manager

    def open_workshop(self, parent):
        return self.paths.pop(0)

    def save_workshop(self, parent, title, suggested=""):
        self.suggested.append(suggested)
        return self.paths.pop(0)

    def open_images(self, parent):
        return self.images.pop(0)

    def choose_folder(self, parent, start):
        return self.folders.pop(0) if self.folders else None

    def open_bundles(self, parent):
        return self.bundles.pop(0) if self.bundles else []

    def open_sheet(self, parent):
        return self.sheets.pop(0) if self.sheets else None

    def show_location(self, path):
        self.shown.append(path)
        return True

    def choose_backup(self, parent, names):
        return 0 if names else None

    def confirm(self, parent, text, *, default_no=False):
        self.confirm_defaults.append("no" if default_no else "yes")
        return self.confirmations.pop(0) if self.confirmations else False

    def error(self, parent, text):
        self.errors.append(text)

    def info(self, parent, text):
        self.infos.append(text)

    def ask_text(self, parent, title, label, *, secret=False, text=""):
        self.asked.append(label)
        return self.texts.pop(0) if self.texts else None

    def new_pin(self, parent):
        """The next text is the PIN the facilitator chooses (None: cancelled)."""
        return self.texts.pop(0) if self.texts else None

    def ask_pin(self, parent, title, text, guard):
        """The next text is typed as the PIN, as into the real dialog (None: cancelled)."""
        pin = self.texts.pop(0) if self.texts else None
        return pin is not None and guard.check(pin)


@pytest.fixture
def make_window(qtbot, qapp, tmp_path):
    style.install_fonts(qapp)
    style.apply_style(qapp)

    def make(lang: str = "en") -> MainWindow:
        from workshop.i18n import gettext_for

        window = MainWindow(settings=Settings(tmp_path / f"settings-{lang}.ini"), lang=lang,
                            translations=QtTranslations(qapp), device_id="ui-test",
                            dialogs=ScriptedDialogs(gettext_for(lang)))
        qtbot.addWidget(window)
        window.show()
        return window

    return make


@pytest.fixture
def demo_window(make_window, tmp_path, qtbot):
    """A window with the demo workshop open."""

    def make(lang: str = "en") -> MainWindow:
        path = tmp_path / f"demo-{lang}.workshop"
        create_demo(path, lang=lang, device_id="ui-test").close()
        window = make_window(lang)
        assert window.open_path(path)
        qtbot.waitUntil(lambda: window.centralWidget().isVisible())  # shown on the next loop
        return window

    return make


@pytest.fixture
def board_window(make_window, tmp_path, qtbot):
    """A small workshop: two prompts, two teams, clusters Green and Traffic, five ideas of
    the first prompt in no cluster and one of the second prompt."""

    def make(ideas: int = 5):
        path = tmp_path / "board.workshop"
        with WorkshopStore.create(path, Workshop(title="Board test"), device_id="t") as store:
            first = store.add(Prompt(text="What would make the square better?"))
            second = store.add(Prompt(text="What is wrong today?", position=1))
            a = store.add(Team(name="Table A", colour="#4e79a7"))
            b = store.add(Team(name="Table B", colour="#f28e2b", position=1))
            store.add(Cluster(name="Green", colour="#44bb99", position=0))
            store.add(Cluster(name="Traffic", colour="#eedd88", position=1))
            titles = ["Shady benches", "More trees", "Benches in the shade", "Bus shelter",
                      "Bike lanes"]
            with store.transaction():
                for n in range(ideas):
                    title = titles[n] if n < len(titles) else f"Idea number {n}"
                    store.add(Idea(title=title, details=f"details {n}", prompt_id=first.id,
                                   team_id=(a if n % 2 == 0 else b).id, position=n))
            store.add(Idea(title="Dark at night", prompt_id=second.id, team_id=a.id,
                           position=99))
        window = make_window("en")
        assert window.open_path(path)
        window.show_page(2)
        window.activateWindow()  # keyboard shortcuts need the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return make
