"""Board rules: search and filters, merging duplicates."""

import dataclasses

import pytest

from workshop.board import IdeaFilter, idea_matches, merge_ideas, teams_of
from workshop.errors import InputError
from workshop.model import Cluster, Idea, Team


def test_filters_by_text_team_prompt_and_cluster(store, prompt, team):
    cluster = store.add(Cluster(name="交通"))
    a = store.add(Idea(title="バス乗り場が分かりにくい", details="案内板も古い",
                       prompt_id=prompt.id, team_id=team.id, cluster_id=cluster.id))
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


# ------------------------------------------------------------------ the board's columns


def _board(store, prompt, team):
    """Two clusters of the prompt and one of another prompt, five ideas."""
    from workshop.model import Prompt

    other_prompt = store.add(Prompt(text="Another question", position=1))
    green = store.add(Cluster(name="Green", position=0))
    traffic = store.add(Cluster(name="Traffic", prompt_id=prompt.id, position=1))
    elsewhere = store.add(Cluster(name="Elsewhere", prompt_id=other_prompt.id, position=2))
    ideas = [store.add(Idea(title=title, prompt_id=prompt.id, team_id=team.id,
                            cluster_id=cluster, position=n))
             for n, (title, cluster) in enumerate([
                 ("Trees", green.id), ("Bus stop", traffic.id), ("Loose", None),
                 ("Benches", green.id)])]
    ideas.append(store.add(Idea(title="Other prompt", prompt_id=other_prompt.id,
                                cluster_id=elsewhere.id, position=9)))
    return other_prompt, (green, traffic, elsewhere), ideas


def test_board_columns_group_a_prompts_ideas_by_cluster(store, prompt, team):
    from workshop.board import board_columns

    other_prompt, (green, _traffic, elsewhere), ideas = _board(store, prompt, team)
    clusters = store.list(Cluster)

    def titles(query):
        return [(c.cluster.name if c.cluster else "-", [i.title for i in c.ideas])
                for c in board_columns(store.ideas(), clusters, query)]

    assert titles(IdeaFilter(prompt_id=prompt.id)) == [
        ("-", ["Loose"]), ("Green", ["Trees", "Benches"]), ("Traffic", ["Bus stop"])]
    assert titles(IdeaFilter(prompt_id=other_prompt.id)) == [
        ("-", []), ("Green", []), ("Elsewhere", ["Other prompt"])]
    assert titles(IdeaFilter(prompt_id=prompt.id, cluster_id=green.id)) == [
        ("Green", ["Trees", "Benches"])]
    assert titles(IdeaFilter(prompt_id=prompt.id, unclustered_only=True)) == [("-", ["Loose"])]
    assert titles(IdeaFilter(prompt_id=prompt.id, text="bench")) == [
        ("-", []), ("Green", ["Benches"]), ("Traffic", [])]
    # No prompt chosen: every cluster, every idea.
    assert [n for n, _ in titles(IdeaFilter())] == ["-", "Green", "Traffic", "Elsewhere"]
    # An idea whose cluster belongs to another prompt is not lost: it shows as unclustered.
    store.update(dataclasses.replace(ideas[2], cluster_id=elsewhere.id))
    assert titles(IdeaFilter(prompt_id=prompt.id))[0] == ("-", ["Loose"])


def test_a_merged_idea_has_and_is_found_by_both_teams(store, prompt, team):
    from workshop.board import board_columns, merge_group, merged_groups, merged_teams

    other_team = store.add(Team(name="B"))
    keep = store.add(Idea(title="Shade", prompt_id=prompt.id, team_id=team.id))
    dup = store.add(Idea(title="Trees for shade", prompt_id=prompt.id, team_id=other_team.id))
    third = store.add(Idea(title="Parasols", prompt_id=prompt.id, team_id=other_team.id))
    merge_group(store, [keep.id, dup.id, third.id])
    assert merged_teams(store.ideas()) == {keep.id: (team.id, other_team.id)}
    assert {k: [i.title for i in v] for k, v in merged_groups(store.ideas()).items()} == {
        keep.id: ["Trees for shade", "Parasols"]}
    # A chain of merges (e.g. from a bundle of another laptop) ends at the surviving idea.
    chain = dataclasses.replace(store.ideas()[1], id="chained", merged_into_id=dup.id)
    assert [i.id for i in merged_groups([*store.ideas(), chain])[keep.id]][-1] == "chained"
    columns = board_columns(store.ideas(), [], IdeaFilter(team_id=other_team.id))
    assert [i.title for i in columns[0].ideas] == ["Shade"]
    assert "Parasols" in store.get(Idea, keep.id).details


