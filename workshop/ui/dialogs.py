"""Modal questions the window asks, in one replaceable object: tests swap in answers
instead of blocking on ``exec()``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

WORKSHOP_FILTER = "Workshop (*.workshop)"


class Dialogs:
    def __init__(self, tr) -> None:
        self.tr = tr

    def open_workshop(self, parent: QWidget) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, self.tr("Open a workshop"), "", self.tr("Workshop files") + " (*.workshop)")
        return Path(path) if path else None

    def save_workshop(self, parent: QWidget, title: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            parent, title, "", self.tr("Workshop files") + " (*.workshop)")
        if not path:
            return None
        return Path(path if path.endswith(".workshop") else path + ".workshop")

    def open_images(self, parent: QWidget) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(
            parent, self.tr("Add photos"), "",
            self.tr("Images") + " (*.jpg *.jpeg *.png *.heic *.webp *.bmp *.tif *.tiff)")
        return [Path(p) for p in paths]

    def choose_folder(self, parent: QWidget, start: Path) -> Path | None:
        """A folder for exported files (``start`` need not exist yet)."""
        shown = start if start.is_dir() else start.parent
        path = QFileDialog.getExistingDirectory(parent, self.tr("Choose the export folder"),
                                                str(shown))
        return Path(path) if path else None

    def open_bundles(self, parent: QWidget) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(
            parent, self.tr("Merge data bundles"), "", self.tr("Data bundles") + " (*.zip)")
        return [Path(p) for p in paths]

    def open_sheet(self, parent: QWidget) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(
            parent, self.tr("Import ideas from a spreadsheet"), "",
            self.tr("Spreadsheets (CSV)") + " (*.csv *.txt)")
        return Path(path) if path else None

    def show_location(self, path: Path) -> bool:
        """Open a folder in the file manager (or a file in its app); tests record it."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def choose_backup(self, parent: QWidget, names: list[str]) -> int | None:
        if not names:
            return None
        name, ok = QInputDialog.getItem(parent, self.tr("Restore from backup"),
                                        self.tr("Choose a backup:"), names, 0, False)
        return names.index(name) if ok else None

    def confirm(self, parent: QWidget, text: str, *, default_no: bool = False) -> bool:
        """Yes or No. ``default_no`` for a question whose "yes" does harm (saving counts
        that cannot be right): a reflex Enter then answers No."""
        return self.question_box(parent, text, default_no=default_no).exec() == \
            QMessageBox.StandardButton.Yes

    def question_box(self, parent: QWidget | None, text: str, *,
                     default_no: bool = False) -> QMessageBox:
        Button = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Please confirm"), text,
                          Button.Yes | Button.No, parent)
        box.setDefaultButton(Button.No if default_no else Button.Yes)
        box.setEscapeButton(Button.No)
        return box

    def error(self, parent: QWidget, text: str) -> None:
        QMessageBox.warning(parent, self.tr("Problem"), text)

    def info(self, parent: QWidget, text: str) -> None:
        QMessageBox.information(parent, self.tr("Workshop"), text)

    def new_pin(self, parent: QWidget) -> str | None:
        """The facilitator PIN chosen now (typed twice, masked), or None if cancelled."""
        from workshop.ui.pin_dialog import NewPinDialog

        dialog = NewPinDialog(self.tr, parent)
        return dialog.pin if dialog.exec() else None

    def ask_pin(self, parent: QWidget, title: str, text: str, guard) -> bool:
        """True once the right facilitator PIN is typed; False if cancelled."""
        from workshop.ui.pin_dialog import PinDialog

        return bool(PinDialog(self.tr, title, text, guard, parent).exec())

    def ask_text(self, parent: QWidget, title: str, label: str, *, secret: bool = False,
                 text: str = "") -> str | None:
        mode = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
        value, ok = QInputDialog.getText(parent, title, label, mode, text)
        return value if ok else None
