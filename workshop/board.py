"""Board rules (KJ-method clustering): finding ideas, moving them, merging duplicates.

Pure functions over records, plus the few writes the board makes through the store. The
board's window and its undo live in ``workshop.ui``; everything it decides lives here.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.errors import InputError
from workshop.i18n import N_
from workshop.model import Cluster, Idea, Team
from workshop.palette import colour_name
from workshop.rules import LIMITS

if TYPE_CHECKING:  # the store is needed only when the board writes
    from workshop.store import WorkshopStore


@dataclass(frozen=True)
class IdeaFilter:
    """What the board shows: all fields optional; text matches title and details."""

    text: str = ""
    team_id: str | None = None
    prompt_id: str | None = None
    cluster_id: str | None = None
    unclustered_only: bool = False


def fold(text: str) -> str:
    """Case- and width-insensitive form for search: ＡＢＣ matches abc, ｶﾀｶﾅ matches カタカナ."""
    return unicodedata.normalize("NFKC", text).casefold()


def idea_matches(idea: Idea, query: IdeaFilter, teams: Collection[str] = ()) -> bool:
    """``teams``: the teams of the duplicates merged into the idea, which a team filter
    also finds (see ``merged_teams``)."""
    if idea.merged_into_id or idea.deleted_at:
        return False
    if query.team_id and idea.team_id != query.team_id and query.team_id not in teams:
        return False
    if query.prompt_id and idea.prompt_id != query.prompt_id:
        return False
    if query.cluster_id and idea.cluster_id != query.cluster_id:
        return False
    if query.unclustered_only and idea.cluster_id:
        return False
    if query.text:
        haystack = fold(idea.title + "\n" + idea.details)
        return all(word in haystack for word in fold(query.text).split())
    return True


def merged_text(keep: Idea, other: Idea) -> str:
    """The surviving idea's details after a merge: both texts kept, the other's title too."""
    parts = [keep.details.strip(), f"＋ {other.title}", other.details.strip()]
    return "\n\n".join(p for p in parts if p)


def merge_ideas(store: WorkshopStore, keep_id: str, other_id: str) -> tuple[Idea, Idea]:
    """Merge a duplicate into ``keep``: ``keep`` gets both texts; ``other`` points at it
    (keeping its team, so the merged idea has both teams). Returns the new (keep, other)."""
    if keep_id == other_id:
        raise InputError("merge", N_("Choose two different ideas to merge."))
    keep, other = store.get(Idea, keep_id), store.get(Idea, other_id)
    details = _checked_merge(keep, other)
    with store.transaction():
        for child in store.ideas(merged_into_id=other.id):  # a merged group follows along
            store.update(dataclasses.replace(child, merged_into_id=keep.id))
        new_keep = store.update(dataclasses.replace(
            keep, details=details, cluster_id=keep.cluster_id or other.cluster_id))
        new_other = store.update(dataclasses.replace(other, merged_into_id=keep.id))
    return new_keep, new_other


def _checked_merge(keep: Idea, other: Idea) -> str:
    """``keep``'s details once ``other`` is merged into it; raises for a merge the rules
    forbid."""
    if keep.merged_into_id or other.merged_into_id:
        raise InputError("merge", N_("This idea was already merged into another one."))
    details = merged_text(keep, other)
    if len(details) > LIMITS["idea_details"]:
        raise InputError("merge", N_("The merged details would be too long; shorten one of "
                                     "the ideas first."))
    return details


def teams_of(store: WorkshopStore, idea: Idea) -> list[Team]:
    """The idea's team and the teams of every idea merged into it, without repeats."""
    ids = [idea.team_id] + [i.team_id for i in store.ideas(merged_into_id=idea.id)]
    seen = dict.fromkeys(i for i in ids if i)
    return [store.get(Team, team_id, include_deleted=True) for team_id in seen]


# ------------------------------------------------------------------------------ clusters

# Paul Tol's "light" scheme: distinct for colour-blind readers, and dark text reads on every
# one of them, so a cluster's name on its own colour stays legible on a projector. The
# demo's clusters use these colours in this order.
CLUSTER_COLOURS: tuple[tuple[str, str], ...] = (
    ("#77aadd", N_("Light blue")),
    ("#ee8866", N_("Orange")),
    ("#eedd88", N_("Light yellow")),
    ("#ffaabb", N_("Pink")),
    ("#99ddff", N_("Light cyan")),
    ("#44bb99", N_("Mint")),
    ("#bbcc33", N_("Pear")),
    ("#aaaa00", N_("Olive")),
    ("#dddddd", N_("Pale grey")),
)


def cluster_colour_name(colour: str) -> str:
    """The msgid naming a cluster colour (team palette names too; else the hex code)."""
    return dict(CLUSTER_COLOURS).get(colour.lower()) or colour_name(colour)


