"""Numbered, append-only migrations. Never edit a released migration: add the next one.

The schema version lives in the file (``PRAGMA user_version``) and the file is marked as a
workshop by ``PRAGMA application_id``, so a stray SQLite file is never mistaken for one.
"""

from __future__ import annotations

from collections.abc import Callable

from workshop import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

APPLICATION_ID = 0x574B5350  # "WKSP"

_COMMON = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    device_id TEXT NOT NULL,
    deleted_at TEXT"""


def _v1(db: Database) -> None:
    """The first schema: every entity of the workshop."""
    tables = {
        "workshop": """
            title TEXT NOT NULL, description TEXT NOT NULL, date TEXT NOT NULL,
            start_time TEXT NOT NULL, end_time TEXT NOT NULL, venue TEXT NOT NULL,
            organiser TEXT NOT NULL, languages TEXT NOT NULL, platform_url TEXT NOT NULL,
            platform_profile TEXT NOT NULL, attendees INTEGER""",
        "prompts": "text TEXT NOT NULL, position INTEGER NOT NULL",
        "teams": """name TEXT NOT NULL, colour TEXT NOT NULL, members INTEGER NOT NULL,
            position INTEGER NOT NULL""",
        "agenda_items": "title TEXT NOT NULL, minutes INTEGER NOT NULL, position INTEGER NOT NULL",
        "clusters": """name TEXT NOT NULL, colour TEXT NOT NULL,
            prompt_id TEXT REFERENCES prompts(id), position INTEGER NOT NULL""",
        "ideas": """title TEXT NOT NULL, details TEXT NOT NULL,
            prompt_id TEXT REFERENCES prompts(id), team_id TEXT REFERENCES teams(id),
            cluster_id TEXT REFERENCES clusters(id), merged_into_id TEXT REFERENCES ideas(id),
            position INTEGER NOT NULL""",
        "vote_rounds": """name TEXT NOT NULL, candidate_kind TEXT NOT NULL,
            prompt_id TEXT REFERENCES prompts(id),
            source_round_id TEXT REFERENCES vote_rounds(id), shortlist_size INTEGER,
            candidate_ids TEXT NOT NULL, dots_per_voter INTEGER NOT NULL,
            max_dots_per_idea INTEGER NOT NULL, allow_own_team INTEGER NOT NULL,
            negative_dots INTEGER NOT NULL, hidden_until_revealed INTEGER NOT NULL,
            status TEXT NOT NULL, opened_at TEXT, closed_at TEXT, revealed_at TEXT,
            paper_voters INTEGER""",
        "ballots": """round_id TEXT NOT NULL REFERENCES vote_rounds(id),
            team_id TEXT REFERENCES teams(id), cast_at TEXT NOT NULL, voided_at TEXT,
            void_reason TEXT NOT NULL""",
        "ballot_dots": """ballot_id TEXT NOT NULL REFERENCES ballots(id),
            candidate_id TEXT NOT NULL, dots INTEGER NOT NULL""",
        "tallies": """round_id TEXT NOT NULL REFERENCES vote_rounds(id),
            candidate_id TEXT NOT NULL, dots INTEGER NOT NULL""",
        "notes": """kind TEXT NOT NULL CHECK (kind IN ('note', 'decision', 'action', 'question')),
            text TEXT NOT NULL, team_id TEXT REFERENCES teams(id),
            prompt_id TEXT REFERENCES prompts(id), idea_id TEXT REFERENCES ideas(id),
            internal INTEGER NOT NULL""",
        "photos": """caption TEXT NOT NULL, mime TEXT NOT NULL, width INTEGER NOT NULL,
            height INTEGER NOT NULL, data BLOB NOT NULL, team_id TEXT REFERENCES teams(id),
            prompt_id TEXT REFERENCES prompts(id), idea_id TEXT REFERENCES ideas(id),
            internal INTEGER NOT NULL""",
    }
    for name, columns in tables.items():
        db.execute(f"CREATE TABLE {name} ({_COMMON},\n{columns})")
    for sql in (
        "CREATE INDEX ideas_prompt ON ideas(prompt_id)",
        "CREATE INDEX ideas_order ON ideas(position, created_at, id)",
        "CREATE INDEX ideas_team ON ideas(team_id)",
        "CREATE INDEX ideas_cluster ON ideas(cluster_id)",
        "CREATE INDEX ballots_round ON ballots(round_id)",
        "CREATE INDEX ballot_dots_ballot ON ballot_dots(ballot_id)",
        "CREATE INDEX tallies_round ON tallies(round_id)",
        # One live paper count per candidate and round; tombstones may repeat.
        "CREATE UNIQUE INDEX tallies_live ON tallies(round_id, candidate_id) "
        "WHERE deleted_at IS NULL",
    ):
        db.execute(sql)


def _v2(db: Database) -> None:
    """Dot voting: each round's log, and indexes that tally a round from the indexes alone.

    A tally visits every counted ballot of the round and its dots; with the ballot's
    filters, team and id, and the dot's candidate and count held in the indexes, it never
    reads the table rows. The team comes before the id so that the tally can go one
    voter's team at a time (see ``WorkshopStore.round_tally``). Measured on 100,000
    ballots: about 850 ms with the v1 indexes, 380 ms with these (a busy 2-core machine).
    They replace the v1 indexes they start with.
    """
    # No CHECK on ``event``: the validator knows the kinds, and a later kind must not need
    # a table rebuild.
    db.execute(f"""CREATE TABLE round_events ({_COMMON},
        round_id TEXT NOT NULL REFERENCES vote_rounds(id), at TEXT NOT NULL,
        event TEXT NOT NULL, details TEXT NOT NULL)""")
    for sql in (
        "CREATE INDEX round_events_round ON round_events(round_id, at)",
        "DROP INDEX ballots_round",
        "CREATE INDEX ballots_counted ON ballots(round_id, deleted_at, voided_at, team_id, id)",
        "DROP INDEX ballot_dots_ballot",
        "CREATE INDEX ballot_dots_tally ON ballot_dots(ballot_id, deleted_at, candidate_id, dots)",
    ):
        db.execute(sql)


def _v3(db: Database) -> None:
    """Merging bundles and the hand-off to the platform.

    ``merge_history`` keeps every version a merge did not keep (as in workshop.json), so a
    conflict loses nothing and importing the same bundle again is recognised.
    ``platform_settings`` holds the organiser's choices for the platform files (which
    cluster maps to which category, scope or taxonomy; proposals per idea or per
    cluster): JSON values, newest write wins when bundles merge.
    """
    db.execute("""CREATE TABLE merge_history (
        id INTEGER PRIMARY KEY, kept_at TEXT NOT NULL, device_id TEXT NOT NULL,
        record_table TEXT NOT NULL, record_id TEXT NOT NULL, version TEXT NOT NULL,
        version_sha256 TEXT NOT NULL, bundle TEXT NOT NULL)""")
    db.execute("CREATE INDEX merge_history_record ON merge_history(record_table, record_id)")
    db.execute("""CREATE TABLE platform_settings (
        key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL,
        device_id TEXT NOT NULL)""")


# A ballot's dots count when the dot, its ballot and the ballot's voiding say so.
_BALLOT_COUNTS = "{b}.deleted_at IS NULL AND {b}.voided_at IS NULL"
_DOT_COUNTS = "{d}.deleted_at IS NULL"


def _tally_change(sign: str, ballot: str, dots_where: str) -> str:
    """Add (sign '+') or take away ('-') the counted dots selected by ``dots_where`` of the
    ballot row ``ballot`` (NEW or OLD) to the running tally; nothing if it is not counted."""
    return f"""
        INSERT INTO digital_tally (round_id, team_key, candidate_id, dots, dot_rows)
        SELECT {ballot}.round_id, coalesce({ballot}.team_id, ''), d.candidate_id,
               {sign}sum(d.dots), {sign}count(*)
        FROM ballot_dots d
        WHERE {dots_where} AND {_DOT_COUNTS.format(d="d")}
          AND {_BALLOT_COUNTS.format(b=ballot)}
        GROUP BY d.candidate_id
        ON CONFLICT DO UPDATE SET dots = dots + excluded.dots,
                                  dot_rows = dot_rows + excluded.dot_rows;"""


def _dot_change(sign: str, dot: str) -> str:
    """Add or take away one dot row (NEW or OLD) if it and its ballot are counted."""
    return f"""
        INSERT INTO digital_tally (round_id, team_key, candidate_id, dots, dot_rows)
        SELECT b.round_id, coalesce(b.team_id, ''), {dot}.candidate_id,
               {sign}{dot}.dots, {sign}1
        FROM ballots b
        WHERE b.id = {dot}.ballot_id AND {_DOT_COUNTS.format(d=dot)}
          AND {_BALLOT_COUNTS.format(b="b")}
        ON CONFLICT DO UPDATE SET dots = dots + excluded.dots,
                                  dot_rows = dot_rows + excluded.dot_rows;"""


def _ballot_count_change(sign: str, ballot: str) -> str:
    """Count a live ballot (NEW or OLD) in or out of its round's counted or voided ballots."""
    return f"""
        INSERT INTO ballot_counts (round_id, counted, voided)
        SELECT {ballot}.round_id, {sign}({ballot}.voided_at IS NULL),
               {sign}({ballot}.voided_at IS NOT NULL)
        WHERE {ballot}.deleted_at IS NULL
        ON CONFLICT DO UPDATE SET counted = counted + excluded.counted,
                                  voided = voided + excluded.voided;"""


