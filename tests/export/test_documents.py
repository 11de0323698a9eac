"""Enforcement documents rendered for real: text extracted with pypdf, pages
rasterised with pdftoppm when it is installed."""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from checklists.common.errors import DocumentError, InvalidInput
from export.docmodel import NUMBER_PATTERNS, FindingLine, Inspector, content_hash, format_number
from export.documents import render
from export.fonts import load_fonts
from tests.export import samples as s


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


def text_of(pdf: bytes) -> tuple[list[str], str]:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    return pages, re.sub(r"\s+", "", "".join(pages))


@pytest.fixture(scope="module")
def order_pdf(fonts):
    return render(s.order(), fonts)


# ---------------------------------------------------------------- content

def test_order_has_fields_clauses_and_rare_characters(order_pdf):
    pages, flat = text_of(order_pdf)
    assert "安全生产行政执法文书" in flat and "责令限期整改指令书" in flat
    assert "（穗天）应急责改〔2026〕A07-015号" in flat
    assert s.RARE_UNIT + "：" in flat  # 𠀾 U+2003E comes back from the fallback font
    assert "经查，你单位存在下列问题" in flat
    assert "【重大事故隐患】抛光车间除尘系统" in flat and "其中，第2项为重大事故隐患。" in flat
    assert "第1项问题立即整改" in flat and "第3、4项问题于2026年3月31日前整改完毕" in flat
    assert "整改期间，你单位应当采取有效措施，确保安全生产。" in flat
    assert ("如不服本指令，可以依法在六十日内向广州市天河区人民政府申请行政复议，或者在六个月内依法向"
            "广州铁路运输法院提起行政诉讼，但本指令不停止执行，法律另有规定的除外。") in flat
    assert "证号：44010612001" in flat and "证号：44010612017" in flat
    assert "被检查单位负责人（签名）" in flat
    assert "本文书一式两份：一份由应急管理部门存档，一份交被检查单位。" in flat
    assert "附件：现场照片" in flat and "拍摄时间：2026年3月2日09:30" in flat
    n = len(pages)
    assert n > 1 and all(f"第{i}页共{n}页" in re.sub(r"\s+", "", p) for i, p in enumerate(pages, 1))
    assert all(content_hash(s.order())[:16] in p for p in pages)


def test_review_body_setting_overrides_government(fonts):
    doc = s.order(department=s.department(review_body="广州市应急管理局", court="天河区人民法院"))
    _, flat = text_of(render(doc, fonts))
    assert "六十日内向广州市应急管理局申请行政复议" in flat and "依法向天河区人民法院提起行政诉讼" in flat


def test_samr_order_uses_its_own_wording(fonts):
    _, flat = text_of(render(s.samr_order(), fonts))
    assert "特种设备安全监察指令书" in flat and "（穗天）市监特令〔2026〕B02-003号" in flat
    assert "第二十三条" in flat and "其中，第2项为严重事故隐患。" in flat
    assert "重大事故隐患" not in flat
    assert "一份由市场监督管理部门存档" in flat and "申请行政复议" in flat
    assert "安全生产行政执法文书" not in flat      # the band names the department instead
    doc = s.samr_order()
    assert flat.startswith(doc.department.name) or doc.department.name in flat[:40]


def test_record_has_opening_time_span_and_findings(fonts):
    _, flat = text_of(render(s.record(), fonts))
    assert "现场检查记录" in flat and "（穗天）应急检记〔2026〕A07-014号" in flat
    for field in ("被检查单位：" + s.RARE_UNIT, "地址：广东省佛山市南海区", "法定代表人（负责人）：黄志明",
                  "职务：总经理", "联系电话：0757-86661234", "检查场所：抛光车间"):
        assert field in flat
    assert "检查时间：2026年3月2日9时05分至3月2日11时40分" in flat
    assert (f"我们是广州市天河区应急管理局执法人员李建国、{s.RARE_PERSON}，证件号码为44010612001、44010612017，"
            "这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。") in flat
    assert "共检查36项，其中符合29项，不符合4项，不适用3项" in flat
    assert "（二）粉尘防爆：检查10项，符合8项，不适用1项，发现问题1项" in flat
    assert "违反《工贸企业粉尘防爆安全规定》第十三条" in flat and "属重大事故隐患" in flat
    assert "被检查单位现场负责人（签名）" in flat and "申请行政复议" not in flat


