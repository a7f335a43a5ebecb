"""The accessible HTML edition of the report: one self-contained web page.

reportlab cannot write a tagged PDF, so screen readers, reflow at 200 % zoom and a city's
website get this edition instead, built from the same plain data as the PDF
(``workshop.export.pdf.reading.report_data``): a document says the same in both.

One file, nothing fetched: the fonts are the reader's own (a font stack per language),
photos are embedded as ``data:`` URIs, there is no script, and a Content Security Policy
allows nothing but the page's own style sheet and embedded images. Every piece of text
a person typed is escaped and kept in its own bidirectional island, so no title can
add markup or reorder the text around it.
"""
