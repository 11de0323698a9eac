"""XLSForm ``relevant`` expressions -> the checklist's ``when:`` conditions.

Understood (the subset that compares answers of earlier 符合/不符合 questions):
``${q} = 'no'``, ``'no' = ${q}``, ``!=``, ``selected(${q}, 'no')``, ``and``, ``or``,
``not(...)`` and brackets.  The choice compared is mapped onto the item's result
(pass / fail / na) by the caller's ``resolve``; the result is written in the
agreed syntax, e.g. ``answer.PV-02 == fail and not (answer.PV-03 == na)``.
Anything else (other functions, ``<`` ``>``, arithmetic, ``.``, numbers compared
to numbers, a question that is not an earlier pass/fail one) is refused with the
position and what to do.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from checklists.common.messages import Msg

_TOKEN = re.compile(r"""\s*(?:
    (?P<ref>\$\{(?P<name>[^}]*)\})
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\||/)
  | (?P<paren>[(),])
  | (?P<word>[A-Za-z_][A-Za-z0-9_:.-]*)
  | (?P<other>\S)
)""", re.VERBOSE)

# (name, literal, position) -> (item id, result) or the problem
Resolve = Callable[[str, str, int], "tuple[str, str] | Msg"]


class Unsupported(Exception):
    def __init__(self, message: Msg):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Token:
    sort: str
    text: str
    position: int          # 1-based character position in the expression


def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        sort = next(k for k in ("ref", "string", "number", "op", "paren", "word", "other") if m.group(k))
        out.append(Token(sort, m.group(sort), m.start(sort) + 1))
    return out


def translate(text: str, resolve: Resolve) -> str | Msg:
    """The ``when:`` text for ``text``, or the problem that stops it."""
    parser = _Parser(tokens(text), resolve)
    try:
        result = parser.or_expr()
        if parser.peek() is not None:
            token = parser.peek()
            raise Unsupported(Msg("第 {position} 个字处多出“{token}”", position=token.position, token=token.text))
    except Unsupported as err:
        return err.message
    if not result:
        return Msg("表达式是空的")
    return result


class _Parser:
    def __init__(self, items: list[Token], resolve: Resolve) -> None:
        self.items = items
        self.index = 0
        self.resolve = resolve

    def peek(self) -> Token | None:
        return self.items[self.index] if self.index < len(self.items) else None

    def take(self, text: str | None = None) -> Token:
        token = self.peek()
        if token is None:
            raise Unsupported(Msg("表达式不完整（末尾缺少内容或右括号）"))
        if text is not None and token.text != text:
            raise Unsupported(Msg("第 {position} 个字处应为“{expected}”，实际是“{token}”",
                                  position=token.position, expected=text, token=token.text))
        self.index += 1
        return token

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while (token := self.peek()) is not None and token.text == "or":
            self.take()
            parts.append(self.and_expr())
        return " or ".join(parts)

    def and_expr(self) -> str:
        parts = [self.unary()]
        while (token := self.peek()) is not None and token.text == "and":
            self.take()
            parts.append(self.unary())
        return " and ".join(f"({p})" if " or " in p and not _wrapped(p) else p for p in parts)

    def unary(self) -> str:
        token = self.peek()
        if token is None:
            raise Unsupported(Msg("表达式不完整（末尾缺少内容或右括号）"))
        if token.text == "(":
            self.take()
            inner = self.or_expr()
            self.take(")")
            return f"({inner})" if " or " in inner or " and " in inner else inner
        if token.sort == "word" and token.text in ("not", "selected"):
            return self.function(token)
        if token.sort == "word" and self.index + 1 < len(self.items) and self.items[self.index + 1].text == "(":
            raise Unsupported(Msg("第 {position} 个字处的函数 {name}() 不支持",
                                  position=token.position, name=token.text))
        return self.comparison()

    def function(self, token: Token) -> str:
        self.take()
        self.take("(")
        if token.text == "not":
            inner = self.or_expr()
            self.take(")")
            return f"not ({inner})"
        ref = self.take()
        if ref.sort != "ref":
            raise Unsupported(Msg("第 {position} 个字处 selected() 的第一项应是 ${{题目名}}", position=ref.position))
        self.take(",")
        literal = self.literal()
        self.take(")")
        return self.compare(ref, "=", literal)

    def comparison(self) -> str:
        left = self.take()
        op = self.take()
        if op.sort != "op" or op.text not in ("=", "!="):
            raise Unsupported(Msg("第 {position} 个字处的“{op}”不支持：只能用 = 或 != 比较题目的答案",
                                  position=op.position, op=op.text))
        right = self.take()
        if left.sort == "ref" and right.sort in ("string", "number"):
            return self.compare(left, op.text, right)
        if right.sort == "ref" and left.sort in ("string", "number"):
            return self.compare(right, op.text, left)
        raise Unsupported(Msg("第 {position} 个字处的比较不支持：只能把 ${{题目名}} 与一个选项值比较",
                              position=left.position))

    def literal(self) -> Token:
        token = self.take()
        if token.sort not in ("string", "number"):
            raise Unsupported(Msg("第 {position} 个字处应是选项值（如 'no'），实际是“{token}”",
                                  position=token.position, token=token.text))
        return token

    def compare(self, ref: Token, op: str, literal: Token) -> str:
        value = literal.text.strip("'\"") if literal.sort == "string" else literal.text
        name = ref.text[2:-1].strip()
        resolved = self.resolve(name, value, ref.position)
        if isinstance(resolved, Msg):
            raise Unsupported(resolved)
        item_id, result = resolved
        return f"answer.{item_id} {'==' if op == '=' else '!='} {result}"


def _wrapped(text: str) -> bool:
    """Whether ``text`` is one bracketed whole, "(a or b)" (not "(a) or (b)")."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True
