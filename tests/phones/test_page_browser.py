"""The participant's page on a phone, in a real browser (Debian's Chromium, driven by
Playwright with a phone's viewport and touch), against the real phones server on loopback.

Skipped only when Chromium, Playwright or axe-core are missing on a developer's machine; in
CI (``CI=true``) a missing piece fails instead (``tests/export/browser.py``).
Screenshots of what is checked: ``WORKSHOP_SCREENSHOTS=folder pytest tests/phones``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from export.browser import axe_script, playwright_chromium

from workshop.model import Ballot, CandidateKind, Idea, Prompt, Team, VoteRound, Workshop
from workshop.phones import views
from workshop.phones.facilitator import join_token
from workshop.phones.limits import RateLimits
from workshop.phones.serve import BackgroundServer
from workshop.store import WorkshopStore
from workshop.store.writer import Writer
from workshop.voting.rounds import close_round, open_round, reveal_round

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = "Pixel 7"
IDEA_JA = "駅前に屋根付きの駐輪場をつくる"


@dataclass
class PhoneRoom:
    """A workshop served to phones on loopback, and the facilitator's hands on it."""

    base_url: str
    token: str
    store: WorkshopStore
    writer: Writer
    prompt_id: str
    teams: list[Team]
    ideas: dict[str, Idea]  # "own" (the first team's) and "other"
    room: views.Room
    round_name: str = "第1回投票"
    round_id: str | None = field(default=None)
    bad_token_text: str = "join code is not valid"

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/?t={self.token}"

    @property
    def team_names(self) -> list[str]:
        return [team.name for team in self.teams]

    @property
    def own_team_idea(self) -> str:
        return self.ideas["own"].title

    @property
    def other_team_idea(self) -> str:
        return self.ideas["other"].title

    @property
    def other_team_idea_id(self) -> str:
        return self.ideas["other"].id

    def idea_titles(self) -> list[str]:
        with self.store.snapshot() as snapshot:
            return [idea.title for idea in snapshot.ideas()]

    def ballots(self) -> list[dict[str, int]]:
        """The counted ballots of the round, each as candidate id -> dots."""
        with self.store.snapshot() as snapshot:
            dots = snapshot.ballot_dots(self.round_id)
            return [{d.candidate_id: d.dots for d in dots if d.ballot_id == ballot.id}
                    for ballot in snapshot.list(Ballot, round_id=self.round_id)
                    if ballot.voided_at is None]

    def open_round(self, *, dots: int, cap: int, negative: int = 0,
                   allow_own_team: bool = True, may_change_ballot: bool = False) -> None:
        made = self.writer.call(lambda s: s.add(VoteRound(
            name=self.round_name, candidate_kind=CandidateKind.PROMPT, prompt_id=self.prompt_id,
            dots_per_voter=dots, max_dots_per_idea=cap, negative_dots=negative,
            allow_own_team=allow_own_team, may_change_ballot=may_change_ballot)))
        self.round_id = made.id
        self.writer.call(lambda s: open_round(s, made.id))

    def close_and_reveal(self) -> None:
        self.writer.call(lambda s: close_round(s, self.round_id))
        self.writer.call(lambda s: reveal_round(s, self.round_id))


@pytest.fixture
def phone_room(tmp_path):
    """The window's own background server (its thread and event loop) on loopback."""
    store = WorkshopStore.create(tmp_path / "room.workshop",
                                 Workshop(title="駅前のまちづくり", languages=("ja", "en")),
                                 device_id="laptop")
    prompt = store.add(Prompt(text="駅前をどう変えたいですか？"))
    teams = [store.add(Team(name="あおぞら")), store.add(Team(name="みどり"))]
    ideas = {"own": store.add(Idea(title="ベンチを増やす", prompt_id=prompt.id,
                                   team_id=teams[0].id)),
             "other": store.add(Idea(title="木陰をつくる", prompt_id=prompt.id,
                                     team_id=teams[1].id))}
    writer = Writer(store)
    token = writer.call(join_token)
    # Limits far above a test's few requests: the page's own pace is what is tested.
    limits = RateLimits(per_phone=1000, phone_burst=1000, total=10_000, total_burst=10_000)
    server = BackgroundServer(store, writer, token, limits=limits)
    port = server.start("127.0.0.1", 0)
    try:
        yield PhoneRoom(f"http://127.0.0.1:{port}", token, store, writer, prompt.id, teams,
                        ideas, server.room)
    finally:
        server.stop()
        writer.close()
        store.close()


