"""Entry point of the built application (PyInstaller): the same `workshop` command."""

import sys

from workshop.cli import main

if __name__ == "__main__":
    sys.exit(main())
