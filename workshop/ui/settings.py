"""Every setting of the window, declared in one place with its default (Picard-style)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QSettings

from workshop.device import config_dir


class Option(NamedTuple):
    """One setting. (A named tuple, not a frozen dataclass: as immutable, and defining it
    costs ~1 ms less of the window's start.)"""

    key: str
    default: Any
    kind: type


LANGUAGE = Option("ui/language", "", str)  # "" = the system's language
ZOOM = Option("ui/zoom", 1.0, float)
# Results drawn large on the projector; 0 = the round's cut (its shortlist, else the top 10).
PROJECTOR_RESULT_ROWS = Option("projector/result_rows", 0, int)
RECENT_FILES = Option("files/recent", [], list)
MAX_RECENT = 8


class Settings:
    """Typed access to the settings file in the app's config folder."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.ini"
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, option: Option) -> Any:
        value = self._qsettings.value(option.key, option.default)
        if option.kind is list:
            if value in (None, ""):
                return []
            return value if isinstance(value, list) else [value]
        try:
            return option.kind(value)
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option, value: Any) -> None:
        self._qsettings.setValue(option.key, value)
        self._qsettings.sync()

    def timer_state(self, path: Path) -> object:
        """The agenda timer as last saved for the workshop file ``path`` (see
        ``workshop.timer.saved_form``); None when there is none or it cannot be read."""
        import json  # here, not at the top: this module is on the window's start path

        try:
            return json.loads(self._qsettings.value(_timer_key(path), ""))
        except (TypeError, ValueError):
            return None

    def set_timer_state(self, path: Path, saved: dict[str, object]) -> None:
        import json

        self._qsettings.setValue(_timer_key(path), json.dumps(saved))
        self._qsettings.sync()

    def add_recent(self, path: Path, title: str = "") -> None:
        """``path`` first among the recent workshops, remembered with its title."""
        recent = [str(path)] + [p for p in self.get(RECENT_FILES) if p != str(path)]
        self.set(RECENT_FILES, recent[:MAX_RECENT])
        if title:
            self._qsettings.setValue(_file_key("title", path), title)
            self._qsettings.sync()

    def recent_files(self) -> list[Path]:
        return [Path(p) for p in self.get(RECENT_FILES) if Path(p).exists()]

    def recent_workshops(self) -> list[tuple[Path, str]]:
        """(path, title) of the recent workshops that still exist; the title is '' for
        one remembered before titles were."""
        return [(path, str(self._qsettings.value(_file_key("title", path), "")))
                for path in self.recent_files()]

    def last_page(self, path: Path) -> str:
        """The page the facilitator was on when the workshop was last open here."""
        return str(self._qsettings.value(_file_key("page", path), ""))

    def set_last_page(self, path: Path, page: str) -> None:
        self._qsettings.setValue(_file_key("page", path), page)  # written on the next sync


def _file_key(group: str, path: Path) -> str:
    """One key per workshop file (this laptop's session with it, so kept here, not in the
    file that travels in bundles)."""
    import hashlib  # ~6 ms to import (OpenSSL): not before the first paint

    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:20]
    return f"{group}/{digest}"


def _timer_key(path: Path) -> str:
    return _file_key("timer", path)
