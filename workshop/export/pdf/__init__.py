"""The printed outputs, drawn with reportlab: the report, idea cards, team and tally sheets.

Each document is built in two steps, as pretix does: a plain data object from the store
(``data.py``, tested on its own), then a renderer class that lays it out. Fonts are
embedded, Japanese and English alike, so a PDF prints the same on any machine.
"""
