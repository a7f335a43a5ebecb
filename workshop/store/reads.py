"""The store's read API, shared by the open store and its snapshots.

Each method hands the call to the part that answers it (``records``, ``voting``,
``merges``), so a caller reads the same way from the live store or from one version of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workshop.model import Ballot, BallotDot, Idea, Record, Workshop

if TYPE_CHECKING:
    from workshop.store.merging import MergeWrites
    from workshop.store.records import Records
    from workshop.store.voting import VotingQueries

R = TypeVar("R", bound=Record)


class ReadMethods:
    records: Records
    voting: VotingQueries
    merges: MergeWrites

    def workshop(self) -> Workshop:
        return self.records.workshop()

    def get(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R:
        return self.records.get(cls, record_id, include_deleted=include_deleted)

    def list(self, cls: type[R], *, include_deleted: bool = False, **equal: Any) -> list[R]:
        """Live records of one kind, in their display order, optionally filtered by fields."""
        return self.records.list(cls, include_deleted=include_deleted, **equal)

    def get_many(self, cls: type[R], ids: Iterable[str], *,
                 include_deleted: bool = False) -> list[R]:
        """The records of ``ids`` that exist (live ones only, unless ``include_deleted``)."""
        return self.records.get_many(cls, ids, include_deleted=include_deleted)

    def ideas(self, **equal: Any) -> list[Idea]:
        return self.list(Idea, **equal)

    def ballot_dots(self, round_id: str) -> list[BallotDot]:
        return self.records.ballot_dots(round_id)

    def counts(self) -> dict[str, int]:
        return self.records.counts()

    def schema_version(self) -> int:
        return self.records.schema_version()

    def now(self) -> str:
        """The store's clock (replaceable in tests), for the times voting records."""
        return self.records.clock()

    # ------- voting (see workshop.store.voting)

    def round_tally(self, round_id: str) -> list[tuple[str | None, str, int]]:
        return self.voting.round_tally(round_id)

    def rounds_with_tally_drift(self) -> set[str]:
        return self.voting.rounds_with_tally_drift()

    def round_ballot_counts(self, round_id: str) -> tuple[int, int]:
        return self.voting.round_ballot_counts(round_id)

    def round_spending(self, round_id: str) -> tuple[int, int, int]:
        return self.voting.round_spending(round_id)

    def last_counted_ballot(self, round_id: str) -> Ballot | None:
        return self.voting.last_counted_ballot(round_id)

    def candidate_titles(self, ids: Iterable[str]) -> dict[str, str]:
        return self.voting.candidate_titles(ids)

    # ------- merges (see workshop.store.merging)

    def merge_history(self, record_id: str | None = None) -> list[tuple]:
        return self.merges.merge_history(record_id)

    def merge_history_keys(self) -> set[tuple[str, str, str]]:
        return self.merges.merge_history_keys()

    def platform_settings(self) -> dict[str, tuple[str, str, str]]:
        return self.merges.platform_settings()

    def counted_by_source(self, round_id: str) -> tuple[dict[str, int], dict[str, dict]]:
        """Counted ballots and dots of a round by source (laptop, phone): for the laptop's
        results only (``workshop.phones.facilitator.results_by_source``)."""
        from workshop.store.phones import PhoneBook

        return PhoneBook(self._connection_owner()).counted_by_source(round_id)

    def _connection_owner(self) -> Any:
        return self  # a store or a snapshot: it has the ``db``


class Reads(ReadMethods):
    """The store's reads over its own connection, and nothing that writes: what the window
    hands its pages, so that a page cannot write past the writer (no undo, no change
    notice) by mistake. Writes go through the session's operations."""

    def __init__(self, store: Any) -> None:
        # ``store``: the open ``WorkshopStore`` (not named: the store module imports this one).
        self.records, self.voting, self.merges = store.records, store.voting, store.merges
        self._store = store

    @property
    def path(self) -> Path | None:
        return self._store.path

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def device_id(self) -> str:
        return self._store.device_id

    def _connection_owner(self) -> Any:
        return self._store

    def facilitator_pin(self) -> str | None:
        """The stored hash of the facilitator PIN (see ``workshop.pin``), or None."""
        return self._store.local.facilitator_pin()
