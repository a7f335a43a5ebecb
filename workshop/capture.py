"""Rules of shared-laptop ("kiosk") capture: what participants may do at the laptop.

A facilitator starts kiosk mode either locked to one team (a laptop per table) or open to
every team (one laptop passed round). Participants add and edit their team's ideas; they
never reach setup, and they can delete only ideas typed in this kiosk session – never
another team's earlier work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workshop.model import Idea


@dataclass
class KioskPolicy:
    locked_team_id: str | None = None  # None: any team may be chosen
    typed_here: set[str] = field(default_factory=set)  # ideas added in this kiosk session

    def can_choose_team(self, team_id: str) -> bool:
        return self.locked_team_id is None or team_id == self.locked_team_id

    def can_edit(self, idea: Idea, current_team_id: str | None) -> bool:
        if self.locked_team_id is not None:
            return idea.team_id == self.locked_team_id
        return idea.team_id == current_team_id

    def can_delete(self, idea: Idea, current_team_id: str | None) -> bool:
        return self.can_edit(idea, current_team_id) and idea.id in self.typed_here

    def remember(self, idea: Idea) -> None:
        self.typed_here.add(idea.id)
