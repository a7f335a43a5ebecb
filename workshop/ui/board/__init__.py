"""The Board page: ideas in cluster columns, moved, merged and filtered by keyboard."""
