"""Publishing invites: the review outbox, sending, the ledger and its CSV, and the RSVP pages."""
