"""询问笔录: an interview held during an inspection, question by question.

``interview_particulars`` checks what was entered (the GUI's dialog and the
CLI's JSON/YAML file give the same keys); ``build_interview`` gathers the
document without writing; ``issue_interview`` numbers, renders and stores it,
and clears the draft, in one transaction.  While the inspector types, the
dialog keeps a draft in the workspace settings (``interview_draft:<inspection
id>``), so closing the dialog or a crash loses nothing.  The particulars are
kept in ``Document.data`` for a correction (``export.issue.reissue``).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from checklists.common.errors import InvalidInput
from checklists.common.messages import Listing, Msg
from checklists.common.progress import Progress
from checklists.common.vocabulary import DocumentKind, Sex
from export.docmodel import QA, Inspector, InterviewDoc, Interviewee
from export.issue import _common, _issue, document_family
from export.service import check_keys, parse_moment
from export.servicemodel import LABELS, LIMITS, resident_id_problem
from storage.records import Document, Inspection
from storage.validate import check_phone, clean_text
from storage.workspace import Workspace

PERSON_KEYS = ("name", "sex", "id_no", "work_unit", "post", "phone", "address", "relation")
PARTICULARS = ("started_at", "ended_at", "place", "asker", "recorder", "subject", "recusal_answer",
               "person", "qa")


def draft_key(inspection_id: str) -> str:
    return f"interview_draft:{inspection_id}"


def load_draft(ws: Workspace, inspection_id: str) -> dict:
    """The interview being entered for the inspection, as last saved ({} when none)."""
    return dict(ws.setting(draft_key(inspection_id)) or {})


def save_draft(ws: Workspace, inspection_id: str, values: Mapping) -> None:
    """Keep what has been typed so far (unchecked: a draft may be incomplete)."""
    if dict(values) != load_draft(ws, inspection_id):
        ws.set_settings({draft_key(inspection_id): dict(values) or None})


def clear_draft(ws: Workspace, inspection_id: str) -> None:
    ws.set_settings({draft_key(inspection_id): None})


def _text(values: Mapping, key: str, label: str | None = None, *, multiline: bool = False) -> str:
    return clean_text(str(values.get(key) or ""), label or LABELS[key], limit=LIMITS[key], multiline=multiline)


def _person(values: Mapping) -> dict:
    check_keys(values, PERSON_KEYS, "被询问人")
    out = {k: _text(values, k) for k in PERSON_KEYS if k != "sex"}
    sex = values.get("sex") or ""
    if sex and sex not in tuple(Sex):
        raise InvalidInput("性别", "“{value}”无效", hint="可选：{options}", value=sex,
                           options=Listing(Msg("{code}（{label}）", code=m.value, label=m) for m in Sex))
    out["sex"] = str(sex)
    out["id_no"] = out["id_no"].upper().replace(" ", "")
    problem = resident_id_problem(out["id_no"])
    if problem:
        raise InvalidInput("身份证件号码", problem, hint="请核对被询问人的身份证件")
    if out["phone"]:
        out["phone"] = check_phone(out["phone"], "联系电话")
    return out


def _pairs(values) -> list[dict]:
    pairs = []
    for n, pair in enumerate(values or [], 1):
        if not isinstance(pair, Mapping):
            raise InvalidInput("问答", "第{n}组不是“question/answer”的形式", n=n)
        q = clean_text(str(pair.get("question") or ""), Msg("第{n}问", n=n), limit=LIMITS["question"],
                       multiline=True)
        a = clean_text(str(pair.get("answer") or ""), Msg("第{n}问的回答", n=n), limit=LIMITS["answer"],
                       multiline=True)
        if q or a:                      # an empty row left in the table is not a question
            pairs.append({"question": q, "answer": a})
    return pairs


def interview_particulars(values: Mapping) -> dict:
    """The particulars of an interview checked and cleaned (JSON-ready); InvalidInput
    names the first wrong one.  What must be present is checked when the document
    is built (export.servicemodel)."""
    check_keys(values, PARTICULARS, "询问笔录")
    out: dict = {}
    for key, label in (("started_at", "询问开始时间"), ("ended_at", "询问结束时间")):
        if values.get(key):
            out[key] = parse_moment(values[key], label).isoformat(timespec="minutes")
    out["place"] = _text(values, "place", "询问地点")
    out["subject"] = _text(values, "subject")
    out["recusal_answer"] = _text(values, "recusal_answer", multiline=True)
    out["asker"] = clean_text(str(values.get("asker") or ""), "询问人", limit=50)
    out["recorder"] = clean_text(str(values.get("recorder") or ""), "记录人", limit=50)
    out["person"] = _person(values.get("person") or {})
    out["qa"] = _pairs(values.get("qa"))
    return out


def _inspector(insp: Inspection, name: str, default: int, label: str) -> Inspector:
    people = [Inspector(p.get("name", ""), p.get("cert_no", "")) for p in insp.inspectors]
    if not name:
        return people[default] if len(people) > default else Inspector("", "")
    for person in people:
        if person.name == name:
            return person
    raise InvalidInput(label, "“{name}”不是本次检查的执法人员", hint="可选：{options}", name=name,
                       options=Listing(p.name for p in people))


def build_interview(ws: Workspace, inspection_id: str, particulars: Mapping) -> InterviewDoc:
    """The 询问笔录 from the particulars; no writes."""
    insp = ws.inspection(inspection_id)
    v = interview_particulars(particulars)
    people = (_inspector(insp, v["asker"], 0, "询问人"), _inspector(insp, v["recorder"], 1, "记录人"))
    common = {**_common(ws, insp, document_family(ws, insp)), "inspectors": people}
    moment = {k: datetime.fromisoformat(v[k]) if k in v else None for k in ("started_at", "ended_at")}
    return InterviewDoc(**common, **moment, person=Interviewee(**v["person"]), place=v["place"],
                        subject=v["subject"], recusal_answer=v["recusal_answer"],
                        qa=tuple(QA(p["question"], p["answer"]) for p in v["qa"]))


def issue_interview(ws: Workspace, inspection_id: str, particulars: Mapping, *,
                    supersedes_id: str | None = None, progress: Progress | None = None) -> Document:
    """Issue the 询问笔录 (numbered, stored) and clear the inspection's draft (a
    correction leaves the draft alone: it may be another interview)."""
    doc = build_interview(ws, inspection_id, particulars)
    data = {"particulars": interview_particulars(particulars)}
    with ws.transaction():
        issued = _issue(ws, inspection_id, DocumentKind.INTERVIEW, doc, data=data, supersedes_id=supersedes_id,
                        progress=progress)
        if supersedes_id is None:
            clear_draft(ws, inspection_id)
    return issued
