"""Half-typed text kept in the workshop file (``store.local`` drafts), per field and owner
(the team whose idea it is, or '' for none): closing the window, a crash or switching team
never throws typing away silently.

A short pause in typing writes the draft (one committed write per pause, not per key);
``keep`` writes at once (switching team, closing the workshop).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from workshop.errors import WorkshopError

KEEP_AFTER_MS = 400


def _text(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _show(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    # setText / setPlainText also clear the field's own undo history, so that Ctrl+Z in
    # the field never brings back what another team typed.
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        widget.setPlainText(text)


class DraftFields(QObject):
    """Keeps the drafts of some text fields for the owner ``owner()`` names."""

    def __init__(self, local, fields: dict[str, QLineEdit | QPlainTextEdit],
                 owner: Callable[[], str | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._local = local
        self.fields = fields
        self._owner = owner
        self.kept_for: str | None = None  # whose drafts the fields show now
        self.paused = False  # e.g. while an existing idea is being edited
        self._showing = False  # the fields change because a draft is shown, not typed
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(KEEP_AFTER_MS)
        self._timer.timeout.connect(self.keep)
        for widget in fields.values():
            widget.textChanged.connect(self._typed)

    def _typed(self, *_args) -> None:
        if not self.paused and not self._showing:
            self._timer.start()

    def keep(self) -> None:
        """Write what the fields hold now as the drafts of the owner they show."""
        self._timer.stop()
        if self.paused or self.kept_for is None:
            return
        try:
            for field, widget in self.fields.items():
                if self._local.draft(field, self.kept_for) != _text(widget):
                    self._local.set_draft(field, self.kept_for, _text(widget))
        except WorkshopError:
            # A read-only file or a refusing disk: the text stays in the field, and the
            # window's banner already says that nothing can be saved. Closing must go on.
            pass

    def load(self) -> None:
        """Keep the fields' text for their owner, then show the current owner's drafts."""
        self.keep()
        owner = self._owner()
        self.kept_for = None if owner is None else owner
        for field, widget in self.fields.items():
            self._show(widget, self._local.draft(field, owner) if owner is not None else "")

    def pause(self) -> None:
        self.keep()
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        self.kept_for = None  # the fields hold something else now: do not keep it
        self.load()

    def forget(self) -> None:
        """After the text was saved: the fields are empty and so are the drafts."""
        self._timer.stop()
        if self.kept_for is None:
            return
        for field, widget in self.fields.items():
            self._show(widget, "")
            self._local.set_draft(field, self.kept_for, "")

    def _show(self, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
        self._showing = True
        try:
            _show(widget, text)
        finally:
            self._showing = False