def next_cluster_colour(used: Sequence[str]) -> str:
    """The first cluster colour not used yet (cycling once all are taken)."""
    taken = {c.lower() for c in used}
    for colour, _name in CLUSTER_COLOURS:
        if colour not in taken:
            return colour
    return CLUSTER_COLOURS[len(used) % len(CLUSTER_COLOURS)][0]


def visible_clusters(clusters: Sequence[Cluster], prompt_id: str | None) -> list[Cluster]:
    """The clusters a prompt's board shows: its own and those spanning prompts (all of
    them when no prompt is chosen)."""
    return [c for c in clusters if not prompt_id or c.prompt_id in (None, prompt_id)]


def new_cluster(store: WorkshopStore, name: str, prompt_id: str | None = None) -> Cluster:
    """A cluster to add at the end of the board, in the next unused colour (not stored:
    the caller adds it, so that adding is one undoable step)."""
    existing = store.list(Cluster)
    return Cluster(name=name, prompt_id=prompt_id,
                   colour=next_cluster_colour([c.colour for c in existing]),
                   position=max((c.position for c in existing), default=-1) + 1)


def cluster_order(order: Sequence[str], shown: Sequence[str], cluster_id: str,
                  offset: int) -> list[str]:
    """The order of all clusters after moving one ``offset`` places among the ``shown``
    ones (a subsequence of ``order``); clusters the board does not show keep their places.
    Moving past either end changes nothing."""
    moved = list(shown)
    index = moved.index(cluster_id)
    target = index + offset
    if not 0 <= target < len(moved):
        return list(order)
    moved.insert(target, moved.pop(index))
    slots = iter(moved)
    visible = set(shown)
    return [next(slots) if c in visible else c for c in order]


def delete_cluster(store: WorkshopStore, cluster_id: str) -> list[Idea]:
    """Tombstone a cluster; its ideas go back to no cluster. Returns those ideas as they
    were, for ``restore_cluster``."""
    store.get(Cluster, cluster_id)  # NotFoundError before anything changes
    members = store.ideas(cluster_id=cluster_id)
    with store.transaction():
        for idea in members:
            store.update(dataclasses.replace(idea, cluster_id=None))
        store.delete(Cluster, cluster_id)
    return members


def restore_cluster(store: WorkshopStore, cluster_id: str, members: Sequence[Idea]) -> None:
    """Undo ``delete_cluster``: the cluster and its ideas as they were."""
    with store.transaction():
        store.undelete(Cluster, cluster_id)
        restore_ideas(store, members)


# ------------------------------------------------------------------- the board's columns


@dataclass(frozen=True)
class BoardColumn:
    """One column of the board: a cluster's ideas, or (``cluster`` None) the ideas in no
    cluster yet."""

    cluster: Cluster | None
    ideas: tuple[Idea, ...]

    @property
    def key(self) -> str:
        return self.cluster.id if self.cluster else ""


def merged_groups(ideas: Sequence[Idea]) -> dict[str, list[Idea]]:
    """The duplicates merged into each surviving idea (following chains of merges), for
    the surviving ideas that have any."""
    merged = [i for i in ideas if i.merged_into_id]
    if not merged:
        return {}
    by_id = {i.id: i for i in ideas}
    groups: dict[str, list[Idea]] = {}
    for idea in merged:
        root, seen = idea, set()
        while root.merged_into_id and root.merged_into_id in by_id and root.id not in seen:
            seen.add(root.id)
            root = by_id[root.merged_into_id]
        if not root.merged_into_id:  # else it was merged into an idea that is gone
            groups.setdefault(root.id, []).append(idea)
    return groups


def merged_teams(ideas: Sequence[Idea],
                 groups: dict[str, list[Idea]] | None = None) -> dict[str, tuple[str, ...]]:
    """The teams of each surviving idea that has duplicates: its own team first, then
    theirs, without repeats (so a merged idea shows, and is found by, every team it came
    from). Ideas without duplicates are left out: their team is their own."""
    groups = merged_groups(ideas) if groups is None else groups
    if not groups:
        return {}
    by_id = {i.id: i for i in ideas}
    return {
        root_id: tuple(dict.fromkeys(
            t for t in (by_id[root_id].team_id, *(d.team_id for d in duplicates)) if t))
        for root_id, duplicates in groups.items()
    }


