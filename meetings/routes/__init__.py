"""Routes of the ``meetings`` blueprint beyond the reading pages in meetings/views.py, by topic."""
