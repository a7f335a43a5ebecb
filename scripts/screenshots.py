#!/usr/bin/env python3
"""Screenshots of the workshop day at 1366×768, in Japanese and English, from the demo
workshop: every page, then the day's states – capture in shared-laptop mode, the board mid-sort,
notes and photos, a ballot, paper tally, results, the projector, a 30-candidate round revealed
(ballot, results, projector), and export.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]      (default: out/screenshots)

Runs on the offscreen platform (no screen needed); look at the PNGs it writes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from workshop.demo import create_demo
from workshop.i18n import gettext_for
from workshop.ui import style
from workshop.ui.app import QtTranslations, create_app
from workshop.ui.dialogs import Dialogs
from workshop.ui.mainwindow import MainWindow
from workshop.ui.settings import Settings

SIZE = (1366, 768)  # the most common laptop screen in Japanese city halls


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(out: Path, lang: str, work: Path, app: QApplication) -> list[Path]:
    os.environ["WORKSHOP_CONFIG_DIR"] = str(work / f"config-{lang}")
    path = work / f"demo-{lang}.workshop"
    create_demo(path, lang=lang, device_id="screenshots").close()
    window = MainWindow(settings=Settings(work / f"settings-{lang}.ini"), lang=lang,
                        translations=QtTranslations(app), device_id="screenshots",
                        dialogs=Dialogs(gettext_for(lang)))
    window.resize(*SIZE)
    window.show()
    settle(app)
    written = [out / f"{lang}-start.png"]
    window.grab().save(str(written[-1]))
    window.open_path(path)
    settle(app)
    for row, page in enumerate(window.pages):
        window.show_page(row)
        settle(app)
        written.append(out / f"{lang}-{row + 1}-{page.key}.png")
        window.grab().save(str(written[-1]))
    extra = getattr(sys.modules[__name__], "EXTRA_SHOTS", [])
    for shot in extra:  # pages and windows registered by their authors below
        written.extend(shot(window, out, lang, app))
    window.close_workshop()
    window.close()
    return written


EXTRA_SHOTS: list = []


def timer_and_projector(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """The timer bar and the projector view (1920×1080), counting and over time."""
    now = [0.0]
    window.timer.clock = lambda: now[0]  # a set time, not the real clock
    window.show_page(1)
    projector = window.projector_view()
    projector.resize(1920, 1080)
    projector.show()
    window.timer.start()
    written = []
    for name, seconds in (("", 7 * 60 + 25), ("-over", 13 * 60 + 12)):
        now[0] += seconds
        window.timer.tick()
        settle(app)
        written += [out / f"{lang}-timer-bar{name}.png", out / f"{lang}-projector{name}.png"]
        window.timer_bar.grab().save(str(written[-2]))
        projector.grab().save(str(written[-1]))
    window.timer.reset_item()
    projector.close()
    return written


EXTRA_SHOTS.append(timer_and_projector)


def sticky_sheet(path: Path, size: tuple[int, int], seed: int, paper=(246, 244, 236)) -> Path:
    """A stand-in for a phone photo of a flip-chart sheet covered in sticky notes."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(image)
    w, h = size
    note = w // 9
    for row in range(3):
        for column in range(6):
            x = w // 14 + column * (note + w // 30) + rng.randint(-14, 14)
            y = h // 8 + row * (note + h // 14) + rng.randint(-14, 14)
            colour = rng.choice(["#fff176", "#f48fb1", "#81d4fa", "#a5d6a7", "#ffcc80"])
            draw.rectangle([x, y, x + note, y + note], fill=colour)
            for line in range(3):
                ly = y + note // 4 + line * note // 5
                draw.line([x + note // 8, ly, x + note - note // 6 - rng.randint(0, 40), ly],
                          fill=(40, 40, 60), width=max(2, note // 40))
    image.save(path, "JPEG", quality=90)
    return path


def wait_until(condition, timeout_ms: int = 30_000) -> None:
    """Run the event loop until ``condition()`` holds (background work done)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    loop, poll, clock = QEventLoop(), QTimer(), QElapsedTimer()
    clock.start()
    poll.timeout.connect(lambda: (condition() or clock.elapsed() > timeout_ms) and loop.quit())
    poll.start(20)
    loop.exec()
    poll.stop()


def notes_and_photos(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """The Notes page with a note being edited, and its photos tab with three photos."""
    import dataclasses

    from workshop.model import Photo, Team

    page = window.page("notes")
    window.show_page(window.pages.index(page))
    work = Path(tempfile.mkdtemp())
    files = [sticky_sheet(work / f"sheet-{n}.jpg", (3000, 2000), n) for n in range(3)]
    page.add_photo_files(files)
    wait_until(lambda: not page.photos.busy and not page.photos.model.busy)
    session = window.session
    captions = {"ja": ["A テーブルの模造紙", "B テーブル：交通の整理", "全体討議のホワイトボード"],
                "en": ["Table A's flip chart", "Table B: sorting out traffic",
                       "Whiteboard of the plenary"]}[lang]
    teams = session.store.list(Team)
    for photo, caption, team in zip(session.store.list(Photo), captions,
                                    [teams[0].id, teams[1].id, None], strict=True):
        session.update(dataclasses.replace(photo, caption=caption, team_id=team))
    settle(app)
    wait_until(lambda: not page.photos.model.busy)  # thumbnails, made in the background
    page.photos.select(session.store.list(Photo)[1].id)
    settle(app)
    written = [out / f"{lang}-notes-photos.png"]
    window.grab().save(str(written[-1]))
    page.photos.view_current()
    page.photos.preview.resize(1280, 800)
    settle(app)
    written.append(out / f"{lang}-notes-photo-large.png")
    page.photos.preview.grab().save(str(written[-1]))
    page.photos.preview.close()
    page.tabs.setCurrentIndex(0)
    page.notes.table.selectRow(1)
    page.notes.edit_selected()
    settle(app)
    written.append(out / f"{lang}-notes-editing.png")
    window.grab().save(str(written[-1]))
    page.notes.cancel_edit()
    return written


EXTRA_SHOTS.append(notes_and_photos)


def board_at_work(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """The Board page mid-sort: a merged idea (both teams, a stack of cards), one idea
    moved by keyboard, the Ctrl+M cluster picker, and a search."""
    page = window.page("board")
    window.show_page(window.pages.index(page))
    settle(app)
    keys = page.board.column_keys()
    first, second = page.board.column(keys[1]), page.board.column(keys[2])
    page.select_ideas(keys[1], [first.idea(0).id, first.idea(2).id])
    page.merge_selection()
    page.select_ideas(keys[2], [second.idea(1).id])
    page.move_selection(+1)
    settle(app)
    written = [out / f"{lang}-board-sorting.png"]
    window.grab().save(str(written[-1]))
    menu = page.open_move_menu()
    settle(app)
    written.append(out / f"{lang}-board-move-picker.png")
    menu.grab().save(str(written[-1]))
    menu.close()
    page.filters.search.setText({"ja": "ベンチ", "en": "bench"}[lang])
    settle(app)
    written.append(out / f"{lang}-board-search.png")
    window.grab().save(str(written[-1]))
    page.filters.search.clear()
    return written


EXTRA_SHOTS.append(board_at_work)


def export_page(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """The Export page: its choices; a finished export (files, a warning, "Open folder");
    the clusters' platform ids; and the report of merging another laptop's bundle."""
    import dataclasses

    from workshop.export.bundle import write_bundle
    from workshop.export.common import ExportSettings
    from workshop.model import Idea, Prompt, Team
    from workshop.store import WorkshopStore

    page = window.page("export")
    window.show_page(window.pages.index(page))
    settle(app)
    written = [out / f"{lang}-export-choices.png"]
    window.grab().save(str(written[-1]))

    session, work = window.session, Path(tempfile.mkdtemp())
    prompt, teams = session.store.list(Prompt)[0], session.store.list(Team)
    session.add(Idea(title={"ja": "木陰を増やす 🌳", "en": "More shade 🌳"}[lang],
                     prompt_id=prompt.id, team_id=teams[0].id))  # the font has no emoji
    page.run.set_folder(work / page.run.folder.name)
    page.run.checks["cards"].setChecked(True)
    page.run.start_export()
    wait_until(lambda: not page.run.running)
    settle(app)
    written.append(out / f"{lang}-export-done.png")
    window.grab().save(str(written[-1]))

    page.tabs.setCurrentIndex(1)
    model = page.platform.model
    for row, ids in enumerate(("7", "8", "12")):
        model.setData(model.index(row, 2), ids)
    model.setData(model.index(0, 3), "3")
    settle(app)
    written.append(out / f"{lang}-export-platform.png")
    window.grab().save(str(written[-1]))

    laptop_b = work / "laptop-b.workshop"  # a second laptop, set up from a copy
    session.store.save_copy(laptop_b)
    with WorkshopStore.open(laptop_b, device_id="laptop-b") as other:
        for n in range(3):
            other.add(Idea(title={"ja": f"B テーブルの追加アイデア {n + 1}",
                                  "en": f"Table B's later idea {n + 1}"}[lang],
                           prompt_id=prompt.id, team_id=teams[1].id))
        idea = other.ideas()[0]
        other.update(dataclasses.replace(idea, title=idea.title + " (B)"))
        write_bundle(other, work / "laptop-b.zip", ExportSettings(lang=lang),
                     include_report=False)
    idea = session.store.ideas()[0]  # edited here later too: a conflict
    session.update(dataclasses.replace(idea, title=idea.title + " (A)"))
    page.tabs.setCurrentIndex(2)
    confirm = window.dialogs.confirm
    window.dialogs.confirm = lambda parent, text: True  # the question is a modal dialog
    try:
        page.imports.try_merge([work / "laptop-b.zip"])
        wait_until(lambda: not page.imports.busy)
    finally:
        window.dialogs.confirm = confirm
    settle(app)
    written.append(out / f"{lang}-export-merge.png")
    window.grab().save(str(written[-1]))
    return written


EXTRA_SHOTS.append(export_page)


def voting_page(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """The Voting page: a new round's rules, voting open (projector), the voter screen
    and its "pass the laptop" step, paper counts with a warning, the demo's revealed
    results with their chart and tie, and the projector showing them."""
    from workshop.model import Team
    from workshop.voting import cast_ballot, change_rules

    page = window.page("voting")
    window.show_page(window.pages.index(page))
    demo_round = page.current_round()
    written: list[Path] = []

    def shot(name: str, widget=None) -> None:
        settle(app)
        written.append(out / f"{lang}-voting-{name}.png")
        (widget or window).grab().save(str(written[-1]))

    page.tabs.setCurrentIndex(2)
    shot("results")
    page.tabs.setCurrentIndex(3)
    shot("chart")
    projector = window.projector_view()
    projector.resize(1920, 1080)
    projector.show()
    shot("projector-results", projector)

    store, dialogs = window.session.store, window.dialogs
    saved = dialogs.confirm, dialogs.ask_text
    dialogs.confirm = lambda parent, text: True  # the questions are modal dialogs
    dialogs.ask_text = lambda parent, title, label, secret=False, text="": ""
    try:
        vote_round = page.new_round()
        change_rules(store, vote_round.id, name={"ja": "第2回 ドット投票（ノートPC）",
                                                 "en": "Round 2 dot vote (laptop)"}[lang],
                     max_dots_per_idea=2)
        window.session.announce("vote_rounds")
        shot("setup")
        page.open_voting()
        teams = store.list(Team)
        ids = vote_round.candidate_ids or page.current_round().candidate_ids
        for n in range(7):
            cast_ballot(store, vote_round.id, {ids[n]: 2, ids[n + 3]: 1}, teams[n % 7].id)
        window.session.announce("ballots")
        shot("open")
        shot("projector-open", projector)

        page.ask_team.setChecked(True)
        page.pass_the_laptop()
        window.showNormal()
        window.resize(*SIZE)
        voter = page.voter
        voter.choose_team(teams[2].id)
        for card, dots in zip(voter.cards, (2, 0, 1, 0, 0, 0, 1), strict=False):
            if dots:
                voter.set_dots(card.candidate.id, dots)
        voter.focus_card(2)
        shot("voter")
        voter.review()
        shot("voter-check")
        voter.confirm()
        shot("voter-pass")
        page.leave_voter_screen()
        window.resize(*SIZE)

        page.tabs.setCurrentIndex(1)
        model = page.paper.model
        for row, count in enumerate((4, 2, 3, 9, 1, 0, 2, 5, 3, 1, 0, 2, 6, 1)):
            model.setData(model.index(row, 1), str(count))
        page.paper.voters.setText("5")
        page.paper.voters.textEdited.emit("5")
        shot("paper")
        page.paper.save()  # confirmed: the counts are kept, with the warning logged
        page.close_voting()
        page.reveal()
        shot("results-mixed")
        page.tabs.setCurrentIndex(3)
        shot("chart-mixed")
        page.tabs.setCurrentIndex(4)
        shot("by-team")
        page.tabs.setCurrentIndex(5)
        shot("log")
    finally:
        dialogs.confirm, dialogs.ask_text = saved
    page.select_round(demo_round.id)
    projector.close()
    return written


EXTRA_SHOTS.append(voting_page)


class AnswerEverything:
    """The window's questions (PIN, confirmations) answered for a script: every question
    is a modal dialog, which would wait for a person."""

    PIN = "2468"

    def __init__(self, dialogs) -> None:
        self.dialogs = dialogs

    def __enter__(self):
        d = self.dialogs
        self.saved = d.confirm, d.ask_text
        d.confirm = lambda parent, text: True
        d.ask_text = lambda parent, title, label, secret=False, text="": self.PIN
        return self

    def __exit__(self, *exc) -> None:
        self.dialogs.confirm, self.dialogs.ask_text = self.saved


def at_laptop_size(window, app: QApplication) -> None:
    """Kiosk and voter modes go full screen: the offscreen screen is not a laptop's."""
    window.showNormal()
    window.resize(*SIZE)
    settle(app)


def kiosk(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """Shared-laptop mode on the Capture page, a team chosen, an idea half typed."""
    page = window.page("capture")
    window.show_page(window.pages.index(page))
    with AnswerEverything(window.dialogs):
        page.enter_kiosk()
        at_laptop_size(window, app)
        page.choose_team_number(3)
        page.idea_title.setText({"ja": "駅前に屋根付きの駐輪場", "en": "A covered bike park"}[lang])
        settle(app)
        written = [out / f"{lang}-kiosk.png"]
        window.grab().save(str(written[-1]))
        page.idea_title.clear()
        page.leave_kiosk()
    window.resize(*SIZE)
    return written


EXTRA_SHOTS.append(kiosk)


def thirty_candidates(window, out: Path, lang: str, app: QApplication) -> list[Path]:
    """A round of 30 candidates (the demo's first prompt, topped up with more ideas): the
    ballot on the voter screen, and the projector after the reveal, at 1366×768 – a laptop
    screen mirrored to the projector."""
    import random

    from workshop.model import Idea, Prompt, Team
    from workshop.voting import cast_ballot, change_rules

    session, store = window.session, window.session.store
    prompt, teams = store.list(Prompt)[0], store.list(Team)
    already = sum(1 for idea in store.ideas() if idea.prompt_id == prompt.id)
    word = {"ja": "追加のアイデア", "en": "Further idea"}[lang]
    for n in range(30 - already):
        session.add(Idea(title=f"{word} {n + 1}", prompt_id=prompt.id,
                         team_id=teams[n % len(teams)].id))
    page = window.page("voting")
    window.show_page(window.pages.index(page))
    written: list[Path] = []

    def shot(name: str, widget=None) -> None:
        settle(app)
        written.append(out / f"{lang}-30-{name}.png")
        (widget or window).grab().save(str(written[-1]))

    with AnswerEverything(window.dialogs):
        vote_round = page.new_round()
        change_rules(store, vote_round.id, name={"ja": "第3回 30案から選ぶ",
                                                 "en": "Round 3: thirty ideas"}[lang],
                     dots_per_voter=5, max_dots_per_idea=2)
        session.announce("vote_rounds")
        page.open_voting()
        ids = page.current_round().candidate_ids
        rng = random.Random(30)
        favourites = ids[:12]  # most dots go to a few ideas; many get none
        for voter in range(24):
            dots: dict[str, int] = {}
            while sum(dots.values()) < 5:
                pick = rng.choice(favourites if rng.random() < 0.8 else ids)
                if dots.get(pick, 0) < 2:
                    dots[pick] = dots.get(pick, 0) + 1
            cast_ballot(store, vote_round.id, dots, teams[voter % len(teams)].id)
        session.announce("ballots")
        page.pass_the_laptop()
        at_laptop_size(window, app)
        page.voter.choose_team(teams[1].id)
        for candidate, dots in zip(ids, (2, 0, 1, 0, 0, 1), strict=False):
            if dots:
                page.voter.set_dots(candidate, dots)
        shot("ballot")
        page.leave_voter_screen()
        window.resize(*SIZE)
        page.close_voting()
        page.reveal()
        shot("results")
        projector = window.projector_view()
        projector.resize(*SIZE)
        projector.show()
        shot("projector", projector)
        projector.close()
    return written


EXTRA_SHOTS.append(thirty_candidates)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    style.install_fonts(app)
    style.apply_style(app)
    with tempfile.TemporaryDirectory() as work:
        for lang in ("ja", "en"):
            for path in shoot(out, lang, Path(work), app):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
