"""The Platform tab: how the data bundle's proposals go to the participatory platform –
one per idea or per cluster, and the platform ids (category, scope, taxonomies) each
cluster's proposals get. Saved with the workshop (undoable) and carried in its bundles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import WorkshopError
from workshop.export.decidim import PROFILES, platform_settings
from workshop.ui.context import UiContext
from workshop.ui.export.models import (
    CLUSTER_COLUMN,
    FIRST_ID_COLUMN,
    ID_COLUMNS,
    PROMPT_COLUMN,
    USED_IDS,
    ClusterLinkModel,
)
from workshop.ui.export.ops import PLATFORM_TABLE, set_proposals_per
from workshop.ui.widgets import error_label, hint


class PlatformPanel(QWidget):
    def __init__(self, ctx: UiContext, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr_ = ctx.tr
        self.proposals = QComboBox()
        self.proposals.setAccessibleName(tr("Proposals for the platform"))
        self.proposals.addItem(tr("One proposal per idea"), "idea")
        self.proposals.addItem(tr("One proposal per cluster"), "cluster")
        self.proposals.setMinimumContentsLength(max(len(self.proposals.itemText(n))
                                                    for n in range(2)) + 2)
        self.model = ClusterLinkModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Platform ids of each cluster"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed | triggers.SelectedClicked)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CLUSTER_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROMPT_COLUMN, QHeaderView.ResizeMode.Stretch)
        room = 14 * self.table.fontMetrics().averageCharWidth()  # a few ids, typed in place
        for n in range(len(ID_COLUMNS)):
            column = FIRST_ID_COLUMN + n
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(room, header.sectionSizeHint(column)))
        self.profile_hint = hint("")
        self.error = error_label()

        proposals_row = QHBoxLayout()
        label = QLabel(tr("Propo&sals:"))
        label.setBuddy(self.proposals)
        proposals_row.addWidget(label)
        proposals_row.addWidget(self.proposals)
        proposals_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "How the data bundle's proposals go to the platform. Saved with the workshop; "
            "the bundle carries them to the other laptops.")))
        layout.addLayout(proposals_row)
        layout.addWidget(self.profile_hint)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)

        self.proposals.currentIndexChanged.connect(self._set_proposals)
        self.model.failed.connect(self._show_error)
        self.model.dataChanged.connect(lambda *_: self.error.hide())
        self.model.modelReset.connect(self._show_prompt_column)
        self._show_prompt_column()
        ctx.session.changed.connect(self._on_changed)
        self._show_proposals()
        self.set_profile(profile)

    def set_profile(self, name: str) -> None:
        """Show the id columns the platform profile ``name`` reads."""
        tr = self.tr_
        profile = PROFILES.get(name)
        used = USED_IDS.get(profile.links if profile else "", ())
        for n, (field, _label) in enumerate(ID_COLUMNS):
            self.table.setColumnHidden(FIRST_ID_COLUMN + n, field not in used)
        if not used:
            text = tr("The profile {profile} carries no platform ids: proposals go without "
                      "category or scope.").format(profile=name)
        elif "taxonomies" in used:
            text = tr("Profile {profile}: type each cluster's taxonomy ids as the platform's "
                      "admin shows them, separated by commas (e.g. 12,15). Empty: none."
                      ).format(profile=name)
        else:
            text = tr("Profile {profile}: type each cluster's category and scope ids as the "
                      "platform's admin shows them (whole numbers). Empty: none."
                      ).format(profile=name)
        self.profile_hint.setText(text)

    def _show_prompt_column(self) -> None:
        self.table.setColumnHidden(PROMPT_COLUMN, not self.model.any_prompt())

    def _show_proposals(self) -> None:
        unit = platform_settings(self.ctx.store).proposals_per
        self.proposals.blockSignals(True)
        self.proposals.setCurrentIndex(max(0, self.proposals.findData(unit)))
        self.proposals.blockSignals(False)

    def _set_proposals(self, _row: int) -> None:
        try:
            set_proposals_per(self.ctx.session, self.proposals.currentData(),
                              self.tr_("Set proposals per idea or cluster"),
                              failed=self._refused)
        except WorkshopError as error:
            self._refused(error)

    def _refused(self, error: Exception) -> None:
        """Said in one line; the choice shows what is saved again."""
        if isinstance(error, WorkshopError):
            self._show_error(error.render(self.ctx.lang))
        self._show_proposals()

    def _on_changed(self, table: str) -> None:
        if table == PLATFORM_TABLE:
            self._show_proposals()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def start(self) -> None:
        self.proposals.setFocus()
