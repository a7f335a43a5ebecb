"""The Qt binding itself: a guard against a PySide6 release that leaks references.

PySide6 6.12.0 under Python 3.11 returned ``None``/``True`` from void calls and signal
emits without a reference, so a running window aborted after some minutes ("deallocating
None"). pyproject.toml excludes it; this test fails if such a release comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_emits_keep_reference_counts(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    emitter.fired.connect(lambda: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        label.setText("x")
        emitter.fired.emit()
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50
