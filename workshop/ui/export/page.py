"""The Export page: the report, print materials and data bundle (Export tab), how the
bundle's proposals go to the platform (Platform tab), and bringing in other laptops'
bundles and ideas from a spreadsheet (Import tab)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from workshop.ui.export.importing import ImportPanel
from workshop.ui.export.platform import PlatformPanel
from workshop.ui.export.run import ExportPanel
from workshop.ui.keys import number_tabs
from workshop.ui.page import Page
from workshop.ui.widgets import heading

EXPORT_TAB, PLATFORM_TAB, IMPORT_TAB = 0, 1, 2


class ExportPage(Page):
    key = "export"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        tr = self.tr_
        self.run = ExportPanel(ctx)
        self.platform = PlatformPanel(ctx, self.run.settings().profile or "")
        self.imports = ImportPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Export sections"))
        self.tabs.addTab(self.run, tr("Ex&port"))
        self.tabs.addTab(self.platform, tr("Pl&atform"))
        self.tabs.addTab(self.imports, tr("I&mport"))
        number_tabs(self.tabs, self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title()))
        layout.addWidget(self.tabs, 1)
        self.run.profile_changed.connect(self.platform.set_profile)
        # One thing at a time: an export must not read a workshop half merged.
        self.run.busy_changed.connect(self.imports.set_blocked)
        self.imports.busy_changed.connect(self.run.set_blocked)
        self.tabs.currentChanged.connect(lambda _n: self.activated())

    def title(self) -> str:
        return self.tr_("Export")

    def activated(self) -> None:
        tab = self.tabs.currentIndex()
        if tab == PLATFORM_TAB:
            self.platform.start()
        elif tab == IMPORT_TAB:
            self.imports.merge_button.setFocus()
        elif self.run.export_button.isEnabled():
            self.run.export_button.setFocus()
        else:
            self.run.checks["report"].setFocus()