def test_moving_ideas_between_clusters_and_restoring_them(store, prompt, team):
    from workshop.board import move_ideas, restore_ideas, with_duplicates

    _other_prompt, (green, traffic, elsewhere), ideas = _board(store, prompt, team)
    before = with_duplicates(store, [ideas[0].id, ideas[2].id])
    moved = move_ideas(store, [ideas[0].id, ideas[2].id, ideas[0].id], traffic.id)
    assert [i.title for i in moved] == ["Trees", "Loose"]
    assert [i.title for i in store.ideas(cluster_id=traffic.id)] == ["Trees", "Bus stop", "Loose"]
    assert move_ideas(store, [ideas[0].id], traffic.id) == []  # already there
    with pytest.raises(InputError, match="another prompt"):
        move_ideas(store, [ideas[3].id, ideas[1].id], elsewhere.id)
    assert store.get(Idea, ideas[3].id).cluster_id == green.id  # all or nothing
    restore_ideas(store, before)
    assert store.get(Idea, ideas[0].id).cluster_id == green.id
    assert store.get(Idea, ideas[2].id).cluster_id is None
    move_ideas(store, [ideas[1].id], None)
    assert store.get(Idea, ideas[1].id).cluster_id is None


def test_a_merge_is_undone_exactly(store, prompt, team):
    from workshop.board import merge_group, restore_ideas, with_duplicates

    a = store.add(Idea(title="A", details="first", prompt_id=prompt.id, team_id=team.id))
    b = store.add(Idea(title="B", prompt_id=prompt.id))
    c = store.add(Idea(title="C", prompt_id=prompt.id))
    merge_group(store, [b.id, c.id])  # C is already a duplicate of B
    before = with_duplicates(store, [a.id, b.id])
    assert [i.title for i in before] == ["A", "B", "C"]
    merge_group(store, [a.id, b.id])
    assert {i.merged_into_id for i in store.ideas() if i.id != a.id} == {a.id}
    restore_ideas(store, before)
    assert store.get(Idea, a.id).details == "first"
    assert store.get(Idea, b.id).merged_into_id is None
    assert store.get(Idea, c.id).merged_into_id == b.id
    other = store.add(Idea(title="D", prompt_id=None))
    with pytest.raises(InputError, match="same prompt"):
        merge_group(store, [a.id, other.id])
    with pytest.raises(InputError):
        merge_group(store, [a.id])


def test_deleting_ideas_takes_their_duplicates_along(store, prompt):
    from workshop.board import delete_ideas, merge_group, undelete_ideas

    a = store.add(Idea(title="A", prompt_id=prompt.id))
    b = store.add(Idea(title="B", prompt_id=prompt.id))
    c = store.add(Idea(title="C", prompt_id=prompt.id))
    merge_group(store, [a.id, b.id])
    gone = delete_ideas(store, [a.id])
    assert sorted(gone) == sorted([a.id, b.id])
    assert [i.title for i in store.ideas()] == ["C"]
    undelete_ideas(store, gone)
    assert [i.title for i in store.ideas()] == ["A", "B", "C"]
    assert c.id not in gone


def test_clusters_new_reorder_delete_and_restore(store, prompt, team):
    from workshop.board import (
        CLUSTER_COLOURS,
        cluster_colour_name,
        cluster_order,
        delete_cluster,
        new_cluster,
        restore_cluster,
    )

    first = store.add(new_cluster(store, "Green", prompt.id))
    second = store.add(new_cluster(store, "Traffic"))
    assert (first.colour, second.colour) == (CLUSTER_COLOURS[0][0], CLUSTER_COLOURS[1][0])
    assert (first.position, second.position, first.prompt_id) == (0, 1, prompt.id)
    assert cluster_colour_name("#77AADD") == "Light blue"
    assert cluster_colour_name("#4e79a7") == "Blue"  # a team colour keeps its name
    assert cluster_colour_name("#123456") == "#123456"
    with pytest.raises(InputError):
        store.add(new_cluster(store, "   "))

    order = ["a", "hidden", "b", "c"]
    assert cluster_order(order, ["a", "b", "c"], "c", -1) == ["a", "hidden", "c", "b"]
    assert cluster_order(order, ["a", "b", "c"], "a", +1) == ["b", "hidden", "a", "c"]
    assert cluster_order(order, ["a", "b", "c"], "a", -1) == order  # already first

    idea = store.add(Idea(title="Trees", prompt_id=prompt.id, team_id=team.id,
                          cluster_id=first.id))
    members = delete_cluster(store, first.id)
    assert [c.name for c in store.list(Cluster)] == ["Traffic"]
    assert store.get(Idea, idea.id).cluster_id is None
    restore_cluster(store, first.id, members)
    assert [c.name for c in store.list(Cluster)] == ["Green", "Traffic"]
    assert store.get(Idea, idea.id).cluster_id == first.id
