"""Offline desktop tool for in-person citizen workshops.

The package root and everything outside ``workshop.ui`` is Qt-free: it can be imported,
tested and scripted without PySide6.
"""

__version__ = "0.1.0"