def _v4(db: Database) -> None:
    """A running tally of the digital ballots, kept by triggers in each ballot's transaction.

    Results are read on every ballot (the projector's counter, the facilitator's view,
    reveal); counting a round from its ballots grows with them – about 400 ms for 100,000
    ballots even from covering indexes – while this table holds one row per round, voter's
    team and candidate. Triggers rather than the store's code keep it, so that no write
    path (casting, voiding, undo, merging bundles, a later migration) can forget it; the
    table is derived data, rebuilt here from the ballots, and ``check_file`` compares it
    with a recount. ``dot_rows`` counts the dot rows behind a sum, so a row with zero rows
    is "no dots" while a sum of zero from +1 and -1 is still a result, as in a GROUP BY.
    ``team_key`` is the voter's team id, or '' when none was given (a NULL would make every
    such row distinct in the primary key). ``ballot_counts`` keeps each round's counted and
    voided ballots the same way (counting 100,000 of them from an index takes ~20 ms).
    """
    db.execute("""CREATE TABLE digital_tally (
        round_id TEXT NOT NULL, team_key TEXT NOT NULL, candidate_id TEXT NOT NULL,
        dots INTEGER NOT NULL, dot_rows INTEGER NOT NULL,
        PRIMARY KEY (round_id, team_key, candidate_id)) WITHOUT ROWID""")
    db.execute("""CREATE TABLE ballot_counts (
        round_id TEXT PRIMARY KEY NOT NULL, counted INTEGER NOT NULL, voided INTEGER NOT NULL
        ) WITHOUT ROWID""")
    triggers = {
        "ballot_dots_insert": ("AFTER INSERT ON ballot_dots", _dot_change("+", "NEW")),
        "ballot_dots_delete": ("AFTER DELETE ON ballot_dots", _dot_change("-", "OLD")),
        "ballot_dots_update": ("AFTER UPDATE ON ballot_dots",
                               _dot_change("-", "OLD") + _dot_change("+", "NEW")),
        # A ballot's dots may be written before it when a merge defers its links.
        "ballots_insert": ("AFTER INSERT ON ballots",
                           _tally_change("+", "NEW", "d.ballot_id = NEW.id")
                           + _ballot_count_change("+", "NEW")),
        "ballots_delete": ("AFTER DELETE ON ballots",
                           _tally_change("-", "OLD", "d.ballot_id = OLD.id")
                           + _ballot_count_change("-", "OLD")),
        "ballots_update": ("AFTER UPDATE OF round_id, team_id, deleted_at, voided_at ON ballots",
                           _tally_change("-", "OLD", "d.ballot_id = OLD.id")
                           + _tally_change("+", "NEW", "d.ballot_id = NEW.id")
                           + _ballot_count_change("-", "OLD")
                           + _ballot_count_change("+", "NEW")),
    }
    for name, (when, body) in triggers.items():
        db.execute(f"CREATE TRIGGER digital_tally_{name} {when} BEGIN {body} END")
    db.execute(f"""INSERT INTO digital_tally (round_id, team_key, candidate_id, dots, dot_rows)
        {DIGITAL_RECOUNT}""")
    db.execute(f"INSERT INTO ballot_counts (round_id, counted, voided) {BALLOT_RECOUNT}")


