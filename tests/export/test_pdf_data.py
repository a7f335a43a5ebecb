"""What each printed document says, checked on its plain data object before any layout."""

import dataclasses

import pytest

from workshop.export.pdf.qr import code_digits, code_matches, qr_payload
from workshop.export.pdf.reading import card_data, report_data, tally_sheet_data, team_sheet_data
from workshop.export.snapshot import fingerprint, short_fingerprint, snapshot
from workshop.model import (
    AgendaItem,
    CandidateKind,
    Cluster,
    Idea,
    Note,
    NoteKind,
    Prompt,
    RoundStatus,
    Team,
    VoteRound,
    Workshop,
)
from workshop.store import WorkshopStore
from workshop.voting import close_round, open_round, set_paper_tally

from .conftest import photo


def test_ideas_are_numbered_in_the_order_the_report_lists_them(demo_en):
    data = report_data(demo_en, public=False)
    ideas = data.ideas
    assert [i.number for i in ideas] == list(range(1, 29))
    assert [i.prompt_number for i in ideas] == [1] * 14 + [2] * 14
    first = ideas[:4]
    assert [i.title for i in first] == [
        "A square with shaded benches for reading", "Picnics on a lawn",
        "Shaded benches for older people", "Seasonal flower beds tended by residents"]
    assert {i.cluster for i in first} == {"Greenery and rest"}
    assert (first[0].team, first[0].team_colour) == ("Table A", "#4e79a7")
    # The same numbers on cards and team sheets.
    assert [(i.number, i.title) for i in card_data(demo_en).ideas] == \
        [(i.number, i.title) for i in ideas]
    team_a = team_sheet_data(demo_en, public=False).teams[0]
    assert [i.number for i in team_a.ideas] == [1, 5, 18, 22]


def test_prompts_hold_their_clusters_in_order(demo_ja):
    data = report_data(demo_ja, public=False)
    assert [p.number for p in data.prompts] == [1, 2]
    assert data.prompts[0].text == "10年後、駅前広場でどんな一日を過ごしたいですか？"
    groups = data.prompts[0].groups
    assert [(g.name, len(g.ideas)) for g in groups][:2] == [("緑と休憩", 4), ("にぎわい", 4)]
    assert all(i.cluster == g.name for p in data.prompts for g in p.groups for i in g.ideas)
    assert sum(len(g.ideas) for p in data.prompts for g in p.groups) == 28


def test_merged_and_deleted_ideas_are_left_out_and_loose_ideas_come_last(store, prompt, team):
    cluster = store.add(Cluster(name="Shade"))
    keep = store.add(Idea(title="Benches", prompt_id=prompt.id, team_id=team.id,
                          cluster_id=cluster.id))
    store.add(Idea(title="More benches", prompt_id=prompt.id, merged_into_id=keep.id))
    gone = store.add(Idea(title="Deleted", prompt_id=prompt.id))
    store.delete(Idea, gone.id)
    loose = store.add(Idea(title="Not grouped yet", prompt_id=prompt.id, position=-1))
    orphan = store.add(Idea(title="No prompt", position=-2))
    data = report_data(store, public=False)
    assert [(p.number, [(g.name, [i.title for i in g.ideas]) for g in p.groups])
            for p in data.prompts] == [
        (1, [("Shade", ["Benches"]), ("", ["Not grouped yet"])]),
        (None, [("", ["No prompt"])]),
    ]
    assert [i.number for i in data.ideas] == [1, 2, 3]
    assert {loose.id, orphan.id, keep.id} == {i.id for i in data.ideas}


def test_agenda_times_follow_from_the_start_time(demo_en, store):
    agenda = report_data(demo_en, public=False).agenda
    assert (agenda[0].start, agenda[0].end, agenda[0].minutes) == ("13:30", "13:50", 20)
    assert [a.start for a in agenda[1:]] == [a.end for a in agenda[:-1]]
    assert agenda[-1].end == "16:10"
    store.add(AgendaItem(title="Welcome", minutes=15))  # the fixture has no start time
    assert [(a.start, a.end) for a in report_data(store, public=False).agenda] == [("", "")]


