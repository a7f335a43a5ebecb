"""Board rules (KJ-method clustering): finding ideas, moving them, merging duplicates.

Pure functions over records, plus the few writes the board makes through the store. The
board's window and its undo live in ``workshop.ui``; everything it decides lives here.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass

from workshop.errors import InputError
from workshop.i18n import N_
from workshop.model import Idea, Team
from workshop.rules import LIMITS
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


def idea_matches(idea: Idea, query: IdeaFilter) -> bool:
    if idea.merged_into_id or idea.deleted_at:
        return False
    if query.team_id and idea.team_id != query.team_id:
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
    if keep.merged_into_id or other.merged_into_id:
        raise InputError("merge", N_("This idea was already merged into another one."))
    details = merged_text(keep, other)
    if len(details) > LIMITS["idea_details"]:
        raise InputError("merge", N_("The merged details would be too long; shorten one of "
                                     "the ideas first."))
    with store.transaction():
        for child in store.ideas(merged_into_id=other.id):  # a merged group follows along
            store.update(dataclasses.replace(child, merged_into_id=keep.id))
        new_keep = store.update(dataclasses.replace(
            keep, details=details, cluster_id=keep.cluster_id or other.cluster_id))
        new_other = store.update(dataclasses.replace(other, merged_into_id=keep.id))
    return new_keep, new_other


def teams_of(store: WorkshopStore, idea: Idea) -> list[Team]:
    """The idea's team and the teams of every idea merged into it, without repeats."""
    ids = [idea.team_id] + [i.team_id for i in store.ideas(merged_into_id=idea.id)]
    seen = dict.fromkeys(i for i in ids if i)
    return [store.get(Team, team_id, include_deleted=True) for team_id in seen]
