"""The availability form that people and assessors open from their personal link (no login)."""
