"""Offline desktop tool for in-person citizen workshops.

The package root and everything outside ``workshop.ui`` is Qt-free: it can be imported,
tested and scripted without PySide6.
"""

__version__ = "0.1.0"

# ``typing.TYPE_CHECKING`` without importing ``typing`` (~2 ms of ``workshop info``'s start,
# where nothing else needs it): the modules on its path import their annotations' names
# under ``if TYPE_CHECKING:``, which type checkers take as true by its name.
TYPE_CHECKING = False
