"""The File menu's work for the main window – open, create, the demo, a copy, a backup,
the facilitator PIN, About – kept beside the window (``MainWindow`` inherits it) so that
the window module stays small. Opening ends in ``MainWindow._attach`` with an open store,
or in a dialog saying why not.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.device import config_dir
from workshop.errors import DamagedFileError, ReadOnlyFileError, WorkshopError

if TYPE_CHECKING:
    from workshop.store import WorkshopStore
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.session import Session


class WorkshopFiles:
    """Mixed into ``MainWindow``: uses its dialogs, language, session and ``_attach``."""

    dialogs: Dialogs
    session: Session | None
    lang: str
    device_id: str

    def _attach(self, store: WorkshopStore,
                read_only_because: WorkshopError | None = None) -> None:
        raise NotImplementedError

    def open_dialog(self) -> None:
        path = self.dialogs.open_workshop(self)
        if path:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        try:
            from workshop.store import WorkshopStore

            store = WorkshopStore.open(path, device_id=self.device_id)
        except DamagedFileError as error:
            return self._offer_restore(path, error)
        except ReadOnlyFileError as error:
            # A sound file on a read-only stick, a full disk, a folder of someone else's:
            # shown read-only (view, export elsewhere, save a copy), never "damaged".
            return self._open_read_only(path, error)
        except WorkshopError as error:
            self.dialogs.error(self, error.render(self.lang))
            return False
        self._attach(store)
        return True

    def _open_read_only(self, path: Path, why: ReadOnlyFileError) -> bool:
        from workshop.store import WorkshopStore

        try:
            store = WorkshopStore.open(path, device_id=self.device_id, read_only=True)
        except WorkshopError as error:
            self.dialogs.error(self, error.render(self.lang))
            return False
        self._attach(store, read_only_because=why)
        return True

    def _offer_restore(self, path: Path, error: DamagedFileError) -> bool:
        if error.backup is None:
            self.dialogs.error(self, error.render(self.lang))
            return False
        question = error.render(self.lang) + "\n\n" + self.tr_(
            "Restore the newest good backup now? The damaged file is kept beside it.")
        if not self.dialogs.confirm(self, question):
            return False
        try:
            from workshop.store import restore_from_backup

            restore_from_backup(path, error.backup)
        except WorkshopError as failure:
            self.dialogs.error(self, failure.render(self.lang))
            return False
        return self.open_path(path)

    def new_workshop(self) -> None:
        from workshop.ui.new_workshop import NewWorkshopDialog

        dialog = NewWorkshopDialog(self.tr_, self.lang, self)
        if not dialog.exec() or dialog.workshop is None:
            return
        from workshop.naming import suggested_file_name

        path = self.dialogs.save_workshop(self, self.tr_("Where should the workshop be saved?"),
                                          suggested_file_name(dialog.workshop.title))
        if path:
            self.create_workshop(path, dialog.workshop)

    def create_workshop(self, path: Path, workshop) -> bool:
        try:
            from workshop.store import WorkshopStore

            store = WorkshopStore.create(path, workshop, device_id=self.device_id)
        except WorkshopError as error:
            self.dialogs.error(self, error.render(self.lang))
            return False
        self._attach(store)
        return True

    def open_demo(self) -> bool:
        """The demo lives in the settings folder; a fresh copy each time it is opened."""
        folder = config_dir() / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"demo-{self.lang}-{stamp}.workshop"
        try:
            from workshop.demo import create_demo

            store = create_demo(path, lang=self.lang, device_id=self.device_id)
        except WorkshopError as error:
            self.dialogs.error(self, error.render(self.lang))
            return False
        self._attach(store)
        return True

    def save_copy(self) -> None:
        if self.session is None:
            return
        from workshop.naming import suggested_file_name

        title = self.session.store.workshop().title
        path = self.dialogs.save_workshop(self, self.tr_("Save a copy as"), suggested_file_name(
            self.tr_("{title} (copy)").format(title=title)))
        if not path:
            return
        try:
            self.session.store.save_copy(path)
        except (WorkshopError, OSError) as error:
            text = error.render(self.lang) if isinstance(error, WorkshopError) else str(error)
            self.dialogs.error(self, text)
            return
        self.statusBar().showMessage(self.tr_("Saved a copy as {path}").format(path=path), 8000)

    def restore_backup(self) -> None:
        if self.session is None or self.session.path is None:
            return
        path = self.session.path
        from workshop.store import list_backups, restore_from_backup

        backups = list_backups(path)
        names = [f"{b.taken_at.astimezone():%Y-%m-%d %H:%M:%S}  ({b.reason})" for b in backups]
        if not backups:
            self.dialogs.info(self, self.tr_("There are no backups of this workshop yet."))
            return
        choice = self.dialogs.choose_backup(self, names)
        if choice is None:
            return
        question = self.tr_("Replace the workshop by the backup of {time}? The current "
                            "file is kept beside it.").format(time=names[choice])
        if not self.dialogs.confirm(self, question):
            return
        self.close_workshop()
        try:
            restore_from_backup(path, backups[choice].path)
        except WorkshopError as error:
            self.dialogs.error(self, error.render(self.lang))
        self.open_path(path)

    def show_about(self) -> None:
        """The version (what the organiser asks for when two laptops disagree), the
        libraries under it, and where this laptop keeps its settings."""
        import platform

        from PySide6 import __version__ as pyside_version

        from workshop import __version__
        from workshop.device import config_dir

        tr = self.tr_
        self.dialogs.info(self, "\n".join((
            tr("Workshop {version}").format(version=__version__),
            tr("An offline tool for in-person citizen workshops."),
            "",
            tr("Python {python}, Qt {qt}, {system}").format(
                python=platform.python_version(), qt=pyside_version,
                system=f"{platform.system()} {platform.release()}"),
            tr("Settings: {folder}").format(folder=config_dir()),
            tr("Licence: MIT. The fonts inside keep their own free licences "
               "(IPA, SIL OFL, Apache 2.0; see assets/fonts/README.md)."),
        )))

    def change_facilitator_pin(self) -> None:
        from workshop.ui.participants import change_pin

        if self.ctx is not None and change_pin(self.ctx, self):
            self.statusBar().showMessage(self.tr_("The facilitator PIN is set."), 8000)
