"""Text fields that know when a Japanese input method is composing.

While a composition is in progress (kana typed, conversion not yet confirmed) Enter belongs
to the input method: it confirms the conversion and must never submit the idea, and the
half-composed text must never be cut off by a submit from elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _Composing:
    composing = False

    def _track(self, event: QInputMethodEvent) -> None:
        self.composing = bool(event.preeditString())

    def _passes_undo(self, event: QEvent) -> bool:
        """A text field claims Ctrl+Z even with nothing of its own to undo; then it lets
        it through to the window's (or kiosk's) Undo, which takes back the last saved
        idea or note – what a person pressing Ctrl+Z in an empty field means. Redo the
        same way, so that the step just undone comes back from the same field."""
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        return ((event.matches(QKeySequence.StandardKey.Undo)
                 and not self.document_undo_available())
                or (event.matches(QKeySequence.StandardKey.Redo)
                    and not self.document_redo_available()))


class ImeLineEdit(QLineEdit, _Composing):
    """Single line; Enter submits unless a composition is in progress."""

    submitted = Signal()

    def document_undo_available(self) -> bool:
        return self.isUndoAvailable()

    def document_redo_available(self) -> bool:
        return self.isRedoAvailable()

    def event(self, event: QEvent) -> bool:
        if self._passes_undo(event):
            return False
        return super().event(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self._track(event)
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not self.composing:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class ImeTextEdit(QPlainTextEdit, _Composing):
    """Several lines; Enter submits, Shift+Enter starts a new line; composition is safe."""

    submitted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def document_undo_available(self) -> bool:
        return self.document().isUndoAvailable()

    def document_redo_available(self) -> bool:
        return self.document().isRedoAvailable()

    def event(self, event: QEvent) -> bool:
        if self._passes_undo(event):
            return False
        return super().event(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self._track(event)
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in _ENTER and not self.composing and not shift:
            self.submitted.emit()
            return
        if event.key() in _ENTER and shift and not self.composing:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)


def commit_composition() -> None:
    """Confirm any conversion in progress into its field before the text is read."""
    QGuiApplication.inputMethod().commit()