def test_a_revealed_round_carries_ranked_results_with_the_tie(demo_ja):
    (section,) = report_data(demo_ja, public=False).rounds
    assert section.shown and section.status is RoundStatus.CLOSED
    assert (section.dots_per_voter, section.max_dots_per_idea) == (3, 1)
    assert section.prompt == "10年後、駅前広場でどんな一日を過ごしたいですか？"
    top = section.results[:3]
    assert [(r.rank, r.tied, r.total) for r in top] == [(1, True, 13), (1, True, 13),
                                                        (3, False, 12)]
    assert {r.title for r in top[:2]} == {"木陰のベンチで本が読める広場",
                                          "高齢者が休める日よけ付きベンチ"}
    assert [r.number for r in top[:2]] == [1, 3]
    assert sum(r.total for r in section.results) == 107
    assert sum(r.paper for r in section.results) == 107 and section.ballots == 0
    assert section.paper_voters == 36 and section.turnout == pytest.approx(36 / 38)


def test_unrevealed_open_and_draft_rounds_print_no_results(store, prompt):
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id)) for n in range(3)]
    ids = tuple(i.id for i in ideas)
    hidden = store.add(VoteRound(name="Hidden", prompt_id=prompt.id, candidate_ids=ids,
                                 status=RoundStatus.CLOSED, hidden_until_revealed=True))
    store.set_tallies(hidden.id, {ids[0]: 4})
    open_ = store.add(VoteRound(name="Open", prompt_id=prompt.id))
    open_round(store, open_.id)
    store.add(VoteRound(name="Draft", prompt_id=prompt.id))
    visible = store.add(VoteRound(name="Never hidden", prompt_id=prompt.id,
                                  hidden_until_revealed=False))
    open_round(store, visible.id)
    set_paper_tally(store, visible.id, {ids[1]: 2}, voters=2)
    close_round(store, visible.id)
    rounds = {r.name: r for r in report_data(store, public=False).rounds}
    assert set(rounds) == {"Hidden", "Open", "Never hidden"}  # drafts are not reported
    assert not rounds["Hidden"].shown and rounds["Hidden"].results == ()
    assert not rounds["Open"].shown and rounds["Open"].status is RoundStatus.OPEN
    assert rounds["Never hidden"].shown
    best = rounds["Never hidden"].results[0]
    assert (best.title, best.total) == ("Idea 1", 2)
    # Team sheets show no more than the report.
    assert all(not t.votes for t in team_sheet_data(store, public=False).teams)


def test_team_sections_carry_their_ideas_votes_and_notes(demo_en):
    teams = {t.name: t for t in report_data(demo_en, public=False).teams}
    assert len(teams) == 7
    table_a = teams["Table A"]
    assert table_a.members > 0 and table_a.colour == "#4e79a7"
    assert [(v.number, v.total, v.rank, v.tied, v.candidates) for v in table_a.votes] == [
        (1, 13, 1, True, 14), (5, 10, 5, False, 14)]
    assert {v.number for v in table_a.votes} <= {i.number for i in table_a.ideas}
    assert [n.kind for n in table_a.notes] == [NoteKind.NOTE]
    assert [n.kind for n in teams["Table F (high-school students)"].notes] == [NoteKind.ACTION]


def test_notes_are_ordered_by_kind_and_say_what_they_are_about(demo_en):
    notes = report_data(demo_en, public=False).notes
    assert [n.kind for n in notes] == ["decision", "action", "question", "note", "note"]
    assert [n.about for n in notes] == [
        "Table E", "Table F (high-school students)", "Table B", "Table A", ""]


def test_the_public_version_leaves_out_internal_notes_and_photos(demo_en):
    idea = demo_en.ideas()[0]
    demo_en.add(Note(kind=NoteKind.NOTE, text="Call Ms Tanaka back about the budget",
                     internal=True))
    demo_en.add(Note(kind=NoteKind.DECISION, text="Benches first", idea_id=idea.id))
    demo_en.add(photo("Whiteboard, private", internal=True))
    demo_en.add(photo("Wall of ideas", idea_id=idea.id))
    internal = report_data(demo_en, public=False)
    public = report_data(demo_en, public=True)
    assert "Call Ms Tanaka back about the budget" in {n.text for n in internal.notes}
    assert "Call Ms Tanaka back about the budget" not in {n.text for n in public.notes}
    assert [p.caption for p in internal.photos] == ["Whiteboard, private", "Wall of ideas"]
    assert [p.caption for p in public.photos] == ["Wall of ideas"]
    assert public.photos[0].about == "1. A square with shaded benches for reading"
    assert public.public and not internal.public
    linked = next(n for n in public.notes if n.text == "Benches first")
    assert linked.about == "1. A square with shaded benches for reading"
    assert len(public.notes) == len(internal.notes) - 1


