"""What importing a bundle did: counts per kind of record, conflicts, and every version
of the workshop that the merge replaced, as lines for people (CLI and window)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workshop.i18n import N_, Message
from workshop.model import RECORD_TYPES

_BY_TABLE = {cls.TABLE: cls for cls in RECORD_TYPES}


@dataclass(frozen=True)
class Conflict:
    """A record two laptops both wrote; ``kept`` is "bundle" or "workshop". ``reason``:
    "conflict" (two laptops' edits), "own" (the bundle's version claims to be by this
    laptop, whose own version it may not replace) or "deleted" (deleted here, and the
    bundle's live version was not edited after that)."""

    table: str
    record_id: str
    label: str  # the record's title, name or text, for people
    kept: str
    reason: str = "conflict"


@dataclass(frozen=True)
class Replaced:
    """A version of the workshop that a merge replaced; it is kept in the merge history.
    ``why``: "updated" (a later version by the laptop that wrote it), "conflict" (another
    laptop's later edit), "restored" (deleted here, edited there afterwards) or "deleted"
    (deleted on the other laptop)."""

    table: str  # or "platform_settings" for one of the organiser's platform settings
    record_id: str
    label: str  # the workshop's version, for people
    new_label: str  # the bundle's version
    why: str


@dataclass
class MergeReport:
    """What importing one bundle did, per kind of record (table name -> count)."""

    bundle: Path
    fingerprint: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    conflicting: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.conflicts or self.replaced)

    def summary(self) -> Message:
        return Message(N_("{bundle}: {added} added, {updated} updated, {unchanged} unchanged, "
                          "{conflicting} conflicting"), {
            "bundle": self.bundle.name, "added": self.added.total(),
            "updated": self.updated.total(), "unchanged": self.unchanged.total(),
            "conflicting": self.conflicting.total()})

    def conflict_lines(self) -> list[Message]:
        """Every line a person must read: conflicts, and each version of the workshop
        that the merge replaced (nothing is replaced silently)."""
        shown = {(r.table, r.record_id) for r in self.replaced}
        lines = [_conflict_line(c) for c in self.conflicts
                 if (c.table, c.record_id) not in shown]
        return lines + [_replaced_line(r) for r in self.replaced]


_CONFLICT_LINES = {
    ("conflict", "bundle"): N_("Conflict on {kind} “{label}”: the bundle's version was kept; "
                               "the workshop's is in the merge history."),
    ("conflict", "workshop"): N_("Conflict on {kind} “{label}”: the workshop's version was "
                                 "kept; the bundle's is in the merge history."),
    ("own", "workshop"): N_("The bundle has a version of {kind} “{label}” that claims to be "
                            "from this laptop but differs from this laptop's own: this "
                            "laptop's version was kept; the bundle's is in the merge "
                            "history."),
    ("deleted", "workshop"): N_("The {kind} “{label}” was deleted here and not edited elsewhere "
                                "afterwards: it stays deleted; the bundle's version is in the "
                                "merge history."),
}
_REPLACED_LINES = {
    "updated": N_("The {kind} “{label}” was replaced by a later version from the laptop that "
                  "wrote it (“{new}”); the replaced version is in the merge history."),
    "conflict": N_("Conflict on {kind} “{label}”: the bundle's later version (“{new}”) was "
                   "kept; the workshop's is in the merge history."),
    "restored": N_("The {kind} “{label}” was deleted here but edited on another laptop "
                   "afterwards: it is back (“{new}”); the deleted version is in the merge "
                   "history."),
    "deleted": N_("The {kind} “{label}” was deleted on another laptop; the version that was "
                  "here is in the merge history."),
}


def _kind(table: str) -> Message:
    if table == "platform_settings":
        return Message(N_("platform setting"))
    return Message(_BY_TABLE[table].KIND)


def _conflict_line(c: Conflict) -> Message:
    return Message(_CONFLICT_LINES[c.reason, c.kept],
                   {"kind": _kind(c.table), "label": c.label})


def _replaced_line(r: Replaced) -> Message:
    return Message(_REPLACED_LINES[r.why],
                   {"kind": _kind(r.table), "label": r.label, "new": r.new_label})
