"""Adjusting a timetable by hand: move a session, pin it, compare two versions."""
