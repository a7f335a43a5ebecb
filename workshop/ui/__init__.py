"""The PySide6 desktop application: the only package that imports Qt.

``run`` is the window's entry point (``workshop-gui [FILE]``, declared in pyproject.toml);
the ``workshop`` command without a command starts the window through it too. It imports Qt
only when called, so importing this package stays free.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run(argv: Sequence[str] | None = None) -> int:
    """Start the window (with a workshop file to open, if one is given)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from workshop.ui.app import main
    except ImportError as error:
        if isinstance(error, ModuleNotFoundError) and error.name and (
                error.name.startswith("workshop")):
            raise
        # Qt's libraries load system ones (libGL, libEGL, libxkbcommon…): name the missing
        # one and the fix in one line instead of a traceback.
        from workshop.i18n import gettext_for, system_language
        from workshop.system import QT_SYSTEM_PACKAGES

        _ = gettext_for(system_language())
        print("workshop: " + _(
            "The window cannot start: {problem}. On Debian/Ubuntu: sudo apt-get install "
            "{packages}; the commands work without them (workshop --help).").format(
                problem=error, packages=QT_SYSTEM_PACKAGES), file=sys.stderr)
        return 1
    return main(args)
