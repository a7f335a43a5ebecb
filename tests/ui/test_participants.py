"""Participant modes (shared-laptop capture, the voter screen) hold behind the facilitator
PIN: always set before they start, typed masked, a wrong PIN said so, a short lock-out;
no key a participant may press leaves them, and no participant screen shows the way out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from workshop.pin import LOCKOUT_SECONDS, TRIES_BEFORE_LOCKOUT, PinGuard, hash_pin
from workshop.store import WorkshopStore
from workshop.ui.pin_dialog import NewPinDialog, PinDialog
from workshop.ui.voting.voter import PASSED

from .test_voting import open_new_round, start_voter_screen

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)
# What a curious participant tries: every shortcut the window has, and the usual exits.
ESCAPES = [(Qt.Key.Key_Escape, 0), (Qt.Key.Key_Q, CTRL), (Qt.Key.Key_W, CTRL),
           (Qt.Key.Key_F4, ALT), (Qt.Key.Key_F4, CTRL), (Qt.Key.Key_F12, 0),
           (Qt.Key.Key_F11, 0), (Qt.Key.Key_O, CTRL), (Qt.Key.Key_N, CTRL),
           (Qt.Key.Key_Z, CTRL), (Qt.Key.Key_0, CTRL), (Qt.Key.Key_Minus, CTRL),
           *((getattr(Qt.Key, f"Key_{n}"), CTRL) for n in range(1, 10)),
           *((getattr(Qt.Key, f"Key_{n}"), ALT) for n in range(1, 10)),
           (Qt.Key.Key_F, ALT), (Qt.Key.Key_E, ALT), (Qt.Key.Key_V, ALT), (Qt.Key.Key_T, ALT),
           (Qt.Key.Key_L, CTRL | SHIFT)]


def capture_page(window):
    window.show_page(1)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    return window.page("capture")


def press_everything(window) -> None:
    for key, modifiers in ESCAPES:
        widget = QApplication.focusWidget() or window
        QTest.keyClick(widget, key, Qt.KeyboardModifier(modifiers))
    window.close()  # Alt+F4 from the window manager


def visible_texts(root) -> str:
    texts = [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
    return " ".join(texts + [b.text() for b in root.findChildren(QLineEdit)
                             if b.isVisibleTo(root)])


def test_shared_laptop_mode_needs_a_pin_chosen_before_it_starts(demo_window, qtbot):
    window = demo_window("en")
    page = capture_page(window)
    assert not window.session.pin_guard.is_set()
    window.dialogs.texts.append(None)  # the facilitator cancels choosing a PIN
    assert not page.enter_kiosk() and not window.kiosk
    window.dialogs.texts.append("2468")
    assert page.enter_kiosk() and window.kiosk
    stored = window.session.store.local.facilitator_pin()
    assert stored.startswith("scrypt$") and "2468" not in stored.split("$")[:4]

    # every key a participant tries: still here, on this page, nothing asked
    window.dialogs.texts.append(None)  # Ctrl+Shift+L asks for the PIN; nobody knows it
    press_everything(window)
    assert window.kiosk and window.isVisible() and window.isFullScreen()
    assert window.current_page() is page and window.dialogs.texts == []
    assert "Ctrl+Shift+L" not in visible_texts(page)  # no way out shown

    window.dialogs.texts.append("0000")
    assert not page.leave_kiosk() and window.kiosk
    window.dialogs.texts.append("2468")
    assert page.leave_kiosk() and not window.kiosk

    # the next time, the facilitator types the PIN to start (and so knows it still)
    window.dialogs.texts.append("1111")
    assert not page.enter_kiosk() and not window.kiosk
    window.dialogs.texts.append("2468")
    assert page.enter_kiosk() and window.kiosk
    window.dialogs.texts.append("2468")
    assert page.leave_kiosk()


def test_the_pin_is_kept_with_the_workshop(demo_window, qtbot, tmp_path):
    window = demo_window("en")
    path = window.session.path
    window.dialogs.texts.append("2468")
    window.change_facilitator_pin()
    window.close_workshop()
    with WorkshopStore.open(path, device_id="x") as store:
        assert store.local.facilitator_pin()
    assert window.open_path(path)
    assert window.session.pin_guard.is_set()
    page = capture_page(window)
    window.dialogs.texts.append("2468")
    assert page.enter_kiosk()
    window.dialogs.texts.append("2468")
    assert page.leave_kiosk()


def test_the_voter_screen_holds_and_shows_no_way_out(demo_window, qtbot):
    window = demo_window("en")
    page, _r = open_new_round(window)
    voter = start_voter_screen(window, page, pin="2468")
    for step in range(3):  # ballot, check, thank-you: never the exit shortcut
        assert "Ctrl+Shift+L" not in visible_texts(voter)
        if step == 0:
            voter.cards[0].plus.click()
            voter.review()
        elif step == 1:
            voter.confirm()
            qtbot.waitUntil(lambda: voter.step() == PASSED)  # thanked once it is on the disk
    window.dialogs.confirmations += [False] * 5
    window.dialogs.texts.append(None)
    press_everything(window)
    assert window.kiosk and page.voter.isVisible() and window.isVisible()
    window.dialogs.texts.append("2468")
    assert page.leave_voter_screen() and not window.kiosk


def test_voiding_says_which_ballot_it_voids(demo_window, qtbot):
    window = demo_window("en")
    page, _r = open_new_round(window, dots=3, cap=2)
    voter = start_voter_screen(window, page)
    for plus in (0, 0, 4):
        voter.cards[plus].plus.click()
    voter.review()
    voter.confirm()
    qtbot.waitUntil(lambda: voter.step() == PASSED)
    window.dialogs.texts.append("2468")
    assert page.leave_voter_screen()
    window.dialogs.texts.append("Voted twice")
    assert page.actions.void_last()
    question = window.dialogs.asked[-1]
    assert "ballot no. 1" in question and "3 dots on 2 ideas" in question
    assert "no team given" in question


@pytest.fixture
def clock():
    return [1000.0]


def test_a_wrong_pin_is_said_and_repeated_ones_lock_the_dialog(qtbot, clock):
    from workshop.i18n import gettext_for

    stored = hash_pin("2468")
    guard = PinGuard(lambda: stored, clock=lambda: clock[0])
    dialog = PinDialog(gettext_for("en"), "Leave", "Type the facilitator PIN to leave.",
                       guard)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.field, "1111")
    dialog.try_accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.feedback.text() == "Wrong PIN. Tries left before a short wait: 4."
    assert dialog.field.text() == ""
    for _ in range(TRIES_BEFORE_LOCKOUT - 1):
        qtbot.keyClicks(dialog.field, "1111")
        dialog.try_accept()
    assert not dialog.field.isEnabled()
    assert dialog.feedback.text() == f"Too many wrong PINs. Try again in {LOCKOUT_SECONDS:.0f} s."
    clock[0] += LOCKOUT_SECONDS
    dialog.show_lock()  # what the countdown timer calls each second
    assert dialog.field.isEnabled() and not dialog.feedback.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.field, "2468")
    dialog.try_accept()
    assert dialog.result() == PinDialog.DialogCode.Accepted


def test_choosing_a_pin_says_what_is_wrong_in_japanese(qtbot):
    from workshop.i18n import gettext_for

    dialog = NewPinDialog(gettext_for("ja"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first.echoMode() == dialog.second.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.first, "2468")
    qtbot.keyClicks(dialog.second, "2486")
    dialog.try_accept()
    assert dialog.pin is None and dialog.feedback.isVisibleTo(dialog)
    assert "PIN" in dialog.feedback.text() and "differ" not in dialog.feedback.text()
    qtbot.keyClicks(dialog.second, "2468")
    dialog.try_accept()
    assert dialog.pin == "2468" and dialog.result() == NewPinDialog.DialogCode.Accepted
