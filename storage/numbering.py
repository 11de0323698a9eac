"""Document numbers: unique without a network.

Each series (e.g. ``（杭）应急检记``) counts per year in ``doc_counter``; the next
number is taken inside the transaction that stores the issued document, so a
number is used exactly once even after a crash.  Headquarters may give a device
blocks of numbers (setting ``number_blocks``: {"series", "year", "first",
"last"}); the counter then stays inside the newest block of the series and year.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from checklists.common.errors import DocumentError
from checklists.common.messages import Msg

if TYPE_CHECKING:
    from .workspace import Workspace

YEARS = range(2000, 10000)
BLOCK_KEYS = ("series", "year", "first", "last")      # a block as the device keeps it


def block_problem(series: object, year: object, first: object, last: object) -> str | None:
    """What is wrong with a number block, in words for the user (None: nothing)."""
    if not isinstance(series, str) or not series.strip():
        return Msg("必须填写文书编号系列")
    if not _is_int(year) or year not in YEARS:
        return Msg("年份 {year!r} 无效，须为 {start} 至 {stop} 的整数", year=year, start=YEARS.start,
                   stop=YEARS.stop - 1)
    if not (_is_int(first) and _is_int(last) and 0 < first <= last):
        return Msg("编号 {first!r}-{last!r} 无效，起始号须为正整数且不大于终止号", first=first, last=last)
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def take_number(ws: Workspace, series: str, year: int) -> int:
    """The next number of a series in a year; call inside the issuing transaction."""
    block = number_block(ws, series, year)
    following = (last_used(ws, series, year) or 0) + 1
    if block:
        following = max(following, block["first"])
        if following > block["last"]:
            raise DocumentError(
                "{year}年「{series}」文书编号段 {first}-{last} 已用完",
                hint="请向局机关申请新的编号段（数据包导入后自动生效）",
                year=year, series=series, first=block['first'], last=block['last'])
    ws.execute(
        "INSERT INTO doc_counter (series, year, last) VALUES (?, ?, ?) "
        "ON CONFLICT(series, year) DO UPDATE SET last = excluded.last",
        [series, year, following])
    return following


def last_used(ws: Workspace, series: str, year: int) -> int | None:
    row = ws.execute("SELECT last FROM doc_counter WHERE series = ? AND year = ?",
                     [series, year]).fetchone()
    return row[0] if row else None


def held_blocks(ws: Workspace) -> list[dict]:
    """The number blocks this device holds, oldest first."""
    return list(ws.setting("number_blocks", []) or [])


def hold_blocks(ws: Workspace, new: list[dict]) -> None:
    """Add blocks (already checked) to those this device holds."""
    if new:
        ws.set_settings({"number_blocks": held_blocks(ws) + new})


def number_block(ws: Workspace, series: str, year: int) -> dict | None:
    """The newest block headquarters gave this device for a series and year, if any."""
    for block in reversed(held_blocks(ws)):
        if block.get("series") == series and int(block.get("year", 0)) == year:
            return block
    return None