# The running tallies computed from scratch: what ``digital_tally`` and ``ballot_counts``
# must always equal (used by
# migration 4 to fill it and by ``check_file`` to verify it).
DIGITAL_RECOUNT = f"""
    SELECT b.round_id, coalesce(b.team_id, ''), d.candidate_id, sum(d.dots), count(*)
    FROM ballots b JOIN ballot_dots d ON d.ballot_id = b.id
    WHERE {_BALLOT_COUNTS.format(b="b")} AND {_DOT_COUNTS.format(d="d")}
    GROUP BY b.round_id, coalesce(b.team_id, ''), d.candidate_id"""
BALLOT_RECOUNT = """
    SELECT round_id, count(*) - count(voided_at) AS counted, count(voided_at) AS voided
    FROM ballots
    WHERE deleted_at IS NULL GROUP BY round_id"""


def _v5(db: Database) -> None:
    """What belongs to this laptop's day rather than to the workshop's record.

    ``local_settings`` holds the facilitator PIN (salted and hashed) that guards
    shared-laptop and voter mode. ``drafts`` holds the half-typed text of an idea or note
    field, per field and per team (``owner``; '' when the field has no team), so that
    closing the window or a crash never throws typing away. Neither is a record: they are
    not exported, not merged from bundles, and have no history.
    """
    db.execute("""CREATE TABLE local_settings (
        key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL
        ) WITHOUT ROWID""")
    db.execute("""CREATE TABLE drafts (
        field TEXT NOT NULL, owner TEXT NOT NULL, text TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (field, owner)) WITHOUT ROWID""")


