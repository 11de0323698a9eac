"""The one error hierarchy of SiteCheck.

Every error a user can cause derives from :class:`SiteCheckError` and carries a
message that says what is wrong and what to do.  The GUI shows them through one
function, the command line prints them and exits with status 1.  Anything else
that escapes is a bug and is reported as such.

Messages and hints are Chinese templates with named parameters
(:class:`~checklists.common.messages.Msg`): ``message``, ``hint`` and ``str()``
are the Chinese text; ``text("en")`` (and ``message_in`` / ``hint_in``) render
them in English from the catalog.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .messages import Msg, as_msg


class SiteCheckError(Exception):
    """Root of all errors a user can act on."""

    def __init__(self, message: str, /, *, hint: str = "", **params: Any) -> None:
        self.message: Msg = as_msg(message, params)
        self.hint: Msg = as_msg(hint, params)
        super().__init__(self.message)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` ("zh" or "en"), as a sentence."""
        return self.message.sentence(lang)

    def hint_in(self, lang: str) -> str:
        """The hint in ``lang``, as a sentence of its own (as the GUI shows it)."""
        return self.hint.sentence(lang)

    def text(self, lang: str = "zh") -> str:
        """``message; hint`` in ``lang`` ("zh" or "en")."""
        hint = self.hint.render(lang)
        return f"{self.message_in(lang)}; {hint}" if hint else self.message_in(lang)

    def render(self, lang: str = "zh") -> str:
        """As ``text``: an error given as a parameter of another message renders so."""
        return self.text(lang)

    def __str__(self) -> str:
        return self.text("zh")


class InvalidInput(SiteCheckError):
    """A value given by the user is missing or malformed; ``field`` names it (its
    Chinese label, or a :class:`Msg`); ``detail`` is the message without the field."""

    def __init__(self, field: str, message: str, /, *, hint: str = "", **params: Any) -> None:
        self.detail: Msg = as_msg(message, params)
        super().__init__(Msg("{field}: {detail}", field=Msg(field), detail=self.detail),
                         hint=as_msg(hint, params))
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


class NotAuthentic(SiteCheckError):
    """A signed document (PDF or QR text) failed verification; ``reason`` names why
    (export/verify.py: REASONS)."""

    def __init__(self, message: str, /, *, reason: str, hint: str = "", **params: Any) -> None:
        super().__init__(message, hint=hint, **params)
        self.reason = reason


class BundleRejected(SiteCheckError):
    """A sync bundle or pack failed verification; nothing was changed."""


class StorageFailure(SiteCheckError):
    """The disk or the file system refused a read or write; nothing was changed.

    ``cause`` is one of ``disk-full``, ``read-only``, ``permission``, ``busy``,
    ``missing`` or ``io``, so callers and tests need not parse the message.
    """

    def __init__(self, message: str, /, *, cause: str, hint: str = "", **params: Any) -> None:
        super().__init__(message, hint=hint, **params)
        self.cause = cause


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, with the line it is on (1-based; 0 = whole file)."""

    file: str
    line: int
    message: str
    hint: str = ""
    warning: bool = False

    def render(self, lang: str = "zh") -> str:
        """``FILE:LINE: message; hint`` in ``lang``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {as_msg(self.message).sentence(lang)}"
        if self.hint:
            text += f"; {as_msg(self.hint).render(lang)}"
        return f"{text} (warning)" if self.warning else text

    def __str__(self) -> str:
        return self.render("zh")


class ChecklistInvalid(SiteCheckError):
    """A checklist file has errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if not p.warning]
        if len(errors) > 1:
            super().__init__("{problem} (and {more} more)", problem=errors[0], more=len(errors) - 1)
        elif errors:
            super().__init__("{problem}", problem=errors[0])
        else:
            super().__init__("checklist invalid")
        self.problems = problems
