"""The 双随机 draw: enterprises and inspector teams at random, reproducible by anyone.

Pure computation, no SQL: the inputs are the plan's parameters, the candidate
enterprises, the inspector pool (with the enterprises each declared a conflict
with) and the team each candidate saw last time; the seed is derived from their
SHA-256 hashes, the draw date and a public value entered by the user, and the
random numbers come from SHA-256 in counter mode.  ``docs/draw.md`` writes the
algorithm down step by step; ``verify`` recomputes a record from its inputs.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checklists.common.errors import InvalidInput
from checklists.common.messages import Msg
from checklists.common.vocabulary import TaskKind

ALGORITHM = "sitecheck-draw/1"
RECORD_FORMAT = "sitecheck-draw-record/1"
KEY, RANDOM = str(TaskKind.KEY), str(TaskKind.RANDOM)     # a task's kind as recorded


def canonical(value: Any) -> bytes:
    """Canonical JSON: keys sorted, no spaces, UTF-8 (strings, integers, lists, objects)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


class Stream:
    """Random integers from SHA-256 in counter mode: block i = SHA-256(seed || i as
    8 bytes big-endian); the blocks are read 8 bytes at a time as unsigned
    big-endian integers, and ``below(n)`` rejects values at or above the largest
    multiple of n under 2^64, so every result is exactly uniform."""

    def __init__(self, seed: bytes):
        self.seed = seed
        self.counter = 0
        self.buffer = b""

    def next64(self) -> int:
        if not self.buffer:
            self.buffer = hashlib.sha256(self.seed + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
        value, self.buffer = int.from_bytes(self.buffer[:8], "big"), self.buffer[8:]
        return value

    def below(self, n: int) -> int:
        """A uniform integer 0 <= x < n (n >= 1)."""
        limit = (1 << 64) - (1 << 64) % n
        while True:
            value = self.next64()
            if value < limit:
                return value % n

    def pick(self, items: Sequence[str], k: int) -> list[str]:
        """k of ``items`` in drawn order: the first k steps of a Fisher-Yates shuffle."""
        pool = list(items)
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


@dataclass(frozen=True)
class DrawInputs:
    """Everything the result depends on, as it is published (plain JSON values)."""

    parameters: Mapping[str, Any]          # ratio_percent, key_colours, team_size
    candidates: Sequence[Mapping[str, Any]]   # id, name, credit_code, district, industry, risk_colour
    inspectors: Sequence[Mapping[str, Any]]   # cert_no, name, conflicts (enterprise ids)
    history: Mapping[str, Sequence[str]]      # enterprise id -> cert_nos of its last team
    draw_date: str
    public_value: str

    def hashes(self) -> dict[str, str]:
        return {"parameters_sha256": sha256_hex(dict(self.parameters)),
                "candidates_sha256": sha256_hex(list(self.candidates)),
                "inspectors_sha256": sha256_hex(list(self.inspectors)),
                "history_sha256": sha256_hex(dict(self.history))}

    def seed(self) -> str:
        return sha256_hex({"algorithm": ALGORITHM, **self.hashes(),
                           "draw_date": self.draw_date, "public_value": self.public_value})


def sort_candidates(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Candidates in published order (by id), every field a string."""
    keys = ("id", "name", "credit_code", "district", "industry", "risk_colour")
    return sorted(({k: str(r.get(k) or "") for k in keys} for r in rows), key=lambda r: r["id"])


def sort_inspectors(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Inspectors in published order (by 执法证号), their conflicts sorted."""
    return sorted(({"cert_no": str(r["cert_no"]), "name": str(r.get("name") or ""),
                    "conflicts": sorted({str(c) for c in r.get("conflicts") or ()})}
                   for r in rows), key=lambda r: r["cert_no"])


def quota(count: int, ratio_percent: int) -> int:
    """How many of a stratum's ``count`` candidates are drawn: ceil(count * ratio / 100)."""
    return (count * ratio_percent + 99) // 100


def strata(inputs: DrawInputs) -> tuple[list[str], dict[tuple[str, str], list[str]]]:
    """The key enterprises (by id) and the other candidates by (district, industry)."""
    key_colours = set(inputs.parameters["key_colours"])
    key, groups = [], {}
    for c in inputs.candidates:
        if c["risk_colour"] and c["risk_colour"] in key_colours:
            key.append(c["id"])
        else:
            groups.setdefault((c["district"], c["industry"]), []).append(c["id"])
    return sorted(key), {s: sorted(ids) for s, ids in sorted(groups.items())}


def draw(inputs: DrawInputs) -> list[dict[str, Any]]:
    """The tasks: key enterprises first, then each stratum's drawn enterprises, each
    with its team of inspectors (cert_nos, sorted)."""
    stream = Stream(bytes.fromhex(inputs.seed()))
    key, groups = strata(inputs)
    chosen = [(c, KEY) for c in key]
    ratio = int(inputs.parameters["ratio_percent"])
    for ids in groups.values():
        chosen += [(c, RANDOM) for c in stream.pick(ids, quota(len(ids), ratio))]
    names = {c["id"]: c["name"] for c in inputs.candidates}
    tasks = []
    for seq, (enterprise_id, kind) in enumerate(chosen, start=1):
        team = _team(stream, inputs, enterprise_id, names[enterprise_id])
        tasks.append({"seq": seq, "enterprise_id": enterprise_id, "kind": kind, "inspectors": team})
    return tasks


def _team(stream: Stream, inputs: DrawInputs, enterprise_id: str, name: str) -> list[str]:
    """A team of ``team_size`` inspectors with no conflict with the enterprise; not the
    team it had last time unless no other team is possible (回避)."""
    size = int(inputs.parameters["team_size"])
    eligible = [p["cert_no"] for p in inputs.inspectors if enterprise_id not in p["conflicts"]]
    if len(eligible) < size:
        raise InvalidInput("执法人员", "可派往「{name}」的执法人员只有 {count} 名，每组需 {size} 名",
                           hint="请在计划中增加执法人员，或核对回避声明", name=name,
                           count=len(eligible), size=size)
    last = sorted(inputs.history.get(enterprise_id, ()))
    while True:
        team = sorted(stream.pick(eligible, size))
        if team != last or len(eligible) == size:
            return team


# ----- the record ------------------------------------------------------------------------
def make_record(inputs: DrawInputs, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The published record: ``meta`` (plan, publisher) beside the inputs, hashes, seed, tasks."""
    return {"format": RECORD_FORMAT, "algorithm": ALGORITHM, **meta,
            "parameters": dict(inputs.parameters), "candidates": list(inputs.candidates),
            "inspectors": list(inputs.inspectors), "history": dict(inputs.history),
            "draw_date": inputs.draw_date, "public_value": inputs.public_value,
            "hashes": inputs.hashes(), "seed": inputs.seed(), "tasks": draw(inputs)}


def record_bytes(record: Mapping[str, Any]) -> bytes:
    """The record file: canonical JSON and a newline."""
    return canonical(dict(record)) + b"\n"


def inputs_of(record: Mapping[str, Any]) -> DrawInputs:
    """The inputs a record states (checked for shape: a malformed record is refused)."""
    try:
        if record.get("format") != RECORD_FORMAT or record.get("algorithm") != ALGORITHM:
            raise ValueError
        inputs = DrawInputs(record["parameters"], record["candidates"], record["inspectors"],
                            record["history"], record["draw_date"], record["public_value"])
        _check_shape(inputs)
        return inputs
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidInput("抽取记录", "不是 SiteCheck 的双随机抽取记录，或其格式不完整",
                           hint="请用 SiteCheck 导出的 .json 抽取记录") from None


def _check_shape(inputs: DrawInputs) -> None:
    p = inputs.parameters
    if not (isinstance(p["ratio_percent"], int) and 0 < p["ratio_percent"] <= 100
            and isinstance(p["team_size"], int) and p["team_size"] >= 2
            and all(isinstance(c, str) for c in p["key_colours"])):
        raise ValueError
    for c in inputs.candidates:
        if not all(isinstance(c[k], str) for k in ("id", "name", "district", "industry", "risk_colour")):
            raise ValueError
    for person in inputs.inspectors:
        if not isinstance(person["cert_no"], str) or not isinstance(person["conflicts"], list):
            raise ValueError
    if not (isinstance(inputs.draw_date, str) and isinstance(inputs.public_value, str)
            and all(isinstance(v, list) for v in inputs.history.values())):
        raise ValueError


def verify(record: Mapping[str, Any]) -> list[Msg]:
    """What differs between a record and the draw recomputed from its inputs (empty: it matches)."""
    inputs = inputs_of(record)
    problems = []
    stated = record.get("hashes") if isinstance(record.get("hashes"), dict) else {}
    for key, value in inputs.hashes().items():
        if stated.get(key) != value:
            problems.append(Msg("{what}的哈希与记录不符：记录为 {stated}，按记录中的数据算得 {computed}",
                                what=Msg(HASH_LABELS[key]), stated=str(stated.get(key)),
                                computed=value))
    if record.get("seed") != inputs.seed():
        problems.append(Msg("种子与记录不符：记录为 {stated}，重算为 {computed}",
                            stated=str(record.get("seed")), computed=inputs.seed()))
    try:
        tasks = draw(inputs)
    except InvalidInput as err:
        return [*problems, Msg("按记录中的数据无法抽取：{error}", error=err.detail)]
    return problems + list(_task_differences(record.get("tasks"), tasks))


HASH_LABELS = {"parameters_sha256": "抽取参数", "candidates_sha256": "候选企业名单",
               "inspectors_sha256": "执法人员名单", "history_sha256": "上次检查组"}


def _task_differences(stated: Any, computed: list[dict[str, Any]]) -> Iterator[Msg]:
    if not isinstance(stated, list):
        yield Msg("记录中没有抽取结果")
        return
    if len(stated) != len(computed):
        yield Msg("抽取结果的任务数不符：记录为 {stated} 项，重算为 {computed} 项",
                  stated=len(stated), computed=len(computed))
    for mine, theirs in zip(stated, computed):
        if mine != theirs:
            yield Msg("第 {seq} 项任务不符：记录为 {stated}，重算为 {computed}",
                      seq=theirs["seq"], stated=_shown(mine), computed=_shown(theirs))
            return


def _shown(task: Any) -> str:
    if not isinstance(task, dict):
        return str(task)
    return f"{task.get('enterprise_id')} {task.get('kind')} {'/'.join(map(str, task.get('inspectors') or []))}"
