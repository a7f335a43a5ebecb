"""What a screen reader hears: a walk of Qt's accessibility tree (the tree the AT-SPI bridge
hands to Orca on Linux, UI Automation on Windows) that lists what would be heard wrongly.

A screen reader announces a control by its *name* (or the text of the label tied to it),
its role and its *value*. On Linux Qt names a combo box by its current text, so a combo is
announced as "English combo box" unless a label is tied to it (a ``QLabel`` whose buddy it
is, in the same parent widget: that becomes the "labelled by" relation Orca reads).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFormLayout,
    QLabel,
    QWidget,
)

Role = QAccessible.Role
NAME, VALUE = QAccessible.Text.Name, QAccessible.Text.Value

# Roles a person operates: each needs a name that says what it is.
INTERACTIVE = {
    Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText,
    Role.SpinBox, Role.Slider, Role.Dial, Role.List, Role.Table, Role.Tree,
    Role.PageTabList, Role.ButtonMenu, Role.ButtonDropDown, Role.HotkeyField,
}
# Roles whose value is what they hold: their name must say something else.
HOLDS_VALUE = {Role.ComboBox, Role.EditableText, Role.SpinBox, Role.Slider, Role.Dial}


def heard_name(iface) -> str:
    """The name a screen reader announces: the labels tied to the control, then its own
    name unless that is only its value (Qt's combo boxes on Linux)."""
    related = iface.relations(QAccessible.RelationFlag.Label)
    labels = [other.text(NAME).strip() for other, _ in related
              if other is not None and other.isValid()]
    name, value = iface.text(NAME).strip(), iface.text(VALUE).strip()
    own = [name] if name and not (value and name == value) else []
    return " ".join(part for part in [*labels, *own] if part)


def is_tab_stop(widget: QWidget) -> bool:
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()
            and widget.isVisible() and widget.focusProxy() is None)


def _describe(widget: QWidget, iface) -> str:
    return (f"{type(widget).__name__} {widget.objectName()!r} role={iface.role().name} "
            f"name={iface.text(NAME)!r} value={iface.text(VALUE)[:40]!r}")


def problems(root: QWidget) -> list[str]:
    """Everything under ``root`` (visible now) that a screen reader would get wrong."""
    found: list[str] = []
    iface = QAccessible.queryAccessibleInterface(root)
    if iface is None:
        return [f"{type(root).__name__} has no accessible interface"]
    if root.isWindow() and (iface.role() == Role.Client or not iface.text(NAME).strip()):
        found.append(f"window without a window role or name: {_describe(root, iface)}")
    _walk(iface, found)
    found += _labels_not_tied(root)
    found += _groups_without_radio_semantics(root)
    return found


def _walk(iface, found: list[str]) -> None:
    if iface is None or not iface.isValid() or iface.state().invisible:
        return
    widget = iface.object()
    if isinstance(widget, QWidget):  # items of lists and tables are named by their text
        role = iface.role()
        wants_name = role in INTERACTIVE or is_tab_stop(widget)
        if wants_name and not heard_name(iface):
            value = iface.text(VALUE).strip()
            what = "named only by its value" if value and role in HOLDS_VALUE else "no name"
            found.append(f"{what}: {_describe(widget, iface)}")
        if isinstance(widget, QLabel):
            found += _label_hides_text(widget, iface)
    for index in range(iface.childCount()):
        _walk(iface.child(index), found)


def _label_hides_text(label: QLabel, iface) -> list[str]:
    """A label given a name of its own ("Time left") must still say what it shows (20:00)."""
    shown = label.text().strip()
    name = label.accessibleName().strip()
    if not name or not shown or label.textFormat() == Qt.TextFormat.RichText:
        return []
    if shown.replace("&", "") not in iface.text(NAME):
        return [f"label named {name!r} hides what it shows ({shown!r})"]
    return []


def _labels_not_tied(root: QWidget) -> list[str]:
    """Labels beside a control (form rows, buddies) must be tied to that very control, in
    the same parent: Qt only reports a label as "labelled by" among siblings."""
    found = []
    for layout in root.findChildren(QFormLayout):
        for row in range(layout.rowCount()):
            label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = label_item.widget() if label_item else None
            if (isinstance(label, QLabel) and label.isVisible() and label.text().strip()
                    and label.buddy() is None):
                found.append(f"form label {label.text()!r} is tied to no control")
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not label.isVisible():
            continue
        buddy_iface = QAccessible.queryAccessibleInterface(buddy)
        tied = [other.object() for other, _ in buddy_iface.relations(
            QAccessible.RelationFlag.Label) if other is not None]
        if not is_tab_stop(buddy) and buddy.isEnabled():
            found.append(f"label {label.text()!r} is tied to a {type(buddy).__name__} that "
                         "takes no focus (a wrapper, not the control)")
        elif label not in tied:
            found.append(f"label {label.text()!r} is not reported as the label of its "
                         f"{type(buddy).__name__} (not in the same parent)")
    return found


def _groups_without_radio_semantics(root: QWidget) -> list[str]:
    """One-of-many buttons must be heard as radio buttons (and be reached as a group)."""
    found = []
    for group in root.findChildren(QButtonGroup):
        buttons = [b for b in group.buttons() if b.isVisible()]
        if not group.exclusive() or len(buttons) < 2:
            continue
        for button in buttons:
            role = QAccessible.queryAccessibleInterface(button).role()
            if role != Role.RadioButton:
                found.append(f"one-of-many button {button.text()!r} is heard as {role.name}")
    return found


def tab_stops(window: QWidget, start: QWidget, limit: int = 400) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes round again (a date or time
    box takes a Tab per section before it lets go)."""
    from PySide6.QtTest import QTest

    start.setFocus(Qt.FocusReason.OtherFocusReason)
    seen: list[QWidget] = []
    for _ in range(limit):
        widget = window.focusWidget()
        if widget is None or (widget in seen and widget is not seen[-1]):
            break
        if widget not in seen:
            seen.append(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def unreachable_by_tab(root: QWidget, stops: list[QWidget]) -> list[str]:
    """Check boxes and buttons a keyboard user cannot reach (radio buttons are reached by
    the arrow keys once their group has the focus)."""
    found = []
    for button in root.findChildren(QAbstractButton):
        focusable = button.focusPolicy() & Qt.FocusPolicy.ClickFocus
        if not (focusable and button.isEnabled() and button.isVisible()) or button in stops:
            continue
        role = QAccessible.queryAccessibleInterface(button).role()
        if role != Role.RadioButton:
            found.append(f"{role.name} {button.text()!r} cannot be reached by Tab")
    return found

