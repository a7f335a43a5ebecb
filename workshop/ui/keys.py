"""Keys that work with a Japanese input method on.

With an input method (mozc, MS-IME, Google IME) on and a text field focused, Alt+letter
never reaches a mnemonic: the letter goes into the field. Ctrl+…, F-keys and Alt+digit do
get through. So every button whose label has an Alt+letter mnemonic also gets one of
those (``also_key``), and tabs are chosen with Alt+1…9 (``number_tabs``). Both are marked
on the widget (property ``ime_key``) so that a test can walk every page and find any
mnemonic left without one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QTabWidget, QWidget

IME_KEY = "ime_key"


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def also_key(button: QAbstractButton, keys: str, scope: QWidget) -> QShortcut:
    """``keys`` presses ``button`` while the focus is anywhere in ``scope`` (a page or a
    panel), when the button can be seen and used; the tooltip names the key."""

    def press() -> None:
        if button.isVisible() and button.isEnabled():
            button.setFocus()
            button.click()

    shortcut = QShortcut(QKeySequence(keys), scope, press,
                         context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    button.setProperty(IME_KEY, keys)
    tip = button.toolTip()
    button.setToolTip(f"{tip}  ({native(keys)})" if tip else native(keys))
    return shortcut


def number_tabs(tabs: QTabWidget, scope: QWidget) -> None:
    """Alt+1…9 choose the tabs of ``tabs`` while the focus is in ``scope``."""
    for index in range(min(tabs.count(), 9)):
        keys = f"Alt+{index + 1}"

        def choose(i: int = index) -> None:
            if tabs.isTabEnabled(i) and tabs.isEnabled():
                tabs.setCurrentIndex(i)
                tabs.currentWidget().setFocus()

        QShortcut(QKeySequence(keys), scope, choose,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip = tabs.tabToolTip(index)
        tabs.setTabToolTip(index, f"{tip}  ({native(keys)})" if tip else native(keys))
    tabs.setProperty(IME_KEY, "Alt+digit")
