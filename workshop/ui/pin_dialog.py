"""The facilitator PIN dialogs: choosing the PIN (typed twice) and typing it to start or
leave a participant mode. Typed masked; a wrong PIN says so and the dialog stays open; after
repeated wrong tries it refuses input for a short while and counts the wait down."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import InputError
from workshop.pin import MAX_LENGTH, PinGuard, checked_new_pin
from workshop.ui.widgets import error_label


def _masked(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(MAX_LENGTH)
    field.setAccessibleName(name)
    return field


class _PinDialogBase(QDialog):
    def __init__(self, tr, title: str, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.setWindowTitle(title)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.feedback = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(self.form)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def say(self, message: str) -> None:
        self.feedback.setText(message)
        self.feedback.setVisible(bool(message))

    def try_accept(self) -> None:
        raise NotImplementedError


class NewPinDialog(_PinDialogBase):
    """Choose the facilitator PIN; ``pin`` holds it once accepted."""

    def __init__(self, tr, parent: QWidget | None = None) -> None:
        super().__init__(tr, tr("Facilitator PIN"), tr(
            "Choose the facilitator PIN for this workshop. Participants cannot leave "
            "shared-laptop mode or the voter screen without it. Keep it to yourself."),
            parent)
        self.pin: str | None = None
        self.first = _masked(tr("New PIN"))
        self.second = _masked(tr("The same PIN again"))
        self.form.addRow(tr("New PIN:"), self.first)
        self.form.addRow(tr("The same PIN again:"), self.second)

    def try_accept(self) -> None:
        try:
            self.pin = checked_new_pin(self.first.text(), self.second.text())
        except InputError as error:
            message = error.message  # flat parameters: the window's gettext renders it
            self.say(self.tr_(message.msgid).format(**message.params))
            self.second.clear()
            self.first.setFocus()
            self.first.selectAll()
            return
        self.accept()


class PinDialog(_PinDialogBase):
    """Type the facilitator PIN; accepted only when ``guard`` says it is right."""

    def __init__(self, tr, title: str, text: str, guard: PinGuard,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr, title, text, parent)
        self.guard = guard
        self.field = _masked(tr("Facilitator PIN"))
        self.form.addRow(tr("Facilitator PIN:"), self.field)
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self.show_lock)
        self.show_lock()

    def try_accept(self) -> None:
        if self.guard.locked_for():
            self.show_lock()
            return
        if self.guard.check(self.field.text()):
            self.accept()
            return
        self.field.clear()
        self.field.setFocus()
        if self.guard.locked_for():
            self.show_lock()
        else:
            left = self.guard.tries_left()
            self.say(self.tr_("Wrong PIN. Tries left before a short wait: {count}.").format(
                count=left))

    def show_lock(self) -> None:
        """While locked out: the field and OK are off and the wait is counted down."""
        seconds = self.guard.locked_for()
        locked = seconds > 0
        self.field.setEnabled(not locked)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not locked)
        if locked:
            self.say(self.tr_("Too many wrong PINs. Try again in {seconds} s.").format(
                seconds=seconds))
            if not self.countdown.isActive():
                self.countdown.start()
        elif self.countdown.isActive():
            self.countdown.stop()
            self.say("")
            self.field.setFocus()

