"""The Flow layout: a row of widgets that wraps where the next one no longer fits."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from workshop.ui.widgets import Flow


def _flow(qtbot, columns: int = 0) -> tuple[QWidget, list[QPushButton]]:
    host = QWidget()
    qtbot.addWidget(host)
    flow = Flow(host, spacing=6, columns=columns)
    buttons = [QPushButton(f"Table {letter}") for letter in "ABCDEFG"]
    for button in buttons:
        flow.addWidget(button)
    return host, buttons


def _rows(buttons: list[QPushButton]) -> list[list[QPushButton]]:
    tops = sorted({button.y() for button in buttons})
    return [[b for b in buttons if b.y() == top] for top in tops]


def test_at_most_columns_a_row_each_row_filled_and_fewer_when_narrow(qtbot):
    host, buttons = _flow(qtbot, columns=4)
    wide = buttons[0].sizeHint().width() * 8
    host.resize(wide, host.layout().heightForWidth(wide))
    host.show()
    qtbot.waitUntil(host.isVisible)
    assert [len(row) for row in _rows(buttons)] == [4, 3]
    assert all(row[-1].geometry().right() >= wide - 4 for row in _rows(buttons))
    narrow = buttons[0].sizeHint().width() * 2 + 20
    host.resize(narrow, host.layout().heightForWidth(narrow))
    qtbot.waitUntil(lambda: len(_rows(buttons)) == 4)
    assert all(button.geometry().right() < narrow for button in buttons)
    assert all(button.width() >= button.minimumSizeHint().width() for button in buttons)
    assert host.layout().heightForWidth(narrow) > host.layout().heightForWidth(wide)


def test_hidden_widgets_take_no_place_and_the_order_is_kept(qtbot):
    host, buttons = _flow(qtbot)
    buttons[1].hide()
    width = sum(b.sizeHint().width() for b in buttons) * 2
    host.resize(width, 200)
    host.show()
    qtbot.waitUntil(host.isVisible)
    shown = [b for b in buttons if b.isVisible()]
    assert [b.x() for b in shown] == sorted(b.x() for b in shown)
    assert shown[1].x() == shown[0].geometry().right() + 1 + 6
    assert host.layout().minimumSize().width() == max(b.minimumSizeHint().width()
                                                       for b in shown)
