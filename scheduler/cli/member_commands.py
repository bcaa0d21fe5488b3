"""`fieldwork member add|list|remove`: a visit's team from the shell, as an owner does it on the
Team page.

`member add VISIT EMAIL --role R` adds a colleague; one without an account gets one and an email
(queued in the outbox: `fieldwork send-mail`, or the running app, delivers it) with a link to set
a password, built on --base-url, the address people open Fieldwork at. The owner acting is the
only account, or --user EMAIL. Exit codes: 0 done, 2 bad input or a refusal.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from scheduler.cli.store_commands import EXIT_OK, _coordinator, _guarded, store
from scheduler.errors import ServiceError
from scheduler.services.members import add_member_by_email, find_member, list_members, remove_member
from scheduler.services.roles import ROLES, parse_role, role_name
from scheduler.services.visits import load_visit


def register(subparsers: Any) -> None:
    member = subparsers.add_parser("member", help="add, list or remove the members of a visit's team")
    actions = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a colleague to a visit's team by email")
    add.add_argument("visit_id", type=int, metavar="VISIT_ID")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, metavar="R", help=f"one of: {', '.join(ROLES)}")
    add.add_argument("--name", default="", metavar="N", help="their name, for a new account")
    add.add_argument(
        "--base-url",
        metavar="URL",
        help="where people open Fieldwork (https://fieldwork.example.gov.uk): for a new account's link",
    )
    add.add_argument(
        "--user", metavar="EMAIL", help="the owner making the change (default: the only account)"
    )
    add.set_defaults(handler=run_add)

    show = actions.add_parser("list", help="the team of a visit, with roles")
    show.add_argument("visit_id", type=int, metavar="VISIT_ID")
    show.set_defaults(handler=run_list)

    remove = actions.add_parser("remove", help="take someone out of a visit's team")
    remove.add_argument("visit_id", type=int, metavar="VISIT_ID")
    remove.add_argument("email", metavar="EMAIL")
    remove.add_argument(
        "--user", metavar="EMAIL", help="the owner making the change (default: the only account)"
    )
    remove.set_defaults(handler=run_remove)


def run_add(args: argparse.Namespace) -> int:
    def work() -> int:
        role = parse_role(args.role)
        if role is None:
            raise _bad_role(args.role)
        base = (args.base_url or "").rstrip("/")
        password_url = (lambda token: f"{base}/password/{token}") if base else None
        with store(args.settings) as db:
            actor = _coordinator(db, args.user)
            added = add_member_by_email(
                db,
                actor,
                args.visit_id,
                args.email,
                role,
                datetime.now(UTC),
                name=args.name,
                password_url=password_url,
            )
            member = added.member
            print(f"{member.name} <{member.email}> is in the team as {role_name(member.role).lower()}")
            if added.new_account:
                print("an email with a link to set a password is queued (`fieldwork send-mail` sends it)")
        return EXIT_OK

    return _guarded("member add", work)


def run_list(args: argparse.Namespace) -> int:
    def work() -> int:
        with store(args.settings) as db:
            load_visit(db, args.visit_id)  # a clear message for a visit that does not exist
            for member in list_members(db, args.visit_id):
                waiting = "  (has not set a password yet)" if member.awaiting_password else ""
                print(f"{member.role_name:12}  {member.name:30}  {member.email}{waiting}")
        return EXIT_OK

    return _guarded("member list", work)


def run_remove(args: argparse.Namespace) -> int:
    def work() -> int:
        with store(args.settings) as db:
            actor = _coordinator(db, args.user)
            member = find_member(db, args.visit_id, args.email)
            remove_member(db, actor, args.visit_id, member.user_id, datetime.now(UTC))
            print(f"{member.name} <{member.email}> is no longer in the team")
        return EXIT_OK

    return _guarded("member remove", work)


def _bad_role(text: str) -> ServiceError:
    return ServiceError(f"'{text}' is not a role: choose one of {', '.join(ROLES)}")
