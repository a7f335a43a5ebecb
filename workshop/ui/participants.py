"""Starting and leaving a participant mode (shared-laptop capture, the voter screen):
both hold only behind the facilitator PIN, which is always set."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from workshop.pin import hash_pin
from workshop.ui.context import UiContext


def facilitator_starts(ctx: UiContext, parent: QWidget, title: str) -> bool:
    """Before participants take over: the PIN is chosen now if the workshop has none,
    otherwise typed – so that a facilitator who forgot it finds out before the room is
    locked, not after."""
    guard = ctx.session.pin_guard
    if not guard.is_set():
        pin = ctx.dialogs.new_pin(parent)
        if pin is None:
            return False
        ctx.session.set_facilitator_pin(hash_pin(pin))
        return True
    return ctx.dialogs.ask_pin(parent, title, ctx.tr(
        "Type the facilitator PIN to start. Leaving will need it too."), guard)


def facilitator_leaves(ctx: UiContext, parent: QWidget, title: str) -> bool:
    """True once the facilitator typed the PIN (no hint of it on the participants' screen)."""
    return ctx.dialogs.ask_pin(parent, title, ctx.tr("Type the facilitator PIN to leave."),
                               ctx.session.pin_guard)


def change_pin(ctx: UiContext, parent: QWidget) -> bool:
    """A new facilitator PIN, outside any participant mode: whoever is here already holds
    the whole workshop, so the old PIN is not asked (a forgotten one is simply replaced)."""
    pin = ctx.dialogs.new_pin(parent)
    if pin is None:
        return False
    ctx.session.set_facilitator_pin(hash_pin(pin))
    return True
