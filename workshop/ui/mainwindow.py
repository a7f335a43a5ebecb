"""The main window: opens and closes workshops and wires pages, menus and status together.
The work itself happens in the pages (``workshop.ui.pages``) and in the core.

The first paint shows the start screen, so this module imports only what that needs: the
start screen, the menus, the settings. What an open workshop needs – the store, the
session, the pages, the timer, the projector, the dialogs – is imported where it is first
used (the imports inside methods below; ``timer`` and ``dialogs`` are made on first use).
In practice that has already happened: ``workshop.ui.app`` imports those modules one by one
in idle time while the person reads the start screen (``workshop.ui.later``).

Beside it: the File menu's work (``window_files``), the projector (``window_projector``),
and the open workshop's pages, each built when first shown (``page_stack``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from workshop.errors import ReadOnlyFileError, WorkshopError
from workshop.i18n import gettext_for
from workshop.ui import style
from workshop.ui.actions import build_menus
from workshop.ui.settings import LANGUAGE, ZOOM, Settings
from workshop.ui.start import StartScreen
from workshop.ui.window_files import WorkshopFiles
from workshop.ui.window_projector import ProjectorLink

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from workshop.store import WorkshopStore
    from workshop.ui.context import UiContext
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.page import Page
    from workshop.ui.page_stack import PageStack
    from workshop.ui.projector import ProjectorWindow
    from workshop.ui.session import Session
    from workshop.ui.timer_widget import TimerBar, TimerController

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
# The size the window opens at when the screen has room for it (else: maximised).
PREFERRED_SIZE = QSize(1280, 800)
FRAME_ALLOWANCE = QSize(40, 80)
NAVIGATION_WIDTH = 220  # at 100 %; it grows with the zoom, up to a fifth of the window


class MainWindow(WorkshopFiles, ProjectorLink, QMainWindow):
    def __init__(self, *, settings: Settings, lang: str, translations, device_id: str,
                 dialogs: Dialogs | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.lang = lang
        self.tr_ = gettext_for(lang)
        self.translations = translations
        self.device_id = device_id
        self._dialogs = dialogs
        self.session: Session | None = None
        self.ctx: UiContext | None = None
        self.stack: PageStack | None = None  # the open workshop's pages, built when shown
        self.kiosk = False
        self._timer: TimerController | None = None
        self.timer_bar: TimerBar | None = None
        self.projector: ProjectorWindow | None = None
        self.projector_prompt = ""
        self._saved_label: QLabel | None = None
        self._problem: WorkshopError | None = None  # read-only, or the last save refused
        self.banner: QLabel | None = None
        self._state_before_kiosk = Qt.WindowState.WindowNoState
        self._zoom: float | None = None  # the zoom chosen in this window, once it is
        self.resize(self._opening_size())
        self._build()

    @property
    def dialogs(self) -> Dialogs:
        """Every modal question the window asks (tests pass their own answers)."""
        if self._dialogs is None:
            from workshop.ui.dialogs import Dialogs

            self._dialogs = Dialogs(self.tr_)
        return self._dialogs

    @property
    def saved_label(self) -> QLabel:
        """The quiet "saved" indicator, in a status bar made with the first open workshop:
        the start screen has nothing to save, and a status bar is ~4 ms of the first paint."""
        if self._saved_label is None:
            self._saved_label = QLabel()  # "✓ Saved 10:42" says what it is: named by it
            self.statusBar().addPermanentWidget(self._saved_label)
        return self._saved_label

    @property
    def timer(self) -> TimerController:
        """The agenda timer: on the window, not a page, so it survives page rebuilds."""
        if self._timer is None:
            from workshop.ui.timer_widget import TimerController

            self._timer = TimerController(parent=self)
        return self._timer

    # ------------------------------------------------------------------ the screen

    def _opening_size(self) -> QSize:
        # Room for a window manager's title bar and borders, not known before it is shown.
        available = self.screen().availableGeometry().size() - FRAME_ALLOWANCE
        return PREFERRED_SIZE.boundedTo(available)

    def show_on_screen(self) -> None:
        """Show the window as the screen allows: the preferred size when it fits with its
        frame, else maximised (a 1366×768 laptop, a 1280×720 projector mirror)."""
        available = self.screen().availableGeometry()
        room = available.size() - FRAME_ALLOWANCE
        if room.width() < PREFERRED_SIZE.width() or room.height() < PREFERRED_SIZE.height():
            self.showMaximized()
        else:
            self.resize(PREFERRED_SIZE)
            self.move(available.center() - self.rect().center())
            self.show()

    def keep_on_screen(self) -> None:
        """A window of normal state is made to fit the screen again (e.g. after a zoom
        step): its content scrolls instead of pushing the frame off the screen."""
        if self.windowState() & (Qt.WindowState.WindowMaximized
                                 | Qt.WindowState.WindowFullScreen
                                 | Qt.WindowState.WindowMinimized):
            return
        available = self.screen().availableGeometry()
        frame = self.frameGeometry()
        extra = frame.size() - self.size()  # the window manager's title bar and borders
        size = self.size().boundedTo(available.size() - extra)
        if size != self.size():
            self.resize(size)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    # ------------------------------------------------------------------ building

    def _build(self, page_key: str = "") -> None:
        """(Re)build menus and the central area, e.g. after a change of language; with a
        workshop open, showing the page ``page_key`` (else the first)."""
        if self.session is None:
            self._show_start()
        else:
            self._show_pages(page_key)
        build_menus(self)
        self._update_title()

    def _show_start(self) -> None:
        self.timer_bar = None
        start = StartScreen(self.tr_, self.settings.recent_workshops())
        start.new_requested.connect(self.new_workshop)
        start.open_requested.connect(self.open_dialog)
        start.demo_requested.connect(self.open_demo)
        start.recent_chosen.connect(self.open_path)
        self.setCentralWidget(start)
        start.first_button.setFocus()
        # Names without Japanese access keys, after the first paint (which loads no more
        # than it needs).
        QTimer.singleShot(0, lambda: _plain_mnemonics(start))

    def _show_pages(self, page_key: str) -> None:
        from workshop.ui.page_stack import PageStack
        from workshop.ui.pages import page_classes
        from workshop.ui.timer_widget import TimerBar

        assert self.ctx is not None
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr_("Pages"))
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = PageStack(self.ctx, page_classes(), self._page_built)
        for number, title in enumerate(self.page_titles(), start=1):
            self.navigation.addItem(QListWidgetItem(f"{number}  {title}"))
        self._fit_navigation()
        self.navigation.currentRowChanged.connect(self.show_page)
        layout.addWidget(self.navigation)
        self.timer_bar = TimerBar(self.timer, self.tr_)
        self.timer_bar.set_read_only(self.kiosk)
        column = QVBoxLayout()
        column.setSpacing(0)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        column.addWidget(self.banner)
        self._show_problem()
        column.addWidget(self.timer_bar)
        column.addWidget(self.stack, 1)
        layout.addLayout(column, 1)
        self.setCentralWidget(central)
        self._prompt_from_store()
        keys = self.stack.keys
        self.navigation.setCurrentRow(keys.index(page_key) if page_key in keys else 0)

    def _page_built(self, page: Page) -> None:
        """A page built on first showing joins the window: style, access keys, signals."""
        style.plain_spin_boxes(page)
        _plain_mnemonics(page)
        self._follow_prompt(page)

    def show_page(self, row: int) -> None:
        if self.stack is None or not 0 <= row < self.stack.count():
            return
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)
        page = self.stack.page_at(row)
        self.stack.setCurrentIndex(row)
        page.activated()
        if self.session is not None and self.session.path and not self.kiosk:
            self.settings.set_last_page(self.session.path, page.key)

    def page(self, key: str) -> Page:
        """The page ``key``, built now if it has not been shown yet."""
        assert self.stack is not None
        return self.stack.page_at(self.stack.row_of(key))

    @property
    def pages(self) -> list[Page]:
        """Every page of the open workshop, each built if it was not yet (tests and checks
        of all pages; the window itself builds a page only when it is shown)."""
        if self.stack is None:
            return []
        return [self.stack.page_at(row) for row in range(self.stack.count())]

    def page_titles(self) -> list[str]:
        """The pages' names, in order, without building them (navigation, menus)."""
        return self.stack.titles(self.tr_) if self.stack is not None else []

    def current_page(self) -> Page | None:
        return self.stack.current_page() if self.stack is not None else None

    def _fit_navigation(self) -> None:
        """The page list as wide and its rows as high as the type needs (zoom)."""
        metrics = self.navigation.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.navigation.item(row).text())
                      for row in range(self.navigation.count())), default=0)
        width = max(NAVIGATION_WIDTH * metrics.height() // max(1, self._base_line()),
                    widest + 4 * metrics.averageCharWidth())
        self.navigation.setFixedWidth(min(width, max(NAVIGATION_WIDTH, self.width() // 5)))
        for row in range(self.navigation.count()):
            self.navigation.item(row).setSizeHint(QSize(0, 3 * metrics.height()))

    def _fit_to_width(self) -> None:
        """Navigation and timer bar arranged for the window's width at the current type
        size, before the layout asks the window for more room than the screen has."""
        if self.stack is None:
            return
        self._fit_navigation()
        if self.timer_bar is not None:
            beside = self.navigation.width() if self.navigation.isVisibleTo(self) else 0
            self.timer_bar.arrange(self.width() - beside)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_to_width()

    @staticmethod
    def _base_line() -> int:
        from PySide6.QtGui import QFont, QFontMetrics

        font = QFont(QApplication.font())
        font.setPointSizeF(style.BASE_POINT_SIZE)
        return QFontMetrics(font).height()

    def _update_title(self) -> None:
        app_name = self.tr_("Citizen workshop")
        if self.session is None:
            self.setWindowTitle(app_name)
        else:
            title = self.session.store.workshop().title
            self.setWindowTitle(f"{title} — {app_name}")
        self._sync_projector()

    def _attach(self, store: WorkshopStore,
                read_only_because: WorkshopError | None = None) -> None:
        from workshop.ui.context import UiContext
        from workshop.ui.session import Session

        self.close_workshop()
        self.session = Session(store, self)
        self._problem = read_only_because
        self.session.saved.connect(self._show_saved)
        self.session.save_failed.connect(self._show_not_saved)
        self.session.changed.connect(lambda table: table == "workshop" and self._update_title())
        self.session.changed.connect(lambda table: table == "prompts" and self._prompt_from_store())
        self.ctx = UiContext(self.session, self.lang, self.tr_, self.settings, self.dialogs)
        if store.path:  # the timer carries on where it was, even after a crash
            path = store.path
            self.timer.attach(self.session, lambda: self.settings.timer_state(path),
                              lambda saved: self.settings.set_timer_state(path, saved))
        else:
            self.timer.attach(self.session)
        last_page = ""
        if store.path:  # reopening shows the page the facilitator was on, not Setup
            self.settings.add_recent(store.path, store.workshop().title)
            last_page = self.settings.last_page(store.path)  # before building shows Setup
        self._build(last_page)
        self._show_saved()

    def _show_not_saved(self, error: WorkshopError) -> None:
        if not (self.session and self.session.store.read_only):  # keep saying why it is
            self._problem = error
        self._show_problem()

    def _show_problem(self) -> None:
        """The banner over the pages: why the workshop is read-only, or why the last change
        was not saved. It stays until the workshop is closed: the room must not miss it."""
        error = self._problem
        if error is None:
            self.banner.hide()
            return
        if isinstance(error, ReadOnlyFileError) and self.session and self.session.store.read_only:
            text = self.tr_("Read-only: changes cannot be saved. {reason}")
        else:
            text = self.tr_("Not saved: {reason} What was being typed is still on the page.")
        self.banner.setText(text.format(reason=error.render(self.lang)))
        self.banner.show()
        self.saved_label.setText(self.tr_("Not saved"))

    def close_workshop(self) -> None:
        if self.session is None:
            return
        session = self.session
        session.flush()  # queued writes land (or come back to their fields) while pages live
        if session.path:  # its title may have changed since it was opened
            self.settings.add_recent(session.path, session.store.workshop().title)
        # The field being edited saves now (leaving it saves), before the store closes.
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()
        built = self.stack.built() if self.stack is not None else []
        for page in built:  # half-typed ideas and notes are kept for next time (a page
            if hasattr(page, "keep_drafts"):  # never built has nothing typed in it)
                page.keep_drafts()
        old = self.takeCentralWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.stack = None
        self.session = None
        self.ctx = None
        self.timer.detach()
        self.projector_prompt = ""
        if self.projector is not None:
            self.projector.close()
        session.close()
        session.deleteLater()
        self._build()

    # ---------------------------------------------------------------- view

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.settings.set(LANGUAGE, lang)
        self.lang = lang
        self.tr_ = gettext_for(lang)
        self.dialogs.tr = self.tr_
        self.translations.install(lang)
        if self.ctx is not None:
            self.ctx.lang, self.ctx.tr = lang, self.tr_
        current = self.current_page()
        self._build(current.key if current is not None else "")
        self._show_saved()

    def zoom(self, step: int) -> None:
        # The step before may not be written yet (see below): the window's own value first.
        current = self._zoom if self._zoom is not None else self.settings.get(ZOOM)
        index = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - current))
        index = 2 if step == 0 else max(0, min(len(ZOOM_STEPS) - 1, index + step))
        self._zoom = ZOOM_STEPS[index]
        self.apply_zoom(ZOOM_STEPS[index])
        # Written after the window has repainted: the file's sync is ~25 ms of a step.
        QTimer.singleShot(0, lambda: self.settings.set(ZOOM, ZOOM_STEPS[index]))

    def apply_zoom(self, zoom: float) -> None:
        """The type at ``zoom``; then the navigation and the timer bar are arranged for the
        window's width and the window kept inside the screen (its pages scroll)."""
        style.set_zoom(QApplication.instance(), zoom)
        # Widgets learn their new font from posted events: deliver them before measuring.
        QApplication.sendPostedEvents()
        # Hidden widgets (the other tabs of a page) took the new type too, but their
        # layouts keep the old sizes, so a page would be arranged for the old type until
        # each tab is shown: every layout measures again.
        for layout in self.findChildren(QLayout):
            layout.invalidate()
        self._fit_to_width()
        self.layout().activate()
        self.keep_on_screen()

    def _show_saved(self) -> None:
        if self.session is None:
            if self._saved_label is not None:
                self._saved_label.setText("")
            return
        if self.session.store.read_only:
            self.saved_label.setText(self.tr_("Read-only"))
            return
        if self._problem is not None and self.banner is not None:
            self._problem = None  # a change was saved again: the disk has room or is back
            self._show_problem()
        now = time.strftime("%H:%M:%S")  # not QDateTime: one type less before the first paint
        self.saved_label.setText("✓ " + self.tr_("Saved {time}").format(time=now))

    def show_phones(self) -> None:
        """The "Participants' phones" dialog (never in kiosk mode: phones are the
        facilitator's to turn on)."""
        if self.kiosk or self.session is None:
            return
        from workshop.ui.phones.dialog import PhonesDialog

        dialog = PhonesDialog(self.session, self.tr_, self.lang,
                              projector=self.projector_view, dialogs=self.dialogs,
                              parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal; the server runs on when it is closed

    # ---------------------------------------------------------------- kiosk

    def set_kiosk(self, on: bool, page: str = "capture") -> None:
        """Shared-laptop mode: only one page (capture, or voting), full screen, no menus."""
        self.kiosk = on
        self.menuBar().setVisible(not on)
        if on:  # no page switching, no files, no undo of others' work
            for action in self.actions():
                action.setEnabled(False)
                # The undo stack re-enables its own actions after each change: without
                # their keys they cannot undo or redo anything here (rebuilt on leaving).
                action.setShortcuts([])
        else:
            build_menus(self)
        if hasattr(self, "navigation"):
            self.navigation.setVisible(not on)
        if self.timer_bar is not None:
            self.timer_bar.set_read_only(on)  # participants see the time, cannot change it
        if on:
            if not self.isFullScreen():  # the state to come back to: maximised, say
                self._state_before_kiosk = self.windowState()
            self.show_page(self.stack.row_of(page))
            self.showFullScreen()
        else:
            self.restore_state(self._state_before_kiosk)

    def restore_state(self, state: Qt.WindowState) -> None:
        """Back to the state the facilitator chose (maximised stays maximised)."""
        if state & Qt.WindowState.WindowFullScreen:
            self.showFullScreen()
        elif state & Qt.WindowState.WindowMaximized:
            self.showMaximized()
        else:
            self.showNormal()
            self.keep_on_screen()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.WindowStateChange and not self.kiosk:
            self._state_before_kiosk = self.windowState()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk:
            event.ignore()  # participants cannot close the window in kiosk mode
            return
        self.close_workshop()
        super().closeEvent(event)


def _plain_mnemonics(root: QWidget) -> None:
    import shiboken6

    from workshop.ui.accessible import plain_mnemonics

    if shiboken6.isValid(root):  # the start screen may be gone by then
        plain_mnemonics(root)
