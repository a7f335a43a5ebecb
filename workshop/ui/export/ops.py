"""The Export page's changes to the workshop, each through the session.

Platform settings and ideas from a spreadsheet are undoable steps. A merge of bundles is
not: it may replace records by another laptop's versions, and an older undo step would
then silently write back what the merge replaced – so the undo history is cleared.

Every change is queued and the page told on the writer's ack. A wrong platform id or unit
is refused at once, before anything is queued, by the core's read-only checks (the
table's cell keeps what was typed). Ideas from a spreadsheet and a merge of bundles were
already checked by running them on a copy of the workshop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.export import decidim
from workshop.export.idea_import import IdeaImportReport, import_ideas
from workshop.model import RECORD_TYPES, Cluster, Idea, Prompt, Record, Team
from workshop.ui.session import Session

if TYPE_CHECKING:
    from workshop.export.merge import MergeReport

PLATFORM_TABLE = "platform_settings"  # what the session announces when those change
# What a spreadsheet can add (ideas last: undo removes them first).
_SHEET_KINDS: tuple[type[Record], ...] = (Prompt, Team, Cluster, Idea)


def set_proposals_per(session: Session, unit: str, text: str, *,
                      failed: Callable[[Exception], object] | None = None) -> None:
    """Queue one proposal per idea or per cluster; raises the core's ``InputError`` for
    another unit before anything is queued (a refused write reaches ``failed``)."""
    decidim.check_proposals_per(unit)
    before = decidim.platform_settings(session.store).proposals_per
    if unit == before:
        return
    session.run(text, lambda s: decidim.set_proposals_per(s, unit),
                lambda s: decidim.set_proposals_per(s, before), (PLATFORM_TABLE,),
                failed=failed)


def set_cluster_link(session: Session, cluster_id: str, text: str, *,
                     failed: Callable[[Exception], object] | None = None,
                     **ids: str) -> None:
    """Queue a change of some of a cluster's platform ids (category, scope, taxonomies);
    raises the core's ``InputError`` for an id that is not one before anything is queued
    (a refused write reaches ``failed``)."""
    store = session.store
    before = decidim.platform_settings(store).clusters.get(cluster_id, decidim.ClusterLink())
    after = {**decidim.vars_of(before), **ids}
    decidim.checked_link(store, cluster_id, **after)
    if after == decidim.vars_of(before):
        return
    session.run(text, lambda s: decidim.link_cluster(s, cluster_id, **after),
                lambda s: decidim.link_cluster(s, cluster_id, **decidim.vars_of(before)),
                (PLATFORM_TABLE,), failed=failed)


def import_sheet(session: Session, path: Path, text: str, *,
                 done: Callable[[IdeaImportReport], object] | None = None,
                 failed: Callable[[Exception], object] | None = None) -> None:
    """Queue adding a spreadsheet's ideas (and the prompts, teams and clusters it names)
    as one undoable step: undo takes out exactly what the import added. ``done`` gets
    the import's report. The caller has checked the sheet by importing it into a copy."""
    added: dict[type[Record], list[str]] = {}

    def do(store) -> IdeaImportReport | None:
        if added:  # redo
            for cls, ids in added.items():
                for record_id in ids:
                    store.undelete(cls, record_id)
            return None
        before = {cls: {r.id for r in store.list(cls)} for cls in _SHEET_KINDS}
        report = import_ideas(store, path)
        for cls in _SHEET_KINDS:
            added[cls] = [r.id for r in store.list(cls) if r.id not in before[cls]]
        return report

    def undo(store) -> None:
        for cls in reversed(_SHEET_KINDS):
            for record_id in added.get(cls, []):
                store.delete(cls, record_id)

    session.run(text, do, undo, tuple(cls.TABLE for cls in _SHEET_KINDS), done=done,
                failed=failed)


def merge_bundles(session: Session, paths: list[Path], *,
                  done: Callable[[list[MergeReport]], object],
                  failed: Callable[[Exception], object]) -> None:
    """Queue merging bundles into the open workshop (the core takes a backup first when
    anything changes); every page is told on the writer's ack, then ``done`` gets the
    reports. A refused merge changed nothing and reaches ``failed``.

    The undo history is cleared now, as the person confirmed: a step from before the merge
    undone while it waits would be queued behind it and write back what it replaced. Steps
    taken while it waits are queued behind it too, so their undo is right: they stay."""
    from workshop.export.merge import import_bundles  # slow to import; rarely needed

    # Not in one transaction of the writer's: the merge backs up first, then writes its own.
    session.write(lambda s: import_bundles(s, paths),
                  (*(cls.TABLE for cls in RECORD_TYPES), PLATFORM_TABLE),
                  transaction=False, done=done, failed=failed)
    session.clear_history()
