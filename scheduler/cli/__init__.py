"""The `fieldwork` command: one argparse parser that command modules add their subcommands to.

Each command module has `register(subparsers)`; a subcommand sets `handler` (args -> exit code)
with `set_defaults`. `main` reads the settings (scheduler/settings.py) once and hands them to the
handler as `args.settings`; a subcommand may set `refusal` (args -> text) to say, in its own words,
what a bad setting stopped. The web layer adds its commands through the `fieldwork.commands` entry-point
group, so this package never imports web.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Any

from scheduler.cli import solve_commands
from scheduler.settings import Settings, SettingsError

ENTRY_POINT_GROUP = "fieldwork.commands"
_OPTIONAL_MODULES = (
    "scheduler.cli.store_commands",
    "scheduler.cli.mail_commands",
    "scheduler.cli.publish_commands",
    "scheduler.cli.invite_commands",
    "scheduler.cli.link_commands",
    "scheduler.cli.feed_commands",
    "scheduler.cli.receive_commands",
    "scheduler.cli.member_commands",
    "scheduler.cli.worker_commands",
    "scheduler.cli.summary_commands",
    "scheduler.cli.replan_commands",
)

Register = Callable[[Any], None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldwork", description="Plan the on-site part of an inspection visit."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    solve_commands.register(subparsers)
    for name, register in _optional_registers():
        try:
            register(subparsers)
        except (argparse.ArgumentError, ValueError) as exc:
            _warn(f"skipping commands from {name}: {exc}")
    return parser


def _optional_registers() -> list[tuple[str, Register]]:
    """Command modules that may not be installed: the store commands, then the entry points."""
    found: list[tuple[str, Register]] = []
    for module_name in _OPTIONAL_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                _warn(f"skipping commands from {module_name}: {exc}")
            continue
        except Exception as exc:  # a broken plug-in must not take the other commands down
            _warn(f"skipping commands from {module_name}: {exc}")
            continue
        found.append((module_name, module.register))
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            found.append((point.value, point.load()))
        except Exception as exc:  # as above: warn and carry on with the rest
            _warn(f"skipping commands from {point.value}: {exc}")
    return found


def _warn(message: str) -> None:
    print(f"fieldwork: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code (2 for a bad file or bad arguments)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on bad arguments
        return exc.code if isinstance(exc.code, int) else 2
    handler = getattr(args, "handler", None)
    if handler is None:  # a plug-in subcommand that forgot set_defaults(handler=...)
        print(f"fieldwork: the command {args.command!r} cannot be run", file=sys.stderr)
        return 2
    try:
        args.settings = Settings.from_environment()
    except SettingsError as error:
        refusal = getattr(args, "refusal", None)
        print(f"{refusal(args) if refusal else f'fieldwork {args.command}'}: {error}", file=sys.stderr)
        return 2
    code: int = handler(args)
    return code