@pytest.fixture(scope="module")
def playwright_and_browser():
    with playwright_chromium() as both:
        yield both


@pytest.fixture
def new_phone(playwright_and_browser):
    """A new phone (its own cookies and storage) in Japanese, with touch."""
    playwright, browser = playwright_and_browser
    contexts = []

    def make(locale: str = "ja-JP", **extra):
        context = browser.new_context(**playwright.devices[PHONE], locale=locale, **extra)
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def shoot(page, name: str) -> None:
    folder = os.environ.get("WORKSHOP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"phone-{name}.png"), full_page=True)


def join_team(page, room: PhoneRoom, team: str) -> None:
    page.goto(room.join_url)
    page.get_by_role("radio", name=team).check()
    page.get_by_role("button", name="このチームに入る").tap()
    page.get_by_role("heading", name="アイデア", exact=True).wait_for()


def add_idea(page, title: str) -> None:
    field = page.get_by_label("あなたのアイデア")
    field.tap()
    field.fill(title)
    field.press("Enter")


def axe_violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_AA)
    assert result["passes"], "axe ran no check"
    return [{"id": v["id"], "help": v["help"], "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
            for v in result["violations"]]


def test_join_add_a_japanese_idea_vote_and_see_the_results(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    add_idea(page, IDEA_JA)
    page.get_by_role("status").filter(has_text=f"アイデアを保存しました：{IDEA_JA}").wait_for()
    assert phone_room.idea_titles().count(IDEA_JA) == 1
    page.get_by_role("listitem").filter(has_text=IDEA_JA).wait_for()

    phone_room.open_round(dots=3, cap=2)
    page.get_by_role("heading", name=f"投票：{phone_room.round_name}").wait_for()
    other = phone_room.other_team_idea
    give = page.get_by_role("button", name=f"「{other}」に1票入れる")
    give.tap()
    give.tap()
    remaining = page.locator("#remaining")
    assert "残り：3票中1票" in remaining.inner_text()
    # The cap of 2 on one idea: a third dot there is refused on the page already.
    assert give.get_attribute("aria-disabled") == "true"
    shoot(page, "ballot")
    page.get_by_role("button", name="投票する").tap()
    page.get_by_role("status").filter(has_text="投票を保存しました").wait_for()
    assert phone_room.ballots() == [{phone_room.other_team_idea_id: 2}]

    phone_room.close_and_reveal()
    page.get_by_role("heading", name=f"結果：{phone_room.round_name}").wait_for()
    first = page.locator("#result-list li").first
    assert other in first.inner_text() and "2票" in first.inner_text()
    shoot(page, "results")
    assert page.errors == []


def test_enter_while_the_ime_composes_does_not_add_the_idea(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    field = page.get_by_label("あなたのアイデア")
    field.fill("えきまえ")
    field.dispatch_event("compositionstart")
    field.press("Enter")  # the IME's Enter, which only ends the word
    field.dispatch_event("compositionend")
    assert field.input_value() == "えきまえ"
    assert page.locator("#idea-list li.pending").count() == 0
    field.fill("駅前")
    field.press("Enter")
    page.get_by_role("status").filter(has_text="アイデアを保存しました：駅前").wait_for()
    assert phone_room.idea_titles().count("駅前") == 1
    assert "えきまえ" not in phone_room.idea_titles()


def test_a_phone_offline_keeps_the_idea_as_pending_and_sends_it_once_back(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    page.context.set_offline(True)
    add_idea(page, "オフラインで書いた案")
    pending = page.locator("#idea-list li.pending").filter(has_text="オフラインで書いた案")
    pending.wait_for()
    assert "送信待ち" in pending.inner_text()
    page.get_by_role("status").filter(has_text="接続がありません").wait_for()
    assert "オフラインで書いた案" not in phone_room.idea_titles()

    page.context.set_offline(False)
    page.get_by_role("status").filter(has_text="アイデアを保存しました：オフラインで書いた案").wait_for()
    page.locator("#idea-list li:not(.pending)").filter(has_text="オフラインで書いた案").wait_for()
    assert phone_room.idea_titles().count("オフラインで書いた案") == 1
    assert page.locator("#idea-list li.pending").count() == 0


def test_an_answer_lost_after_the_server_saved_is_retried_with_the_same_key(new_phone, phone_room):
    # The worst case of a dropped connection: the idea is committed but the phone never
    # hears so. It sends again with the same Idempotency-Key; the server must not add a
    # second idea, and the page then says "saved".
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    keys: list[str] = []

    def lose_first_answer(route):
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # reaches the server, which saves the idea
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/ideas", lose_first_answer)
    add_idea(page, "二重にならない案")
    page.locator("#idea-list li.pending").filter(has_text="二重にならない案").wait_for()
    # The browser reports the connection back, as a phone does when the Wi-Fi returns.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_role("status").filter(has_text="アイデアを保存しました：二重にならない案").wait_for()
    assert len(keys) >= 2 and len(set(keys)) == 1
    assert phone_room.idea_titles().count("二重にならない案") == 1


def test_what_is_typed_survives_a_reload(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    page.get_by_label("あなたのアイデア").fill("書きかけの案")
    page.reload()
    page.get_by_role("heading", name="アイデア", exact=True).wait_for()
    assert page.get_by_label("あなたのアイデア").input_value() == "書きかけの案"


def test_the_page_follows_the_browser_language_and_can_switch(new_phone, phone_room):
    page = new_phone(locale="en-GB")
    page.goto(phone_room.join_url)
    page.get_by_role("heading", name="Choose your team").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="日本語").tap()
    page.get_by_role("heading", name="チームを選んでください").wait_for()
    assert page.evaluate("document.documentElement.lang") == "ja"


def test_a_wrong_code_is_refused_and_the_right_one_joins(new_phone, phone_room):
    page = new_phone(locale="en-US")
    page.goto(phone_room.base_url + "/")
    page.get_by_label("Code").fill("not-the-code")
    page.get_by_role("button", name="Join").tap()
    page.get_by_role("alert").filter(has_text=phone_room.bad_token_text).wait_for()
    page.get_by_label("Code").fill(phone_room.token)
    page.get_by_role("button", name="Join").tap()
    page.get_by_role("heading", name="Choose your team").wait_for()


def test_own_team_rule_and_negative_dots_on_the_page(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    phone_room.open_round(dots=2, cap=1, negative=1, allow_own_team=False)
    page.get_by_role("heading", name=f"投票：{phone_room.round_name}").wait_for()
    own = phone_room.own_team_idea
    assert page.get_by_role("button", name=f"「{own}」に1票入れる").get_attribute(
        "aria-disabled") == "true"
    other = phone_room.other_team_idea
    page.get_by_role("button", name=f"「{other}」から1票減らす").tap()
    assert "マイナス票の残り：1票中0票" in page.locator("#remaining").inner_text()
    page.get_by_role("button", name="投票する").tap()
    page.get_by_role("status").filter(has_text="投票を保存しました").wait_for()
    assert phone_room.ballots() == [{phone_room.other_team_idea_id: -1}]


@pytest.mark.parametrize("step", ["join", "team", "ideas", "ballot", "results"])
def test_axe_finds_no_violations(new_phone, phone_room, step):
    axe_source = axe_script()
    # axe is injected past the page's policy (which rightly refuses any script of others).
    page = new_phone(bypass_csp=True)
    if step == "join":
        page.goto(phone_room.base_url + "/")
        page.get_by_role("heading", name="ワークショップに参加").wait_for()
    elif step == "team":
        page.goto(phone_room.join_url)
        page.get_by_role("radio").first.wait_for()
    else:
        join_team(page, phone_room, phone_room.team_names[0])
        add_idea(page, IDEA_JA)
        page.get_by_role("status").filter(has_text="アイデアを保存しました").wait_for()
        if step in ("ballot", "results"):
            phone_room.open_round(dots=3, cap=2, negative=1)
            page.get_by_role("heading", name=f"投票：{phone_room.round_name}").wait_for()
            page.get_by_role("button", name=f"「{phone_room.other_team_idea}」に1票入れる").tap()
        if step == "results":
            page.get_by_role("button", name="投票する").tap()
            page.get_by_role("status").filter(has_text="投票を保存しました").wait_for()
            phone_room.close_and_reveal()
            page.get_by_role("heading", name=f"結果：{phone_room.round_name}").wait_for()
    assert axe_violations(page, axe_source) == []


def test_at_200_percent_text_the_page_reflows_and_still_votes(new_phone, phone_room):
    # A phone's largest text setting doubles the root font size; nothing may need sideways
    # scrolling, and every control must still be reachable and work.
    page = new_phone(bypass_csp=True)
    join_team(page, phone_room, phone_room.team_names[0])
    page.add_style_tag(content="html { font-size: 225% !important; }")  # 200 % of 112.5 %
    add_idea(page, IDEA_JA)
    page.get_by_role("status").filter(has_text="アイデアを保存しました").wait_for()
    phone_room.open_round(dots=3, cap=2)
    page.get_by_role("heading", name=f"投票：{phone_room.round_name}").wait_for()
    page.get_by_role("button", name=f"「{phone_room.other_team_idea}」に1票入れる").tap()
    shoot(page, "text-200")
    content, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert content <= viewport
    # The remaining dots stay in view while the list scrolls (position: sticky).
    cast = page.get_by_role("button", name="投票する")
    cast.scroll_into_view_if_needed()
    box = page.locator("#remaining").bounding_box()
    assert box is not None and box["y"] >= -1 and box["y"] < page.viewport_size["height"]
    cast.tap()
    page.get_by_role("status").filter(has_text="投票を保存しました").wait_for()
    assert phone_room.ballots() == [{phone_room.other_team_idea_id: 1}]


def test_the_page_runs_under_a_strict_policy(new_phone, phone_room):
    page = new_phone()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto(phone_room.join_url)
    page.get_by_role("radio").first.wait_for()
    assert not [m for m in messages if "Content Security Policy" in m]
    assert page.errors == []
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy or "default-src 'self'" in policy


def test_the_team_sheet_code_puts_the_phone_in_that_team(new_phone, phone_room):
    page = new_phone()
    page.goto(f"{phone_room.join_url}&team={phone_room.teams[1].id}")
    page.get_by_role("heading", name="アイデア", exact=True).wait_for()
    page.get_by_text(f"あなたのチーム：{phone_room.team_names[1]}").wait_for()
    # Its team's ideas, not the other team's.
    page.get_by_role("listitem").filter(has_text=phone_room.other_team_idea).wait_for()
    assert page.get_by_role("listitem").filter(has_text=phone_room.own_team_idea).count() == 0


def test_while_phones_are_paused_an_idea_waits_and_goes_once_resumed(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    phone_room.room.paused = True
    add_idea(page, "休憩中に書いた案")
    page.locator("#idea-list li.pending").filter(has_text="休憩中に書いた案").wait_for()
    page.get_by_role("alert").filter(has_text="一時停止").wait_for()
    assert "休憩中に書いた案" not in phone_room.idea_titles()
    assert "保存しました" not in page.locator("#status").inner_text()

    phone_room.room.paused = False
    page.get_by_role("status").filter(has_text="アイデアを保存しました：休憩中に書いた案").wait_for()
    assert phone_room.idea_titles().count("休憩中に書いた案") == 1
    page.get_by_role("alert").filter(has_text="一時停止").wait_for(state="detached")


def test_an_unsent_idea_survives_a_reload_and_is_sent_once(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    page.route("**/api/v1/ideas", lambda route: route.abort("internetdisconnected"))
    add_idea(page, "再読み込みしても残る案")
    page.locator("#idea-list li.pending").filter(has_text="再読み込みしても残る案").wait_for()
    page.unroute("**/api/v1/ideas")
    page.reload()
    page.get_by_role("status").filter(has_text="アイデアを保存しました：再読み込みしても残る案").wait_for()
    assert phone_room.idea_titles().count("再読み込みしても残る案") == 1


def test_a_round_that_allows_it_lets_the_phone_change_its_ballot(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    phone_room.open_round(dots=2, cap=2, may_change_ballot=True)
    page.get_by_text("ラウンドが終わるまで投票を変えられます。").first.wait_for()
    other, own = phone_room.other_team_idea, phone_room.own_team_idea
    page.get_by_role("button", name=f"「{other}」に1票入れる").tap()
    page.get_by_role("button", name="投票する").tap()
    page.get_by_role("status").filter(has_text="投票を保存しました").wait_for()
    page.get_by_text("このラウンドでは投票済みです。").wait_for()
    # The saved ballot is shown again, to change: one dot moves to the own team's idea.
    assert page.locator(f"#dots-{phone_room.other_team_idea_id}").inner_text() == "1票"
    page.get_by_role("button", name=f"「{own}」に1票入れる").tap()
    page.get_by_role("button", name="投票する").tap()
    page.get_by_role("status").filter(has_text="投票を保存しました").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('#ballot-state').textContent.includes('送信')")
    assert phone_room.ballots() == [{phone_room.other_team_idea_id: 1,
                                     phone_room.ideas["own"].id: 1}]


def test_on_a_plain_http_address_the_keys_still_are_random_uuids(new_phone, phone_room):
    # Loopback counts as a secure context, the room's 192.168.x.x address does not: there
    # crypto.randomUUID is missing, and the page must make its keys another way.
    page = new_phone()
    page.add_init_script("delete Crypto.prototype.randomUUID")
    keys: list[str] = []
    page.on("request", lambda request: keys.append(request.headers.get("idempotency-key"))
            if request.url.endswith("/api/v1/ideas") else None)
    join_team(page, phone_room, phone_room.team_names[0])
    assert page.evaluate("typeof crypto.randomUUID") == "undefined"
    add_idea(page, "鍵の代わり")
    add_idea(page, "もう一つ")
    page.get_by_role("status").filter(has_text="アイデアを保存しました：もう一つ").wait_for()
    assert len(keys) == 2 and keys[0] != keys[1]
    for made in keys:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                            made), made
    assert phone_room.idea_titles().count("鍵の代わり") == 1


def test_a_title_over_the_laptops_limit_is_refused_on_the_phone_and_kept(new_phone, phone_room):
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    # 𠮷 is two UTF-16 units but one character, as the laptop counts: 300 of them fit.
    fits, too_long = "𠮷" * 300, "あ" * 301
    add_idea(page, too_long)
    page.get_by_role("alert").filter(has_text="301文字").wait_for()
    assert page.get_by_label("あなたのアイデア").input_value() == too_long
    assert page.locator("#idea-list li.pending").count() == 0
    page.get_by_label("あなたのアイデア").fill(fits)
    page.get_by_label("あなたのアイデア").press("Enter")
    page.locator("#idea-list li:not(.pending)").filter(has_text=fits).wait_for()
    assert phone_room.idea_titles().count(fits) == 1


def test_polling_leaves_unchanged_lists_alone_for_a_screen_reader(new_phone, phone_room):
    # A list rebuilt at every poll sends a screen reader's reading position back to the top.
    page = new_phone()
    join_team(page, phone_room, phone_room.team_names[0])
    page.get_by_role("listitem").filter(has_text=phone_room.own_team_idea).wait_for()
    page.evaluate("document.querySelector('#idea-list li').dataset.seen = 'yes'")
    for _ in range(2):
        with page.expect_response(lambda r: r.url.endswith("/api/v1/state")):
            pass
    assert page.evaluate("document.querySelector('#idea-list li').dataset.seen") == "yes"
    # A new idea (here from the laptop) does change the list.
    laptop_idea = Idea(title="ノートPCから", prompt_id=phone_room.prompt_id,
                       team_id=phone_room.teams[0].id)
    phone_room.writer.call(lambda s: s.add(laptop_idea))
    page.get_by_role("listitem").filter(has_text="ノートPCから").wait_for()


def test_on_the_english_page_japanese_ideas_are_marked_japanese_and_pass_axe(new_phone,
                                                                            phone_room):
    page = new_phone(locale="en-US", bypass_csp=True)
    page.goto(f"{phone_room.join_url}&team={phone_room.teams[0].id}")
    page.get_by_role("heading", name="Ideas", exact=True).wait_for()
    phone_room.open_round(dots=3, cap=2, negative=1, allow_own_team=False)
    page.get_by_role("heading", name=f"Vote: {phone_room.round_name}").wait_for()
    idea = page.locator("#idea-list li span").filter(has_text=phone_room.own_team_idea).first
    assert idea.get_attribute("lang") == "ja"
    assert page.locator("#candidates [lang='ja']").count() == 2
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_text("You also have 1 negative dot for an idea you oppose.").wait_for()
    page.get_by_role("button", name=f"Give a dot to {phone_room.other_team_idea}").tap()
    assert page.locator(f"#dots-{phone_room.other_team_idea_id}").inner_text() == "1 dot"
    assert "Dots left: 2 of 3" in page.locator("#remaining").inner_text()
    shoot(page, "english")
    assert axe_violations(page, axe_script()) == []
