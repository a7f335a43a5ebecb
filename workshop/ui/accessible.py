"""What a screen reader hears of a label that shows a value under a caption it does not
show (the timer's "20:00" is the time left): the caption *and* the value, never the caption
alone – a name set once ("Time left") would hide the value from the listener for good."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel


def show_value(label: QLabel, caption: str, text: str, tr: Callable[[str], str]) -> None:
    """Show ``text`` on ``label`` and name it "caption: text" for assistive technology."""
    label.setText(text)
    name_with_value(label, caption, tr)


def name_with_value(label: QLabel, caption: str, tr: Callable[[str], str]) -> None:
    """Name ``label`` "caption: <the text it shows now>" (call again when the text changes)."""
    text = label.text()
    label.setAccessibleName(
        tr("{caption}: {value}").format(caption=caption, value=text) if text else caption)
