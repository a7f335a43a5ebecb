"""One thread owns the writes to a workshop file: the window, background jobs and (later) a
server for participants' phones all hand it small operations and wait for its word.

``writer.submit(op)`` queues ``op`` – a callable given the writer's own ``WorkshopStore`` –
and returns a ``concurrent.futures.Future``. The thread runs the operations one at a time,
in the order they were submitted, each inside one transaction; the future is resolved only
after that transaction is committed (``synchronous=FULL``: on the disk), so a resolved
future is an acknowledged, durable change. An operation that raises is rolled back alone
and its future carries the same error the store raises today (an ``InputError``, a
one-line ``StorageError`` for a full or pulled disk); the operations after it run as usual.

Waiting is up to the caller: ``future.result()`` from a plain thread,
``await asyncio.wrap_future(future)`` from an event loop, or a done-callback that queues a
signal to the UI thread (``workshop.ui.session``). Reads do not come here: they stay on their
own connections (the file is in WAL mode, so they never wait for a write).

Modelled on Anki's collection thread (``qt/aqt/taskman.py``: one worker, results handed
back as futures) – here without Qt, so a server and the command line can use it too.
"""

from __future__ import annotations

import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from workshop.store.store import WorkshopStore

log = logging.getLogger(__name__)

T = TypeVar("T")
Operation = Callable[["WorkshopStore"], T]

_STOP = object()


class Writer:
    """The single writer of one open workshop. Close it before the store it was made from."""

    def __init__(self, store: WorkshopStore, *, name: str = "workshop-writer") -> None:
        self.read_only = store.read_only
        self._refuse = store.transaction  # a read-only store's refusal, in its own words
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._closing = threading.Lock()  # a submit never slips in behind the stop
        self._closed = False
        self._thread: threading.Thread | None = None
        if self.read_only:
            return  # nothing will be written: no thread, no second connection
        opened: concurrent.futures.Future[None] = concurrent.futures.Future()
        # The connection is made on the thread that uses it (sqlite3 checks that).
        self._thread = threading.Thread(
            target=self._serve, args=(store.second_connection, store, opened), name=name,
            daemon=True,  # a stuck disk must not keep the process alive after close()
        )
        self._thread.start()
        opened.result()  # a file that cannot be opened a second time says so here

    def submit(self, op: Operation[T], *, transaction: bool = True
               ) -> concurrent.futures.Future[T]:
        """Queue ``op(store)``; the future resolves once its transaction is committed.

        ``transaction=False`` for work that makes its own transactions or must run outside
        one (a backup, a merge of bundles that backs up first). A read-only file refuses at
        once, with the store's own error.
        """
        if self.read_only:
            with self._refuse():  # raises the store's WorkshopFileError before any SQL
                raise AssertionError("a read-only store accepted a write")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self._closing:
            if self._closed:
                raise RuntimeError("the workshop's writer is closed")
            self._queue.put((op, transaction, future))
        return future

    def call(self, op: Operation[T], *, transaction: bool = True) -> T:
        """``submit`` and wait: for threads that have nothing else to do meanwhile."""
        return self.submit(op, transaction=transaction).result()

    def flush(self) -> None:
        """Wait until everything submitted so far is committed (or has failed)."""
        if self._thread is not None and not self._closed:
            concurrent.futures.wait([self.submit(_nothing, transaction=False)])

    def close(self) -> None:
        """Run what is queued, then stop the thread and close its connection."""
        with self._closing:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    @property
    def closed(self) -> bool:
        return self._closed

    def _serve(self, connect: Callable[[], WorkshopStore], shared: WorkshopStore,
               opened: concurrent.futures.Future[None]) -> None:
        try:
            store = connect()
        except BaseException as error:
            opened.set_exception(error)
            return
        opened.set_result(None)
        try:
            while (item := self._queue.get()) is not _STOP:
                _run_one(store, *item)
        finally:
            if store is not shared:  # a memory store is the caller's to close
                store.close()


def _run_one(store: WorkshopStore, op: Operation[Any], transaction: bool,
             future: concurrent.futures.Future[Any]) -> None:
    if not future.set_running_or_notify_cancel():
        return  # cancelled while it waited: never started, nothing to undo
    try:
        if transaction:
            with store.transaction():
                result = op(store)
        else:
            result = op(store)
    except BaseException as error:  # the caller decides; the thread serves the next one
        future.set_exception(error)
    else:
        future.set_result(result)


def _nothing(store: WorkshopStore) -> None:
    return None
