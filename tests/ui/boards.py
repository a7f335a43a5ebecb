"""Helpers of the Board tests: what the page shows, what the store holds, undo and redo."""

from __future__ import annotations

from workshop.model import Cluster


def page_of(window):
    return window.page("board")


def titles(page, key):
    model = page.board.column(key)
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def cluster_ids(window):
    return {c.name: c.id for c in window.session.store.list(Cluster)}


def cluster_of(window, title):
    store = window.session.store
    idea = next(i for i in store.ideas() if i.title == title)
    names = {c.id: c.name for c in store.list(Cluster, include_deleted=True)}
    return names.get(idea.cluster_id, "-")


def saved(window):
    """Apply the writer's acknowledgements now: an edit shows once it is on the disk."""
    window.session.flush()


def undo(window, times=1):
    for _ in range(times):
        window.session.undo_stack.undo()
    window.session.flush()  # the writer's acknowledgements, applied now


def redo(window, times=1):
    for _ in range(times):
        window.session.undo_stack.redo()
    window.session.flush()
