"""The Export page: writing the outputs, importing other laptops' bundles, the platform's ids."""
