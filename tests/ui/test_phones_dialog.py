"""The "Participants' phones" dialog: keyboard only, facilitator only, and what phones add
shows in the window at once, marked as from a phone."""

from __future__ import annotations

import asyncio
import socket
import uuid
from urllib.parse import parse_qs, urlsplit

import aiohttp
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop.model import Team
from workshop.ui.phones.codes import qr_image
from workshop.ui.phones.dialog import WIFI_NAME, WIFI_PASSWORD, PhonesDialog

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_dialog(window, qtbot) -> PhonesDialog:
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(shown_dialogs(window)))
    return shown_dialogs(window)[0]


def shown_dialogs(window) -> list[PhonesDialog]:
    return [d for d in window.findChildren(PhonesDialog) if d.isVisible()]


def close_dialog(window, dialog, qtbot) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shown_dialogs(window))


def has_focus(widget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def tab_to(qtbot, widget, limit: int = 20) -> None:
    for _ in range(limit):
        if has_focus(widget):
            return
        assert QApplication.focusWidget() is not None, "nothing has the keyboard"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r}")


def turn_on_by_keyboard(dialog, qtbot, *, ssid="Hall; 2F", password="pa:ss") -> None:
    qtbot.waitUntil(lambda: has_focus(dialog.address))
    dialog.address.lineEdit().selectAll()
    qtbot.keyClicks(dialog.address, "127.0.0.1")
    tab_to(qtbot, dialog.port)
    dialog.port.selectAll()
    qtbot.keyClicks(dialog.port, str(free_port()))
    tab_to(qtbot, dialog.wifi_name)
    qtbot.keyClicks(dialog.wifi_name, ssid)
    tab_to(qtbot, dialog.wifi_password)
    qtbot.keyClicks(dialog.wifi_password, password)
    tab_to(qtbot, dialog.on_button)
    qtbot.keyClick(dialog.on_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.session.phones.running)


def decoded(text: str) -> str:
    image = qr_image(text).scaled(400, 400)
    found = zxingcpp.read_barcodes(image_array(image))
    assert found, text
    return found[0].text


def image_array(image):
    from PIL import Image

    image = image.convertToFormat(image.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())[: image.bytesPerLine() * height]
    rows = [data[y * image.bytesPerLine(): y * image.bytesPerLine() + width]
            for y in range(height)]
    return Image.frombytes("L", (width, height), b"".join(rows))


