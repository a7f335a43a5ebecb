"""Named colours for teams and clusters. A colour is always shown with its name, never
alone, so nobody has to tell colours apart (colour-blind safe, projector safe)."""

from __future__ import annotations

from workshop.i18n import N_

# Tableau 10: distinct for common colour-vision deficiencies, dark enough for white text.
TEAM_COLOURS: tuple[tuple[str, str], ...] = (
    ("#4e79a7", N_("Blue")),
    ("#f28e2b", N_("Orange")),
    ("#e15759", N_("Red")),
    ("#76b7b2", N_("Teal")),
    ("#59a14f", N_("Green")),
    ("#edc948", N_("Yellow")),
    ("#b07aa1", N_("Purple")),
    ("#ff9da7", N_("Pink")),
    ("#9c755f", N_("Brown")),
    ("#bab0ac", N_("Grey")),
)


def colour_name(colour: str) -> str:
    """The msgid naming a palette colour, or the hex code for any other colour."""
    return dict(TEAM_COLOURS).get(colour.lower(), colour)


def next_colour(used: list[str]) -> str:
    """The first palette colour not used yet (cycling once all are taken)."""
    taken = {c.lower() for c in used}
    for colour, _name in TEAM_COLOURS:
        if colour not in taken:
            return colour
    return TEAM_COLOURS[len(used) % len(TEAM_COLOURS)][0]


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    r, g, b = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#000000" if luminance > 0.179 else "#ffffff"
