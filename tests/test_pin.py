"""The facilitator PIN: stored salted and hashed, checked in constant time, and a short
lock-out after repeated wrong tries (time from a fake clock)."""

import pytest

from workshop.errors import InputError
from workshop.model import Workshop
from workshop.pin import (
    LOCKOUT_SECONDS,
    TRIES_BEFORE_LOCKOUT,
    PinGuard,
    checked_new_pin,
    hash_pin,
    pin_matches,
)
from workshop.store import WorkshopStore


def test_a_pin_is_stored_salted_and_hashed_never_as_itself():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second  # a fresh salt each time
    assert "2468" not in first and first.startswith("scrypt$")
    assert pin_matches(first, "2468") and pin_matches(second, "2468")
    assert not pin_matches(first, "2469") and not pin_matches(first, "")


@pytest.mark.parametrize("stored", ["", "scrypt$1$2", "md5$x$y$z$00$00", "scrypt$a$b$c$zz$zz"])
def test_a_damaged_stored_value_matches_nothing(stored):
    assert not pin_matches(stored, "2468")


@pytest.mark.parametrize(("pin", "again", "says"), [
    ("", "", "empty"), (" 2468", " 2468", "space"), ("246", "246", "4 to 32"),
    ("2468", "2486", "differ"),
])
def test_a_new_pin_breaking_a_rule_is_refused_with_a_reason(pin, again, says):
    with pytest.raises(InputError) as refused:
        checked_new_pin(pin, again)
    assert says in str(refused.value)


def test_a_good_new_pin_is_accepted():
    assert checked_new_pin("みなと2468", "みなと2468") == "みなと2468"


def test_repeated_wrong_tries_lock_out_for_a_while_even_the_right_pin():
    now = [100.0]
    stored = hash_pin("2468")
    guard = PinGuard(lambda: stored, clock=lambda: now[0])
    for left in range(TRIES_BEFORE_LOCKOUT - 1, 0, -1):
        assert not guard.check("0000")
        assert guard.tries_left() == left and guard.locked_for() == 0
    assert not guard.check("0000")
    assert guard.locked_for() == LOCKOUT_SECONDS
    assert not guard.check("2468")  # locked: not even the right PIN is listened to
    now[0] += LOCKOUT_SECONDS - 1
    assert guard.locked_for() == 1 and not guard.check("2468")
    now[0] += 1
    assert guard.locked_for() == 0 and guard.check("2468")
    assert guard.tries_left() == TRIES_BEFORE_LOCKOUT


def test_without_a_stored_pin_nothing_is_accepted():
    guard = PinGuard(lambda: None)
    assert not guard.is_set() and not guard.check("") and not guard.check("2468")


def test_the_pin_hash_lives_in_the_workshop_file_and_survives_reopening(tmp_path):
    path = tmp_path / "w.workshop"
    with WorkshopStore.create(path, Workshop(title="PIN"), device_id="a") as store:
        assert store.local.facilitator_pin() is None
        store.local.set_facilitator_pin(hash_pin("みなと24"))
    with WorkshopStore.open(path, device_id="a") as store:
        assert pin_matches(store.local.facilitator_pin(), "みなと24")
    assert "みなと".encode() not in path.read_bytes()  # (hex digits could hold "24")
