"""The suite passes the same on a loaded 2-core machine: no timing health checks, no naps
in place of waiting for a condition, generous limits on the waits that remain."""

import ast
import inspect
from pathlib import Path

from hypothesis import HealthCheck, settings
from pytestqt.qtbot import QtBot

TESTS = Path(__file__).resolve().parent
# Sleeps that are the point of the test, not a wait for something to happen: the crash
# test kills a child at chosen moments.
DELIBERATE = {"test_crash.py"}


def test_hypothesis_checks_no_timing():
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
    # Not suppressed: it is about the strategies, not about how busy the machine is.
    assert HealthCheck.data_too_large not in settings.default.suppress_health_check


def test_every_qtbot_wait_allows_a_slow_machine():
    for name in ("waitSignal", "waitSignals", "waitUntil", "waitCallback", "waitExposed",
                 "waitActive"):
        timeout = inspect.signature(getattr(QtBot, name)).parameters["timeout"].default
        assert timeout >= 30_000, name


def fixed_waits(path: Path) -> list[str]:
    """``time.sleep(...)`` and ``qtbot.wait(...)`` calls in one test file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else ""
            if (name, node.func.attr) in (("time", "sleep"), ("qtbot", "wait")):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno} {name}."
                             f"{node.func.attr}")
    return found


def test_tests_wait_for_conditions_not_for_time():
    """A fixed nap is too short on a busy machine and too long on an idle one: wait for
    the condition (qtbot.waitUntil / waitSignal, an Event) instead."""
    files = [p for p in TESTS.rglob("*.py")
             if "node_modules" not in p.parts and p.name not in DELIBERATE]
    assert [wait for path in files for wait in fixed_waits(path)] == []


def test_the_check_finds_a_fixed_wait(monkeypatch):
    sample = TESTS / "_sample_with_a_nap.py"
    monkeypatch.setattr(Path, "read_text",
                        lambda self, encoding=None: "import time\ntime.sleep(0.05)\n"
                        "qtbot.wait(50)\n")
    assert fixed_waits(sample) == ["_sample_with_a_nap.py:2 time.sleep",
                                   "_sample_with_a_nap.py:3 qtbot.wait"]