async def phone_adds(url: str, team_id: str, title: str) -> int:
    token = parse_qs(urlsplit(url).query)["t"][0]
    base = url.split("/?", 1)[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
        joined = await phone.post(f"{base}/api/v1/join", json={"token": token})
        assert joined.status == 200, await joined.text()
        await phone.post(f"{base}/api/v1/team", json={"team_id": team_id})
        added = await phone.post(f"{base}/api/v1/ideas", json={"title": title},
                                 headers={"Idempotency-Key": str(uuid.uuid4())})
        return added.status


def test_turned_on_by_keyboard_shows_codes_and_phone_ideas_live(demo_window, qtbot):
    window = demo_window("en")
    window.show_page(window.stack.row_of("capture"))
    capture = window.page("capture")
    dialog = open_dialog(window, qtbot)
    assert not window.session.phones.running  # off by default
    assert "off" in dialog.status.text()
    turn_on_by_keyboard(dialog, qtbot)
    host = window.session.phones
    url = host.join_url()
    assert url and url in dialog.address_line.text()
    assert "On: 0 phones" in dialog.status.text()
    # both codes read back as what a phone needs
    assert decoded(dialog.codes.wifi.text_) == "WIFI:T:WPA;S:Hall\\; 2F;P:pa\\:ss;;"
    assert decoded(dialog.codes.page.text_) == url

    team = window.session.store.list(Team)[0]
    assert asyncio.run(phone_adds(url, team.id, "Benches by the fountain")) == 201
    model = capture.model

    def shown() -> list[str]:
        return [model.data(model.index(row, 0)) for row in range(model.rowCount())]

    qtbot.waitUntil(lambda: "Benches by the fountain (from a phone)" in shown())
    window.show_page(window.stack.row_of("board"))
    board = window.page("board")

    def on_cards() -> list[str]:
        return [column.model.data(column.model.index(row, 0))
                for column in board.columns.values() for row in range(column.model.rowCount())]

    qtbot.waitUntil(lambda: "Benches by the fountain (from a phone)" in on_cards(), timeout=5000)
    dialog.refresh()
    assert "On: 1 phones" in dialog.status.text()

    qtbot.keyClick(dialog.pause_box, Qt.Key.Key_Space)
    assert host.paused
    assert asyncio.run(phone_adds(url, team.id, "Paused idea")) == 409
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing the dialog leaves phones on
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert host.running
    window.close_workshop()  # ... until the workshop closes
    assert not host.running


def test_the_wifi_is_remembered_only_when_asked(demo_window, qtbot):
    window = demo_window("en")
    dialog = open_dialog(window, qtbot)
    dialog.wifi_name.setText("Hall")
    dialog.wifi_password.setText("secret")
    close_dialog(window, dialog, qtbot)
    window.session.flush()
    assert not window.session.store.local.setting(WIFI_PASSWORD)

    dialog = open_dialog(window, qtbot)
    assert dialog.wifi_name.text() == ""
    dialog.wifi_name.setText("Hall")
    dialog.wifi_password.setText("secret")
    dialog.remember.setChecked(True)
    close_dialog(window, dialog, qtbot)
    window.session.flush()
    assert window.session.store.local.setting(WIFI_NAME) == "Hall"
    dialog = open_dialog(window, qtbot)
    assert dialog.wifi_password.text() == "secret" and dialog.remember.isChecked()


def test_kiosk_cannot_reach_the_phones(demo_window, qtbot):
    window = demo_window("en")
    capture = window.page("capture")
    window.show_page(window.stack.row_of("capture"))
    window.dialogs.texts.append("2468")  # the facilitator's PIN
    capture.enter_kiosk()
    assert window.kiosk
    qtbot.keyClick(window, Qt.Key.Key_H, CTRL_SHIFT)
    window.show_phones()  # even called directly
    QApplication.processEvents()
    assert not shown_dialogs(window)
    assert not window.session.phones.running


def test_join_codes_on_the_projector_and_team_sheets(demo_window, qtbot, tmp_path):
    from workshop.ui.phones.codes import JoinCodes

    window = demo_window("en")
    dialog = open_dialog(window, qtbot)
    turn_on_by_keyboard(dialog, qtbot)
    url = window.session.phones.join_url()
    tab_to(qtbot, dialog.project_button)
    qtbot.keyClick(dialog.project_button, Qt.Key.Key_Space)
    projector = window.projector
    qtbot.waitUntil(projector.isVisible)
    shown = projector.center.currentWidget().findChild(JoinCodes)
    assert shown.page.text_ == url and url in shown.page_caption.text()
    assert shown.wifi.text_.startswith("WIFI:T:WPA;S:Hall\\; 2F;")

    qtbot.waitUntil(lambda: not shown_dialogs(window))  # one screen: the room sees the codes
    window.show_phones()
    qtbot.waitUntil(lambda: bool(shown_dialogs(window)))
    dialog = shown_dialogs(window)[0]
    window.dialogs.folders.append(tmp_path)
    dialog.sheets_button.setFocus()
    qtbot.keyClick(dialog.sheets_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.job is not None and not dialog.job.running, timeout=60_000)
    assert "saved" in dialog.note.text(), dialog.error.text()
    sheets = list(tmp_path.glob("*-team-sheets-phones.pdf"))
    assert len(sheets) == 1 and sheets[0].stat().st_size > 0

    close_dialog(window, dialog, qtbot)
    assert projector.center.currentWidget().findChild(JoinCodes) is shown  # still up
    window.show_phones()  # (the projector has the keyboard on this one screen)
    qtbot.waitUntil(lambda: bool(shown_dialogs(window)))
    dialog = shown_dialogs(window)[0]
    qtbot.keyClick(dialog.on_button, Qt.Key.Key_Space)  # phones off: the codes leave
    assert not window.session.phones.running
    assert projector.center.currentWidget() is projector.prompt_label
