"""What a service raises when it refuses: a message meant for the coordinator."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a message for the user, and every individual problem when there are several."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[str] = list(problems) if problems else [message]

    def __str__(self) -> str:
        if self.problems == [self.message]:
            return self.message
        return self.message + "\n" + "\n".join(f"- {problem}" for problem in self.problems)


class NotFound(ServiceError):
    """No such thing, or not one this user may see: the two are deliberately indistinguishable."""
