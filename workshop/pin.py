"""The facilitator PIN: what keeps participants inside shared-laptop and voter mode.

Set once per workshop and kept in the workshop file only as a salted scrypt hash (a file
that travels on a USB stick must not give the PIN away). Leaving a participant mode needs
it; after a few wrong tries the guard refuses every try for a short while, so that nobody
at the laptop can simply try PINs one after another.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from workshop.errors import InputError
from workshop.i18n import N_

MIN_LENGTH = 4
MAX_LENGTH = 32
# scrypt's interactive-login cost (about 50 ms): nothing a facilitator notices, and
# thousands of guesses a second become tens.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES = 16
TRIES_BEFORE_LOCKOUT = 5
LOCKOUT_SECONDS = 30.0


def checked_new_pin(pin: str, repeated: str) -> str:
    """The PIN a facilitator chose, typed twice; InputError says what is wrong with it."""
    if pin != pin.strip() or not pin:
        raise InputError("pin", N_("The PIN must not be empty or start or end with a space."))
    if not MIN_LENGTH <= len(pin) <= MAX_LENGTH:
        raise InputError("pin", N_("The PIN needs {low} to {high} characters."),
                         low=MIN_LENGTH, high=MAX_LENGTH)
    if pin != repeated:
        raise InputError("pin", N_("The two PINs differ; type the same PIN twice."))
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex), the only form in which a PIN is stored."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(stored: str, pin: str) -> bool:
    """Whether ``pin`` is the one ``stored`` was made from (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        tried = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                               p=int(p))
        return hmac.compare_digest(tried, bytes.fromhex(digest))
    except ValueError:  # a damaged value never matches: the facilitator sets a new PIN
        return False


class PinGuard:
    """Checks tries against the stored hash and locks out after repeated wrong ones.

    One guard per open workshop window: a participant cannot restart the app from inside
    a participant mode, so the count need not outlive it.
    """

    def __init__(self, stored: Callable[[], str | None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._stored = stored
        self._clock = clock
        self._wrong = 0
        self._locked_until = 0.0

    def is_set(self) -> bool:
        return bool(self._stored())

    def locked_for(self) -> int:
        """Whole seconds until the next try is listened to (0: now)."""
        left = self._locked_until - self._clock()
        return max(0, int(left + 0.999))

    def tries_left(self) -> int:
        return TRIES_BEFORE_LOCKOUT - self._wrong

    def check(self, pin: str) -> bool:
        """True for the right PIN. While locked out every try is refused unread."""
        if self.locked_for():
            return False
        stored = self._stored()
        if stored and pin_matches(stored, pin):
            self._wrong = 0
            return True
        self._wrong += 1
        if self._wrong >= TRIES_BEFORE_LOCKOUT:
            self._wrong = 0
            self._locked_until = self._clock() + LOCKOUT_SECONDS
        return False
