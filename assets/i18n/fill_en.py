"""Fill the English translations of sitecheck_en.ts from the glossary below.

Workflow (run from the repository root):
    .venv/bin/pyside6-lupdate $(find ui -name "*.py") -ts assets/i18n/sitecheck_en.ts
    .venv/bin/python assets/i18n/fill_en.py
    .venv/bin/pyside6-lrelease assets/i18n/sitecheck_en.ts -qm assets/i18n/sitecheck_en.qm
Strings missing from the glossary are listed and stay "unfinished" (shown in Chinese).
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).with_name("sitecheck_en.ts")

EN = {
    "%1 张照片未能导入": "%1 photos could not be imported",
    "18位，含校验位": "18 characters, including the check character",
    "PNG 图片 (*.png)": "PNG images (*.png)",
    "SiteCheck 现场检查": "SiteCheck on-site inspection",
    "下次定期检验": "Next periodic inspection",
    "下次定期检验日期": "Next periodic inspection date",
    "临近或超期定期检验的设备": "Equipment due for periodic inspection",
    "仅逾期": "Overdue only",
    "企业与设备": "Enterprises",
    "位置": "Location",
    "使用登记证号": "Registration certificate no.",
    "依据：": "Basis: ",
    "保存设置": "Save settings",
    "全部": "All",
    "全部区域": "All districts",
    "全部单位": "All enterprises",
    "全部检查表": "All checklists",
    "全部状态": "All states",
    "全部等级": "All levels",
    "共 %1 项": "%1 findings",
    "删除所选": "Remove selected",
    "删除照片": "Remove photo",
    "区域": "District",
    "单位": "Enterprise",
    "单位名称": "Name",
    "印章图片": "Seal image",
    "发现日期": "Found on",
    "取消": "Cancel",
    "可先在“企业与设备”中新增": "Add it first under “Enterprises”",
    "可将照片文件拖放到此处": "Photo files can be dropped here",
    "名称": "Name",
    "后台处理中…": "Working in the background…",
    "圆圈": "Circle",
    "地址": "Address",
    "填写内容": "Enter a value",
    "备注（N）": "Note (N)",
    "姓名": "Name",
    "安装位置": "Installed at",
    "完成检查": "Finish inspection",
    "对该单位开始检查": "Inspect this enterprise",
    "开始时间": "Start time",
    "开始检查": "Start inspection",
    "当前检查": "Inspection",
    "待整改与逾期隐患": "Open and overdue hazards",
    "所在区域": "District",
    "打开数据文件夹": "Open the data folder",
    "执法人员": "Inspectors",
    "执法证号": "Certificate no.",
    "执法部门名称": "Department",
    "描述或备注包含…": "Description or note contains…",
    "搜索单位名称、信用代码、地址或区域…": "Search name, credit code, address or district…",
    "撤销": "Undo",
    "数值（%1）": "Value (%1)",
    "数据文件": "Data file",
    "整改方式": "Rectification",
    "整改期限": "Deadline",
    "文书编号前缀": "Document number prefix",
    "文字": "Text",
    "文字：": "Text:",
    "新增企业": "Add enterprise",
    "新增设备": "Add equipment",
    "新建检查": "New inspection",
    "新建检查 (Ctrl+N)": "New inspection (Ctrl+N)",
    "无法打开工作区": "Cannot open the workspace",
    "最近的检查": "Recent inspections",
    "未销号": "Not closed",
    "未销号隐患 %1 项（其中重大隐患 %2 项），逾期未整改 %3 项，已销号 %4 项":
        "%1 hazards not closed (%2 major), %3 overdue, %4 closed",
    "标注…": "Annotate…",
    "标注文字": "Annotation text",
    "标注照片": "Annotate photo",
    "检查已完成": "Inspection finished",
    "检查方式": "Mode",
    "检查表": "Checklists",
    "正在导入照片…": "Importing photos…",
    "法定代表人": "Legal representative",
    "添加执法人员": "Add inspector",
    "添加照片… (P)": "Add photos… (P)",
    "照片说明（回车保存）": "Caption (Enter saves)",
    "状态": "State",
    "现场检查": "On-site inspection",
    "界面语言": "Language",
    "第 %1 行的姓名和执法证号都必须填写": "Row %1 needs both a name and a certificate number",
    "等级": "Level",
    "箭头": "Arrow",
    "类别": "Kind",
    "统一社会信用代码": "Unified social credit code",
    "编辑企业": "Edit enterprise",
    "编辑设备": "Edit equipment",
    "职务": "Title",
    "联系人": "Contact",
    "联系电话": "Phone",
    "行业": "Industry",
    "行政复议机关": "Administrative review body",
    "行政诉讼法院": "Court for administrative litigation",
    "被检查单位": "Enterprise inspected",
    "设备": "Equipment",
    "设备名称": "Name",
    "设备注册代码": "Register code",
    "设备类别": "Kind",
    "设备：%1": "Equipment: %1",
    "设置": "Settings",
    "请选择被检查单位": "Choose the enterprise to inspect",
    "退出": "Quit",
    "选择印章图片": "Choose the seal image",
    "选择印章图片…": "Choose seal image…",
    "选择照片": "Choose photos",
    "逾期 ": "Overdue ",
    "部门简称": "Abbreviation",
    "隐患": "Hazard",
    "隐患台账": "Hazard ledger",
    "隐患描述": "Description",
    "隐患等级": "Level",
    "风险等级": "Risk colour",
    "首页": "Home",
    "（不针对具体设备）": "(no particular equipment)",
    "（内存中）": "(in memory)",
    "（未评定）": "(not rated)",
    "（进行中）": " (in progress)",
    "（逾期）": " (overdue)",
    "：未达到要求": ": requirement not met",
    "重大隐患判定：": "Major hazard under ",
    "无法完成操作": "Cannot complete the operation",
    "意外错误": "Unexpected error",
    "发生了意外错误，操作未完成。详细信息已记录到日志文件 sitecheck.log。":
        "An unexpected error occurred; nothing was completed. Details were written to sitecheck.log.",
}


def fill(path: Path = TS) -> list[str]:
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in EN:
            translation.text = EN[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    left = fill()
    for text in left:
        print("untranslated:", text, file=sys.stderr)
    sys.exit(1 if left else 0)
