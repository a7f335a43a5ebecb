"""A writer kept busy, as by a slow USB stick: what the window does before a write is on
the disk."""

from __future__ import annotations

import threading


class HeldWriter:
    """The writer busy with a slow write until released. It lets go by itself after a
    minute, so that code which waits for the writer fails these tests instead of hanging."""

    def __init__(self, session) -> None:
        self._release, self._finished = threading.Event(), threading.Event()

        def hold(_store) -> None:
            self._release.wait(60)
            self._finished.set()

        session.writer.submit(hold, transaction=False)

    @property
    def holding(self) -> bool:
        return not self._finished.is_set()

    def release(self) -> None:
        self._release.set()

    def __enter__(self) -> HeldWriter:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()  # never leave the writer stuck
