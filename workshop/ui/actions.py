"""The window's menus and shortcuts, registered here so the main window stays small."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenuBar

    from workshop.ui.session import Session


class MenuWindow(Protocol):
    """What the menus need of the main window: its commands, the open session, the pages.

    A protocol rather than the main window's class, so that this module does not import
    ``workshop.ui.mainwindow`` (which imports this one to build its menus)."""

    tr_: Callable[[str], str]
    session: Session | None
    pages: Sequence[Any]  # each with a translated ``title()``
    timer_bar: Any  # None, or a widget whose ``actions()`` make the Timer menu
    undo_action: QAction | None
    redo_action: QAction | None

    def menuBar(self) -> QMenuBar: ...
    def actions(self) -> list[QAction]: ...
    def addAction(self, action: QAction) -> object: ...
    def removeAction(self, action: QAction) -> object: ...
    def new_workshop(self) -> object: ...
    def open_dialog(self) -> object: ...
    def open_demo(self) -> object: ...
    def save_copy(self) -> object: ...
    def restore_backup(self) -> object: ...
    def change_facilitator_pin(self) -> object: ...
    def close_workshop(self) -> object: ...
    def show_about(self) -> object: ...
    def close(self) -> bool: ...
    def zoom(self, step: int) -> object: ...
    def toggle_projector(self) -> object: ...
    def show_phones(self) -> object: ...
    def show_page(self, index: int) -> object: ...
    def set_language(self, lang: str) -> object: ...


def shortcut(window: QMainWindow | MenuWindow, text: str, keys, slot) -> QAction:
    action = QAction(window)  # not QAction(text, window): that overload check loads QIcon
    action.setText(text)
    if keys:
        action.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
    # QAction's default context, Qt.WindowShortcut, is the one wanted: anywhere in the
    # window. Not set explicitly: the menus are built before the first paint, and the first
    # use of PySide6.QtCore.Qt costs ~25 ms (it builds every enum of the namespace).
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts keep working when the menu bar is hidden (kiosk)
    return action


def build_menus(window: MenuWindow) -> None:
    for old in window.actions():  # a rebuild (new language, new workshop) starts clean
        window.removeAction(old)
        old.deleteLater()
    window.menuBar().clear()
    tr = window.tr_
    menus = window.menuBar()
    file_menu = menus.addMenu(tr("&File"))
    file_menu.addAction(shortcut(window, tr("&New workshop…"), QKeySequence.StandardKey.New,
                                 window.new_workshop))
    file_menu.addAction(shortcut(window, tr("&Open…"), QKeySequence.StandardKey.Open,
                                 window.open_dialog))
    file_menu.addAction(shortcut(window, tr("Open the &demo workshop"), None, window.open_demo))
    has_workshop = window.session is not None
    for text, slot in (
        (tr("Save a &copy as…"), window.save_copy),
        (tr("&Restore from backup…"), window.restore_backup),
        (tr("Facilitator &PIN…"), window.change_facilitator_pin),
        (tr("&Close workshop"), window.close_workshop),
    ):
        action = shortcut(window, text, None, slot)
        action.setEnabled(has_workshop)
        file_menu.addAction(action)
    file_menu.addSeparator()
    # In the File menu rather than a Help menu of its own: Alt+H is the Export page's.
    file_menu.addAction(shortcut(window, tr("&About Workshop"), None, window.show_about))
    file_menu.addAction(shortcut(window, tr("&Quit"), QKeySequence.StandardKey.Quit,
                                 window.close))

    edit_menu = menus.addMenu(tr("&Edit"))
    if window.session is not None:
        stack = window.session.undo_stack
        undo = stack.createUndoAction(window, tr("&Undo"))
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(window, tr("&Redo"))
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        window.addAction(undo)
        window.addAction(redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        window.undo_action, window.redo_action = undo, redo

    view_menu = menus.addMenu(tr("&View"))
    view_menu.addAction(shortcut(window, tr("Zoom &in"),
                                 [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")],
                                 lambda: window.zoom(+1)))
    view_menu.addAction(shortcut(window, tr("Zoom &out"), QKeySequence.StandardKey.ZoomOut,
                                 lambda: window.zoom(-1)))
    view_menu.addAction(shortcut(window, tr("&Actual size"), "Ctrl+0", lambda: window.zoom(0)))
    if window.session is not None:
        view_menu.addSeparator()
        view_menu.addAction(shortcut(window, tr("&Projector view"), "F12",
                                     window.toggle_projector))
        # Facilitator only: kiosk mode disables every action of the window, this one too.
        view_menu.addAction(shortcut(window, tr("Participants' p&hones…"), "Ctrl+Shift+H",
                                     window.show_phones))
        for number, title in enumerate(window.page_titles(), start=1):
            view_menu.addAction(shortcut(
                window, title, f"Ctrl+{number}",
                lambda _checked=False, n=number: window.show_page(n - 1)))
    language_menu = view_menu.addMenu(tr("&Language"))
    language_menu.addAction(shortcut(window, "日本語", None, lambda: window.set_language("ja")))
    language_menu.addAction(shortcut(window, "English", None, lambda: window.set_language("en")))

    if window.timer_bar is not None:  # the bar's own actions: one place keeps them current
        menus.addMenu(tr("&Timer")).addActions(window.timer_bar.actions())
    # Ctrl+F10 opens the menu bar: Alt+F and the like go into a text field while a Japanese
    # input method is on, and F6–F10 alone are its conversion keys.
    shortcut(window, "", "Ctrl+F10", lambda: open_menu_bar(window))


def open_menu_bar(window: MenuWindow) -> None:
    bar = window.menuBar()
    first = next((a for a in bar.actions() if a.menu() is not None), None)
    if bar.isVisible() and first is not None:
        bar.setFocus()
        bar.setActiveAction(first)