def test_review_refers_to_order_item_by_item(fonts):
    _, flat = text_of(render(s.review(), fonts))
    assert "本机关于2026年3月2日作出了《责令限期整改指令书》（文号：（穗天）应急责改〔2026〕A07-015号）" in flat
    assert "已整改" in flat and "部分整改" in flat and "未整改" in flat
    assert "第1项问题已整改完毕，予以销号；第2、3项问题尚未整改完毕" in flat
    assert "复查时除尘器位置" in flat and "行政复议" not in flat


def test_photo_annex_alone(fonts):
    pages, flat = text_of(render(s.annex(), fonts))
    assert flat.count("拍摄时间") == 6 and "第3项，检查项SAMR-N1-02" in flat
    assert len(pages) == 2  # 4 photos to a page


def test_ext_b_in_person_names_extracts(fonts):
    doc = s.order(inspectors=(Inspector("𡈼𠀾", "A1"), Inspector("王五", "A2")),
                  unit=s.unit(name="𡈼𠀾𠀾有限公司"))
    _, flat = text_of(render(doc, fonts))
    assert "𡈼𠀾𠀾有限公司：" in flat


# ---------------------------------------------------------------- layout

def test_two_hundred_findings_flow_over_pages(fonts):
    pdf = render(s.order(findings=s.findings(200)), fonts)
    pages, flat = text_of(pdf)
    assert len(pages) > 10
    table_end = next(i for i, p in enumerate(pages) if "依据《中华人民共和国安全生产法》" in p)
    assert table_end > 10 and all("存在的问题" in p for p in pages[:table_end])  # header repeated
    assert "200" in flat and f"第{len(pages)}页共{len(pages)}页" in flat


def test_overlong_unit_name_wraps_inside_the_frame(fonts):
    name = "广东省佛山市南海区狮山镇" + "𠀾记五金机械制造与精密铸造加工" * 5 + "有限公司"  # 91, limit 100
    assert len(name) > 80
    pdf = render(s.record(unit=s.unit(name=name)), fonts)
    _, flat = text_of(pdf)
    assert name in flat
    assert _max_text_x(pdf) <= (28 + 156 + 6) * 72 / 25.4  # at most a hanging comma past the frame


def _max_text_x(pdf: bytes) -> float:
    xs = []
    fonts = load_fonts()

    def visit(text, cm, tm, font, size):
        x, y = cm[4] + tm[4], cm[5] + tm[5]
        if text.strip() and y > 35 * 72 / 25.4:  # the text block, not the footer
            xs.append(x + fonts.width(text.rstrip(), size))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    page.extract_text(visitor_text=visit)
    return max(xs)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_first_page_is_not_blank(order_pdf, tmp_path):
    src = tmp_path / "o.pdf"
    src.write_bytes(order_pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(src), str(tmp_path / "p")],
                   check=True)
    img = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    stat = ImageStat.Stat(img)
    dark = sum(img.histogram()[:128]) / (img.width * img.height)
    assert stat.stddev[0] > 20 and 0.02 < dark < 0.4


def test_same_input_gives_same_bytes(fonts, order_pdf):
    assert render(s.order(), fonts) == order_pdf


def test_metadata(order_pdf):
    meta = PdfReader(io.BytesIO(order_pdf)).metadata
    assert meta.title == "责令限期整改指令书 （穗天）应急责改〔2026〕A07-015号"
    assert meta.author == "广州市天河区应急管理局" and meta.subject == "（穗天）应急责改〔2026〕A07-015号"


def test_photos_are_prescaled(fonts):
    big = s.jpeg(4000, 3000)
    line = dataclasses.replace(s.findings()[0], photos=(s.PhotoRef(big, "大图"),))
    pdf = render(s.order(findings=(line,)), fonts)
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 1 and max(images[0].image.size) <= 600


# ---------------------------------------------------------------- bad input

def test_order_without_findings_is_refused(fonts):
    with pytest.raises(DocumentError, match="没有任何问题项"):
        render(s.order(findings=()), fonts)


@pytest.mark.parametrize("change, field", [
    (dict(inspectors=(Inspector("李建国", "44010612001"), Inspector("陈明", " "))), "执法人员2的执法证号"),
    (dict(inspectors=(Inspector("李建国", "44010612001"),)), "执法人员"),
    (dict(unit=s.unit(name="")), "被检查单位名称"),
    (dict(department=s.department(court="")), "行政诉讼的人民法院"),
    (dict(department=s.department(abbr="")), "执法部门简称"),
    (dict(findings=(FindingLine(1, "问题", rectification="deadline"),)), "第1项问题的整改期限"),
])
def test_missing_fields_are_named(fonts, change, field):
    with pytest.raises(DocumentError) as err:
        render(s.order(**change), fonts)
    assert err.value.field == field and field in str(err.value)


