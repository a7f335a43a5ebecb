"""What the Voting page says about a round: its state in one line, and what stands in for
results that are still hidden. Plain functions of the round and its counts."""

from __future__ import annotations

from collections.abc import Callable

from workshop.model import VoteRound
from workshop.ui.times import local_time, locale_for
from workshop.ui.voting.models import round_state

Tr = Callable[[str], str]


def hidden_text(tr: Tr, r: VoteRound | None, ballots: int) -> str:
    """What the facilitator's view says in place of results that are still hidden."""
    if r is None:
        return tr("Create a round with “New round”.")
    state = round_state(r)
    if state == "draft":
        return tr("Voting has not started yet.")
    if state == "open":
        return tr("The results are hidden until you reveal them. Ballots cast so far: "
                  "{count}.").format(count=ballots)
    return tr("Voting is closed. The results are hidden until you reveal them with "
              "“Reveal results”.")


def state_text(tr: Tr, lang: str, r: VoteRound, ballots: int, voided: int) -> str:
    """The round's state in one line: since when, and the ballots counted so far."""
    locale = locale_for(lang)
    state = round_state(r)
    if state == "draft":
        return tr("Draft: the rules and candidates can still change. Open voting when the "
                  "room is ready.")
    counts = tr("Ballots cast: {count}").format(count=ballots)
    if voided:
        counts += " · " + tr("voided: {count}").format(count=voided)
    if r.paper_voters is not None:
        counts += " · " + tr("Voters on paper: {count}").format(count=r.paper_voters)
    if state == "open":
        return tr("Open since {time}").format(time=local_time(r.opened_at or "", locale)) \
            + " · " + counts
    if state == "closed":
        text = tr("Closed at {time}").format(time=local_time(r.closed_at or "", locale))
        if r.hidden_until_revealed:
            text += " · " + tr("results hidden")
        return text + " · " + counts
    return tr("Results revealed at {time}").format(
        time=local_time(r.revealed_at or "", locale)) + " · " + counts
