"""The "Participants' phones" dialog: the facilitator turns phones on for this workshop,
on one of this laptop's addresses (the hotspot's), pauses their input or turns them off,
and sees how many phones joined and the join codes. Facilitator only: the window never
opens it in kiosk mode, and no phone request reaches it.

The Wi-Fi's name and password go into the Wi-Fi code; they are kept in the file's local
settings (never exported) only when the facilitator ticks "Remember".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.export.common import ExportSettings
from workshop.export.sheets import write_team_sheets
from workshop.model import Team
from workshop.phones.hosting import sheet_codes, wifi_code
from workshop.phones.serve import DEFAULT_PORT
from workshop.ui.phones.codes import JoinCodes, projected
from workshop.ui.widgets import error_label
from workshop.ui.workers import Job

if TYPE_CHECKING:
    from workshop.ui.session import Session

WIFI_NAME = "phones.wifi_name"
WIFI_PASSWORD = "phones.wifi_password"
HOTSPOT = "192.168.137.1"  # Windows' Mobile hotspot: the usual address in the room
COUNT_EVERY_MS = 1000  # the count of phones, as the facilitator glances at it


def local_addresses() -> list[str]:
    """This machine's IPv4 addresses, the hotspot's first and loopback last (for tests)."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    found = [a.toString() for a in QNetworkInterface.allAddresses()
             if a.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol]
    found = list(dict.fromkeys(found)) or ["127.0.0.1"]
    return sorted(found, key=lambda a: (a != HOTSPOT, a.startswith("127."), a))


