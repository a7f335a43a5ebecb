"""Where settings live on each system (platformdirs), simulated on Linux."""

from __future__ import annotations

from pathlib import Path

import platformdirs.windows
import pytest

from workshop.device import config_dir, device_id


def test_override_wins(tmp_path: Path) -> None:
    assert config_dir({"WORKSHOP_CONFIG_DIR": str(tmp_path)}, "win32") == tmp_path


def test_linux_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("WORKSHOP_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_dir(platform="linux") == tmp_path / "workshop"


def test_macos_application_support(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("WORKSHOP_CONFIG_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_dir(platform="darwin") == (
        tmp_path / "Library" / "Application Support" / "workshop")


def test_windows_roaming_appdata(monkeypatch: pytest.MonkeyPatch) -> None:
    # On Windows platformdirs asks the shell for the folder; here it reads the variables.
    monkeypatch.delenv("WORKSHOP_CONFIG_DIR", raising=False)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setenv("APPDATA", "/users/kobayashi/AppData/Roaming")
    monkeypatch.setenv("LOCALAPPDATA", "/users/kobayashi/AppData/Local")
    assert config_dir(platform="win32") == Path("/users/kobayashi/AppData/Roaming/workshop")


def test_device_id_is_kept(tmp_path: Path) -> None:
    first = device_id(tmp_path)
    assert device_id(tmp_path) == first and len(first) == 36
