"""The 双随机 draw: a golden vector, verification and its refusals, 回避 over many seeds."""
from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
from itertools import combinations
from pathlib import Path

import pytest

from checklists.common.errors import InvalidInput
from storage import draw
from storage.draw import DrawInputs, Stream

PEOPLE = [{"name": n, "cert_no": c} for n, c in
          (("王建国", "A001"), ("李明", "A002"), ("张伟", "A003"), ("赵敏", "A004"), ("陈静", "A005"))]


def fixed_inputs(**changes) -> DrawInputs:
    """Fixed inputs written out in full: two strata, a key enterprise, a conflict, a last team."""
    candidates = draw.sort_candidates([
        {"id": f"e{n:02d}", "name": f"企业{n:02d}", "credit_code": f"91330100{n:010d}",
         "district": "西湖区" if n < 6 else "滨江区", "industry": "化工" if n % 2 else "机械",
         "risk_colour": "red" if n == 3 else "blue"} for n in range(1, 11)])
    inspectors = draw.sort_inspectors([{**p, "conflicts": ["e05"] if p["cert_no"] == "A001" else []}
                                       for p in PEOPLE])
    values = dict(parameters={"ratio_percent": 50, "team_size": 2, "key_colours": ["red"]},
                  candidates=candidates, inspectors=inspectors, history={"e03": ["A001", "A002"]},
                  draw_date="2026-12-01", public_value="上证指数 2026-11-30 收盘 3412.56")
    values.update(changes)
    return DrawInputs(**values)


def test_stream_is_sha256_in_counter_mode_with_rejection():
    seed = bytes(32)
    s = Stream(seed)
    block0 = hashlib.sha256(seed + (0).to_bytes(8, "big")).digest()
    block1 = hashlib.sha256(seed + (1).to_bytes(8, "big")).digest()
    words = [int.from_bytes(b[i:i + 8], "big") for b in (block0, block1) for i in range(0, 32, 8)]
    assert [s.next64() for _ in range(8)] == words
    # below(n) is x mod n for an x under the largest multiple of n below 2^64
    s = Stream(seed)
    assert s.below(7) == words[0] % 7 and s.below(1000) == words[1] % 1000
    # a value at or above the limit is rejected and the next one taken
    limit_of_3 = (1 << 64) - (1 << 64) % 3
    s = Stream(seed)
    s.buffer = (limit_of_3).to_bytes(8, "big") + (5).to_bytes(8, "big")
    assert s.below(3) == 2 and s.counter == 0


def test_golden_vector():
    """Fixed inputs give this seed and these tasks in any implementation of docs/draw.md."""
    given = fixed_inputs()
    assert given.seed() == "33c09b2607792c48df230b996ad2961a15e8147af257d3fced4baab1cfb6bb88"
    # strata in code-point order: (滨江区, 化工) e07 e09 -> 1, (滨江区, 机械) e06 e08 e10 -> 2,
    # (西湖区, 化工) e01 e05 -> 1 (e03 is key), (西湖区, 机械) e02 e04 -> 1
    assert draw.draw(given) == [
        {"seq": 1, "enterprise_id": "e03", "kind": "key", "inspectors": ["A003", "A004"]},
        {"seq": 2, "enterprise_id": "e09", "kind": "random", "inspectors": ["A003", "A004"]},
        {"seq": 3, "enterprise_id": "e06", "kind": "random", "inspectors": ["A002", "A005"]},
        {"seq": 4, "enterprise_id": "e08", "kind": "random", "inspectors": ["A001", "A004"]},
        {"seq": 5, "enterprise_id": "e01", "kind": "random", "inspectors": ["A003", "A004"]},
        {"seq": 6, "enterprise_id": "e04", "kind": "random", "inspectors": ["A002", "A004"]}]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
@pytest.mark.parametrize("n", range(5))
def test_a_second_implementation_from_the_docs_agrees(n):
    """tests/storage/draw_reference.mjs, written from docs/draw.md, draws the same."""
    people = draw.sort_inspectors([{**p, "conflicts": ["e0" + str(n + 1)] if p["cert_no"] < "A003" else []}
                                   for p in PEOPLE])
    given = fixed_inputs(public_value=f"值{n}", inspectors=people,
                         history={"e0" + str(n + 1): ["A003", "A004"]},
                         parameters={"ratio_percent": 20 * n + 10, "team_size": 2 + n % 2,
                                     "key_colours": ["red"] if n % 2 else []})
    data = draw.record_bytes(draw.make_record(given, {"plan": {"title": "计划"}}))
    out = subprocess.run(["node", str(Path(__file__).with_name("draw_reference.mjs"))], input=data,
                         capture_output=True, check=True).stdout
    assert json.loads(out) == {"hashes": given.hashes(), "seed": given.seed(), "tasks": draw.draw(given)}


def test_strata_quota_and_key_enterprises():
    given = fixed_inputs()
    tasks = draw.draw(given)
    assert tasks[0]["enterprise_id"] == "e03" and tasks[0]["kind"] == "key"
    drawn = [t["enterprise_id"] for t in tasks if t["kind"] == "random"]
    key, groups = draw.strata(given)
    assert key == ["e03"]
    for ids in groups.values():          # ceil(50 % of each stratum), none twice
        assert len(set(drawn) & set(ids)) == draw.quota(len(ids), 50)
    assert len(drawn) == len(set(drawn)) and "e03" not in drawn
    assert [t["seq"] for t in tasks] == list(range(1, len(tasks) + 1))