class PhonesDialog(QDialog):
    def __init__(self, session: Session, tr, lang: str, *, projector=None, dialogs=None,
                 addresses: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.tr_, self.lang, self.dialogs = session, tr, lang, dialogs
        self.projector = projector  # a callable giving the projector window, or None
        host = session.phones
        self.setWindowTitle(tr("Participants' phones"))

        self.address = QComboBox()
        self.address.setEditable(True)  # an address Qt does not list can still be typed
        self.address.addItems(addresses if addresses is not None else local_addresses())
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        local = session.store.local
        self.wifi_name = QLineEdit(local.setting(WIFI_NAME) or "")
        self.wifi_password = QLineEdit(local.setting(WIFI_PASSWORD) or "")
        self.wifi_password.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.remember = QCheckBox(tr("&Remember the Wi-Fi name and password in this file"))
        self.remember.setChecked(bool(local.setting(WIFI_NAME)))
        form = QFormLayout()
        form.addRow(tr("&Address (this laptop's, on the room's Wi-Fi):"), self.address)
        form.addRow(tr("Por&t:"), self.port)
        form.addRow(tr("&Wi-Fi name:"), self.wifi_name)
        form.addRow(tr("Wi-Fi passwor&d:"), self.wifi_password)
        form.addRow("", self.remember)

        self.on_button = QPushButton()
        self.on_button.clicked.connect(self.toggle)
        self.pause_box = QCheckBox(tr("&Pause input from phones"))
        self.pause_box.toggled.connect(host.pause)
        self.project_button = QPushButton(tr("Show join codes on the pro&jector"))
        self.project_button.clicked.connect(self.show_on_projector)
        self.project_button.setVisible(projector is not None)
        self.sheets_button = QPushButton(tr("Team &sheets with join codes…"))
        self.sheets_button.clicked.connect(self.print_team_sheets)
        self.job: Job | None = None
        # Two short rows, not one long one: the dialog must fit 1366 pixels in Japanese.
        switches = QVBoxLayout()
        for widgets in ((self.on_button, self.pause_box),
                        (self.project_button, self.sheets_button)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            switches.addLayout(row)

        self.status = QLabel()
        self.status.setAccessibleName(tr("Phones' state"))
        self.address_line = QLabel()
        self.address_line.setWordWrap(True)
        self.address_line.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)
        self.address_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = error_label()
        self.note = QLabel()  # what became of the team sheets
        self.note.setWordWrap(True)
        self.codes = JoinCodes(tr)
        self.codes.setMinimumHeight(200)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(switches)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.address_line)
        layout.addWidget(self.note)
        layout.addWidget(self.codes, 1)
        layout.addWidget(buttons)

        for field in (self.wifi_name, self.wifi_password):
            field.textChanged.connect(self.refresh)
        self._counter = QTimer(self)
        self._counter.timeout.connect(self.refresh)
        self._counter.start(COUNT_EVERY_MS)
        self._projected: JoinCodes | None = None
        self.refresh()
        self.address.setFocus()

    # --------------------------------------------------------------------- actions

    def toggle(self) -> None:
        host = self.session.phones
        self.error.hide()
        if host.running:
            host.stop()
            self._take_codes_off_projector()
        else:
            try:
                host.start(self.address.currentText().strip(), self.port.value())
            except WorkshopError as error:
                self.error.setText(error.render(self.lang))
                self.error.show()
                self.address.setFocus()
        self.pause_box.setChecked(host.paused)
        self.refresh()

    def show_on_projector(self) -> None:
        projector = self.projector()
        self._projected = JoinCodes(self.tr_)
        projector.show_widget(projected(self._projected))
        self._fill(self._projected)
        if not projector.isVisible():
            projector.present(self.screen())
        if projector.single_screen():
            # One screen (mirrored to the projector): the dialog steps aside so that the
            # room sees the codes; Esc or F12 puts them away again.
            self.accept()
            projector.raise_()
            projector.activateWindow()
        else:
            self.activateWindow()  # the keyboard stays with the facilitator

    def _take_codes_off_projector(self) -> None:
        """Phones off: codes that let nobody in any more leave the wall."""
        if self.projector is None:
            return
        projector = self.projector()
        if projector.center.currentWidget().findChild(JoinCodes) is not None:
            projector.show_prompt()
        self._projected = None

    def print_team_sheets(self) -> None:
        """Team sheets (A4, for the tables) each with its team's own join code, written in
        the background into a folder the facilitator picks."""
        session, tr = self.session, self.tr_
        self.error.hide()
        try:
            codes = sheet_codes(session.phones, [t.id for t in session.store.list(Team)],
                                self.wifi_name.text(), self.wifi_password.text())
        except WorkshopError as error:
            self.error.setText(error.render(self.lang))
            self.error.show()
            return
        start = session.path.parent if session.path else Path.home()
        folder = self.dialogs.choose_folder(self, start) if self.dialogs else None
        if folder is None:
            return
        stem = session.path.stem if session.path else "workshop"
        path = folder / f"{stem}-team-sheets-phones.pdf"
        store, settings = session.store, ExportSettings(lang=self.lang, paper="a4")
        self.job = Job(lambda progress: write_team_sheets(store, path, settings, progress,
                                                          phones=codes), self,
                       name="phone-sheets")
        self.job.succeeded.connect(lambda _warnings: self.note.setText(
            tr("Team sheets with join codes saved: {path}").format(path=path)))
        self.job.failed.connect(lambda error: self._show_error(error))
        self.sheets_button.setEnabled(False)
        self.job.finished.connect(lambda: self.sheets_button.setEnabled(True))
        self.job.start()

    def _show_error(self, error: Exception) -> None:
        text = error.render(self.lang) if isinstance(error, WorkshopError) else str(error)
        self.error.setText(text)
        self.error.show()

    def done(self, result: int) -> None:
        self._keep_wifi()
        self._counter.stop()
        super().done(result)  # the codes stay on the projector while phones join

    # --------------------------------------------------------------------- showing

    def wifi_text(self) -> str:
        name = self.wifi_name.text()
        return wifi_code(name, self.wifi_password.text()) if name else ""

    def refresh(self) -> None:
        tr, host = self.tr_, self.session.phones
        self.on_button.setText(tr("Turn phones &off") if host.running
                               else tr("Turn phones &on"))
        self.pause_box.setEnabled(host.running)
        self.sheets_button.setEnabled(host.running and not (self.job and self.job.running))
        for widget in (self.address, self.port):
            widget.setEnabled(not host.running)
        if not host.running:
            self.status.setText(tr("Phones are off."))
        elif host.paused:
            self.status.setText(tr("Paused: phones can read but not add ideas or vote."))
        else:
            count = host.connected()
            self.status.setText(tr("On: {count} phones joined.").format(count=count))
        url = host.join_url()
        self.address_line.setText(tr("Join address: {url}").format(url=url) if url else "")
        self._fill(self.codes)
        if self._projected is not None:
            self._fill(self._projected)

    def _fill(self, codes: JoinCodes) -> None:
        codes.set_codes(self.wifi_text(), self.wifi_name.text(),
                        self.session.phones.join_url())

    def _keep_wifi(self) -> None:
        """Only when asked: the hotspot's password stays on this laptop, in this file."""
        if self.session.store.read_only or self.session.writer.closed:
            return
        if self.remember.isChecked():
            self.session.set_local_settings({WIFI_NAME: self.wifi_name.text(),
                                             WIFI_PASSWORD: self.wifi_password.text()})
        elif self.session.store.local.setting(WIFI_NAME):  # forgotten: emptied, not kept
            self.session.set_local_settings({WIFI_NAME: "", WIFI_PASSWORD: ""})
