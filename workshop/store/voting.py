"""Voting queries: the reads ``workshop.voting`` makes (its writes are records).

"Counted" ballots are live and not voided. One of the store's parts
(``WorkshopStore.voting``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from workshop.model import Ballot
from workshop.store.records import Records
from workshop.store.schema import BALLOT_RECOUNT, DIGITAL_RECOUNT


class VotingQueries:
    def __init__(self, records: Records) -> None:
        self.db = records.db
        self._records = records

    def round_tally(self, round_id: str) -> list[tuple[str | None, str, int]]:
        """Net dots of a round's counted ballots per (voter's team, candidate).

        Read from the running tally that triggers keep in each ballot's transaction
        (schema v4), so it costs the same for 10 ballots or 100,000. A file older than
        that, opened read-only (so not migrated), is counted from its ballots instead.
        """
        if self._records.schema_version() < 4:
            return [(team or None, candidate, dots) for _, team, candidate, dots, _ in
                    self.db.execute(f"SELECT * FROM ({DIGITAL_RECOUNT}) WHERE round_id = ?",
                                    [round_id])]
        return [(team or None, candidate, dots) for team, candidate, dots in self.db.execute(
            "SELECT team_key, candidate_id, dots FROM digital_tally "
            "WHERE round_id = ? AND dot_rows > 0", [round_id])]

    def rounds_with_tally_drift(self) -> set[str]:
        """Rounds whose running tally differs from a recount of their ballots (none, unless
        the file was changed behind the triggers' back)."""
        if self._records.schema_version() < 4:
            return set()
        drifted = set()
        for live, recount in (
            ("SELECT round_id, team_key, candidate_id, dots, dot_rows FROM digital_tally "
             "WHERE dot_rows != 0 OR dots != 0", DIGITAL_RECOUNT),
            ("SELECT round_id, counted, voided FROM ballot_counts "
             "WHERE counted != 0 OR voided != 0", BALLOT_RECOUNT),
        ):
            drifted |= {row[0] for row in self.db.execute(
                f"SELECT * FROM ({live} EXCEPT {recount}) "
                f"UNION SELECT * FROM ({recount} EXCEPT {live})")}
        return drifted

    def round_ballot_counts(self, round_id: str) -> tuple[int, int]:
        """(counted, voided) ballots of a round, kept by triggers like ``round_tally``."""
        newer = self._records.schema_version() >= 4
        source = "ballot_counts" if newer else f"({BALLOT_RECOUNT})"
        row = self.db.execute(
            f"SELECT counted, voided FROM {source} WHERE round_id = ?", [round_id]).fetchone()
        return (row[0], row[1]) if row else (0, 0)

    def round_spending(self, round_id: str) -> tuple[int, int, int]:
        """The most that any counted ballot of a round used: (dots, negative dots, dots on
        one candidate, either sign); zeros without ballots."""
        return self.db.execute(
            "SELECT coalesce(max(positive), 0), coalesce(max(negative), 0), "
            "coalesce(max(peak), 0) FROM ("
            " SELECT sum(max(d.dots, 0)) AS positive, sum(max(-d.dots, 0)) AS negative,"
            " max(abs(d.dots)) AS peak"
            " FROM ballots b JOIN ballot_dots d ON d.ballot_id = b.id"
            " WHERE b.round_id = ? AND b.deleted_at IS NULL AND b.voided_at IS NULL"
            " AND d.deleted_at IS NULL GROUP BY b.id)",
            [round_id],
        ).fetchone()

    def last_counted_ballot(self, round_id: str) -> Ballot | None:
        """The most recently cast counted ballot of a round (insertion order breaks ties)."""
        row = self.db.execute(
            f"SELECT {', '.join(Ballot.columns())} FROM ballots "
            "WHERE round_id = ? AND deleted_at IS NULL AND voided_at IS NULL "
            "ORDER BY cast_at DESC, rowid DESC LIMIT 1",
            [round_id],
        ).fetchone()
        return None if row is None else self._records.decoders[Ballot](row)

    def candidate_titles(self, ids: Iterable[str]) -> dict[str, str]:
        """Idea titles and cluster names by id, deleted ones included: a round's results
        outlive a card thrown away later."""
        return dict(self.db.execute(
            "SELECT id, title FROM ideas WHERE id IN (SELECT value FROM json_each(?)) "
            "UNION ALL SELECT id, name FROM clusters WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(ids))] * 2,
        ).fetchall())
