"""Messages the core shows to people, in Chinese and in English.

A :class:`Msg` is a Chinese template in ``str.format`` syntax with named
parameters, e.g. ``Msg("截止日期 {date} 早于签发日期 {issued}", date=d, issued=i)``.
It *is* the Chinese text (a ``str``), so everything that printed or compared the
message before keeps doing so; ``render("en")`` gives the English text from the
catalog (:mod:`checklists.common.messages_en`), keyed by the Chinese template.

Parameters render in the same language: a :class:`Msg` (a fragment such as a
field's label) through its own ``render``, a vocabulary code (a ``StrEnum`` with
``label_zh`` / ``label_en``) through its label, anything else as it is (numbers,
ids, paths, what the user typed).  A template without parameters is used as it
is written, so literal braces need no escaping there; with parameters, literal
braces are written ``{{`` and ``}}``.

A template missing from the catalog renders in Chinese (with its parameters in
English); ``tests/checklists/test_messages.py`` fails before that can ship.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from .messages_en import EN


def is_english(lang: str) -> bool:
    """Whether ``lang`` ("zh", "zh_CN", "en", "en_US", …) asks for English."""
    return not lang.lower().startswith("zh")


def render_value(value: Any, lang: str) -> Any:
    """A parameter as it reads in ``lang`` (see the module's text)."""
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, StrEnum) and hasattr(value, "label_en"):
        return value.label_en if is_english(lang) else value.label_zh
    render = getattr(value, "render", None)
    if callable(render) and not isinstance(value, str):
        return render(lang)
    return value


class Msg(str):
    """A user-facing message: equal to its Chinese text, renderable in English."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        if isinstance(template, Msg) and not params:
            return template
        text = _fill(str(template), params, "zh")
        self = super().__new__(cls, text)
        self.template = str(template)
        self.params = params
        return self

    def render(self, lang: str = "zh") -> str:
        """The text in ``lang``: the Chinese one unless English is asked for."""
        if not is_english(lang):
            return str.__str__(self)
        return _fill(EN.get(self.template, self.template), self.params, lang)

    def sentence(self, lang: str = "zh") -> str:
        """``render(lang)`` starting with a capital in English, unless it starts with a
        value given as it is (a file name, an id): "Hazard: …", but "pack.zip: …"."""
        text = self.render(lang)
        if is_english(lang) and text[:1].islower() and self._starts_with_words(lang):
            return text[:1].upper() + text[1:]
        return text

    def _starts_with_words(self, lang: str) -> bool:
        template = EN.get(self.template, self.template) if self.params else self.template
        if not template.startswith("{"):
            return True
        name = template[1:].split("}", 1)[0].split(":", 1)[0].split("!", 1)[0]
        first = self.params.get(name)
        return isinstance(first, Msg) and (not first or first._starts_with_words(lang))

    def __reduce__(self):
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Msg:
    return Msg(template, **params)


def _fill(template: str, params: dict[str, Any], lang: str) -> str:
    if not params:
        return template
    return template.format_map({k: render_value(v, lang) for k, v in params.items()})


def as_msg(text: str | Msg, params: dict[str, Any] | None = None) -> Msg:
    """``text`` as a :class:`Msg`: a plain string is a template filled from
    ``params``; a :class:`Msg` is already filled and is returned as it is."""
    if isinstance(text, Msg):
        return text
    return Msg(text, **(params or {}))


class Listing:
    """Several parameters shown as one: joined by "、" in Chinese, ", " in English."""

    def __init__(self, items: object) -> None:
        self.items = tuple(items)

    def render(self, lang: str = "zh") -> str:
        separator = ", " if is_english(lang) else "、"
        return separator.join(str(render_value(item, lang)) for item in self.items)

    def __str__(self) -> str:
        return self.render("zh")


class Day:
    """A date as a parameter: 2026年12月2日 in Chinese, 2026-12-02 in English."""

    def __init__(self, value) -> None:
        self.value = value

    def render(self, lang: str = "zh") -> str:
        d = self.value
        return d.isoformat() if is_english(lang) else f"{d.year}年{d.month}月{d.day}日"

    def __str__(self) -> str:
        return self.render("zh")
