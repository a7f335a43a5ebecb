"""Notes and photos in the core: links, labels, finding, and photo files becoming records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from workshop.errors import InputError
from workshop.export.common import Cancelled, Progress
from workshop.model import Idea, Note, NoteKind, Photo, Prompt, Team
from workshop.notes import (
    WORKSHOP_LINK,
    Link,
    LinkKind,
    NoteFilter,
    kind_label,
    link_choices,
    link_label,
    link_of,
    linked,
    note_matches,
    photo_matches,
    photos_from_files,
    shorten,
)
from workshop.photos import MAX_EDGE


def image_file(path: Path, size=(3000, 2000), fmt="JPEG", colour=(250, 250, 245)) -> Path:
    Image.new("RGB", size, colour).save(path, fmt)
    return path


# ---------------------------------------------------------------------------- links


@pytest.mark.parametrize("kind", [LinkKind.TEAM, LinkKind.PROMPT, LinkKind.IDEA])
def test_a_link_sets_exactly_one_field_and_reads_back(kind):
    note = linked(Note(text="x", team_id="old-team"), Link(kind, "id-1"))
    assert link_of(note) == Link(kind, "id-1")
    assert [v for v in (note.team_id, note.prompt_id, note.idea_id) if v] == ["id-1"]
    assert link_of(linked(note, WORKSHOP_LINK)) == WORKSHOP_LINK
    assert linked(note, WORKSHOP_LINK).team_id is None


def test_a_link_needs_an_id_exactly_when_it_is_not_the_workshop():
    with pytest.raises(ValueError):
        Link(LinkKind.TEAM)
    with pytest.raises(ValueError):
        Link(LinkKind.WORKSHOP, "x")


def test_linked_notes_and_photos_are_stored_with_their_link(store, team, prompt):
    idea = store.add(Idea(title="Benches", team_id=team.id, prompt_id=prompt.id))
    for link in (WORKSHOP_LINK, Link(LinkKind.TEAM, team.id), Link(LinkKind.PROMPT, prompt.id),
                 Link(LinkKind.IDEA, idea.id)):
        stored = store.add(linked(Note(text="t"), link))
        assert link_of(store.get(Note, stored.id)) == link


# ---------------------------------------------------------------------------- labels


def test_labels_say_what_a_link_is_in_both_languages(store, team, prompt):
    records = {team.id: team, prompt.id: prompt}
    assert link_label(WORKSHOP_LINK, records).render("en") == "Whole workshop"
    assert link_label(Link(LinkKind.TEAM, team.id), records).render("en") == "Team: Table A"
    assert link_label(Link(LinkKind.PROMPT, prompt.id), records).render("en") == (
        "Prompt: What would you like to do at the square?")
    assert kind_label(NoteKind.ACTION).render("en") == "Action item"


def test_a_deleted_or_missing_target_is_still_labelled(store, team):
    store.delete(Team, team.id)
    gone = store.get(Team, team.id, include_deleted=True)
    assert link_label(Link(LinkKind.TEAM, team.id), {team.id: gone}).render("en") == (
        "Team: Table A (deleted)")
    assert link_label(Link(LinkKind.IDEA, "nope"), {}).render("en") == "Idea: (missing)"


def test_shorten_keeps_the_first_line_and_marks_what_is_cut():
    assert shorten("Benches") == "Benches"
    assert shorten("  Benches\nunder the trees ") == "Benches …"
    long = "木" * 80
    assert shorten(long, 10) == "木" * 9 + "…" and len(shorten(long, 10)) == 10


def test_link_choices_list_live_targets_in_picker_order(store, team, prompt):
    other = store.add(Team(name="Table B", position=1))
    gone = store.add(Team(name="Gone", position=2))
    store.delete(Team, gone.id)
    keep = store.add(Idea(title="Benches", prompt_id=prompt.id))
    dup = store.add(Idea(title="More benches", prompt_id=prompt.id, merged_into_id=keep.id))
    teams = store.list(Team, include_deleted=True)
    ideas = store.list(Idea, include_deleted=True)
    choices = link_choices(teams, store.list(Prompt), ideas)
    assert [c.label.render("en") for c in choices] == [
        "Whole workshop", "Team: Table A", "Team: Table B",
        "Prompt: What would you like to do at the square?", "Idea: Benches"]
    assert [c.link for c in choices][1:3] == [Link(LinkKind.TEAM, team.id),
                                              Link(LinkKind.TEAM, other.id)]
    assert dup.id not in {c.link.id for c in choices}


# ---------------------------------------------------------------------------- finding


NOTES = [
    Note(kind=NoteKind.DECISION, text="Ｂｅｎｃｈｅｓ under the trees", team_id="t1"),
    Note(kind=NoteKind.QUESTION, text="Where do taxis stop?", prompt_id="p1"),
    Note(kind=NoteKind.NOTE, text="木陰とベンチ", idea_id="i1"),
    Note(kind=NoteKind.ACTION, text="Ask the bus company"),
]


@pytest.mark.parametrize(("query", "expected"), [
    (NoteFilter(), [0, 1, 2, 3]),
    (NoteFilter(kind=NoteKind.QUESTION), [1]),
    (NoteFilter(link=WORKSHOP_LINK), [3]),
    (NoteFilter(link=Link(LinkKind.TEAM, "t1")), [0]),
    (NoteFilter(link=Link(LinkKind.IDEA, "i1")), [2]),
    (NoteFilter(text="benches TREES"), [0]),  # full-width letters and case folded
    (NoteFilter(text="ベンチ"), [2]),
    (NoteFilter(kind=NoteKind.DECISION, text="taxis"), []),
])
def test_note_filter(query, expected):
    assert [n for n, note in enumerate(NOTES) if note_matches(note, query)] == expected


def test_deleted_notes_never_match():
    note = Note(text="x", deleted_at="2026-11-14T10:00:00+00:00")
    assert not note_matches(note, NoteFilter())


def test_photo_filter_uses_the_caption_and_ignores_kind():
    photo = Photo(caption="Whiteboard of Table A", team_id="t1", data=b"x")
    assert photo_matches(photo, NoteFilter(kind=NoteKind.QUESTION, text="whiteboard"))
    assert photo_matches(photo, NoteFilter(link=Link(LinkKind.TEAM, "t1")))
    assert not photo_matches(photo, NoteFilter(link=WORKSHOP_LINK))
    assert not photo_matches(photo, NoteFilter(text="flip chart"))


# ---------------------------------------------------------------------------- photo files


def test_photo_files_become_downscaled_linked_records(tmp_path, store, team):
    big = image_file(tmp_path / "sheet.jpg")
    batch = photos_from_files([big], link=Link(LinkKind.TEAM, team.id), internal=True)
    assert batch.problems == []
    [photo] = batch.photos
    assert (photo.width, photo.height) == (MAX_EDGE, MAX_EDGE * 2 // 3)
    assert (photo.team_id, photo.internal, photo.mime) == (team.id, True, "image/jpeg")
    assert Image.open(io.BytesIO(photo.data)).size == (photo.width, photo.height)
    assert store.get(Photo, store.add(photo).id).data == photo.data


def test_bad_files_are_reported_and_the_good_ones_kept(tmp_path):
    good = image_file(tmp_path / "good.png", size=(40, 30), fmt="PNG")
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    missing = tmp_path / "missing.jpg"
    batch = photos_from_files([text, good, missing, tmp_path])
    assert len(batch.photos) == 1 and batch.photos[0].width == 40
    reasons = {p.name: p.reason.render("en") for p in batch.problems}
    assert set(reasons) == {"notes.txt", "missing.jpg", tmp_path.name}
    assert "not an image" in reasons["notes.txt"]
    assert reasons["missing.jpg"] == "The file could not be read."
    assert reasons[tmp_path.name] == "This is a folder, not an image file."


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import workshop.notes

    monkeypatch.setattr(workshop.notes, "MAX_PHOTO_FILE_BYTES", 1024 * 1024)
    huge = tmp_path / "video.mov"
    huge.write_bytes(b"\0" * (3 * 1024 * 1024))
    [problem] = photos_from_files([huge]).problems
    assert problem.reason.render("en") == (
        "The file is too large (3 MB); image files up to 1 MB can be added.")


def test_progress_is_reported_and_cancel_stops_between_files(tmp_path):
    files = [image_file(tmp_path / f"{n}.jpg", size=(64, 48)) for n in range(3)]
    seen = []
    photos_from_files(files, progress=Progress(report=lambda d, t: seen.append((d, t))))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    steps = []

    def cancel_after_first() -> bool:
        return len(steps) > 1

    with pytest.raises(Cancelled):
        photos_from_files(files, progress=Progress(report=lambda d, t: steps.append(d),
                                                   is_cancelled=cancel_after_first))
    assert steps == [0, 1]


def test_a_note_needs_text(store):
    with pytest.raises(InputError, match="must not be empty"):
        store.add(Note(kind=NoteKind.DECISION, text="  \n "))
