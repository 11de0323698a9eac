"""The language of conditions (``when:``; the grammar is in :mod:`checklists.conditions`):
its tokens, the recursive-descent parser, the tree of frozen nodes and its evaluation.

Part of :mod:`checklists.conditions`, which imports this module when the first
condition is evaluated (``holds``) or one of these names is first asked of it
(``from checklists.conditions import parse`` works as before): most checklists have
no conditions, and a process that never reads one does not build the parser and
its six dataclasses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from checklists.common.messages import Msg

if TYPE_CHECKING:
    from checklists.conditions import Env

SCOPES = ("answer", "equipment", "enterprise")
_WORD = re.compile(r"[A-Za-z0-9_.-]+")
_SPACE = re.compile(r"\s+")


class ConditionError(ValueError):
    """A syntax error at ``column`` (1-based, in the expression's text)."""

    def __init__(self, column: int, message: Msg):
        super().__init__(message)
        self.column, self.message = column, message


# ---------------------------------------------------------------- the tree

@dataclass(frozen=True)
class Ref:
    scope: str          # answer | equipment | enterprise
    name: str           # item id or attribute
    column: int = field(compare=False)

    def __str__(self) -> str:
        return f"{self.scope}.{self.name}"


@dataclass(frozen=True)
class Compare:
    ref: Ref
    op: str             # == | != | in
    values: tuple[str, ...]
    columns: tuple[int, ...] = field(compare=False)


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class All:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    operands: tuple[Node, ...]


Node = Compare | Not | All | Any_


def comparisons(node: Node) -> Iterator[Compare]:
    """Every comparison of the tree, left to right."""
    if isinstance(node, Compare):
        yield node
    elif isinstance(node, Not):
        yield from comparisons(node.operand)
    else:
        for operand in node.operands:
            yield from comparisons(operand)


# ---------------------------------------------------------------- tokens and parser

@dataclass(frozen=True)
class _Token:
    kind: str           # word | string | op | end
    text: str
    column: int


def tokenize(text: str) -> list[_Token]:
    tokens, at = [], 0
    while at < len(text):
        if space := _SPACE.match(text, at):
            at = space.end()
            continue
        column = at + 1
        if text.startswith(("==", "!="), at):
            tokens.append(_Token("op", text[at:at + 2], column))
            at += 2
        elif text[at] in "()[],":
            tokens.append(_Token("op", text[at], column))
            at += 1
        elif text[at] in "'\"":
            end = text.find(text[at], at + 1)
            if end < 0:
                raise ConditionError(column, Msg("引号没有闭合"))
            tokens.append(_Token("string", text[at + 1:end], column))
            at = end + 1
        elif text[at] == "=":
            raise ConditionError(column, Msg("比较要写两个等号 ==（不等于写 !=）"))
        elif word := _WORD.match(text, at):
            tokens.append(_Token("word", word.group(), column))
            at = word.end()
        else:
            raise ConditionError(column, Msg("不认识的字符“{char}”", char=text[at]))
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token.kind == "word" and token.text == word:
            self.at += 1
            return True
        return False

    def expect(self, text: str) -> _Token:
        token = self.take()
        if token.kind != "op" or token.text != text:
            raise ConditionError(token.column, Msg("此处应为“{want}”，实际是{got}", want=text, got=_shown(token)))
        return token

    def expression(self) -> Node:
        operands = [self.and_expr()]
        while self.keyword("or"):
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else Any_(tuple(operands))

    def and_expr(self) -> Node:
        operands = [self.not_expr()]
        while self.keyword("and"):
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else All(tuple(operands))

    def not_expr(self) -> Node:
        if self.keyword("not"):
            return Not(self.not_expr())
        token = self.peek()
        if token.kind == "op" and token.text == "(":
            self.take()
            inner = self.expression()
            self.expect(")")
            return inner
        return self.comparison()

    def comparison(self) -> Compare:
        ref = self.ref()
        token = self.take()
        if token.kind == "op" and token.text in ("==", "!="):
            value = self.value()
            return Compare(ref, token.text, (value.text,), (value.column,))
        if token.kind == "word" and token.text == "in":
            self.expect("[")
            values = [self.value()]
            while self.peek().kind == "op" and self.peek().text == ",":
                self.take()
                values.append(self.value())
            self.expect("]")
            return Compare(ref, "in", tuple(v.text for v in values), tuple(v.column for v in values))
        raise ConditionError(token.column, Msg("此处应为 ==、!= 或 in，实际是{got}", got=_shown(token)))

    def ref(self) -> Ref:
        token = self.take()
        scope, dot, name = token.text.partition(".")
        if token.kind != "word" or not dot or scope not in SCOPES or not name:
            raise ConditionError(token.column, Msg(
                "此处应为 answer.检查项、equipment.属性 或 enterprise.属性，实际是{got}", got=_shown(token)))
        return Ref(scope, name, token.column)

    def value(self) -> _Token:
        token = self.take()
        if token.kind not in ("word", "string"):
            raise ConditionError(token.column, Msg("此处应为一个值，实际是{got}", got=_shown(token)))
        return token


def _shown(token: _Token) -> Msg:
    return Msg("表达式结尾") if token.kind == "end" else Msg("“{text}”", text=token.text)


@lru_cache(maxsize=4096)
def parse(text: str) -> Node:
    """The tree of ``text``; :class:`ConditionError` (with the column) when it is not valid."""
    parser = _Parser(text)
    if parser.peek().kind == "end":
        raise ConditionError(1, Msg("条件是空的"))
    node = parser.expression()
    token = parser.peek()
    if token.kind != "end":
        raise ConditionError(token.column, Msg("多余的内容{got}（是否漏了 and / or？）", got=_shown(token)))
    return node


# ---------------------------------------------------------------- evaluation

def _value(ref: Ref, env: Env) -> str | None:
    if ref.scope == "answer":
        result = env.answers.get(ref.name)
        return str(result) if result is not None else None
    if ref.scope == "equipment":
        return env.equipment.get(ref.name)
    return str(env.sector) if env.sector is not None and ref.name == "sector" else None


def evaluate(node: Node, env: Env) -> bool:
    if isinstance(node, Compare):
        value = _value(node.ref, env)
        if node.op == "!=":
            return value is None or value != node.values[0]
        return value is not None and value in node.values
    if isinstance(node, Not):
        return not evaluate(node.operand, env)
    if isinstance(node, All):
        return all(evaluate(n, env) for n in node.operands)
    return any(evaluate(n, env) for n in node.operands)
