"""Helpers for the bundle tests: demo workshops, bundles taken apart and put together."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from workshop.demo import demo_workshop, fill_demo, scenario
from workshop.export.bundle import DATA, MANIFEST, write_bundle
from workshop.export.common import ExportSettings
from workshop.export.snapshot import fingerprint, snapshot
from workshop.model import Idea, Prompt, RoundStatus, Team, VoteRound
from workshop.photos import photo_from_bytes
from workshop.store import WorkshopStore
from workshop.voting import cast_ballot, close_round, open_round, reveal_round, void_last_ballot


def demo_store(lang: str = "ja", device_id: str = "laptop-a") -> WorkshopStore:
    """The demo workshop in memory (the same records ``workshop demo`` writes)."""
    data = scenario()
    store = WorkshopStore.in_memory(demo_workshop(data, lang), device_id=device_id)
    with store.transaction():
        fill_demo(store, data, lang)
    return store


def add_digital_round(store: WorkshopStore) -> VoteRound:
    """A revealed round on the second prompt: four ballots (one voided), a photo too."""
    prompt = store.list(Prompt)[1]
    vote_round = store.add(VoteRound(name="Round 2", prompt_id=prompt.id, dots_per_voter=3,
                                     max_dots_per_idea=2))
    open_round(store, vote_round.id)
    ideas = [i.id for i in store.ideas(prompt_id=prompt.id)]
    team = store.list(Team)[0]
    cast_ballot(store, vote_round.id, {ideas[0]: 2, ideas[1]: 1}, team_id=team.id)
    cast_ballot(store, vote_round.id, {ideas[1]: 2})
    cast_ballot(store, vote_round.id, {ideas[2]: 1})
    void_last_ballot(store, vote_round.id, "pressed twice")
    cast_ballot(store, vote_round.id, {ideas[0]: 1, ideas[2]: 2})
    close_round(store, vote_round.id)
    reveal_round(store, vote_round.id)
    image = Image.new("RGB", (40, 30), (200, 120, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    store.add(photo_from_bytes(out.getvalue(), caption="Sheet of table A", team_id=team.id))
    return store.get(VoteRound, vote_round.id)


def export(store: WorkshopStore, path: Path, *, lang: str = "ja", profile: str | None = None,
           **options) -> Path:
    options.setdefault("include_report", False)  # the PDF has its own tests; keep these fast
    write_bundle(store, path, ExportSettings(lang=lang, profile=profile), **options)
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rebuild(path: Path, files: dict[str, bytes], *, fix: bool = True,
            manifest: Callable[[dict], None] | None = None) -> Path:
    """A zip of ``files``; with ``fix`` the manifest is made to match them (sizes, checksums,
    fingerprint), so the test reaches the checks behind the checksums."""
    files = dict(files)
    data = json.loads(files[MANIFEST])
    if fix:
        data["files"] = [{"path": name, "size": len(content),
                          "sha256": hashlib.sha256(content).hexdigest()}
                         for name, content in files.items() if name != MANIFEST]
        with contextlib.suppress(ValueError, RecursionError, KeyError, TypeError):
            data["fingerprint"] = fingerprint(json.loads(files[DATA]))
    if manifest:
        manifest(data)
    files[MANIFEST] = json.dumps(data, ensure_ascii=False).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def with_data(source: Path, target: Path, change: Callable[[dict], None]) -> Path:
    """A copy of a bundle whose workshop.json was changed, checksums made to match."""
    files = members(source)
    data = json.loads(files[DATA])
    change(data)
    files[DATA] = json.dumps(data, ensure_ascii=False).encode()
    return rebuild(target, files)


def state(store: WorkshopStore) -> tuple:
    """Everything an import could change: the data, the merge history, platform settings."""
    return (fingerprint(snapshot(store)), store.merge_history(), store.platform_settings())


def idea_titled(store: WorkshopStore, title: str) -> Idea:
    (idea,) = [i for i in store.ideas() if i.title == title]
    return idea


def closed(vote_round: VoteRound) -> bool:
    return vote_round.status is RoundStatus.CLOSED
