"""送达回证 and 询问笔录 issued from a real demo workspace: every field and fixed
clause read back from the PDF (pypdf, whitespace removed), each rule, the stored
particulars, correction, and the ``documents issue`` command."""
from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

import main
from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.vocabulary import DocumentKind, HazardLevel, Rectification
from export import issue
from export.interview import draft_key, issue_interview, load_draft, save_draft
from export.service import issue_service, servable
from export.servicemodel import resident_id_problem
from tests.export.test_issue import EMS_DEPARTMENT, SAMR_DEPARTMENT

ID_NO = "11010519491231002X"           # the GB 11643 example: a valid check character


from tests.export.test_issue import demo_copy, demo_template, settle  # noqa: E402 - the demo's deadlines moved to today on


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return demo_template(tmp_path_factory.mktemp("served"), photos=False)


@pytest.fixture
def ws(template, tmp_path):
    yield from demo_copy(template, tmp_path)


def pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    return "".join(pages(pdf))


CHECK_BLOCK = "被询问人核对后亲笔书写“以上笔录我看过，与我说的相符”：被询问人（签名）：年月日"


def body(pdf: bytes) -> str:
    """The running text: each page without its check block and its footer."""
    return "".join(re.sub(r"第\d+页共\d+页文书编号.*$", "", p.replace(CHECK_BLOCK, "")) for p in pages(pdf))


def issued_pair(ws, family: str = "ems"):
    """An inspection of ``family`` with its record and order issued."""
    of_family = [i for i in ws.inspections() if i.family == family]
    insp = next((i for i in of_family if issue._order_findings(ws, i.id)), None)
    if insp is None:             # the random sample data has none to order: the inspector records one
        insp = of_family[0]
        ws.add_finding(insp.id, description="现场查见，维护保养记录不全", level=HazardLevel.GENERAL,
                       rectification=Rectification.DEADLINE, deadline=ws.today() + timedelta(days=10))
    order = issue.issue_order(ws, insp.id, photos=False)
    settle(ws, insp)                            # a 严重 hazard is sealed before the record
    return insp, issue.issue_record(ws, insp.id, photos=False), order


