"""Workshops at the sizes a merged event reaches, for the benchmarks.

``make_workshop(path, ideas)`` writes the demo workshop (its prompts, teams, clusters,
agenda, notes and closed, revealed paper round) and then fills it up to ``ideas`` ideas,
spread over the demo's prompts, teams and clusters as a day's tables spread them (some
not yet clustered, some with details), with a note for every fifty ideas. Everything goes
through the store (one transaction for the extra records), so the file is what the app
itself would have written; 20,000 ideas take a few seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.store_bench import _TITLES

DEMO = 0  # ``make_workshop(path, DEMO)``: the demo as it is (28 ideas)
SIZES = (DEMO, 2_000, 20_000)  # what each benchmark measures: the sizes
NOTE_EVERY = 50  # one note (decision, question, ...) for this many ideas
UNCLUSTERED_EVERY = 9  # one idea in nine still waits for its cluster


def make_workshop(path: Path, ideas: int, *, lang: str = "ja", device_id: str = "bench",
                  photos: int = 0) -> Path:
    """A workshop file at ``path`` with ``ideas`` ideas in all (at least the demo's); with
    ``photos`` photos as large as the app stores them (2000 pixels, JPEG quality 85) and of
    noise, which compresses worst (about 3 MiB each)."""
    from workshop.demo import create_demo
    from workshop.model import Cluster, Idea, Note, NoteKind, Photo, Prompt, Team

    store = create_demo(path, lang=lang, device_id=device_id)
    try:
        prompts = store.list(Prompt)
        teams = store.list(Team)
        clusters = store.list(Cluster)
        have = len(store.ideas())
        kinds = list(NoteKind)
        with store.transaction():  # one commit: a merged event arrives as one import
            for n in range(have, ideas):
                cluster = (None if n % UNCLUSTERED_EVERY == 0
                           else clusters[n % len(clusters)].id)
                store.add(Idea(
                    title=f"{_TITLES[n % len(_TITLES)]} {n}",
                    details="詳しくは付箋を参照。" if n % 3 == 0 else "",
                    prompt_id=prompts[n % len(prompts)].id, team_id=teams[n % len(teams)].id,
                    cluster_id=cluster, position=n))
                if n % NOTE_EVERY == 0:
                    store.add(Note(kind=kinds[n % len(kinds)], text=f"記録 {n}: 次回までに確認",
                                   team_id=teams[n % len(teams)].id))
            for n in range(photos):
                store.add(Photo(caption=f"模造紙 {n + 1}", mime="image/jpeg", width=2000,
                                height=1500, data=_jpeg(2000, 1500),
                                team_id=teams[n % len(teams)].id))
    finally:
        store.close()
    return path


def workshop_copy(path: Path, copy: Path) -> Path:
    """A second file with the same content (for a floor measured on its own file)."""
    from workshop.store import WorkshopStore

    with WorkshopStore.open(path, device_id="bench", read_only=True) as store:
        store.save_copy(copy)
    return copy


def _jpeg(width: int, height: int) -> bytes:
    import io

    from PIL import Image  # reportlab's dependency

    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        out, "JPEG", quality=85)
    return out.getvalue()
