"""The Voting page: rounds, ballots on the voter screen or on paper, results and the projector."""