def test_quota_is_a_ceiling_in_integers():
    assert [draw.quota(n, 30) for n in (0, 1, 3, 4, 10, 11)] == [0, 1, 1, 2, 3, 4]
    assert draw.quota(7, 100) == 7


def test_each_input_changes_the_seed():
    base = fixed_inputs()
    changed = [fixed_inputs(public_value="3412.57"), fixed_inputs(draw_date="2026-12-02"),
               fixed_inputs(history={}), fixed_inputs(parameters={**base.parameters, "ratio_percent": 40}),
               fixed_inputs(candidates=base.candidates[:-1]),
               fixed_inputs(inspectors=base.inspectors[:-1])]
    seeds = {base.seed(), *(c.seed() for c in changed)}
    assert len(seeds) == len(changed) + 1
    assert draw.draw(fixed_inputs(public_value="3412.57")) != draw.draw(base)


def record() -> dict:
    return json.loads(draw.record_bytes(draw.make_record(fixed_inputs(), {"plan": {"title": "计划"}})))


def test_verify_accepts_the_record():
    assert draw.verify(record()) == []


@pytest.mark.parametrize("tamper, expected", [
    (lambda r: r["candidates"].pop(), "候选企业名单的哈希与记录不符"),
    (lambda r: r["inspectors"][0].update(conflicts=[]), "执法人员名单的哈希与记录不符"),
    (lambda r: r["history"].clear(), "上次检查组的哈希与记录不符"),
    (lambda r: r.update(public_value="3412.57"), "种子与记录不符"),
    (lambda r: r.update(seed="0" * 64), "种子与记录不符"),
    (lambda r: r["tasks"][1].update(inspectors=["A004", "A005"]), "第 2 项任务不符"),
    (lambda r: r["tasks"].pop(), "抽取结果的任务数不符"),
])
def test_verify_refuses_each_tampering_with_its_reason(tamper, expected):
    changed = record()
    tamper(changed)
    problems = [str(p) for p in draw.verify(changed)]
    assert problems and any(expected in p for p in problems), problems


def test_changed_input_with_its_hash_updated_still_fails_on_the_result():
    """Someone who edits the candidate list and its hash still cannot keep the result."""
    changed = record()
    changed["candidates"] = [c for c in changed["candidates"] if c["id"] != "e07"]
    given = draw.inputs_of(changed)
    changed["hashes"], changed["seed"] = given.hashes(), given.seed()
    assert [str(p) for p in draw.verify(changed)] != []


def test_malformed_record_is_refused():
    for bad in ({}, {"format": "x"}, {**record(), "parameters": {"ratio_percent": "50"}}):
        with pytest.raises(InvalidInput, match="不是 SiteCheck 的双随机抽取记录"):
            draw.verify(bad)


def test_conflicts_and_last_team_are_avoided_over_1000_seeds():
    """回避: a declared conflict is never drawn; the last team is never drawn again when
    another team is possible; every team has team_size distinct eligible inspectors."""
    base = fixed_inputs()
    people = draw.sort_inspectors([{**p, "conflicts": ["e01", "e02"] if p["cert_no"] in ("A001", "A002")
                                   else ["e04"] if p["cert_no"] == "A005" else []} for p in PEOPLE])
    # e04 can have A001..A004, and its last team was A003/A004
    history = {"e04": ["A003", "A004"], "e06": ["A001", "A002"], "e03": ["A002", "A005"]}
    params = {**base.parameters, "ratio_percent": 100}
    for n in range(1000):
        given = fixed_inputs(inspectors=people, history=history, parameters=params, public_value=str(n))
        for task in draw.draw(given):
            team, firm = task["inspectors"], task["enterprise_id"]
            assert len(team) == 2 == len(set(team)) and team == sorted(team)
            conflicted = {p["cert_no"] for p in people if firm in p["conflicts"]}
            assert not conflicted & set(team), (n, task)
            assert team != history.get(firm), (n, task)


def test_last_team_is_kept_when_it_is_the_only_one():
    people = draw.sort_inspectors([{**p, "conflicts": []} for p in PEOPLE[:2]])
    given = fixed_inputs(inspectors=people, history={"e03": ["A001", "A002"]})
    assert all(t["inspectors"] == ["A001", "A002"] for t in draw.draw(given))


def test_too_few_eligible_inspectors_refuses_the_draw():
    people = draw.sort_inspectors([{**p, "conflicts": ["e03"] if p["cert_no"] != "A005" else []}
                                   for p in PEOPLE])
    with pytest.raises(InvalidInput, match="可派往「企业03」的执法人员只有 1 名"):
        draw.draw(fixed_inputs(inspectors=people))


def test_every_pair_can_be_drawn():
    """Uniform enough to reach every eligible pair of an enterprise."""
    params = {**fixed_inputs().parameters, "ratio_percent": 100}
    seen = set()
    for n in range(300):
        tasks = draw.draw(fixed_inputs(parameters=params, history={}, public_value=f"v{n}"))
        seen |= {tuple(t["inspectors"]) for t in tasks if t["enterprise_id"] == "e01"}
    assert seen == set(combinations([p["cert_no"] for p in PEOPLE], 2))


def test_record_bytes_are_canonical():
    data = draw.record_bytes(record())
    assert data.endswith(b"\n") and b" " not in data.replace("上证指数 2026-11-30 收盘 3412.56".encode(), b"")
    assert draw.record_bytes(json.loads(data)) == data
    assert copy.deepcopy(record()) == json.loads(data)