def test_footer_prints_the_departments_address_and_phone_on_every_page(fonts):
    dept = s.department(address="广州市天河区天河路100号", phone="020-38880000")
    pages, _ = text_of(render(s.order(department=dept, findings=s.findings(12)), fonts))
    pages = [re.sub(r"\s+", "", page) for page in pages]
    assert len(pages) > 1
    assert all("地址：广州市天河区天河路100号电话：020-38880000" in page for page in pages)
    assert "地址：" not in text_of(render(s.order(), fonts))[1]      # nothing set, nothing printed


def test_review_without_order_number_is_refused(fonts):
    with pytest.raises(DocumentError, match="原指令书编号"):
        render(s.review(order_number=""), fonts)


def test_record_with_end_before_start_is_refused(fonts):
    with pytest.raises(DocumentError, match="检查结束时间"):
        render(s.record(ended_at=s.record().started_at.replace(hour=8)), fonts)


def test_broken_photo_is_a_document_error(fonts):
    line = dataclasses.replace(s.findings()[0], photos=(s.PhotoRef(b"not a jpeg"),))
    with pytest.raises(DocumentError, match="照片无法读取"):
        render(s.order(findings=(line,)), fonts)


def test_print_size_photo_that_is_no_jpeg_is_a_document_error(fonts):
    """A photo at print size is embedded as it is, read by nothing but its JPEG
    header: bytes that have none are refused with the user's error, not drawn."""
    from export.pdf.photos import PRINT_CACHE, Prepared

    PRINT_CACHE.put("f" * 64, Prepared(b"\xff\xd8 not a jpeg", 100.0, 80.0))
    try:
        line = dataclasses.replace(s.findings()[0], photos=(s.PhotoRef(b"", sha256="f" * 64),))
        with pytest.raises(DocumentError, match="照片无法读取"):
            render(s.order(findings=(line,)), fonts)
    finally:
        PRINT_CACHE.clear()


# ---------------------------------------------------------------- numbers and hash

def test_format_number():
    assert format_number(NUMBER_PATTERNS["ems"], abbr="简称", code="责改", year=2026, prefix="A07-",
                         seq=15) == "（简称）应急责改〔2026〕A07-015号"
    assert format_number(NUMBER_PATTERNS["samr"], abbr="穗", code="特令", year=2026, prefix="", seq=3) \
        == "（穗）市监特令〔2026〕003号"
    with pytest.raises(InvalidInput, match="文书编号格式"):
        format_number("{abbr}{nope}", abbr="a", code="b", year=1, prefix="", seq=1)


def test_content_hash_follows_the_data():
    assert content_hash(s.order()) == content_hash(s.order())
    assert content_hash(s.order()) != content_hash(s.order(issued_at=date(2026, 3, 3)))
    photo = dataclasses.replace(s.findings(photos=1)[0].photos[0], jpeg=s.jpeg(colour=(1, 2, 3)))
    line = dataclasses.replace(s.findings(photos=1)[0], photos=(photo,))
    assert content_hash(s.order(findings=(line, *s.findings(photos=1)[1:]))) != content_hash(s.order())


def test_known_photo_hash_gives_the_same_content_hash():
    import hashlib
    line = s.findings(photos=1)[0]
    photo = line.photos[0]
    known = dataclasses.replace(photo, sha256=hashlib.sha256(photo.jpeg).hexdigest())
    with_known = s.order(findings=(dataclasses.replace(line, photos=(known,)),))
    assert content_hash(with_known) == content_hash(s.order(findings=(line,)))


def test_measure_column_does_not_repeat_the_rectification_mode():
    from datetime import date

    from export.docmodel import FindingLine
    from export.pdf.kinds import _measure_text

    line = FindingLine(seq=1, description="安全阀失效", measure="立即停止使用，更换安全阀",
                       rectification="stop_use", deadline=date(2026, 12, 8))
    ems, samr = s.order(), s.samr_order()
    assert _measure_text(line, ems) == "立即停止使用，更换安全阀。\n2026年12月8日前整改完毕"   # the stop: 现场处理措施决定书
    text = _measure_text(line, samr)
    assert text.count("停止使用") == 1 and "2026年12月8日前整改完毕" in text
    plain = FindingLine(seq=2, description="灭火器失效", measure="更换灭火器",
                        rectification="deadline", deadline=date(2026, 12, 8))
    assert _measure_text(plain, ems) == "更换灭火器。\n2026年12月8日前整改完毕"