def board_columns(ideas: Sequence[Idea], clusters: Sequence[Cluster], query: IdeaFilter,
                  teams: dict[str, tuple[str, ...]] | None = None) -> list[BoardColumn]:
    """The board for ``query``, in one pass over the ideas: the ideas in no cluster first,
    then each cluster the prompt shows, in order. An idea whose cluster is gone or belongs
    to another prompt counts as in no cluster, so no idea is ever out of sight."""
    teams = merged_teams(ideas) if teams is None else teams
    shown = visible_clusters(clusters, query.prompt_id)
    visible = {c.id for c in shown}
    if query.unclustered_only:
        shown = []
    elif query.cluster_id:
        shown = [c for c in shown if c.id == query.cluster_id]
    buckets: dict[str, list[Idea]] = {"": []} if not query.cluster_id else {}
    buckets.update((c.id, []) for c in shown)
    base = dataclasses.replace(query, cluster_id=None, unclustered_only=False)
    for idea in ideas:
        key = idea.cluster_id if idea.cluster_id in visible else ""
        bucket = buckets.get(key)
        if bucket is not None and idea_matches(idea, base, teams.get(idea.id, ())):
            bucket.append(idea)
    columns = [BoardColumn(None, tuple(buckets[""]))] if "" in buckets else []
    return columns + [BoardColumn(c, tuple(buckets[c.id])) for c in shown]


# ------------------------------------------------------------------ moving and merging


def move_ideas(store: WorkshopStore, idea_ids: Sequence[str],
               cluster_id: str | None) -> list[Idea]:
    """Put ideas into a cluster (None: into no cluster), in one transaction. Ideas already
    there are left alone; returns the ideas that moved."""
    cluster = store.get(Cluster, cluster_id) if cluster_id else None
    moved = []
    with store.transaction():
        for idea in checked_move(store, idea_ids, cluster):
            if idea.cluster_id != cluster_id:
                moved.append(store.update(dataclasses.replace(idea, cluster_id=cluster_id)))
    return moved


def checked_move(store: WorkshopStore, idea_ids: Sequence[str],
                 cluster: Cluster | None) -> list[Idea]:
    """The ideas as they are now, once the rules allow putting them into ``cluster``
    (None: into no cluster); raises, changing nothing, when they do not. Reads only: the
    window checks a move with it before queueing the write."""
    ideas = [store.get(Idea, idea_id) for idea_id in dict.fromkeys(idea_ids)]
    for idea in ideas:
        if idea.merged_into_id:
            raise InputError("cluster_id", N_("This idea was already merged into another one."))
        if cluster and cluster.prompt_id and idea.prompt_id != cluster.prompt_id:
            raise InputError("cluster_id", N_("The cluster {cluster} belongs to another "
                                              "prompt."), cluster=cluster.name)
    return ideas


def with_duplicates(store: WorkshopStore, idea_ids: Sequence[str]) -> list[Idea]:
    """The ideas as they are now, each followed by the duplicates merged into it: what a
    merge or a deletion changes, kept for its undo."""
    found: dict[str, Idea] = {}
    for idea_id in dict.fromkeys(idea_ids):
        idea = store.get(Idea, idea_id)
        found[idea.id] = idea
        found.update((d.id, d) for d in store.ideas(merged_into_id=idea.id))
    return list(found.values())


def restore_ideas(store: WorkshopStore, earlier: Sequence[Idea]) -> None:
    """Put live ideas back as they were (the undo of a move or a merge), in one go."""
    with store.transaction():
        for idea in earlier:
            store.update(idea)


def merge_group(store: WorkshopStore, idea_ids: Sequence[str]) -> Idea:
    """Merge every idea into the first one (see ``merge_ideas``), all or nothing."""
    ids = [i.id for i in checked_merge(store, idea_ids)]
    with store.transaction():
        for other_id in ids[1:]:
            keep, _other = merge_ideas(store, ids[0], other_id)
    return keep


def checked_merge(store: WorkshopStore, idea_ids: Sequence[str]) -> list[Idea]:
    """The ideas of ``merge_group`` as they are now, once the rules allow merging them all
    into the first; raises (changing nothing) when they do not. Reads only."""
    ideas = [store.get(Idea, i) for i in dict.fromkeys(idea_ids)]
    if len(ideas) < 2:
        raise InputError("merge", N_("Choose two different ideas to merge."))
    if len({i.prompt_id for i in ideas}) > 1:
        raise InputError("merge", N_("Only ideas of the same prompt can be merged."))
    keep = ideas[0]
    for other in ideas[1:]:  # the details grow with each merge: each step must fit
        keep = dataclasses.replace(keep, details=_checked_merge(keep, other))
    return ideas


def delete_ideas(store: WorkshopStore, idea_ids: Sequence[str]) -> list[str]:
    """Tombstone ideas together with the duplicates merged into them; returns every id
    tombstoned, for ``undelete_ideas``."""
    doomed = [i.id for i in with_duplicates(store, idea_ids)]
    with store.transaction():
        for idea_id in doomed:
            store.delete(Idea, idea_id)
    return doomed


def undelete_ideas(store: WorkshopStore, idea_ids: Sequence[str]) -> None:
    with store.transaction():
        for idea_id in idea_ids:
            store.undelete(Idea, idea_id)
