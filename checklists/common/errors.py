"""The one error hierarchy of SiteCheck.

Every error a user can cause derives from :class:`SiteCheckError` and carries a
message that says what is wrong and what to do.  The GUI shows them through one
function, the command line prints them and exits with status 1.  Anything else
that escapes is a bug and is reported as such.
"""
from __future__ import annotations

from dataclasses import dataclass


class SiteCheckError(Exception):
    """Root of all errors a user can act on."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class InvalidInput(SiteCheckError):
    """A value given by the user is missing or malformed; ``field`` names it."""

    def __init__(self, field: str, message: str, *, hint: str = "") -> None:
        super().__init__(f"{field}: {message}", hint=hint)
        self.field = field


class NotFound(SiteCheckError):
    """A record named by id does not exist (or was deleted)."""


class InvalidTransition(SiteCheckError):
    """A finding cannot move from its current state to the one asked for."""


class WorkspaceError(SiteCheckError):
    """The workspace file cannot be opened or is not a SiteCheck workspace."""


class PhotoRejected(SiteCheckError):
    """A file offered as a photo cannot be imported; nothing was stored."""


class DocumentError(SiteCheckError):
    """An enforcement document cannot be issued from the data at hand."""


class BundleRejected(SiteCheckError):
    """A sync bundle or pack failed verification; nothing was changed."""


class StorageFailure(SiteCheckError):
    """The disk or the file system refused a read or write; nothing was changed.

    ``cause`` is one of ``disk-full``, ``read-only``, ``permission``, ``busy``,
    ``missing`` or ``io``, so callers and tests need not parse the message.
    """

    def __init__(self, message: str, *, cause: str, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.cause = cause


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, with the line it is on (1-based; 0 = whole file)."""

    file: str
    line: int
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return f"{text} (warning)" if self.warning else text


class ChecklistInvalid(SiteCheckError):
    """A checklist file has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if not p.warning]
        first = str(errors[0]) if errors else "checklist invalid"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)
        self.problems = problems
