"""Background solve jobs: a runner behind a small Protocol, and their status for polling."""
