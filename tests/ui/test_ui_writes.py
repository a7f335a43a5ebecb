"""The UI writes only through the session's operations (undoable, announced): a page,
widget or item model that writes to the store itself bypasses undo and the change notices.

The session (``ui/session.py``) and the operations modules (``ui/<page>/ops.py``) are where
the writes live; everything else in ``workshop/ui`` only reads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "workshop" / "ui"

# The store's writes (``WorkshopStore`` and a raw connection's).
STORE_WRITES = {"add", "add_many", "update", "delete", "undelete", "reorder", "cast_ballot",
                "set_tallies", "set_platform_setting", "transaction", "execute",
                "executemany", "executescript"}
# This laptop's own state (``store.local``: the facilitator PIN, drafts).
LOCAL_WRITES = {"set_setting", "set_facilitator_pin", "set_draft"}
# The core's voting steps, each of which writes to the store it is given.
VOTING_WRITES = {"open_round", "close_round", "reveal_round", "change_rules", "cast_ballot",
                 "void_last_ballot", "set_paper_tally", "runoff_round"}


def _writes_allowed(path: Path) -> bool:
    return path.name == "ops.py" or path == UI / "session.py"


def _is_store(node: ast.expr) -> bool:
    """``store``, ``self.store``, ``ctx.store``, ``self.ctx.session.store``, ``self._store``…"""
    if isinstance(node, ast.Name):
        return node.id in ("store", "_store", "db")
    return isinstance(node, ast.Attribute) and node.attr in ("store", "_store", "db")


def _is_local_state(node: ast.expr) -> bool:
    """``store.local``, ``ctx.store.local``, ``self._store.local``…"""
    return isinstance(node, ast.Attribute) and node.attr == "local" and _is_store(node.value)


def _is_write(call: ast.Attribute) -> bool:
    return ((call.attr in STORE_WRITES and _is_store(call.value))
            or (call.attr in LOCAL_WRITES and _is_local_state(call.value)))


def store_writes(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if _is_write(node.func):
                found.append(f"line {node.lineno}: {ast.unparse(node.func)}()")
        elif isinstance(node, ast.ImportFrom) and node.module and (
                node.module.startswith("workshop.voting")):
            found += [f"line {node.lineno}: imports {alias.name}" for alias in node.names
                      if alias.name in VOTING_WRITES]
    return found


def test_only_the_session_and_the_ops_modules_write_to_the_store():
    offenders = {
        str(path.relative_to(UI)): writes
        for path in sorted(UI.rglob("*.py")) if not _writes_allowed(path)
        if (writes := store_writes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_scan_sees_each_kind_of_write():
    page = """
from workshop.voting import cast_ballot, round_results
store.add(record)
self.ctx.store.delete(Idea, idea_id)
self.session.store.update(idea)
self._store.execute("UPDATE ideas SET title = ''")
ctx.store.local.set_facilitator_pin(hash_pin(pin))
self.session.store.local.set_draft("notes.text", "", text)
"""
    assert [w.split(": ")[1] for w in store_writes(page)] == [
        "imports cast_ballot", "store.add()", "self.ctx.store.delete()",
        "self.session.store.update()", "self._store.execute()",
        "ctx.store.local.set_facilitator_pin()", "self.session.store.local.set_draft()"]
    assert store_writes("store.list(Idea)\nself.ctx.store.get(Idea, i)\n"
                        "self.ctx.session.update(idea)\nstore.local.draft('notes.text')\n"
                        "self.drafts.set_draft('notes.text', '', text)") == []


def test_a_page_is_given_reads_only(qtbot, tmp_path):
    """What ``UiContext.store`` hands a page answers the reads the pages use, and has
    neither the store's writes nor its local state (the PIN, the drafts) to write to."""
    from workshop.i18n import gettext_for
    from workshop.model import Idea, Team, Workshop
    from workshop.store import WorkshopStore
    from workshop.ui.context import UiContext
    from workshop.ui.dialogs import Dialogs
    from workshop.ui.session import Session
    from workshop.ui.settings import Settings

    store = WorkshopStore.in_memory(Workshop(title="Reads"))
    team = store.add(Team(name="Blue"))
    store.local.set_facilitator_pin("hash")
    session = Session(store)
    try:
        ctx = UiContext(session, "en", gettext_for("en"), Settings(tmp_path / "s.ini"),
                        Dialogs(gettext_for("en")))
        reads = ctx.store
        assert reads.workshop().title == "Reads"
        assert [t.name for t in reads.list(Team)] == ["Blue"]
        assert reads.get(Team, team.id).name == "Blue"
        assert reads.ideas() == [] and reads.read_only is False
        assert reads.facilitator_pin() == "hash"
        for write in STORE_WRITES | {"local", "apply_merge", "backup", "save_copy", "close"}:
            assert not hasattr(reads, write), write
        with pytest.raises(AttributeError):
            reads.add(Idea(title="x"))  # type: ignore[attr-defined]
    finally:
        session.close()
