"""The Setup page: the workshop's details, prompts, teams and agenda."""
