"""``workshop doctor --probe-window``: can Qt open a window on this machine?

Run in a child process by ``workshop.doctor``: when a system library or the display is
missing, Qt aborts the whole process, which the parent reports instead of crashing.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWidget


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.show()
    app.processEvents()
    size = app.primaryScreen().availableGeometry().size()
    print(f"Qt {app.platformName()}, screen {size.width()}×{size.height()}")
    window.close()
    return 0
