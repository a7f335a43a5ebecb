"""The tie rule of workshop.voting in what leaves the laptop: ideas without dots are listed
without a place and never tied, in the PDF report and in the bundle's spreadsheets."""

from __future__ import annotations

import csv
import io
import zipfile

from workshop.export.bundle import write_bundle
from workshop.export.common import ExportSettings
from workshop.export.report import write_report
from workshop.model import Idea, VoteRound
from workshop.voting import close_round, open_round, reveal_round, set_paper_tally

from .pdfcheck import flat, pdf_text


def voted(store, prompt):
    """Ideas 0 and 1 have 3 dots each, idea 2 one; ideas 3 and 4 none."""
    ideas = [store.add(Idea(title=f"Idea {n}", prompt_id=prompt.id, position=n))
             for n in range(5)]
    vote_round = store.add(VoteRound(name="Round 1", prompt_id=prompt.id))
    open_round(store, vote_round.id)
    set_paper_tally(store, vote_round.id, {ideas[0].id: 3, ideas[1].id: 3, ideas[2].id: 1},
                    voters=3)
    close_round(store, vote_round.id)
    reveal_round(store, vote_round.id)
    return ideas


def test_the_report_lists_ideas_without_dots_without_a_place(tmp_path, store, prompt):
    voted(store, prompt)
    path = tmp_path / "report.pdf"
    write_report(store, path, ExportSettings(lang="en"))
    joined = flat(pdf_text(path))
    assert "1 (tied) 1 Idea 0 3" in joined and "1 (tied) 2 Idea 1 3" in joined
    assert "3 3 Idea 2 1" in joined
    assert "– 4 Idea 3 0" in joined and "– 5 Idea 4 0" in joined
    assert "4 (tied)" not in joined  # the two zeros are not "tied for 4th"
    assert "– marks a candidate nobody gave a dot." in joined


def test_the_bundle_marks_no_tie_among_ideas_without_dots(tmp_path, store, prompt):
    voted(store, prompt)
    path = tmp_path / "b.zip"
    write_bundle(store, path, ExportSettings(lang="en"), include_report=False)
    with zipfile.ZipFile(path) as archive:
        content = archive.read("spreadsheets/votes.csv").decode("utf-8-sig")
    votes = list(csv.reader(io.StringIO(content)))
    tied = {row[3]: row[2] for row in votes[1:]}
    assert tied == {"Idea 0": "yes", "Idea 1": "yes", "Idea 2": "", "Idea 3": "", "Idea 4": ""}
