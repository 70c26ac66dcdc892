"""Meetings, members and roles, agenda items (and later attendance, speakers, votes, minutes)."""
