"""Workshops of a given size for the benchmarks: the demo, or N ideas (and photos)."""

from __future__ import annotations

import os
from pathlib import Path

from workshop.model import Cluster, Idea, Photo, Prompt, Team, Workshop
from workshop.store import WorkshopStore

SIZES = ("demo", 2_000, 20_000)  # what each benchmark measures: the sizes
_TITLES = ("駅前にベンチを増やす", "子ども食堂の場所を知らせる 🍙", "防災マップを多言語に",
           "𠮷野町のバス停に屋根を", "Café を公民館に 🌱", "夜道の街灯を明るく✨")


def make_workshop(path: Path, ideas: int | str, *, photos: int = 0) -> Path:
    """A workshop file: the demo (``ideas="demo"``), or ``ideas`` ideas on 4 prompts, 10
    teams and 20 clusters; with ``photos`` photos as large as the app stores them (2000
    pixels, JPEG quality 85) and of noise, which compresses worst (about 3 MiB each)."""
    if ideas == "demo":
        from workshop.demo import create_demo

        create_demo(path, lang="ja", device_id="bench").close()
        ideas = 0
    else:
        WorkshopStore.create(path, Workshop(title="ベンチマーク", languages=("ja", "en"),
                                            attendees=120), device_id="bench").close()
    with WorkshopStore.open(path, device_id="bench") as store, store.transaction():
        prompts = store.list(Prompt) or [store.add(Prompt(text=f"問い {n + 1}", position=n))
                                         for n in range(4)]
        teams = store.list(Team) or [store.add(Team(name=f"チーム {n + 1}", position=n))
                                     for n in range(10)]
        clusters = [store.add(Cluster(name=f"グループ {n + 1}", position=100 + n))
                    for n in range(20 if ideas else 0)]
        for n in range(int(ideas)):
            store.add(Idea(
                title=f"{_TITLES[n % len(_TITLES)]} ({n})",
                details="詳しくは付箋を参照。\n二行目も。" if n % 3 == 0 else "",
                prompt_id=prompts[n % len(prompts)].id, team_id=teams[n % len(teams)].id,
                cluster_id=clusters[n % 20].id if n % 5 else None, position=n))
        for n in range(photos):
            store.add(Photo(caption=f"模造紙 {n + 1}", mime="image/jpeg", width=2000,
                            height=1500, data=_jpeg(2000, 1500),
                            team_id=teams[n % len(teams)].id))
    return path


def _jpeg(width: int, height: int) -> bytes:
    import io

    from PIL import Image  # reportlab's dependency

    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        out, "JPEG", quality=85)
    return out.getvalue()
