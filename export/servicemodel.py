"""The rules of the 送达回证 and the 询问笔录 (checked by ``export.docmodel.validate``
before a number is taken and again when the document is drawn).

Each rule raises DocumentError whose ``field`` names what to correct.  The legal
ground of the rules: at least two 执法人员 (行政处罚法第四十二条); 留置送达 needs the
refusal recorded with a witness or photos/video (the 民事诉讼法 rules that
行政处罚法第六十一条第一款 refers to; for special equipment 特种设备安全监督检查办法
第二十七条第二款); 电子送达 only when the recipient agreed and signed a 确认书
(行政处罚法第六十一条第二款).
"""
from __future__ import annotations

import re

from checklists.common.errors import DocumentError
from checklists.common.messages import Msg
from checklists.common.vocabulary import DocumentKind, ServiceMethod, Sex
from export.docmodel import InterviewDoc, ServiceDoc, _missing, _require

# Most characters each text may hold (what fits the printed form; checked again
# here for data that did not come through the program's own input checks).
LIMITS = {"place": 200, "proxy": 50, "proxy_reason": 200, "refusal": 500, "witness": 100,
          "recorded": 200, "tracking_no": 50, "e_address": 100, "entrusted_to": 100, "note": 500,
          "name": 50, "id_no": 30, "work_unit": 100, "post": 50, "phone": 50, "address": 200,
          "relation": 50, "subject": 200, "recusal_answer": 500, "question": 1000, "answer": 2000}
LABELS = {"place": Msg("送达地点"), "proxy": Msg("代收人"), "proxy_reason": Msg("代收理由"),
          "refusal": Msg("拒收情况"), "witness": Msg("见证人"), "recorded": Msg("留置送达的记录方式"),
          "tracking_no": Msg("邮件号码"), "e_address": Msg("电子送达地址"), "entrusted_to": Msg("受委托机关"),
          "note": Msg("备注"), "name": Msg("被询问人姓名"), "id_no": Msg("身份证件号码"),
          "work_unit": Msg("工作单位"), "post": Msg("职务"), "phone": Msg("联系电话"), "address": Msg("住址"),
          "relation": Msg("与本案关系"), "subject": Msg("询问事由"), "recusal_answer": Msg("被询问人对告知事项的回答")}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")


def resident_id_problem(value: str) -> Msg | str:
    """What is wrong with a 居民身份证号码 ("" when nothing): 18 characters, the
    last a check character (GB 11643).  Other papers (passport, 港澳台 permits)
    contain letters and pass unchecked; all digits of another length do not."""
    text = value.strip().upper()
    if _RESIDENT_ID.match(text):
        total = sum(int(ch) * w for ch, w in zip(text, _ID_WEIGHTS))
        expected = _ID_CHECK[total % 11]
        return "" if text[17] == expected else Msg("校验位错误（第18位应为 {expected}）", expected=expected)
    if text.isdigit():
        return Msg("居民身份证号码应为18位，实为{n}位", n=len(text))
    return ""


def _error(field: str, message: str, hint: str) -> DocumentError:
    err = DocumentError(message, hint=hint)
    err.field = field
    return err


def _lengths(values: dict[str, str], labels: dict[str, str]) -> None:
    for key, text in values.items():
        limit = LIMITS[key]
        if text and len(text) > limit:
            label = labels.get(key, key)
            raise _error(label, Msg("{label}过长（{n} 个字，上限 {limit} 个字），无法出具文书",
                                    label=Msg(label), n=len(text), limit=limit),
                         Msg("请精简{label}后重试", label=Msg(label)))


def check_served(doc: ServiceDoc | InterviewDoc) -> None:
    if isinstance(doc, ServiceDoc):
        check_service(doc)
    else:
        check_interview(doc)


# ---------------------------------------------------------------- 送达回证

def check_service(doc: ServiceDoc) -> None:
    if not doc.documents:
        raise _error("送达文书", Msg("送达回证没有列出任何送达的文书，无法出具"), Msg("请选择本次送达的文书"))
    for n, served in enumerate(doc.documents, 1):
        _require(served.title, Msg("第{n}份送达文书的名称", n=n))
        _require(served.number, Msg("第{n}份送达文书的文号", n=n))
    try:
        method = ServiceMethod(doc.method)
    except ValueError:
        raise _missing("送达方式", Msg("“{value}”无效", value=doc.method)) from None
    _require(doc.place, "送达地点")
    _require(doc.served_at, "送达时间")
    texts = {k: getattr(doc, "refused" if k == "refusal" else k, None) for k in LIMITS}
    _lengths({k: v for k, v in texts.items() if isinstance(v, str)}, LABELS)
    _service_dates(doc)
    if doc.proxy and method != ServiceMethod.DIRECT:
        raise _error("代收人", Msg("{method}不由代收人签收", method=method), Msg("只有直接送达时才可填写代收人"))
    if doc.proxy:
        _require(doc.proxy_reason, "代收理由")
    _method_particulars(doc, method)


