"""Workshops to print: the demo (Japanese and English) and large generated ones."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from workshop.demo import demo_workshop, fill_demo, scenario
from workshop.model import Cluster, Idea, Photo, Prompt, Team, Workshop
from workshop.store import WorkshopStore

LONG_JA = ("駅前広場の北側に、季節ごとに植え替える花壇と木陰のベンチを"
           "組み合わせた小さな庭をつくり、高齢者や子ども連れが夏でも涼しく"
           "休めるようにして、週末には地域の団体が交代で手入れをする仕組みにしたい")
LONG_EN = ("Turn the north side of the station square into a small garden that combines "
           "seasonal flower beds with shaded benches, so that older people and families can "
           "rest in the cool even in summer, looked after at weekends by local groups in turn")


def demo_store(lang: str) -> WorkshopStore:
    """The demo workshop in memory (the same records ``workshop demo`` writes)."""
    data = scenario()
    store = WorkshopStore.in_memory(demo_workshop(data, lang))
    with store.transaction():
        fill_demo(store, data, lang)
    return store


@pytest.fixture
def demo_ja():
    store = demo_store("ja")
    yield store
    store.close()


@pytest.fixture
def demo_en():
    store = demo_store("en")
    yield store
    store.close()


def jpeg(width: int = 320, height: int = 200, colour: str = "#4e79a7") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


def photo(caption: str, *, internal: bool = False, **links) -> Photo:
    return Photo(caption=caption, data=jpeg(), width=320, height=200, internal=internal,
                 **links)


def big_workshop(ideas: int, *, lang: str = "ja") -> WorkshopStore:
    """A workshop with ``ideas`` ideas over 3 prompts, 10 teams and 20 clusters, Japanese or
    English, each idea with two sentences of details."""
    ja = lang == "ja"
    store = WorkshopStore.in_memory(Workshop(
        title="大きなワークショップ" if ja else "A large workshop", languages=(lang,),
        date="2026-11-14", start_time="10:00", end_time="17:00",
        platform_url="https://participation.example.org/processes/big"))
    with store.transaction():
        prompts = [store.add(Prompt(text=(f"問い{n + 1}：駅前広場をどうしたいですか？" if ja
                                          else f"Question {n + 1}: what should the square be?"),
                                    position=n)) for n in range(3)]
        teams = [store.add(Team(name=f"チーム{n + 1}" if ja else f"Team {n + 1}", members=5,
                                position=n)) for n in range(10)]
        clusters = [store.add(Cluster(name=f"グループ{n + 1}" if ja else f"Group {n + 1}",
                                      position=n)) for n in range(20)]
        for n in range(ideas):
            title = (f"アイデア{n + 1}：木陰のベンチで本が読める広場にしたい" if ja
                     else f"Idea {n + 1}: a square with shaded benches for reading")
            details = ("夏でも涼しく座れる場所がほしい。本の交換棚があるとうれしい。" if ja
                       else "Somewhere cool to sit in summer. A book-swap shelf would be welcome.")
            store.add(Idea(title=title, details=details, prompt_id=prompts[n % 3].id,
                           team_id=teams[n % 10].id, cluster_id=clusters[n % 20].id,
                           position=n))
    return store


AWKWARD_TITLES = [
    "市民ワークショップで読める広場をつくるための具体的な提案について（駅前広場・北側）",
    "𠮷野さんと髙﨑さんと﨑山さんの提案：𩸽の干物を売る朝市🐟を毎月第2日曜日に開く",
    "葛\U000e0100城市の「葛\U000e0101飾」さんから：ベンチ❤\ufe0fと木陰🌳がほしい",
    "ｶﾀｶﾅﾃﾞ ｶｲﾀ ｱｲﾃﾞｱ：ﾍﾞﾝﾁ ｦ ﾌﾔｼﾃ ﾎｼｲ",
    "「「駅前」」（（仮称））『広場』【重要】〔案〕――……という名前はどうでしょう？！",
    "Bilingual signs 案内板を日本語・English・한국어・简体中文・Tiếng Việt で",
    "See https://www.city.minato.example.jp/kurashi/machizukuri/ekimae-hiroba/ideas?id=12345"
    " for details",
    "Supercalifragilisticexpialidocious-and-a-very-long-hyphenated-English-word-that-never-ends",
    "子ども38人と高齢者1,200人が使う、幅2.5mの歩道と70%の木陰",
]
AWKWARD_DETAILS = [
    "詳細\tタブ区切り\tの説明です。" + "とても長い説明が続きます。" * 12,
    "括弧の連続（「テスト」）と、句読点の連続。」「です。",
    "URLは https://example.jp/a/b/c を参照（2026年11月14日（土）13:30〜）",
]


def awkward_workshop(ideas: int = 500, *, lang: str = "ja") -> WorkshopStore:
    """A workshop with everything that is hard to print: very long titles and details, URLs,
    mixed scripts, name kanji (𠮷 髙 﨑 𩸽) and variation sequences, emoji, half-width kana,
    tabs, runs of brackets, teams named with tags, and ``ideas`` ideas."""
    store = WorkshopStore.in_memory(Workshop(
        title="𠮷野町（よしのちょう）の駅前広場を考える市民ワークショップ🌳 第3回",
        languages=(lang,), date="2026-11-14", start_time="10:00", end_time="17:00",
        venue="𠮷野町民会館（2階）大会議室", organiser="𠮷野町 まちづくり課",
        platform_url="https://participation.example.org/processes/yoshino-ekimae-hiroba"))
    with store.transaction():
        prompts = [store.add(Prompt(text=text, position=n)) for n, text in enumerate([
            "問い1：10年後、駅前広場でどんな一日を過ごしたいですか？（自由に）",
            "Question 2: what should the square be? 「広場」に何がほしい？"])]
        teams = [store.add(Team(name=name, members=5, position=n)) for n, name in enumerate([
            "チームA", "髙﨑チーム🐟", "Team 한국", "ﾁｰﾑ ｶﾀｶﾅ", "（仮）チーム"])]
        clusters = [store.add(Cluster(name=name, position=n)) for n, name in enumerate([
            "木陰とベンチ（休む場所）", "Signs & 案内", "𠮷野の朝市"])]
        for n in range(ideas):
            store.add(Idea(title=AWKWARD_TITLES[n % len(AWKWARD_TITLES)],
                           details=AWKWARD_DETAILS[n % len(AWKWARD_DETAILS)],
                           prompt_id=prompts[n % 2].id, team_id=teams[n % 5].id,
                           cluster_id=clusters[n % 3].id, position=n))
    return store
