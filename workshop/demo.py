"""The demo workshop: the station-square scenario, in Japanese or English.

Built from ``workshop/data/station-square.json`` (shipped in the package) through the same
store calls the app uses, so the demo also exercises every kind of record.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from workshop.model import (
    AgendaItem,
    CandidateKind,
    Cluster,
    Idea,
    Note,
    NoteKind,
    Prompt,
    RoundEventKind,
    RoundStatus,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore
from workshop.voting.log import log_event, rules_of

OTHER = {"ja": "en", "en": "ja"}


def scenario() -> dict:
    text = resources.files("workshop").joinpath("data/station-square.json").read_text("utf-8")
    return json.loads(text)


def demo_workshop(data: dict, lang: str) -> Workshop:
    w = data["workshop"]
    return Workshop(
        title=w["title"][lang],
        description=w["description"][lang],
        date=w["date"],
        start_time=w["start"],
        end_time=w["end"],
        venue=w["venue"][lang],
        organiser=w["organiser"][lang],
        languages=(lang, OTHER[lang]),
        platform_url=w["platform_url"],
        platform_profile="decidim-cfj",
        attendees=w["attendees"],
        co_organiser=w.get("co_organiser", {}).get(lang, ""),
        facilitators=w.get("facilitators", {}).get(lang, ""),
        next_steps=w.get("next_steps", {}).get(lang, ""),
        contact=w.get("contact", {}).get(lang, ""),
        era_dates=lang == "ja",
    )


def create_demo(path: Path | str, *, lang: str, device_id: str) -> WorkshopStore:
    """A new workshop file holding the whole demo scenario."""
    data = scenario()
    return WorkshopStore.create(path, demo_workshop(data, lang), device_id=device_id,
                                fill=lambda store: _fill_at_once(store, data, lang))


def _fill_at_once(store: WorkshopStore, data: dict, lang: str) -> None:
    with store.transaction():  # one commit, not one per record
        fill_demo(store, data, lang)


def fill_demo(store: WorkshopStore, data: dict, lang: str) -> None:
    body = f"{lang}_body"
    for position, item in enumerate(data["agenda"]):
        store.add(AgendaItem(title=item[lang], minutes=item["minutes"], position=position))
    prompts = {
        p["id"]: store.add(Prompt(text=p[lang], position=n))
        for n, p in enumerate(data["prompts"])
    }
    teams = {
        t["id"]: store.add(Team(name=t[lang], colour=t["colour"], members=t["members"],
                                position=n))
        for n, t in enumerate(data["teams"])
    }
    clusters = {
        c["ja"]: store.add(Cluster(name=c[lang], colour=c["colour"], position=n))
        for n, c in enumerate(data["clusters"])
    }
    ideas = {}
    for n, item in enumerate(data["ideas"]):
        ideas[item["ja"]] = store.add(Idea(
            title=item[lang], details=item.get(body, ""), prompt_id=prompts[item["prompt"]].id,
            team_id=teams[item["team"]].id, cluster_id=clusters[item["cluster"]].id, position=n,
        ))
    _paper_round(store, data, lang, prompts, ideas)
    for item in data["notes"]:
        store.add(Note(kind=NoteKind(item["kind"]), text=item[lang],
                       team_id=teams[item["team"]].id if item["team"] else None))


def _paper_round(store, data, lang, prompts, ideas) -> None:
    paper = data["paper_dots_round_1"]
    candidates = [idea for idea in ideas.values() if idea.prompt_id == prompts["p1"].id]
    day = data["workshop"]["date"]
    vote_round = store.add(VoteRound(
        name=paper["name"][lang],
        candidate_kind=CandidateKind.PROMPT,
        prompt_id=prompts["p1"].id,
        candidate_ids=tuple(idea.id for idea in candidates),
        dots_per_voter=paper["dots_per_voter"],
        max_dots_per_idea=paper["max_per_idea"],
        status=RoundStatus.CLOSED,
        opened_at=f"{day}T15:05:00+09:00",
        closed_at=f"{day}T15:20:00+09:00",
        revealed_at=f"{day}T15:21:00+09:00",
    ))
    counts = {ideas[title].id: dots for title, dots in paper["counts"].items()}
    store.set_tallies(vote_round.id, counts, voters=paper["voters"])
    # The round's log, as the day would have written it.
    log_event(store, vote_round.id, RoundEventKind.OPENED, vote_round.opened_at,
              rules=rules_of(vote_round))
    log_event(store, vote_round.id, RoundEventKind.CLOSED, vote_round.closed_at,
              ballots=0, voided=0)
    log_event(store, vote_round.id, RoundEventKind.PAPER_TALLY_SET, vote_round.closed_at,
              counts=counts, voters=paper["voters"], confirmed_warnings=0)
    log_event(store, vote_round.id, RoundEventKind.REVEALED, vote_round.revealed_at,
              ballots=0, voided=0, paper_voters=paper["voters"], totals=counts)
