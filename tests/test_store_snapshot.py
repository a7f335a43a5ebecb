"""store.snapshot(): one version of the data, read-only, on a connection of its own."""

from __future__ import annotations

import dataclasses
import hashlib
import threading

import pytest

from workshop.errors import WorkshopFileError
from workshop.model import Idea, Photo, Prompt, Workshop
from workshop.store import StoreSnapshot, WorkshopStore


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "w.workshop"
    with WorkshopStore.create(path, Workshop(title="t"), device_id="a") as store:
        prompt = store.add(Prompt(text="p"))
        store.add(Idea(title="first", prompt_id=prompt.id))
    return path


def test_a_snapshot_does_not_see_writes_made_after_it_began(path):
    with WorkshopStore.open(path, device_id="a") as store, store.snapshot() as data:
        assert [i.title for i in data.ideas()] == ["first"]
        store.add(Idea(title="second"))
        store.update(dataclasses.replace(store.workshop(), title="new"))
        assert [i.title for i in data.ideas()] == ["first"]
        assert [i.title for i in data.list(Idea, include_deleted=True)] == ["first"]
        assert data.workshop().title == "t"
        assert data.counts()["ideas"] == 1  # a query, not the loaded list
        assert len(store.ideas()) == 2


def test_another_connection_writing_meanwhile_is_not_seen(path):
    with WorkshopStore.open(path, device_id="a") as writer, \
            WorkshopStore.open(path, device_id="b", read_only=True) as reader, \
            reader.snapshot() as data:
        writer.add(Idea(title="second"))
        assert len(reader.ideas()) == 2  # the live store sees it
        assert [i.title for i in data.ideas()] == ["first"]
        assert data.counts()["ideas"] == 1
    with WorkshopStore.open(path, device_id="b", read_only=True) as reader, \
            reader.snapshot() as data:
        assert len(data.ideas()) == 2  # a new snapshot: the new version


def test_a_snapshot_refuses_writes(path):
    with WorkshopStore.open(path, device_id="a") as store, store.snapshot() as data:
        assert isinstance(data, StoreSnapshot)
        for write in (lambda: data.add(Idea(title="x")), lambda: data.delete(Idea, "x"),
                      lambda: data.transaction(), lambda: data.set_platform_setting("k", "1"),
                      lambda: data.records.add(Idea(title="x"))):
            with pytest.raises(WorkshopFileError):
                write()
        with data.snapshot() as same:  # a snapshot of a snapshot is itself
            assert same is data
    with WorkshopStore.open(path, device_id="a") as store:
        assert [i.title for i in store.ideas()] == ["first"]


def test_filters_read_as_the_store_reads(path):
    with WorkshopStore.open(path, device_id="a") as store:
        prompt = store.list(Prompt)[0]
        other = store.add(Idea(title="none"))
        store.delete(Idea, other.id)
        with store.snapshot() as data:
            for kwargs in ({}, {"prompt_id": prompt.id}, {"prompt_id": None},
                           {"title": "first"}):
                assert data.ideas(**kwargs) == store.ideas(**kwargs)
            assert data.list(Idea, include_deleted=True) == store.list(
                Idea, include_deleted=True)
            with pytest.raises(TypeError):
                data.ideas(colour="red")


def test_photos_are_read_from_the_file_when_used_in_chunks(path):
    content = b"\xff\xd8" + bytes(range(256)) * 9000  # over two chunks
    with WorkshopStore.open(path, device_id="a") as store:
        stored = store.add(Photo(caption="c", data=content, width=1, height=1))
        with store.snapshot() as data:
            [photo] = data.list(Photo)
            store.update(dataclasses.replace(stored, data=b"\xff\xd8changed"))
            assert photo.id == stored.id and len(photo.data) == len(content)
            assert bytes(photo.data) == content
            assert b"".join(photo.data.chunks()) == content
            assert photo.data.sha256 == hashlib.sha256(content).hexdigest()
            # Another thread may read it (the bundle's zip thread does).
            read = []
            thread = threading.Thread(target=lambda: read.append(bytes(photo.data)))
            thread.start()
            thread.join()
            assert read == [content]


def test_a_store_in_memory_has_snapshots_too():
    store = WorkshopStore.in_memory(Workshop(title="m"))
    store.add(Idea(title="one"))
    with store.snapshot() as data:
        store.add(Idea(title="two"))
        assert [i.title for i in data.ideas()] == ["one"]
        assert data.workshop().title == "m"
    store.close()
