"""Qt-free exports: PDF report and cards, QR codes, the data bundle and Decidim files."""
