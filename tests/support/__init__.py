"""What the tests share: factories, example visits, real servers (SMTP, PostgreSQL, Redis, workers).

Imported by full name (`from tests.support.store import open_store`); the repository root is on
pytest's path (setup.cfg), so no test edits sys.path.
"""
