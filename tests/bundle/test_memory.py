"""Bounded memory on large members: a bundle is streamed through hashing, never held
whole, and photos reach the workshop one at a time. Measured with tracemalloc (every
Python allocation: zipfile's buffers, the bytes read, the records)."""

import os
import tracemalloc

import pytest

from workshop.export.bundle import BundleError, verify_bundle
from workshop.export.merge import import_bundles, import_into_new_file
from workshop.model import Photo
from workshop.rules import MAX_PHOTO_BYTES
from workshop.store import WorkshopStore

from .tools import demo_store, export, members, rebuild

MB = 1024 * 1024


def peak_of(action):
    """The most memory Python held above the start while ``action`` ran."""
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        result = action()
        return tracemalloc.get_traced_memory()[1] - start, result
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A demo bundle with a 96 MB member (a report.pdf of zeros: tiny in the zip)."""
    folder = tmp_path_factory.mktemp("large")
    store = demo_store("ja")
    files = members(export(store, folder / "base.zip"))
    files["report.pdf"] = bytes(96 * MB)
    path = rebuild(folder / "large.zip", files)
    del files
    yield store, path
    store.close()


def test_verifying_a_large_member_holds_a_small_part_of_it(large):
    _store, path = large
    peak, bundle = peak_of(lambda: verify_bundle(path))
    assert bundle.fingerprint
    assert peak < 12 * MB, f"{peak / MB:.1f} MB for a 96 MB member"


def test_importing_a_large_member_holds_a_small_part_of_it(large, tmp_path):
    store, path = large
    target = WorkshopStore.in_memory(store.workshop(), device_id="t")
    peak, _ = peak_of(lambda: import_bundles(target, [path]))
    assert len(target.ideas()) == len(store.ideas())
    assert peak < 16 * MB, f"{peak / MB:.1f} MB for a 96 MB member"
    target.close()


def test_photos_reach_the_workshop_one_at_a_time(tmp_path):
    store = demo_store("ja")
    size = 6 * MB
    for n in range(6):  # 36 MB of photos
        store.add(Photo(caption=f"写真 {n}", mime="image/png", width=1, height=1,
                        data=os.urandom(size)))
    path = export(store, tmp_path / "photos.zip")
    expected = sorted(p.data for p in store.list(Photo))
    store.close()
    peak, _ = peak_of(lambda: import_into_new_file(tmp_path / "new.workshop", [path],
                                                   device_id="t"))
    assert peak < 3 * size, f"{peak / MB:.1f} MB for six photos of 6 MB"
    with WorkshopStore.open(tmp_path / "new.workshop", device_id="t") as copy:
        assert sorted(p.data for p in copy.list(Photo)) == expected


def test_a_photo_larger_than_any_photo_is_refused_before_it_is_read(large, tmp_path):
    store, _ = large
    files = members(export(store, tmp_path / "base.zip"))
    files["photos/huge.png"] = bytes(MAX_PHOTO_BYTES + 1)
    path = rebuild(tmp_path / "huge.zip", files)
    def verify():
        with pytest.raises(BundleError, match="too large") as caught:
            verify_bundle(path)
        return caught

    peak, _ = peak_of(verify)
    assert peak < 4 * MB


def test_a_photo_changed_after_reading_refuses_the_import(tmp_path):
    store = demo_store("ja")
    store.add(Photo(caption="写真", mime="image/png", width=1, height=1, data=b"\x89PNG one"))
    path = export(store, tmp_path / "p.zip")
    files = members(path)
    store.close()
    import workshop.export.merge as merge_module
    read = merge_module.read_bundle

    def then_swapped(*args, **kwargs):
        bundle = read(*args, **kwargs)
        swapped = dict(files)
        (name,) = [n for n in files if n.startswith("photos/")]
        swapped[name] = b"\x89PNG two"
        rebuild(path, swapped, fix=False)
        return bundle

    merge_module.read_bundle = then_swapped
    try:
        with pytest.raises(BundleError, match="changed while it was being imported"):
            import_into_new_file(tmp_path / "new.workshop", [path], device_id="t")
    finally:
        merge_module.read_bundle = read
    assert not (tmp_path / "new.workshop").exists()
