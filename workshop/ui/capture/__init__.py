"""The Capture page: typing the teams' ideas, alone or on a shared laptop."""
