"""The Capture page: teams type their ideas on the shared laptop, fast.

The current prompt large at the top, the teams as big named buttons (colour is a chip
beside the name, never alone), a title and an optional details field. Enter saves and the
idea shows at once in the team's list; Ctrl+Z undoes. Kiosk mode keeps participants here.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop.board import IdeaFilter
from workshop.capture import KioskPolicy
from workshop.errors import InputError, WorkshopError
from workshop.i18n import N_
from workshop.model import Idea, Prompt, Team
from workshop.ui.accessible import show_value
from workshop.ui.drafts import DraftFields
from workshop.ui.ime import ImeLineEdit, ImeTextEdit, commit_composition
from workshop.ui.models import IdeaFilterProxy, IdeaTableModel
from workshop.ui.page import Page
from workshop.ui.participants import facilitator_leaves, facilitator_starts
from workshop.ui.style import scale_font
from workshop.ui.widgets import Columns, Flow, error_label, hint, swatch

PROMPT_POINT_SCALE = 1.9
TEAM_KEYS = 10  # Alt+1 … Alt+9, Alt+0


class CapturePage(Page):
    key = "capture"
    prompt_changed = Signal(str)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        tr = self.tr_
        self.kiosk: KioskPolicy | None = None
        self.teams: list[Team] = []
        self._kiosk_undo_floor = 0
        self.editing: Idea | None = None

        self.prompt_choice = QComboBox()
        self.prompt_choice.setAccessibleName(tr("Prompt"))
        # A long prompt must not widen the window past a 1366-pixel laptop screen.
        self.prompt_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.prompt_choice.setMinimumContentsLength(16)
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        scale_font(self.prompt_label, PROMPT_POINT_SCALE, bold=True)

        self.team_buttons = QButtonGroup(self)
        self.team_buttons.setExclusive(True)
        # Four a row as on a wide screen, fewer at 150 % or 200 % type: never cut.
        self.team_grid = Flow(spacing=6, columns=4)

        self.idea_title = ImeLineEdit()
        self.idea_title.setAccessibleName(tr("Idea title"))
        self.idea_title.setPlaceholderText(tr("Your idea, in a few words – Enter saves"))
        scale_font(self.idea_title, 1.35)
        self.idea_title.setMinimumHeight(56)
        self.details = ImeTextEdit()
        self.details.setAccessibleName(tr("Details (optional)"))
        self.details.setPlaceholderText(
            tr("Details (optional) – Shift+Enter for a new line, Enter saves"))
        self.details.setMinimumHeight(80)
        self.error = error_label()
        self.save_button = QPushButton(tr("Add idea"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel editing"))
        self.cancel_button.hide()
        self.delete_button = QPushButton(tr("Delete"))
        self.kiosk_button = QPushButton(tr("Shared-laptop mode"))
        self.kiosk_button.setToolTip(tr("Full screen for participants; Ctrl+Shift+L leaves it"))
        self.lock_team = QCheckBox(tr("Only the selected team"))
        self.lock_team.setToolTip(tr("For a laptop that stays at one table"))

        self.model = IdeaTableModel(ctx.session, tr, self)
        self.proxy = IdeaFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(tr("This team's ideas"))
        self.list.setUniformItemSizes(True)
        self.list.setStyleSheet("QListView::item { padding: 2px 6px; }")  # more rows shown
        self.list_label = QLabel()
        self.list_label.setProperty("role", "heading")

        self.drafts = DraftFields(ctx.session.drafts, {"capture.title": self.idea_title,
                                                    "capture.details": self.details},
                                  self.current_team_id, self)
        self._layout()
        self._connect()
        self.reload_prompts()
        self.reload_teams()

    # ------------------------------------------------------------------ layout

    def _layout(self) -> None:
        tr = self.tr_
        prompt = QHBoxLayout()
        prompt_label = QLabel(tr("Prompt"))
        prompt_label.setBuddy(self.prompt_choice)  # heard as the combo's label
        prompt.addWidget(prompt_label)
        prompt.addWidget(self.prompt_choice, 1)
        kiosk = QHBoxLayout()
        kiosk.addWidget(self.lock_team)
        kiosk.addWidget(self.kiosk_button)
        kiosk.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        # Typing on the left, the team's ideas on the right at full height: at 1366×768 a
        # queue of teams sees 8 and more of its ideas (below the fields it was 2–4).
        entry = QVBoxLayout()
        entry.addWidget(self.idea_title)
        entry.addWidget(self.details, 1)
        entry.addWidget(self.error)
        entry.addLayout(buttons)
        ideas = QVBoxLayout()
        ideas.addWidget(self.list_label)
        ideas.addWidget(self.list, 1)
        body = QHBoxLayout()
        body.addLayout(entry, 3)
        body.addLayout(ideas, 2)
        layout = QVBoxLayout(self)
        # The kiosk settings beside the prompt, below it at 150 % and over.
        layout.addWidget(Columns(prompt, kiosk, stretch=(1, 0)))
        layout.addWidget(self.prompt_label)
        teams = QWidget()
        teams.setAccessibleName(tr("Team"))
        teams.setLayout(self.team_grid)
        layout.addWidget(teams)
        layout.addLayout(body, 1)
        layout.addWidget(hint(tr("Enter saves · Shift+Enter new line · Ctrl+Z undo · "
                                 "Alt+1…9, 0 or Ctrl+PgUp/PgDn choose a team · select an "
                                 "idea to edit it")))

    def _connect(self) -> None:
        self.prompt_choice.currentIndexChanged.connect(self._prompt_chosen)
        self.team_buttons.idToggled.connect(lambda _id, on: on and self._team_chosen())
        self.idea_title.submitted.connect(self.save)
        self.details.submitted.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.delete_button.clicked.connect(self.delete_selected)
        self.kiosk_button.clicked.connect(self.enter_kiosk)
        self.list.activated.connect(lambda index: self.edit(self.proxy_record(index)))
        self.list.installEventFilter(self)
        session = self.ctx.session
        session.changed.connect(self._on_changed)
        # The count follows the list, whatever changed it (an undo or another laptop's
        # ideas too, not only this page's own saves).
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset):
            signal.connect(self._show_count)
        # Alt+digit works with a Japanese input method on (Alt+letter goes into the field):
        # Alt+1…9, and Alt+0 for the tenth team; Ctrl+PgUp/PgDn step through any number.
        for number in range(1, TEAM_KEYS + 1):
            QShortcut(QKeySequence(f"Alt+{number % 10}"), self,
                      lambda n=number: self.choose_team_number(n),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for keys, step in (("Ctrl+PgDown", +1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda s=step: self.step_team(s),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Escape"), self, self.cancel_edit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, self.leave_kiosk,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # In kiosk mode the window's Undo is off; this one reaches back only so far.
        self.kiosk_undo = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_in_kiosk,
                                    context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.kiosk_undo.setEnabled(False)

    def title(self) -> str:
        return self.tr_("Capture")

    def activated(self) -> None:
        self.idea_title.setFocus()

    # ------------------------------------------------------------------ data

    def _on_changed(self, table: str) -> None:
        if table == Prompt.TABLE:
            self.reload_prompts()
        elif table == Team.TABLE:
            self.reload_teams()

    def reload_prompts(self) -> None:
        current = self.current_prompt_id()
        self.prompt_choice.blockSignals(True)
        self.prompt_choice.clear()
        for prompt in self.ctx.store.list(Prompt):
            self.prompt_choice.addItem(prompt.text.replace("\n", " "), prompt.id)
        index = self.prompt_choice.findData(current)
        self.prompt_choice.setCurrentIndex(index if index >= 0 else 0)
        self.prompt_choice.blockSignals(False)
        self._prompt_chosen()

    def reload_teams(self) -> None:
        current = self.current_team_id()
        for button in self.team_buttons.buttons():
            self.team_buttons.removeButton(button)
            self.team_grid.removeWidget(button)  # out of the rows now, not when deleted
            button.deleteLater()
        self.teams = self.ctx.store.list(Team)
        for number, team in enumerate(self.teams):
            label = team.name if number >= TEAM_KEYS else f"{(number + 1) % 10}  {team.name}"
            button = QPushButton(label)
            button.setCheckable(True)
            # One of many: heard as a radio button; Tab reaches the chosen team and the
            # arrow keys (or Alt+number) choose another.
            button.setAutoExclusive(True)
            button.setMinimumHeight(48)
            button.setIcon(swatch(team.colour))
            button.setAccessibleName(team.name)
            button.setProperty("team_id", team.id)
            self.team_buttons.addButton(button, number)
            self.team_grid.addWidget(button)
        # Tab reaches the teams where they are seen, between the top row and the typing
        # (added now, they would come last, after the team's list).
        previous = self.kiosk_button
        for button in self.team_buttons.buttons():
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.idea_title)
        self._apply_kiosk_to_teams()
        ids = [t.id for t in self.teams]
        if current in ids:
            self.team_buttons.button(ids.index(current)).setChecked(True)
        elif self.teams:
            self.team_buttons.button(0).setChecked(True)
        self._refilter()

    def current_prompt_id(self) -> str | None:
        return self.prompt_choice.currentData()

    def current_team_id(self) -> str | None:
        button = self.team_buttons.checkedButton()
        return button.property("team_id") if button else None

    def current_team(self) -> Team | None:
        team_id = self.current_team_id()
        return next((t for t in self.teams if t.id == team_id), None)

    def choose_team_number(self, number: int) -> None:
        button = self.team_buttons.button(number - 1)
        if button is not None and button.isEnabled():
            button.setChecked(True)
            self.idea_title.setFocus()

    def step_team(self, step: int) -> None:
        """The next (or previous) team that may be chosen, round the end."""
        buttons = self.team_buttons.buttons()
        if not buttons:
            return
        current = self.team_buttons.checkedId()
        for offset in range(1, len(buttons) + 1):
            button = self.team_buttons.button((current + step * offset) % len(buttons))
            if button is not None and button.isEnabled():
                button.setChecked(True)
                self.idea_title.setFocus()
                return

    def _prompt_chosen(self) -> None:
        text = self.prompt_choice.currentText()
        show_value(self.prompt_label, self.tr_("Current prompt"), text, self.tr_)
        self.prompt_changed.emit(text)
        self._refilter()

    def _team_chosen(self) -> None:
        if self.editing is not None:
            self._stop_editing()
        self.drafts.load()  # the last team's typing kept for it, this team's shown
        if self.kiosk is not None:  # Ctrl+Z reaches back only to this team's own work
            self._kiosk_undo_floor = self.ctx.session.undo_stack.index()
        self._refilter()

    def _refilter(self) -> None:
        team = self.current_team()
        self.proxy.set_filter(IdeaFilter(team_id=team.id if team else "-",
                                         prompt_id=self.current_prompt_id() or "-"))
        self._show_count()

    def _show_count(self, *_args) -> None:
        team = self.current_team()
        self.list_label.setText(self.tr_("Ideas of {team}: {count}").format(
            team=team.name if team else "", count=self.proxy.rowCount()))

    def proxy_record(self, index) -> Idea:
        return self.model.record(self.proxy.mapToSource(index).row())

    # ------------------------------------------------------------------ changes

    def save(self) -> None:
        commit_composition()  # a conversion in progress becomes text, never lost
        if self.idea_title.composing or self.details.composing:
            return
        team, prompt_id = self.current_team(), self.current_prompt_id()
        tr = self.tr_
        # The list shows the idea when the writer has it on the disk; if the disk refuses,
        # the text comes back into the fields.
        typed, editing = (self.idea_title.text(), self.details.toPlainText()), self.editing
        try:
            if team is None or prompt_id is None:
                raise InputError("team", N_("Choose a team and a prompt first."))
            if self.editing is None:
                stored = self.ctx.session.add(Idea(
                    title=typed[0], details=typed[1],
                    prompt_id=prompt_id, team_id=team.id, position=self.model.rowCount(),
                ), tr("Add idea"), done=self._written,
                    failed=lambda error: self._not_written(error, typed, editing))
                if self.kiosk is not None:
                    self.kiosk.remember(stored)
            else:
                self.ctx.session.update(dataclasses.replace(
                    self.editing, title=typed[0], details=typed[1]), tr("Edit idea"),
                    done=self._written,
                    failed=lambda error: self._not_written(error, typed, editing))
        except WorkshopError as error:  # bad input, or a disk that refused: text kept
            self._show_not_saved(error)
            return
        self.error.hide()
        if self.editing is None:
            self.drafts.forget()
            self.idea_title.setFocus()
        else:
            self._stop_editing()

    def _written(self, _idea: Idea) -> None:
        self._refilter()
        self.list.scrollToBottom()

    def _not_written(self, error: WorkshopError, typed: tuple[str, str],
                     editing: Idea | None) -> None:
        """The writer could not save it: what was typed goes back into the fields (unless
        the person has typed something new there meanwhile)."""
        if not (self.idea_title.text() or self.details.toPlainText()):
            if editing is not None and self.editing is None:
                self.edit(editing)
            self.idea_title.setText(typed[0])
            self.details.setPlainText(typed[1])
        self._show_not_saved(error)

    def _show_not_saved(self, error: WorkshopError) -> None:
        text = error.render(self.ctx.lang)
        if not isinstance(error, InputError):
            text += " " + self.tr_("Your idea is still in the fields above, not saved yet.")
        self.error.setText(text)
        self.error.show()
        self.idea_title.setFocus()

    def edit(self, idea: Idea) -> None:
        if self.kiosk is not None and not self.kiosk.can_edit(idea, self.current_team_id()):
            return
        if self.editing is None:
            self.drafts.pause()  # the half-typed new idea waits in its draft
        self.editing = idea
        self.idea_title.setText(idea.title)
        self.details.setPlainText(idea.details)
        self.save_button.setText(self.tr_("Save changes"))
        self.cancel_button.show()
        self.idea_title.setFocus()

    def cancel_edit(self) -> None:
        if self.editing is not None:
            self._stop_editing()

    def _stop_editing(self) -> None:
        """Back to a new idea: the team's half-typed one comes back from its draft."""
        self.editing = None
        self.save_button.setText(self.tr_("Add idea"))
        self.cancel_button.hide()
        self.drafts.resume()
        self.idea_title.setFocus()

    def keep_drafts(self) -> None:
        """Before the workshop closes: what is typed now is kept for next time."""
        self.drafts.keep()

    def selected_idea(self) -> Idea | None:
        index = self.list.currentIndex()
        return self.proxy_record(index) if index.isValid() else None

    def delete_selected(self) -> None:
        idea = self.selected_idea()
        if idea is None:
            return
        if self.kiosk is not None and not self.kiosk.can_delete(idea, self.current_team_id()):
            self.error.setText(self.tr_("In shared-laptop mode only ideas typed in this "
                                        "session can be deleted; ask the facilitator."))
            self.error.show()
            return
        self.ctx.session.delete(Idea, idea.id, self.tr_("Delete idea"),
                                done=lambda _: self._refilter())
        if self.editing and self.editing.id == idea.id:
            self._stop_editing()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.list and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Delete):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    def select_idea(self, idea_id: str) -> None:
        row = self.model.row_of(idea_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # ------------------------------------------------------------------ kiosk

    def enter_kiosk(self) -> bool:
        """Participants' mode: this page only, full screen, behind the facilitator PIN."""
        if not facilitator_starts(self.ctx, self, self.tr_("Shared-laptop mode")):
            return False
        self.kiosk = KioskPolicy(locked_team_id=self.current_team_id()
                                 if self.lock_team.isChecked() else None)
        self._kiosk_undo_floor = self.ctx.session.undo_stack.index()
        self._show_kiosk(True)
        self.idea_title.setFocus()
        return True

    def leave_kiosk(self) -> bool:
        if self.kiosk is None:
            return False
        if not facilitator_leaves(self.ctx, self, self.tr_("Leave shared-laptop mode")):
            return False
        self.kiosk = None
        self._show_kiosk(False)
        return True

    def _show_kiosk(self, on: bool) -> None:
        """The page and the window as participants see them (``on``) or the facilitator."""
        self.kiosk_undo.setEnabled(on)
        self.kiosk_button.setVisible(not on)
        self.lock_team.setVisible(not on)
        self.prompt_choice.setEnabled(not on)
        self._apply_kiosk_to_teams()
        window = self.window()
        if hasattr(window, "set_kiosk"):
            window.set_kiosk(on)

    def undo_in_kiosk(self) -> None:
        """In kiosk mode Ctrl+Z reaches back only to what was typed in this session."""
        stack = self.ctx.session.undo_stack
        if self.kiosk is not None and stack.index() > self._kiosk_undo_floor:
            stack.undo()
            self._refilter()

    def _apply_kiosk_to_teams(self) -> None:
        for button in self.team_buttons.buttons():
            team_id = button.property("team_id")
            button.setEnabled(self.kiosk is None or self.kiosk.can_choose_team(team_id))
