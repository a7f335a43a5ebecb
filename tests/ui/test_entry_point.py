"""The window has an entry point of its own (``workshop-gui``), and ``workshop`` without a
command starts the window through it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import workshop.ui.app
from workshop import cli

ROOT = Path(__file__).resolve().parents[2]


def test_the_cli_starts_the_window_through_the_declared_entry_point():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"]["workshop-gui"] == cli.GUI_ENTRY_POINT


def test_workshop_with_a_file_and_without_a_command_opens_the_window(monkeypatch):
    started: list[list[str]] = []
    monkeypatch.setattr(workshop.ui.app, "main", lambda args: started.append(args) or 0)
    assert cli.main(["some.workshop"]) == 0
    assert cli.main([]) == 0
    assert started == [["some.workshop"], []]
