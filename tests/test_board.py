"""Board rules: search and filters, merging duplicates."""

import pytest

from workshop.board import IdeaFilter, idea_matches, merge_ideas, teams_of
from workshop.errors import InputError
from workshop.model import Cluster, Idea, Team


def test_filters_by_text_team_prompt_and_cluster(store, prompt, team):
    cluster = store.add(Cluster(name="交通"))
    a = store.add(Idea(title="バス乗り場が分かりにくい", details="案内板も古い", prompt_id=prompt.id,
                       team_id=team.id, cluster_id=cluster.id))
    b = store.add(Idea(title="Weekend MARKET", prompt_id=prompt.id))
    ideas = store.ideas()

    def shown(**query):
        return [i.id for i in ideas if idea_matches(i, IdeaFilter(**query))]

    assert shown() == [a.id, b.id]
    assert shown(text="案内板") == [a.id]  # details are searched too
    assert shown(text="market weekend") == [b.id]  # every word, any order, any case
    assert shown(text="ＭＡＲＫＥＴ") == [b.id]  # full-width letters match
    assert shown(team_id=team.id) == [a.id]
    assert shown(cluster_id=cluster.id) == [a.id]
    assert shown(unclustered_only=True) == [b.id]
    assert shown(text="nothing like it") == []


def test_merging_keeps_both_texts_and_both_teams(store, prompt, team):
    other_team = store.add(Team(name="B"))
    keep = store.add(Idea(title="木陰のベンチ", details="涼しい", prompt_id=prompt.id,
                          team_id=team.id))
    other = store.add(Idea(title="日陰のベンチ", details="高齢者が休める", prompt_id=prompt.id,
                           team_id=other_team.id))
    new_keep, new_other = merge_ideas(store, keep.id, other.id)
    assert "涼しい" in new_keep.details and "日陰のベンチ" in new_keep.details
    assert "高齢者が休める" in new_keep.details
    assert new_other.merged_into_id == keep.id
    assert [t.name for t in teams_of(store, new_keep)] == [team.name, "B"]
    assert not idea_matches(new_other, IdeaFilter())  # hidden from the board
    with pytest.raises(InputError):
        merge_ideas(store, keep.id, other.id)  # already merged
    with pytest.raises(InputError):
        merge_ideas(store, keep.id, keep.id)


def test_palette_names_and_readable_text():
    from workshop.palette import TEAM_COLOURS, colour_name, next_colour, text_colour_on

    assert colour_name("#4E79A7") == "Blue"
    assert next_colour(["#4e79a7", "#f28e2b"]) == "#e15759"
    assert next_colour([c for c, _ in TEAM_COLOURS]) == TEAM_COLOURS[0][0]
    assert text_colour_on("#edc948") == "#000000"  # yellow: black text
    assert text_colour_on("#1f2937") == "#ffffff"
