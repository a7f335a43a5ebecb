"""The board's edits as undoable steps: each does the core work through the session (so a
broken rule raises before anything is recorded) and says in its undo text what it did.

The rules themselves live in ``workshop.board``; here is only which core call undoes which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from workshop import board
from workshop.i18n import ngettext_of
from workshop.model import Cluster, Idea
from workshop.ui.session import Session

Tr = Callable[[str], str]


def cluster_label(tr_: Tr, cluster: Cluster | None) -> str:
    return cluster.name if cluster else tr_("Unclustered")


def move_ideas(session: Session, tr_: Tr, idea_ids: Sequence[str],
               cluster: Cluster | None) -> int:
    """Put ideas into ``cluster`` (None: into no cluster); returns how many moved."""
    store = session.store
    target = cluster.id if cluster else None
    before = [store.get(Idea, i) for i in dict.fromkeys(idea_ids)]
    if all(i.cluster_id == target for i in before):
        return 0
    count = sum(i.cluster_id != target for i in before)
    ngettext = ngettext_of(tr_)
    text = ngettext("Move {count} idea to {cluster}", "Move {count} ideas to {cluster}",
                    count).format(count=count, cluster=cluster_label(tr_, cluster))
    # Waits for the writer: a broken rule is the caller's message, as before.
    session.wait(session.run(text, lambda s: board.move_ideas(s, idea_ids, target),
                             lambda s: board.restore_ideas(s, before), (Idea.TABLE,),
                             ids={Idea.TABLE: [i.id for i in before]}))
    return count


def merge_ideas(session: Session, tr_: Tr, idea_ids: Sequence[str]) -> Idea:
    """Merge the ideas into the first one; undo puts every text and link back."""
    store = session.store
    before = board.with_duplicates(store, idea_ids)
    return session.wait(session.run(
        tr_("Merge {count} ideas").format(count=len(idea_ids)),
        lambda s: board.merge_group(s, idea_ids),
        lambda s: board.restore_ideas(s, before), (Idea.TABLE,),
        ids={Idea.TABLE: [i.id for i in before]}))


def delete_ideas(session: Session, tr_: Tr, idea_ids: Sequence[str]) -> int:
    doomed: list[str] = []

    def do(store) -> None:
        doomed[:] = board.delete_ideas(store, idea_ids)

    ngettext = ngettext_of(tr_)
    session.wait(session.run(
        ngettext("Delete {count} idea", "Delete {count} ideas",
                 len(idea_ids)).format(count=len(idea_ids)),
        do, lambda s: board.undelete_ideas(s, list(doomed)), (Idea.TABLE,),
        ids={Idea.TABLE: doomed}))  # filled by ``do``, before the change is announced
    return len(idea_ids)


def add_cluster(session: Session, tr_: Tr, name: str, prompt_id: str | None,
                idea_ids: Sequence[str] = ()) -> Cluster:
    """A new cluster at the end of the board, with ``idea_ids`` moved into it: one step."""
    store = session.store
    cluster = board.new_cluster(store, name, prompt_id)
    before = [store.get(Idea, i) for i in dict.fromkeys(idea_ids)]
    stored: list[Cluster] = []

    def do(store) -> Cluster:
        with store.transaction():
            if stored:  # redo: the same cluster comes back
                store.undelete(Cluster, cluster.id)
            else:
                stored.append(store.add(cluster))
            board.move_ideas(store, idea_ids, cluster.id)
        return stored[0]

    def undo(store) -> None:
        with store.transaction():
            board.restore_ideas(store, before)
            store.delete(Cluster, cluster.id)

    return session.wait(session.run(
        tr_("New cluster {name}").format(name=name.strip()), do, undo,
        (Cluster.TABLE, Idea.TABLE),
        ids={Cluster.TABLE: [cluster.id], Idea.TABLE: [i.id for i in before]}))


def rename_cluster(session: Session, tr_: Tr, cluster: Cluster, name: str) -> Cluster:
    return session.update(dataclasses.replace(cluster, name=name),
                          tr_("Rename cluster {name}").format(name=cluster.name))


def recolour_cluster(session: Session, tr_: Tr, cluster: Cluster, colour: str) -> Cluster:
    return session.update(dataclasses.replace(cluster, colour=colour),
                          tr_("Colour of cluster {name}").format(name=cluster.name))


def shift_cluster(session: Session, tr_: Tr, cluster: Cluster, shown: Sequence[str],
                  offset: int) -> bool:
    """Move a cluster ``offset`` places among the ``shown`` ones; False at either end."""
    store = session.store
    old = [c.id for c in store.list(Cluster)]
    new = board.cluster_order(old, shown, cluster.id, offset)
    if new == old:
        return False
    session.wait(session.run(tr_("Reorder cluster {name}").format(name=cluster.name),
                             lambda s: s.reorder(Cluster, new), lambda s: s.reorder(Cluster, old),
                             (Cluster.TABLE,)))
    return True


def delete_cluster(session: Session, tr_: Tr, cluster: Cluster) -> int:
    """Delete a cluster; its ideas stay, in no cluster. Returns how many were in it."""
    members: list[Idea] = []

    def do(store) -> None:
        members[:] = board.delete_cluster(store, cluster.id)

    session.wait(session.run(tr_("Delete cluster {name}").format(name=cluster.name), do,
                             lambda s: board.restore_cluster(s, cluster.id, list(members)),
                             (Idea.TABLE, Cluster.TABLE), ids={Cluster.TABLE: [cluster.id]}))
    return len(members)
