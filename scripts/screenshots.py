#!/usr/bin/env python3
"""Screenshots of every page of the window, in Japanese and English, from the demo workshop.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]      (default: out/screenshots)

Runs on the offscreen platform (no screen needed); look at the PNGs it writes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from workshop.demo import create_demo
from workshop.i18n import gettext_for
from workshop.ui import style
from workshop.ui.app import QtTranslations, create_app
from workshop.ui.dialogs import Dialogs
from workshop.ui.mainwindow import MainWindow
from workshop.ui.settings import Settings

SIZE = (1366, 768)  # the most common laptop screen in Japanese city halls


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(out: Path, lang: str, work: Path, app: QApplication) -> list[Path]:
    os.environ["WORKSHOP_CONFIG_DIR"] = str(work / f"config-{lang}")
    path = work / f"demo-{lang}.workshop"
    create_demo(path, lang=lang, device_id="screenshots").close()
    window = MainWindow(settings=Settings(work / f"settings-{lang}.ini"), lang=lang,
                        translations=QtTranslations(app), device_id="screenshots",
                        dialogs=Dialogs(gettext_for(lang)))
    window.resize(*SIZE)
    window.show()
    settle(app)
    written = [out / f"{lang}-start.png"]
    window.grab().save(str(written[-1]))
    window.open_path(path)
    settle(app)
    for row, page in enumerate(window.pages):
        window.show_page(row)
        settle(app)
        written.append(out / f"{lang}-{row + 1}-{page.key}.png")
        window.grab().save(str(written[-1]))
    extra = getattr(sys.modules[__name__], "EXTRA_SHOTS", [])
    for shot in extra:  # pages and windows registered by their authors below
        written.extend(shot(window, out, lang, app))
    window.close_workshop()
    window.close()
    return written


EXTRA_SHOTS: list = []


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    style.install_fonts(app)
    style.apply_style(app)
    with tempfile.TemporaryDirectory() as work:
        for lang in ("ja", "en"):
            for path in shoot(out, lang, Path(work), app):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
