"""The main window: start screen, opening, creating, language, zoom, damaged files."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton

from workshop.model import Workshop
from workshop.store import WorkshopStore
from workshop.ui.start import StartScreen


def test_starts_on_the_start_screen(make_window):
    window = make_window("ja")
    assert isinstance(window.centralWidget(), StartScreen)
    assert window.windowTitle() == "市民ワークショップ"


def test_opens_the_demo_and_shows_every_page(demo_window):
    window = demo_window("en")
    assert window.windowTitle().startswith("Minato City")
    assert [p.key for p in window.pages] == ["setup", "capture", "board", "notes", "voting",
                                            "export"]
    for row in range(len(window.pages)):
        window.show_page(row)
        assert window.current_page() is window.pages[row]
        assert window.stack.currentWidget().widget() is window.pages[row]  # it scrolls


def test_creating_a_workshop(make_window, tmp_path):
    window = make_window("en")
    path = tmp_path / "new.workshop"
    assert window.create_workshop(path, Workshop(title="Station square"))
    assert window.windowTitle().startswith("Station square")
    assert window.saved_label.text().startswith("✓")
    window.close_workshop()
    with WorkshopStore.open(path, device_id="t") as store:
        assert store.workshop().title == "Station square"


def test_a_workshop_open_elsewhere_is_explained(make_window, tmp_path):
    path = tmp_path / "w.workshop"
    with WorkshopStore.create(path, Workshop(title="t"), device_id="other"):
        window = make_window("en")
        assert not window.open_path(path)
    assert "already open" in window.dialogs.errors[0]


def test_a_damaged_workshop_is_restored_from_its_backup(make_window, tmp_path):
    path = tmp_path / "w.workshop"
    WorkshopStore.create(path, Workshop(title="Damaged later"), device_id="d").close()
    WorkshopStore.open(path, device_id="d").close()  # a backup exists
    with path.open("r+b") as handle:
        handle.seek(0)
        handle.write(b"garbage" * 20)
    window = make_window("en")
    window.dialogs.confirmations.append(True)
    assert window.open_path(path)
    assert window.windowTitle().startswith("Damaged later")
    assert list(tmp_path.glob("w.damaged-*.workshop"))


def test_language_switch_rebuilds_in_japanese(demo_window):
    window = demo_window("en")
    window.show_page(2)
    window.set_language("ja")
    assert window.lang == "ja"
    assert window.navigation.item(0).text() == "1  設定"
    assert window.stack.currentIndex() == 2
    assert window.menuBar().actions()[0].text() == "ファイル(&F)"


@pytest.mark.parametrize(("steps", "expected"), [((+1,), 1.15), ((+1, +1), 1.3), ((-1,), 0.9)])
def test_zoom_scales_the_whole_ui(make_window, steps, expected):
    window = make_window("en")
    window.zoom(0)
    base = QApplication.instance().font().pointSizeF()
    for step in steps:
        window.zoom(step)
    assert QApplication.instance().font().pointSizeF() == pytest.approx(base * expected)
    window.zoom(0)


def test_larger_type_follows_the_zoom_too(demo_window):
    """Headings, the prompt, the idea field: fonts set on a widget stop following the
    application's, so they are made again from the new size."""
    window = demo_window("en")
    window.zoom(0)
    capture = window.page("capture")
    assert len(window.pages) == 6  # every page built (they are built when first shown)
    headings = [label for label in window.findChildren(QLabel)
                if label.property("role") == "heading"]
    scaled = [capture.prompt_label, capture.idea_title, *headings]
    assert len(headings) >= 6
    before = [w.font().pointSizeF() for w in scaled]
    window.zoom(+1)
    after = [w.font().pointSizeF() for w in scaled]
    assert after == pytest.approx([b * 1.15 for b in before])
    assert capture.prompt_label.font().bold()
    window.zoom(0)
    assert [w.font().pointSizeF() for w in scaled] == pytest.approx(before)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_window_fits_a_1366_pixel_laptop_screen(demo_window, lang, qtbot):
    window = demo_window(lang)
    widest = {page.key: page.minimumSizeHint().width() for page in window.pages}
    assert window.minimumSizeHint().width() <= 1366, widest
    # and in the states that make text longer: a board filtered down ("2 of 13 shown")
    board = window.page("board")
    window.show_page(window.pages.index(board))
    board.filters.search.setText("ベンチ" if lang == "ja" else "bench")
    filtered = "件中" if lang == "ja" else " ideas shown"
    qtbot.waitUntil(lambda: filtered in board.count_label.text())
    assert window.minimumSizeHint().width() <= 1366, board.minimumSizeHint()


def test_the_new_workshop_form_asks_for_a_title(make_window):
    from workshop.ui.new_workshop import NewWorkshopDialog

    window = make_window("ja")
    form = NewWorkshopDialog(window.tr_, "ja", window)
    form._accept()
    assert form.workshop is None and form.error.isVisibleTo(form)
    form.title.setText("駅前広場の未来")
    form._accept()
    assert form.workshop.title == "駅前広場の未来"
    assert form.workshop.languages == ("ja", "en")


def _darkest(widget) -> int:
    image = widget.grab().toImage()
    return min(QColor(image.pixel(x, y)).value()
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


def test_disabled_controls_and_menu_items_look_disabled(make_window, qtbot):
    window = make_window("en")
    enabled, disabled = QPushButton("Cast my dots", window), QPushButton("Cast my dots", window)
    disabled.setEnabled(False)
    for button in (enabled, disabled):
        button.show()
    assert _darkest(enabled) < 60 < _darkest(disabled) < 200  # grey text, still readable

    menu = QMenu(window)
    menu.addAction("Next item")
    menu.addAction("Previous item").setEnabled(False)
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitExposed(menu)
    image = menu.grab().toImage()
    rows = [menu.actionGeometry(a) for a in menu.actions()]
    darkest = [min(QColor(image.pixel(x, y)).value() for x in range(r.left(), r.right(), 2)
                   for y in range(r.top(), r.bottom())) for r in rows]
    menu.close()
    assert darkest[0] < 60 < darkest[1] < 200


def test_about_says_the_version(make_window):
    from workshop import __version__

    window = make_window("en")
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    about = next(a for a in file_menu.actions() if a.text() == "&About Workshop")
    about.trigger()
    (text,) = window.dialogs.infos
    assert text.startswith(f"Workshop {__version__}\n") and "Settings: " in text


def test_the_window_has_the_apps_icon(make_window):
    from PySide6.QtWidgets import QApplication

    from workshop.ui.app import create_app

    create_app()
    assert not QApplication.windowIcon().isNull()
    assert QApplication.applicationVersion()
