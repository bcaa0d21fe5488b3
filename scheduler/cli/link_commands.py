"""`fieldwork links show VISIT_ID` and `fieldwork links revoke VISIT_ID PERSON`: personal links
from the shell.

PERSON is an id from the visit file or an email address, of a person or an assessor. Revoking
stops their availability links, calendar feed links and invite answer links at once, as the
Revoke button on the People and Assessors pages does. Exit codes: 0 done, 2 bad input.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from scheduler.cli.store_commands import EXIT_OK, _coordinator, _guarded, store
from scheduler.services.personal_links import find_link_owner, live_links, revoke_personal_links
from scheduler.services.visits import load_visit


def register(subparsers: Any) -> None:
    links = subparsers.add_parser("links", help="show or revoke people's personal links")
    actions = links.add_subparsers(dest="links_command", metavar="ACTION", required=True)

    show = actions.add_parser("show", help="everyone's working links in a visit")
    show.add_argument("visit_id", type=int, metavar="VISIT_ID")
    show.set_defaults(handler=run_show)

    revoke = actions.add_parser("revoke", help="stop every link of one person or assessor")
    revoke.add_argument("visit_id", type=int, metavar="VISIT_ID")
    revoke.add_argument("person", metavar="PERSON", help="their id in the visit file, or their email")
    revoke.add_argument(
        "--user", metavar="EMAIL", help="the coordinator to record (default: the only account)"
    )
    revoke.set_defaults(handler=run_revoke)


def run_show(args: argparse.Namespace) -> int:
    def work() -> int:
        with store(args.settings) as db:
            visit = load_visit(db, args.visit_id)
            working = live_links(db, args.visit_id, datetime.now(UTC))
            everyone = [("person", p.id, p.name) for p in visit.people]
            everyone += [("assessor", a.id, a.name) for a in visit.assessors]
            for who_kind, key, name in everyone:
                links = working.get((who_kind, key))
                print(f"{who_kind:8}  {key:12}  {name:30}  {links.describe() if links else 'no links'}")
        return EXIT_OK

    return _guarded("links show", work)


def run_revoke(args: argparse.Namespace) -> int:
    def work() -> int:
        with store(args.settings) as db:
            visit = load_visit(db, args.visit_id)
            who_kind, key = find_link_owner(visit, args.person)
            actor = _coordinator(db, args.user)
            revoked = revoke_personal_links(db, actor, args.visit_id, who_kind, key, datetime.now(UTC))
            if revoked.links.total:
                print(f"revoked {revoked.name}'s links: {revoked.links.describe()}")
            else:
                print(f"{revoked.name} had no working links")
        return EXIT_OK

    return _guarded("links revoke", work)