def _v6(db: Database) -> None:
    """What a city's report prints about the workshop besides the title and the organiser:
    the co-organiser (共催), who ran it (運営), what comes next (今後の予定), whom to ask
    (問い合わせ先), and whether dates also print in the Japanese era (令和8年).
    """
    for column in ("co_organiser TEXT NOT NULL DEFAULT ''",
                   "facilitators TEXT NOT NULL DEFAULT ''",
                   "next_steps TEXT NOT NULL DEFAULT ''",
                   "contact TEXT NOT NULL DEFAULT ''",
                   "era_dates INTEGER NOT NULL DEFAULT 0"):
        db.execute(f"ALTER TABLE workshop ADD COLUMN {column}")


def _v7(db: Database) -> None:
    """Participants' phones: where an idea or a ballot came from, a round's rule on
    changing a phone's ballot, and the phones' own bookkeeping.

    ``source`` marks ideas and ballots entered on a phone (old rows came from the laptop).
    The ``phone_*`` tables are this laptop's, like ``drafts``: not records, never exported
    or merged. ``phone_sessions`` are the phones that joined (the cookie's SHA-256, never
    the cookie itself). ``phone_ballots`` holds each phone's counted ballot per round; its
    primary key makes "one ballot per phone per round" the database's own rule, checked in
    the ballot's transaction, so two racing requests cannot both count. ``phone_ideas``
    says which phone added an idea (the page shows "mine"). ``phone_requests`` keeps each
    write's idempotency key with the answer given, written in the write's transaction: a
    retried request gets the same answer and never writes twice.
    """
    db.execute("ALTER TABLE ideas ADD COLUMN source TEXT NOT NULL DEFAULT 'laptop'")
    db.execute("ALTER TABLE ballots ADD COLUMN source TEXT NOT NULL DEFAULT 'laptop'")
    db.execute("ALTER TABLE vote_rounds ADD COLUMN may_change_ballot INTEGER NOT NULL DEFAULT 0")
    db.execute("""CREATE TABLE phone_sessions (
        id TEXT PRIMARY KEY NOT NULL, created_at TEXT NOT NULL, seen_at TEXT NOT NULL,
        lang TEXT NOT NULL, team_id TEXT) WITHOUT ROWID""")
    db.execute("""CREATE TABLE phone_ballots (
        round_id TEXT NOT NULL, session_id TEXT NOT NULL, ballot_id TEXT NOT NULL,
        PRIMARY KEY (round_id, session_id)) WITHOUT ROWID""")
    db.execute("""CREATE TABLE phone_ideas (
        idea_id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL) WITHOUT ROWID""")
    db.execute("CREATE INDEX phone_ideas_session ON phone_ideas (session_id)")
    db.execute("""CREATE TABLE phone_requests (
        session_id TEXT NOT NULL, key TEXT NOT NULL, request TEXT NOT NULL,
        status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
        PRIMARY KEY (session_id, key)) WITHOUT ROWID""")


MIGRATIONS: tuple[Callable[[Database], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6, _v7)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: Database, from_version: int) -> None:
    """Run the missing migrations in one transaction: all of them or none."""
    with db.atomic():
        for number in range(from_version, SCHEMA_VERSION):
            MIGRATIONS[number](db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
