"""The Notes page: the facilitator's notes and the photos of the walls."""
