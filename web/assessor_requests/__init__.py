"""Assessors' requests for a new session, or a change to one, through their personal link."""
