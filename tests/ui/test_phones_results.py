"""Ballots from phones in the window: counted in the results with their source beside the
laptop's ballots and paper tallies; the facilitator voids one with a reason (undoable)."""

from __future__ import annotations

import asyncio
import uuid
from urllib.parse import parse_qs, urlsplit

import aiohttp

from workshop.model import Ballot, Idea, Prompt, VoteRound
from workshop.phones.facilitator import results_by_source
from workshop.ui.voting import ops


async def phone_votes(url: str, round_id: str, dots: dict[str, int]) -> tuple[int, dict]:
    token = parse_qs(urlsplit(url).query)["t"][0]
    base = url.split("/?", 1)[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
        joined = await phone.post(f"{base}/api/v1/join", json={"token": token})
        assert joined.status == 200, await joined.text()
        cast = await phone.post(f"{base}/api/v1/ballots",
                                json={"round_id": round_id, "dots": dots},
                                headers={"Idempotency-Key": str(uuid.uuid4())})
        return cast.status, await cast.json()


def open_round_with_ideas(window) -> VoteRound:
    session, tr = window.session, window.tr_
    prompt = session.store.list(Prompt)[0]
    vote_round = ops.add_round(session, tr, VoteRound(
        name="Phones round", prompt_id=prompt.id, dots_per_voter=2, max_dots_per_idea=2))
    session.flush()
    return ops.open_round(session, tr, session.store.get(VoteRound, vote_round.id))


def test_a_phone_ballot_counts_with_its_source_and_can_be_voided(demo_window, qtbot):
    window = demo_window("en")
    session = window.session
    vote_round = open_round_with_ideas(window)
    idea = session.store.get(Idea, vote_round.candidate_ids[0])
    url = session.phones.start("127.0.0.1", 0)

    status, body = asyncio.run(phone_votes(url, vote_round.id, {idea.id: 2}))
    assert status == 201, body
    ops.cast_ballot(session, window.tr_, vote_round, {idea.id: 1})  # one on the laptop
    sourced = results_by_source(session.store, vote_round.id)
    assert sourced.ballots == {"laptop": 1, "phone": 1}
    assert sourced.dots[idea.id] == {"laptop": 1, "phone": 2, "paper": 0}

    phone_ballot = next(b for b in session.store.list(Ballot, round_id=vote_round.id)
                        if b.source == "phone")
    voided = ops.void_phone_ballot(session, window.tr_, vote_round, phone_ballot.id,
                                   "A test vote")
    assert voided.void_reason == "A test vote"
    assert results_by_source(session.store, vote_round.id).ballots["phone"] == 0
    session.undo_stack.undo()
    session.flush()
    assert session.store.get(Ballot, phone_ballot.id).voided_at is None
    assert results_by_source(session.store, vote_round.id).ballots["phone"] == 1

    # closed and revealed: the voting page shows each source's share
    vote_round = ops.close_round(session, window.tr_, session.store.get(VoteRound,
                                                                        vote_round.id))
    ops.reveal_round(session, window.tr_, vote_round)
    session.flush()
    page = window.page("voting")
    window.show_page(window.stack.row_of("voting"))
    page.select_round(vote_round.id)
    page.refresh()
    text = page.results.sources.text()
    assert "On the laptop: 1 ballots, 1 dots" in text
    assert "On phones: 1 ballots, 2 dots" in text
    assert "On paper: 0 voters" in text
