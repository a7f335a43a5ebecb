"""The Setup page: details saved as fields are left, prompts/teams/agenda by keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from workshop.model import AgendaItem, Prompt, Team


def setup_page(window):
    window.show_page(0)
    return window.page("setup")


def test_details_are_saved_when_a_field_is_left(demo_window, qtbot):
    window = demo_window("en")
    page = setup_page(window)
    page.details.venue.setText("Civic Hall, Room 3")
    page.details.venue.editingFinished.emit()
    window.session.flush()
    assert window.session.store.workshop().venue == "Civic Hall, Room 3"
    window.session.undo_stack.undo()
    window.session.flush()
    assert window.session.store.workshop().venue == "Minato Civic Hall, 2F Main Room"
    assert page.details.venue.text() == "Minato Civic Hall, 2F Main Room"


def test_the_report_fields_are_saved_when_left(demo_window, qtbot):
    window = demo_window("en")
    page = setup_page(window)
    details = page.details
    details.co_organiser.setText("Minato Residents' Association")
    details.co_organiser.editingFinished.emit()
    window.session.flush()
    details.contact.setPlainText("Planning Division\nPhone 045-000-0001")
    # leaving the text box saves it (sent directly: an offscreen window has no focus)
    QApplication.sendEvent(details.contact, QFocusEvent(QEvent.Type.FocusOut))
    window.session.flush()
    details.era_dates.setChecked(False)
    window.session.flush()
    details.era_dates.setChecked(True)
    window.session.flush()
    w = window.session.store.workshop()
    assert w.co_organiser == "Minato Residents' Association"
    assert w.contact == "Planning Division\nPhone 045-000-0001"
    assert w.era_dates is True


def test_a_bad_value_shows_a_message_beside_the_field(demo_window):
    window = demo_window("en")
    page = setup_page(window)
    page.details.platform_url.setText("participation.example")
    page.details.platform_url.editingFinished.emit()
    label = page.details.errors["platform_url"]
    assert label.isVisibleTo(page) and "https://" in label.text()
    assert window.session.store.workshop().platform_url.startswith("https://participation")
    page.details.title.setText("   ")
    page.details.title.editingFinished.emit()
    assert "must not be empty" in page.details.errors["title"].text()


def test_prompts_teams_and_agenda_by_keyboard(demo_window, qtbot):
    window = demo_window("en")
    page = setup_page(window)
    store = window.session.store
    teams = page.teams
    teams.clear()
    teams.inputs["name"].setText("Table H")
    teams.inputs["members"].setValue(4)
    qtbot.keyClick(teams.inputs["name"], Qt.Key.Key_Return)
    window.session.flush()
    added = store.list(Team)[-1]
    assert (added.name, added.members) == ("Table H", 4)
    assert added.colour not in {t.colour for t in store.list(Team)[:-1]}  # a fresh colour
    # select it, move it up with Alt+Up, then undo the move
    teams.select(added.id)
    before = [t.id for t in store.list(Team)]
    qtbot.keyClick(teams.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    window.session.flush()
    assert [t.id for t in store.list(Team)][-2] == added.id
    window.session.undo_stack.undo()
    window.session.flush()
    assert [t.id for t in store.list(Team)] == before
    # delete with the Delete key, undo brings it back
    teams.select(added.id)
    qtbot.keyClick(teams.view, Qt.Key.Key_Delete)
    window.session.flush()
    assert added.id not in {t.id for t in store.list(Team)}
    window.session.undo_stack.undo()
    window.session.flush()
    assert added.id in {t.id for t in store.list(Team)}

    page.prompts.clear()
    page.prompts.inputs["text"].setPlainText("What should the square never lose?")
    page.prompts.save()
    window.session.flush()
    assert store.list(Prompt)[-1].text == "What should the square never lose?"

    page.agenda.clear()
    page.agenda.inputs["title"].setText("Walk to the square")
    page.agenda.inputs["minutes"].setValue(25)
    page.agenda.save()
    window.session.flush()
    assert (store.list(AgendaItem)[-1].title, store.list(AgendaItem)[-1].minutes) == (
        "Walk to the square", 25)


def test_an_empty_name_is_refused_with_a_message(demo_window):
    window = demo_window("en")
    teams = setup_page(window).teams
    count = len(window.session.store.list(Team))
    teams.clear()
    teams.inputs["name"].setText("  ")
    teams.save()
    assert teams.error.isVisibleTo(teams) and "must not be empty" in teams.error.text()
    assert len(window.session.store.list(Team)) == count


def test_the_record_model_passes_the_model_tester(demo_window, qtmodeltester):
    window = demo_window("en")
    page = setup_page(window)
    for editor in (page.prompts, page.teams, page.agenda):
        qtmodeltester.check(editor.model)


def test_number_and_time_fields_show_their_values(demo_window, qtbot):
    """The style sheet once squeezed spin boxes' text field to a pixel: values invisible."""
    page = setup_page(demo_window("en"))
    for box in (page.details.attendees, page.details.start_time, page.details.end_time):
        assert box.lineEdit().width() >= box.fontMetrics().horizontalAdvance("00:00")
