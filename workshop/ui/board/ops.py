"""The board's edits as undoable steps: each checks the rules at once on the UI thread (a
broken rule raises its one-line message, nothing queued), then queues the core work to
the writer and returns; ``done`` gets the result once the change is on the disk and
shown, ``failed`` the error of a write the file refused.

What a step's undo restores is read on the writer's thread, inside the step: an earlier
step may still be queued, and the window's reads do not have it yet.

The rules themselves live in ``workshop.board``; here is only which core call undoes which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from typing import Any

from workshop import board
from workshop.i18n import ngettext_of
from workshop.model import Cluster, Idea
from workshop.rules import validated
from workshop.ui.session import Session

Tr = Callable[[str], str]
Done = Callable[[Any], object] | None
Failed = Callable[[Exception], object] | None


def cluster_label(tr_: Tr, cluster: Cluster | None) -> str:
    return cluster.name if cluster else tr_("Unclustered")


def move_ideas(session: Session, tr_: Tr, idea_ids: Sequence[str], cluster: Cluster | None,
               *, done: Done = None, failed: Failed = None) -> int:
    """Queue putting ideas into ``cluster`` (None: into no cluster); returns how many
    move (0: they are all there already, nothing queued)."""
    target = cluster.id if cluster else None
    now = board.checked_move(session.store, idea_ids, cluster)
    count = sum(i.cluster_id != target for i in now)
    if not count:
        return 0
    before: list[Idea] = []

    def do(store) -> list[Idea]:
        before[:] = [store.get(Idea, i.id) for i in now]
        return board.move_ideas(store, idea_ids, target)

    ngettext = ngettext_of(tr_)
    text = ngettext("Move {count} idea to {cluster}", "Move {count} ideas to {cluster}",
                    count).format(count=count, cluster=cluster_label(tr_, cluster))
    session.run(text, do, lambda store: board.restore_ideas(store, before), (Idea.TABLE,),
                ids={Idea.TABLE: [i.id for i in now]}, done=done, failed=failed)
    return count


def merge_ideas(session: Session, tr_: Tr, idea_ids: Sequence[str], *, done: Done = None,
                failed: Failed = None) -> None:
    """Queue merging the ideas into the first one (``done`` gets it); undo puts every text
    and link back."""
    board.checked_merge(session.store, idea_ids)
    before: list[Idea] = []
    changed: list[str] = []  # the ideas and the duplicates merged into them, by ``do``

    def do(store) -> Idea:
        before[:] = board.with_duplicates(store, idea_ids)
        changed[:] = [i.id for i in before]
        return board.merge_group(store, idea_ids)

    session.run(tr_("Merge {count} ideas").format(count=len(idea_ids)), do,
                lambda store: board.restore_ideas(store, before), (Idea.TABLE,),
                ids={Idea.TABLE: changed}, done=done, failed=failed)


def delete_ideas(session: Session, tr_: Tr, idea_ids: Sequence[str], *, done: Done = None,
                 failed: Failed = None) -> int:
    board.with_duplicates(session.store, idea_ids)  # an idea that is gone says so now
    doomed: list[str] = []

    def do(store) -> None:
        doomed[:] = board.delete_ideas(store, idea_ids)

    ngettext = ngettext_of(tr_)
    session.run(ngettext("Delete {count} idea", "Delete {count} ideas",
                         len(idea_ids)).format(count=len(idea_ids)),
                do, lambda store: board.undelete_ideas(store, list(doomed)), (Idea.TABLE,),
                ids={Idea.TABLE: doomed},  # filled by ``do``, before the change is announced
                done=done, failed=failed)
    return len(idea_ids)


def add_cluster(session: Session, tr_: Tr, name: str, prompt_id: str | None,
                idea_ids: Sequence[str] = (), *, done: Done = None,
                failed: Failed = None) -> Cluster:
    """Queue a new cluster at the end of the board, with ``idea_ids`` moved into it: one
    step. Returns it checked: its id is final (``done`` gets it as stored)."""
    cluster = validated(board.new_cluster(session.store, name, prompt_id))
    now = board.checked_move(session.store, idea_ids, cluster)
    before: list[Idea] = []
    stored: list[Cluster] = []

    def do(store) -> Cluster:
        if stored:  # redo: the same cluster comes back
            store.undelete(Cluster, cluster.id)
        else:
            # Its place and colour among the clusters the writer has (one may be queued).
            last = board.new_cluster(store, name, prompt_id)
            stored.append(store.add(dataclasses.replace(
                cluster, colour=last.colour, position=last.position)))
        before[:] = [store.get(Idea, i.id) for i in now]
        board.move_ideas(store, idea_ids, cluster.id)
        return stored[0]

    def undo(store) -> None:
        board.restore_ideas(store, before)
        store.delete(Cluster, cluster.id)

    session.run(tr_("New cluster {name}").format(name=name.strip()), do, undo,
                (Cluster.TABLE, Idea.TABLE),
                ids={Cluster.TABLE: [cluster.id], Idea.TABLE: [i.id for i in now]},
                done=done, failed=failed)
    return cluster


def rename_cluster(session: Session, tr_: Tr, cluster: Cluster, name: str, *,
                   done: Done = None, failed: Failed = None) -> Cluster:
    return _edit_cluster(session, tr_("Rename cluster {name}").format(name=cluster.name),
                         cluster, {"name": name}, done, failed)


def recolour_cluster(session: Session, tr_: Tr, cluster: Cluster, colour: str, *,
                     done: Done = None, failed: Failed = None) -> Cluster:
    return _edit_cluster(session, tr_("Colour of cluster {name}").format(name=cluster.name),
                         cluster, {"colour": colour}, done, failed)


def _edit_cluster(session: Session, text: str, cluster: Cluster, fields: dict[str, Any],
                  done: Done, failed: Failed) -> Cluster:
    """Change some fields of a cluster, leaving the others as the writer has them: the
    window's copy misses a rename or recolour still queued, and writing it whole would
    undo that one."""
    checked = validated(dataclasses.replace(cluster, **fields))
    earlier: dict[str, Any] = {}

    def do(store) -> Cluster:
        current = store.get(Cluster, cluster.id)
        earlier.update((key, getattr(current, key)) for key in fields)
        return store.update(dataclasses.replace(current, **fields))

    def undo(store) -> None:
        store.update(dataclasses.replace(store.get(Cluster, cluster.id), **earlier))

    session.run(text, do, undo, (Cluster.TABLE,), ids={Cluster.TABLE: [cluster.id]},
                done=done, failed=failed)
    return checked


def shift_cluster(session: Session, tr_: Tr, cluster: Cluster, shown: Sequence[str],
                  offset: int, *, done: Done = None, failed: Failed = None) -> bool:
    """Queue moving a cluster ``offset`` places among the ``shown`` ones; False (nothing
    queued) at either end."""
    order = [c.id for c in session.store.list(Cluster)]
    if board.cluster_order(order, shown, cluster.id, offset) == order:
        return False
    orders: list[list[str]] = []  # before and after, by the writer

    def do(store) -> None:
        store.get(Cluster, cluster.id)  # a cluster deleted meanwhile says so
        orders[:] = [_shifted(store, cluster.id, set(shown), offset)]
        store.reorder(Cluster, orders[0][1])

    session.run(tr_("Reorder cluster {name}").format(name=cluster.name), do,
                lambda store: store.reorder(Cluster, orders[0][0]), (Cluster.TABLE,),
                done=done, failed=failed)
    return True


def _shifted(store, cluster_id: str, shown: Collection[str],
             offset: int) -> tuple[list[str], list[str]]:
    old = [c.id for c in store.list(Cluster)]
    return old, board.cluster_order(old, [c for c in old if c in shown], cluster_id, offset)


def delete_cluster(session: Session, tr_: Tr, cluster: Cluster, *, done: Done = None,
                   failed: Failed = None) -> None:
    """Queue deleting a cluster; its ideas stay, in no cluster (``done`` gets them)."""
    session.store.get(Cluster, cluster.id)  # one deleted meanwhile says so now
    members: list[Idea] = []

    def do(store) -> list[Idea]:
        members[:] = board.delete_cluster(store, cluster.id)
        return list(members)

    session.run(tr_("Delete cluster {name}").format(name=cluster.name), do,
                lambda store: board.restore_cluster(store, cluster.id, list(members)),
                (Idea.TABLE, Cluster.TABLE), ids={Cluster.TABLE: [cluster.id]},
                done=done, failed=failed)
