"""Look and feel: large type readable from two metres, contrast that survives a
projector, and a focus ring you can see across a room (keyboard-first)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from workshop.fonts import JAPANESE_FONT

BASE_POINT_SIZE = 15
STYLE = "Fusion"  # the same look on every system; the stylesheet is written over it
# Chooses the style when the QApplication is made (Qt's own command-line option). Choosing
# it afterwards from Python costs ~9 ms of a cold start: ``QApplication.setStyle`` returns
# the new QStyle, and the first QStyle PySide wraps builds every enum of that class.
STYLE_ARGUMENTS = ("-style", STYLE)
FOCUS = "#ffb000"
INK = "#111111"
ACCENT = "#0b57d0"
# Disabled text: still readable (4.5:1 on white), but visibly not available. Without it the
# INK rule above drew disabled buttons and menu items exactly like enabled ones.
MUTED = "#767676"
# Placeholder text ("Words in the title or details"): Qt draws it in the text colour at half
# strength, #888 on white (3.5:1), too faint to read; this is 6.5:1 and still clearly grey.
PLACEHOLDER = "#5e5e5e"

STYLESHEET = f"""
QWidget {{ color: {INK}; placeholder-text-color: {PLACEHOLDER}; }}
QWidget:disabled, QMenu::item:disabled {{ color: {MUTED}; placeholder-text-color: {MUTED}; }}
QMainWindow, QDialog {{ background: #fafafa; }}
*:focus {{ outline: none; }}
QPushButton, QToolButton {{
    padding: 6px 14px; min-height: 36px; border: 2px solid #555; border-radius: 6px;
    background: #ffffff;
}}
QPushButton:hover, QToolButton:hover {{ background: #eef3fd; }}
/* A tab bar's scroll arrows are tool buttons too: with the padding and height above they
   drew as empty boxes over the last tabs. */
QTabBar::scroller {{ width: 48px; }}
QTabBar QToolButton {{
    padding: 0px; min-height: 0px; border: 1px solid #777; border-radius: 0px;
}}
QPushButton:default {{ border-color: {ACCENT}; }}
/* A state changes colours only: Qt sizes a button for its plain state, so a bold font or a
   wider frame when checked cut the chosen team's name (the padding gives back the 1 px the
   thicker border takes). */
QPushButton:checked {{
    background: {ACCENT}; color: #ffffff; border: 3px solid #06357f; padding: 5px 13px;
}}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus,
QTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus, QListView:focus, QTreeView:focus,
QTableView:focus, QCheckBox:focus {{
    border: 3px solid {FOCUS};
}}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox {{
    padding: 4px; border: 2px solid #777; border-radius: 4px; background: #ffffff;
    min-height: 30px;
}}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    width: 0px; border: none; subcontrol-origin: border;
}}
QListView::item, QTableView::item {{ padding: 6px; }}
QListView::item:selected, QTableView::item:selected {{
    background: {ACCENT}; color: #ffffff;
}}
QLabel[role="error"] {{ color: #b00020; font-weight: bold; }}
QLabel#banner {{ background: #fff4ce; color: #1a1a1a; border-bottom: 3px solid #b00020;
                 padding: 6px 12px; font-weight: bold; }}
QLabel[role="hint"] {{ color: #444444; }}
#navigation {{ background: #1f2937; color: #ffffff; border: none; }}
#navigation::item:selected {{ background: {ACCENT}; color: #ffffff; }}
#navigation:focus {{ border: 3px solid {FOCUS}; }}
"""


def install_fonts(app: QApplication, zoom: float = 1.0) -> str:
    """Load the shipped Japanese font and make it the fallback for every widget."""
    font_id = QFontDatabase.addApplicationFont(str(JAPANESE_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    font = QFont(app.font())
    # The system's UI font first (Latin looks native); IPAexGothic for every kana/kanji.
    font.setFamilies(ui_families(font.families() or [font.family()], families))
    font.setPointSizeF(BASE_POINT_SIZE * zoom)
    app.setFont(font)
    return families[0] if families else ""


def ui_families(base: list[str], japanese: list[str]) -> list[str]:
    """The font families for the whole UI: real Latin faces first, then ``japanese``.

    A generic alias such as "Sans Serif" (Qt's default where no desktop names a font) is
    not a family Qt can find in a list, so with ``setFamilies`` it skipped to IPAexGothic
    and the English UI was drawn in the Japanese face (its "…" sits centred like a
    Japanese 三点リーダ). The alias is resolved to the face fontconfig/the system gives it."""
    resolved: list[str] = []
    for family in base:
        if not QFontDatabase.hasFamily(family):
            family = QFontInfo(QFont(family)).family()
        if family and family not in japanese and family not in resolved:
            resolved.append(family)
    return [*resolved, *japanese]


def apply_style(app: QApplication) -> None:
    """Our style and stylesheet on an application made elsewhere (tests, scripts)."""
    app.setStyle(STYLE)
    apply_stylesheet(app)


def apply_stylesheet(app: QApplication) -> None:
    """The stylesheet alone, on an application made with ``STYLE_ARGUMENTS``."""
    # By default Qt's style sheets pin the font of every widget they polish (its size
    # resolved as if set by hand), so a new application font reaches none of them: zooming
    # had to set the whole sheet again, re-polishing ~900 widgets (0.4 s a step on the demo,
    # seconds on a busy laptop). With this attribute a sheet sets a font only where a rule
    # names one (none of ours sets a size), and fonts follow the application's as without a
    # sheet: ``set_zoom`` is a plain ``setFont``.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles)
    app.setStyleSheet(STYLESHEET)


def set_zoom(app: QApplication, zoom: float) -> None:
    font = QFont(app.font())
    if font.pointSizeF() == BASE_POINT_SIZE * zoom:
        return
    font.setPointSizeF(BASE_POINT_SIZE * zoom)
    app.setFont(font)
    # A font set on a widget no longer follows the application's: the larger type made with
    # ``scale_font`` is made again from the new size.
    for widget in app.allWidgets():
        if widget.property(_FONT_SCALE) is not None:
            _apply_scale(widget, font)


_FONT_SCALE, _FONT_BOLD = "font_scale", "font_bold"


def scale_font(widget, factor: float, *, bold: bool | None = None) -> None:
    """Give ``widget`` the application's type size × ``factor`` (and bold or not), and keep
    it so when the zoom changes (Ctrl +/−)."""
    widget.setProperty(_FONT_SCALE, factor)
    if bold is not None:
        widget.setProperty(_FONT_BOLD, bold)
    _apply_scale(widget, QApplication.font())


def _apply_scale(widget, base: QFont) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(base.pointSizeF() * float(widget.property(_FONT_SCALE)))
    bold = widget.property(_FONT_BOLD)
    if bold is not None:
        font.setBold(bool(bold))
    widget.setFont(font)


def plain_spin_boxes(root) -> None:
    """Spin, date and time boxes without arrow buttons: typed and stepped with the arrow
    keys (the stylesheet's borders would otherwise hide Fusion's arrows)."""
    from PySide6.QtWidgets import QAbstractSpinBox

    for box in root.findChildren(QAbstractSpinBox):
        box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
