"""Errors the library raises; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error the library raises on purpose.

    Attributes:
        exit_code: the process exit code the CLI uses for this error.
    """

    exit_code = 2

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.path}: {message}" if self.path else message


def one_line(error: BaseException, limit: int | None = None) -> str:
    """An error's own words on one line (at most ``limit`` characters), or its type's name.

    Example:
        >>> one_line(ValueError("bad\n  value"))
        'bad value'
    """
    return " ".join(str(error).split())[:limit] or type(error).__name__


class InputError(KgError):
    """A source file is missing, unreadable, undecodable or not a meeting record."""


class UsageError(KgError):
    """An option or argument is wrong."""


class ValidationFailed(KgError):
    """A graph does not conform to the shapes."""

    exit_code = 1


class EndpointError(KgError):
    """An external SPARQL server cannot be reached or refused a request."""