def test_the_qr_code_carries_the_platform_url_and_the_data_fingerprint(demo_ja):
    qr = report_data(demo_ja, public=True).qr
    value = fingerprint(snapshot(demo_ja))
    assert qr.fingerprint == value and qr.short == short_fingerprint(value)
    assert qr.payload == (
        "https://participation.minato.example/processes/station-square/f/12/meetings/34"
        f"#data={short_fingerprint(value)}")
    assert code_matches(qr.payload, value)
    # A change to the data changes the fingerprint.
    demo_ja.add(Idea(title="もう一つ"))
    assert report_data(demo_ja, public=True).qr.fingerprint != value


def test_qr_payload_without_url_or_with_a_fragment():
    value = "sha256:" + "ab" * 32
    assert qr_payload("", value) == "workshop-data=abab-abab-abab-abab"
    assert qr_payload("https://x.example/p#top", value) == \
        "https://x.example/p#top\nworkshop-data=abab-abab-abab-abab"


def test_a_code_or_typed_fingerprint_is_matched_in_any_of_its_forms():
    value = "sha256:c664cda9c507260a" + "0" * 48
    for text in ("https://x.example/m/34#data=c664-cda9-c507-260a",
                 "workshop-data=c664-cda9-c507-260a", " C664-CDA9-C507-260A ",
                 "c664cda9c507260a", f"https://x.example/m#workshop-data={value}",
                 "https://x.example/p#top\nworkshop-data=c664-cda9-c507-260a"):
        assert code_matches(text, value), text
    assert code_digits("https://x.example/2024-2025-1234-abcd/#data=c664-cda9-c507-260a") == \
        "c664cda9c507260a"
    for text in ("c664-cda9-c507-260b", "workshop-data=", "https://x.example/", "c664-cda9"):
        assert not code_matches(text, value), text


def test_tally_sheets_by_default_for_rounds_still_to_come(demo_en):
    # The demo's only round is closed: a reprint of it.
    (reprint,) = tally_sheet_data(demo_en).rounds
    assert len(reprint.candidates) == 14
    assert [c.number for c in reprint.candidates] == sorted(c.number for c in reprint.candidates)
    assert reprint.candidates[0].title == "A square with shaded benches for reading"
    assert reprint.candidates[0].team == "Table A"
    draft = demo_en.add(VoteRound(name="Round 2", candidate_kind=CandidateKind.ALL,
                                  dots_per_voter=5, max_dots_per_idea=2))
    (coming,) = tally_sheet_data(demo_en).rounds
    assert (coming.name, len(coming.candidates)) == ("Round 2", 28)
    assert (coming.dots_per_voter, coming.max_dots_per_idea) == (5, 2)
    clusters = demo_en.add(VoteRound(name="Clusters", candidate_kind=CandidateKind.CLUSTERS))
    chosen = tally_sheet_data(demo_en, [clusters.id, draft.id]).rounds
    assert [r.name for r in chosen] == ["Clusters", "Round 2"]
    assert chosen[0].candidates[0] == dataclasses.replace(
        chosen[0].candidates[0], number=None, title="Greenery and rest")


def test_facts_count_teams_members_and_ideas():
    store = WorkshopStore.in_memory(Workshop(title="W", attendees=12))
    store.add(Team(name="A", members=4))
    store.add(Team(name="B", members=5))
    prompt = store.add(Prompt(text="Q"))
    store.add(Idea(title="I", prompt_id=prompt.id))
    facts = report_data(store, public=True).workshop
    assert (facts.teams, facts.members, facts.ideas, facts.attendees) == (2, 9, 1, 12)
    store.close()
