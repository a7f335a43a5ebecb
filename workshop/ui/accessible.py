"""What a screen reader hears of a label that shows a value under a caption it does not
show (the timer's "20:00" is the time left): the caption *and* the value, never the caption
alone – a name set once ("Time left") would hide the value from the listener for good."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabBar,
    QWidget,
)


def show_value(label: QLabel, caption: str, text: str, tr: Callable[[str], str]) -> None:
    """Show ``text`` on ``label`` and name it "caption: text" for assistive technology."""
    label.setText(text)
    name_with_value(label, caption, tr)


def name_with_value(label: QLabel, caption: str, tr: Callable[[str], str]) -> None:
    """Name ``label`` "caption: <the text it shows now>" (call again when the text changes)."""
    text = label.text()
    label.setAccessibleName(
        tr("{caption}: {value}").format(caption=caption, value=text) if text else caption)


# A Japanese caption carries its access key in brackets – "タイトル(&T)" – and Qt names the
# widget by its text with only the "&" taken out, so a screen reader reads "タイトル T".
_BRACKETED_KEY = re.compile(r"[(（]&[^)）][)）]")


def spoken_caption(text: str) -> str:
    """``text`` as it should be heard: no bracketed access key, no "&" marking one."""
    text = _BRACKETED_KEY.sub("", text)
    return re.sub(r"&(&?)", r"\1", text)


def plain_mnemonics(root: QWidget) -> None:
    """Name the captions under ``root`` (labels, buttons, check boxes, radio buttons, tabs)
    without their bracketed access keys. Only those with such a key and no name of their
    own: a caption with an access key is fixed once made (a button whose text changes, e.g.
    "Add idea" / "Save changes", has none). Menus are named by Qt from their actions."""
    for widget in root.findChildren(QLabel) + root.findChildren(QPushButton) + \
            root.findChildren(QCheckBox) + root.findChildren(QRadioButton):
        text = widget.text()
        if not widget.accessibleName() and _BRACKETED_KEY.search(text):
            widget.setAccessibleName(spoken_caption(text))
    for tabs in root.findChildren(QTabBar):
        for index in range(tabs.count()):
            if _BRACKETED_KEY.search(tabs.tabText(index)):
                tabs.setAccessibleTabName(index, spoken_caption(tabs.tabText(index)))
