"""Calendar invites: the pure iCalendar builder, per-audience descriptions, escort duties, and
the stored identity of every event (UID, SEQUENCE) and of every personal feed."""