def moment(ws, doc, minutes: int = 5) -> str:
    return (issue._dt(doc.issued_at) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


LODGED = {"method": "lodged", "place": "被检查单位办公楼二楼办公室", "refusal": "法定代表人以不认可检查结论为由拒绝签收",
          "witness": "李四（所在街道安全员）", "recorded": "执法记录仪全程录像", "note": "已当场宣读文书内容"}


# ---------------------------------------------------------------- 送达回证

def test_lodged_service_prints_every_field(ws):
    insp, record, order = issued_pair(ws)
    when = moment(ws, order)
    doc = issue_service(ws, insp.id, [order.id, record.id], {**LODGED, "served_at": when})
    assert doc.kind == DocumentKind.SERVICE and re.fullmatch(r"（杭）应急送达〔\d{4}〕\d{3}号", doc.number)
    assert doc.data["documents"] == [order.id, record.id]
    assert doc.data["particulars"]["refusal"] == LODGED["refusal"] and doc.data["family"] == "ems"
    text = flat(ws.document_pdf(doc.id))
    t = issue._dt(order.issued_at) + timedelta(minutes=5)
    for expected in ("安全生产行政执法文书", "送达回证", doc.number, "受送达人", ws.enterprise(insp.enterprise_id).name,
                     "送达文书名称及文号", f"1.《责令限期整改指令书》{order.number}", f"2.《现场检查记录》{record.number}",
                     "送达地点" + LODGED["place"], f"送达时间{t.year}年{t.month}月{t.day}日{t.hour}时{t.minute:02d}分",
                     "送达方式留置送达", "受送达人拒绝签收。拒收情况：" + LODGED["refusal"],
                     "送达人已将上述文书留置于送达地点，并以执法记录仪全程录像记录送达过程。",
                     "见证人：" + LODGED["witness"], "见证人（签名）：", "备注" + LODGED["note"],
                     EMS_DEPARTMENT["name"]):
        assert expected in text, expected
    for person in insp.inspectors:
        assert f"{person['name']}（执法证号：{person['cert_no']}）签名：" in text
    assert "收件人（签名或盖章）" not in text and len(pages(ws.document_pdf(doc.id))) == 1


def test_direct_service_with_proxy(ws):
    insp, _record, order = issued_pair(ws)
    doc = issue_service(ws, insp.id, [order.id], {"method": "direct", "place": "门卫室", "served_at": moment(ws, order),
                                                  "proxy": "王五", "proxy_reason": "法定代表人外出，由办公室主任代收"})
    text = flat(ws.document_pdf(doc.id))
    assert "送达方式直接送达" in text and "收件人（签名）：" in text
    assert "代收人：王五；代收理由：法定代表人外出，由办公室主任代收。" in text and "代收人（签名）：" in text
    assert "拒收" not in text


def test_post_electronic_and_entrusted_particulars(ws):
    insp, _record, order = issued_pair(ws)
    when = moment(ws, order)
    post = issue_service(ws, insp.id, [order.id], {"method": "post", "place": "单位注册地址", "served_at": when,
                                                   "tracking_no": "EMS1234567890"})
    assert "邮寄送达（邮件号码：EMS1234567890）" in flat(ws.document_pdf(post.id))
    assert "以邮件回执为凭" in flat(ws.document_pdf(post.id))
    e = {"method": "electronic", "place": "电子邮箱", "served_at": when, "e_address": "safety@example.cn"}
    with pytest.raises(DocumentError, match="确认书"):
        issue_service(ws, insp.id, [order.id], e)
    electronic = issue_service(ws, insp.id, [order.id], {**e, "consent": True})
    assert "电子送达（送达地址：safety@example.cn；受送达人已签订确认书，同意以电子方式送达）" in flat(
        ws.document_pdf(electronic.id))
    entrusted = issue_service(ws, insp.id, [order.id], {"method": "entrusted", "place": "异地分公司", "served_at": when,
                                                        "entrusted_to": "宁波市应急管理局"})
    assert "委托送达（委托宁波市应急管理局代为送达）" in flat(ws.document_pdf(entrusted.id))


def test_samr_service_number(ws):
    insp, _record, order = issued_pair(ws, "samr")
    doc = issue_service(ws, insp.id, [order.id], {**LODGED, "served_at": moment(ws, order)})
    assert re.fullmatch(r"（杭）市监特送达〔\d{4}〕\d{3}号", doc.number)
    text = flat(ws.document_pdf(doc.id))
    assert f"《特种设备安全监察指令书》{order.number}" in text and SAMR_DEPARTMENT["name"] in text


@pytest.mark.parametrize("change, message", [
    ({"witness": "", "recorded": ""}, "既没有见证人"),
    ({"refusal": ""}, "拒收情况未填写"),
    ({"place": ""}, "送达地点未填写"),
    ({"served_at": ""}, "送达时间未填写"),
    ({"method": "direct", "proxy": "王五"}, "代收理由未填写"),
    ({"method": "post"}, "邮件号码未填写"),
    ({"method": "entrusted"}, "受委托机关未填写"),
])
def test_service_rules_refuse_before_a_number_is_taken(ws, change, message):
    insp, _record, order = issued_pair(ws)
    before = len(ws.documents())
    with pytest.raises(DocumentError, match=message):
        issue_service(ws, insp.id, [order.id], {**LODGED, "served_at": moment(ws, order), **change})
    assert len(ws.documents()) == before


def test_service_dates_and_documents_are_checked(ws):
    insp, record, order = issued_pair(ws)
    with pytest.raises(DocumentError, match="早于"):
        issue_service(ws, insp.id, [order.id], {**LODGED, "served_at": moment(ws, order, -24 * 60)})
    with pytest.raises(DocumentError, match="晚于回证出具日期"):
        issue_service(ws, insp.id, [order.id], {**LODGED, "served_at": moment(ws, order, 3 * 24 * 60)})
    with pytest.raises(DocumentError, match="没有选择"):
        issue_service(ws, insp.id, [], {**LODGED, "served_at": moment(ws, order)})
    other = next(i for i in ws.inspections() if i.id != insp.id)
    with pytest.raises(DocumentError, match="不是本次检查的文书"):
        issue_service(ws, other.id, [order.id], {**LODGED, "served_at": moment(ws, order)})
    with pytest.raises(InvalidInput, match="未知的项目：witnes"):
        issue_service(ws, insp.id, [order.id], {"witnes": "x"})
    with pytest.raises(InvalidInput, match="送达方式"):
        issue_service(ws, insp.id, [order.id], {"method": "fax"})
    served = issue_service(ws, insp.id, [order.id], {**LODGED, "served_at": moment(ws, order)})
    with pytest.raises(DocumentError, match="不需要送达"):
        issue_service(ws, insp.id, [served.id], {**LODGED, "served_at": moment(ws, order)})
    newer = issue.reissue(ws, record.id)
    with pytest.raises(DocumentError, match=f"已被 {re.escape(newer.number)} 更正取代"):
        issue_service(ws, insp.id, [record.id], {**LODGED, "served_at": moment(ws, newer)})
    assert [d.id for d in servable(ws, insp.id)] == [order.id, newer.id]


def test_service_correction_keeps_the_particulars(ws):
    insp, _record, order = issued_pair(ws)
    first = issue_service(ws, insp.id, [order.id], {**LODGED, "served_at": moment(ws, order)})
    second = issue.reissue(ws, first.id)
    assert second.supersedes_id == first.id and second.number != first.number
    assert second.data["particulars"] == first.data["particulars"]
    assert LODGED["refusal"] in flat(ws.document_pdf(second.id))


# ---------------------------------------------------------------- 询问笔录

def interview_values(ws, insp, doc, n: int = 2) -> dict:
    qa = [{"question": f"第{k}问：你单位有限空间作业由谁审批？作业前是否检测了氧含量和硫化氢浓度？",
           "answer": f"第{k}答：由安全科审批，作业前用四合一气体检测仪检测，结果记在作业票上。"} for k in range(1, n + 1)]
    return {"started_at": moment(ws, doc, 10), "ended_at": moment(ws, doc, 55), "place": "被检查单位二楼会议室",
            "subject": "你单位有限空间作业安全管理情况", "recusal_answer": "看清楚了，不申请回避。",
            "asker": insp.inspectors[1]["name"], "recorder": insp.inspectors[0]["name"],
            "person": {"name": "赵六", "sex": "male", "id_no": ID_NO, "work_unit": "被检查单位", "post": "安全科科长",
                       "phone": "13812345678", "address": "杭州市西湖区文一路8号", "relation": "被检查单位安全管理人员"},
            "qa": qa}


def test_interview_prints_every_field_and_the_opening(ws):
    insp, record, _order = issued_pair(ws)
    values = interview_values(ws, insp, record)
    doc = issue_interview(ws, insp.id, values)
    assert doc.kind == DocumentKind.INTERVIEW and re.fullmatch(r"（杭）应急询问〔\d{4}〕\d{3}号", doc.number)
    assert doc.data["particulars"]["person"]["id_no"] == ID_NO
    text = body(ws.document_pdf(doc.id))
    s, e = (issue._dt(record.issued_at) + timedelta(minutes=m) for m in (10, 55))
    asker, recorder = insp.inspectors[1], insp.inspectors[0]
    # an interview running past midnight names the day it ended (the clock is the real one)
    ended = f"{e.hour}时{e.minute:02d}分" if e.date() == s.date() else f"{e.month}月{e.day}日{e.hour}时{e.minute:02d}分"
    for expected in ("询问笔录", doc.number, f"询问时间：{s.year}年{s.month}月{s.day}日{s.hour}时{s.minute:02d}分至"
                     f"{ended}", "询问地点：被检查单位二楼会议室",
                     f"询问人：{asker['name']}执法证号：{asker['cert_no']}",
                     f"记录人：{recorder['name']}执法证号：{recorder['cert_no']}", "被询问人：赵六性别：男",
                     f"身份证件号码：{ID_NO}", "工作单位：被检查单位职务：安全科科长",
                     "联系电话：13812345678与本案关系：被检查单位安全管理人员", "住址：杭州市西湖区文一路8号",
                     f"问：我们是{EMS_DEPARTMENT['name']}的执法人员{asker['name']}、{recorder['name']}，执法证号分别为"
                     f"{asker['cert_no']}、{recorder['cert_no']}，这是我们的执法证件（出示执法证件），请你过目。",
                     "现依法就你单位有限空间作业安全管理情况向你询问有关情况。",
                     "依照《中华人民共和国行政处罚法》第五十五条第二款的规定，你应当如实回答询问，并协助调查，不得拒绝或者阻挠。",
                     "依照该法第四十三条第二款的规定，你认为执法人员与本案有直接利害关系或者有其他关系可能影响公正执法的，有权申请回避。",
                     "你看清我们的执法证件了吗？是否申请回避？答：看清楚了，不申请回避。",
                     "（以下空白）", f"询问人（签名）：证号：{asker['cert_no']}", f"记录人（签名）：证号：{recorder['cert_no']}"):
        assert expected in text, expected
    for pair in values["qa"]:
        assert f"问：{pair['question']}答：{pair['answer']}" in text


def test_interview_has_the_check_line_on_every_page(ws):
    insp, record, _order = issued_pair(ws)
    doc = issue_interview(ws, insp.id, interview_values(ws, insp, record, n=30))
    texts = pages(ws.document_pdf(doc.id))
    assert len(texts) >= 3
    for n, page in enumerate(texts, 1):
        assert "被询问人核对后亲笔书写“以上笔录我看过，与我说的相符”：" in page, n
        assert "被询问人（签名）：" in page and "年月日" in page, n
    assert "问：第30问" in texts[-1] and "（以下空白）" in texts[-1]
    assert "（以下空白）" not in "".join(texts[:-1])


@pytest.mark.parametrize("change, error, message", [
    ({"person": {"id_no": "110105194912310021"}}, InvalidInput, "校验位错误"),
    ({"person": {"id_no": "1101051949"}}, InvalidInput, "应为18位"),
    ({"person": {"sex": "x"}}, InvalidInput, "性别"),
    ({"person": {"phone": "12"}}, InvalidInput, "号码格式不正确"),
    ({"person": {"name": ""}}, DocumentError, "被询问人姓名未填写"),
    ({"person": {"relation": ""}}, DocumentError, "与本案关系未填写"),
    ({"recorder": "__same__"}, DocumentError, "询问人和记录人是同一人"),
    ({"recorder": "张三"}, InvalidInput, "不是本次检查的执法人员"),
    ({"qa": []}, DocumentError, "没有任何问答"),
    ({"qa": [{"question": "你是谁？", "answer": ""}]}, DocumentError, "第1问的回答未填写"),
    ({"recusal_answer": ""}, DocumentError, "告知事项的回答未填写"),
    ({"subject": ""}, DocumentError, "询问事由未填写"),
    ({"ended_at": "__early__"}, DocumentError, "询问结束时间早于开始时间"),
    ({"started_at": "__future__"}, DocumentError, "晚于笔录出具日期"),
    ({"extra": 1}, InvalidInput, "未知的项目：extra"),
])
def test_interview_rules(ws, change, error, message):
    insp, record, _order = issued_pair(ws)
    values = interview_values(ws, insp, record)
    for key, value in change.items():
        if key == "person":
            values["person"] = {**values["person"], **value}
        elif value == "__same__":
            values[key] = values["asker"]
        elif value == "__early__":
            values[key] = moment(ws, record, 0)
        elif value == "__future__":
            values["started_at"] = values["ended_at"] = moment(ws, record, 3 * 24 * 60)
        else:
            values[key] = value
    before = len(ws.documents())
    with pytest.raises(error, match=message):
        issue_interview(ws, insp.id, values)
    assert len(ws.documents()) == before


def test_resident_id_check():
    assert resident_id_problem(ID_NO) == "" and resident_id_problem(ID_NO.lower()) == ""
    assert "校验位" in resident_id_problem("110105194912310021")
    assert resident_id_problem("E12345678") == ""          # a passport: letters, not checked


def test_draft_is_cleared_by_issuing_but_not_by_a_correction(ws):
    insp, record, _order = issued_pair(ws)
    values = interview_values(ws, insp, record)
    save_draft(ws, insp.id, values)
    assert load_draft(ws, insp.id) == values
    doc = issue_interview(ws, insp.id, values)
    assert ws.setting(draft_key(insp.id)) is None
    save_draft(ws, insp.id, {"place": "另一次询问"})
    newer = issue.reissue(ws, doc.id)
    assert newer.supersedes_id == doc.id and newer.data["particulars"] == doc.data["particulars"]
    assert load_draft(ws, insp.id) == {"place": "另一次询问"}


# ---------------------------------------------------------------- command line

def test_documents_issue_command(ws, tmp_path, capsys):
    insp, record, order = issued_pair(ws)
    service_file = tmp_path / "service.yaml"
    service_file.write_text("\n".join(f"{k}: {v}" for k, v in {**LODGED, "served_at": moment(ws, order)}.items()),
                            encoding="utf-8")
    out = tmp_path / "service.pdf"
    args = ["--workspace", str(ws.path), "documents", "issue", insp.id, "--kind", "service",
            "--particulars", str(service_file), "--document", order.number, "--document", record.id, "--out", str(out)]
    assert main.main(args) == 0
    assert "送达回证" in capsys.readouterr().out
    [served] = ws.documents(inspection_id=insp.id, kind="service")
    assert set(served.data["documents"]) == {order.id, record.id} and out.read_bytes() == ws.document_pdf(served.id)
    interview_file = tmp_path / "interview.json"
    interview_file.write_text(json.dumps(interview_values(ws, insp, record), ensure_ascii=False), encoding="utf-8")
    out2 = tmp_path / "interview.pdf"
    assert main.main(["--workspace", str(ws.path), "documents", "issue", insp.id, "--kind", "interview",
                      "--particulars", str(interview_file), "--out", str(out2)]) == 0
    [interview] = ws.documents(inspection_id=insp.id, kind="interview")
    assert "赵六" in flat(out2.read_bytes())
    assert main.main(["--workspace", str(ws.path), "documents", "issue", insp.id, "--kind", "service",
                      "--particulars", str(service_file), "--document", "无此文书", "--out", str(out)]) == 1
    assert "本次检查没有文书“无此文书”" in capsys.readouterr().err
    assert interview.number in "".join(r.document.number for r in issue.document_rows(ws, inspection_id=insp.id))
