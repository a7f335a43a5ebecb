"""Kiosk rules: participants keep to their own team's ideas."""

from workshop.capture import KioskPolicy
from workshop.model import Idea


def test_a_locked_kiosk_keeps_to_its_team():
    policy = KioskPolicy(locked_team_id="a")
    ours, theirs = Idea(title="x", team_id="a"), Idea(title="y", team_id="b")
    assert policy.can_choose_team("a") and not policy.can_choose_team("b")
    assert policy.can_edit(ours, "a") and not policy.can_edit(theirs, "a")
    assert not policy.can_delete(ours, "a")  # typed before the kiosk started
    policy.remember(ours)
    assert policy.can_delete(ours, "a") and not policy.can_delete(theirs, "b")


def test_an_open_kiosk_allows_any_team_but_only_its_own_ideas():
    policy = KioskPolicy()
    ours, theirs = Idea(title="x", team_id="a"), Idea(title="y", team_id="b")
    assert policy.can_choose_team("a") and policy.can_choose_team("b")
    assert policy.can_edit(ours, "a") and not policy.can_edit(theirs, "a")
    policy.remember(theirs)
    assert not policy.can_delete(theirs, "a") and policy.can_delete(theirs, "b")