def _service_dates(doc: ServiceDoc) -> None:
    when = doc.served_at.date()
    if when > doc.issued_at:
        raise _error("送达时间", Msg("送达时间 {when:%Y-%m-%d} 晚于回证出具日期 {issued:%Y-%m-%d}",
                                     when=when, issued=doc.issued_at),
                     Msg("送达回证只能记载已经发生的送达；请在送达之后出具"))
    for served in doc.documents:
        if served.issued_at and when < served.issued_at:
            raise _error("送达时间", Msg("送达时间 {when:%Y-%m-%d} 早于《{title}》（{number}）"
                                     "的出具日期 {issued:%Y-%m-%d}", when=when, title=_kind_titled(served.title),
                                     number=served.number, issued=served.issued_at),
                         Msg("请核对送达时间：文书出具之后才能送达"))


def _kind_titled(title: str) -> DocumentKind | str:
    """The kind of document whose name is ``title`` (so a message names it in either
    language); ``title`` itself when no kind is so named."""
    return next((kind for kind in DocumentKind if kind.label_zh == title), title)


def _method_particulars(doc: ServiceDoc, method: ServiceMethod) -> None:
    if method == ServiceMethod.LODGED:
        _require(doc.refused, "拒收情况")
        if not (doc.witness.strip() or doc.recorded.strip()):
            raise _error("见证人", Msg("留置送达既没有见证人，也没有拍照、录像等记录，无法出具送达回证"),
                         Msg("请填写到场见证人，或写明以拍照、录像等方式记录了留置过程"))
    elif method == ServiceMethod.POST:
        _require(doc.tracking_no, "邮件号码")
    elif method == ServiceMethod.ELECTRONIC:
        _require(doc.e_address, "电子送达地址")
        if not doc.consent:
            raise _error("电子送达确认书", Msg("受送达人没有签订同意电子送达的确认书，不能电子送达"),
                         Msg("先请受送达人签订确认书（行政处罚法第六十一条第二款），或改用其他送达方式"))
    elif method == ServiceMethod.ENTRUSTED:
        _require(doc.entrusted_to, "受委托机关")


# ---------------------------------------------------------------- 询问笔录

def check_interview(doc: InterviewDoc) -> None:
    person = doc.person
    if person is None:
        raise _missing("被询问人")
    _require(person.name, "被询问人姓名")
    if person.sex not in tuple(Sex):
        raise _missing("被询问人性别", Msg("“{value}”无效", value=person.sex) if person.sex else "未填写")
    _require(person.id_no, "身份证件号码")
    problem = resident_id_problem(person.id_no)
    if problem:
        raise _error("身份证件号码", Msg("身份证件号码{problem}", problem=problem), Msg("请核对被询问人的身份证件"))
    _require(person.relation, "与本案关系")
    _require(doc.place, "询问地点")
    _require(doc.subject, "询问事由")
    _require(doc.recusal_answer, "被询问人对告知事项的回答")
    _interview_times(doc)
    a, b = doc.inspectors[0], doc.inspectors[1]
    if (a.name, a.cert_no) == (b.name, b.cert_no) or a.cert_no == b.cert_no:
        raise _error("记录人", Msg("询问人和记录人是同一人"), Msg("询问应由两名执法人员进行：一人询问，一人记录"))
    texts = {k: getattr(person, k) for k in ("name", "id_no", "work_unit", "post", "phone", "address",
                                             "relation")}
    _lengths({**texts, "place": doc.place, "subject": doc.subject, "recusal_answer": doc.recusal_answer},
             {**LABELS, "place": "询问地点"})
    _check_qa(doc)


def _interview_times(doc: InterviewDoc) -> None:
    _require(doc.started_at, "询问开始时间")
    _require(doc.ended_at, "询问结束时间")
    if doc.ended_at < doc.started_at:
        raise _missing("询问结束时间", "早于开始时间")
    if doc.started_at.date() > doc.issued_at:
        raise _error("询问开始时间", Msg("询问开始时间 {started:%Y-%m-%d %H:%M} 晚于笔录出具日期",
                                       started=doc.started_at),
                     Msg("询问笔录只能记载已经进行的询问"))


def _check_qa(doc: InterviewDoc) -> None:
    if not doc.qa:
        raise _error("问答", Msg("询问笔录没有任何问答，无法出具"), Msg("请至少录入一组问与答"))
    for n, pair in enumerate(doc.qa, 1):
        _require(pair.question, Msg("第{n}问", n=n))
        _require(pair.answer, Msg("第{n}问的回答", n=n))
        for key, text, label in (("question", pair.question, Msg("第{n}问", n=n)),
                                 ("answer", pair.answer, Msg("第{n}问的回答", n=n))):
            _lengths({key: text}, {key: label})

