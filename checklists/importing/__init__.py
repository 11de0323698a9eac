"""Checklists from Excel: a bureau's checklist sheet, or an ODK XLSForm, -> checklist YAML.

``convert_file(path, Options(...))`` reads the workbook with limits
(:mod:`.workbook`), converts it (:mod:`.bureau`, or :mod:`.xlsform` when the
workbook has a ``survey`` sheet), writes the YAML and validates it with the real
loader (:mod:`checklists.loader`), whose problems are mapped back to the rows they
came from.  Every problem is ``FILE:SHEET!ROW`` (or ``!CELL``): what; what to do;
all of them at once.  Nothing is written by this module: the caller writes the
YAML (``checklists import``) or installs it (``install``).

Conditions (``when:``, from XLSForm ``relevant``) are checked by the loader like
any other part of the YAML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checklists.common.errors import ChecklistInvalid, Problem
from checklists.common.messages import Msg
from checklists.common.vocabulary import EquipmentKind, Family
from checklists.model import Checklist

from .bureau import BureauSheet, find_header
from .fields import Collector, did_you_mean
from .workbook import Sheet, Workbook, place, read_workbook

CHECKLIST_ID = re.compile(r"[a-z][a-z0-9-]{1,63}")
PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,7}")
GENERAL = "general"


@dataclass(frozen=True)
class Options:
    """What the workbook does not say (or what overrides it): the checklist's id,
    version, title, family, what it applies to, the item id prefix, the sheet."""

    id: str | None = None
    version: str | None = None
    title: str | None = None
    family: str | None = None
    applies_to: str | None = None
    prefix: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Conversion:
    """The YAML (None on any error), the checklist the loader built from it, every problem."""

    yaml: str | None
    checklist: Checklist | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.yaml is not None and not any(not p.warning for p in self.problems)


def convert_file(path: str | Path, options: Options | None = None, name: str | None = None) -> Conversion:
    """Convert an .xlsx file; never raises for what the file holds."""
    options = options or Options()
    file = name or str(path)
    book, problems = read_workbook(path, file)
    if book is None:
        return Conversion(None, None, problems)
    collector = Collector(file)
    collector.problems = problems
    if book.sheet("survey") is not None:
        from .xlsform import XLSForm

        converter: BureauSheet | XLSForm | None = XLSForm(file, book)
        settings = converter.settings()
    else:
        sheet = _bureau_sheet(collector, book, options)
        converter, settings = (BureauSheet(file, sheet) if sheet else None), {}
    meta = _meta(collector, options, settings, file)
    sections: list[dict] = []
    if converter is not None:
        converter.prefix = _prefix(collector, options, meta)
        sections = converter.convert()
        collector.problems += converter.problems
        meta["title"] = meta["title"] or converter.title
    if not meta["title"]:
        collector.error(place(file), "没有检查表名称", "用 --title 指定，或在表头上方加一行标题")
    if collector.errors or not sections:
        return Conversion(None, None, collector.problems)
    for section in sections:
        section["title"] = section["title"] or meta["title"]
    return _emit(collector, meta, sections, converter.origins, Path(file).name)


def install(ws: Any, conversion: Conversion, source: str) -> Checklist:
    """Install a converted checklist in the workspace ``ws`` (through its facade), as a
    new version beside the ones installed; the same id and version with other content
    is refused (raises ``ChecklistInvalid``)."""
    checklist = conversion.checklist
    if not conversion.ok:
        raise ChecklistInvalid(conversion.problems)
    for installed in ws.checklists():
        if installed.id == checklist.id and installed.version == checklist.version \
                and installed.hash != checklist.hash:
            raise ChecklistInvalid([Problem(source, 0, Msg("检查表 {id} 的版本 {version} 已经安装，内容与本文件不同",
                                                           id=checklist.id, version=checklist.version),
                                            Msg("改用新的版本号后再导入（已有的检查记录仍用旧版本）"))])
    return ws.install_checklist(conversion.yaml, source)


# ----------------------------------------------------------------- what the file does not say

def _bureau_sheet(collector: Collector, book: Workbook, options: Options) -> Sheet | None:
    names = [s.name for s in book.sheets]
    if options.sheet:
        sheet = book.sheet(options.sheet)
        if sheet is None:
            collector.error(place(collector.file), "没有名为“{name}”的工作表", did_you_mean(options.sheet, names),
                            name=options.sheet)
            return None
    else:
        sheet = next((s for s in book.sheets if find_header(s) is not None), None)
        if sheet is None and not book.sheets:
            collector.error(place(collector.file), "工作簿中没有工作表", "请选择检查表的 .xlsx 文件")
            return None
        sheet = sheet or book.sheets[0]
    return sheet


def _meta(collector: Collector, options: Options, settings: dict[str, tuple[str, str]],
          file: str) -> dict:
    """id, version, title, family, applies_to from the options, else the workbook's
    settings (XLSForm); each missing or malformed one is a problem."""
    def given(key: str, setting: str) -> tuple[str, str]:
        value = getattr(options, key)
        if value:
            return value.strip(), place(file)
        return settings.get(setting, ("", place(file)))

    meta: dict = {}
    checklist_id, where = given("id", "form_id")
    checklist_id = checklist_id.replace("_", "-").lower() if checklist_id else _id_from_name(file)
    if not CHECKLIST_ID.fullmatch(checklist_id or ""):
        collector.error(where, "检查表 id“{value}”无效或没有给出",
                        "用 --id 指定，只用小写字母、数字和连字符，以字母开头，例如 elevator-user", value=checklist_id)
    meta["id"] = checklist_id
    meta["version"], where = given("version", "version")
    if not meta["version"]:
        collector.error(where, "没有给出检查表的版本号", "用 --version 指定，例如 --version 2026.1")
    meta["title"] = given("title", "form_title")[0]
    meta["family"] = _choice(collector, given("family", "family"), [m.value for m in Family], "family",
                             Msg("用 --family 指定：ems（应急管理）或 samr（市场监管）"))
    meta["applies_to"] = _choice(collector, given("applies_to", "applies_to"),
                                 [GENERAL, *(m.value for m in EquipmentKind)], "applies_to",
                                 Msg("用 --applies-to 指定：general（通用）或设备种类，如 elevator"))
    return meta


def _choice(collector: Collector, given: tuple[str, str], options: list[str], key: str, how: Msg) -> str:
    value, where = given
    if not value:
        collector.error(where, "没有给出 {key}", how, key=key)
    elif value not in options:
        collector.error(where, "{key} 的值“{value}”无效", did_you_mean(value, options), key=key, value=value)
    return value


def _id_from_name(file: str) -> str:
    return re.sub(r"[\s_]+", "-", Path(file).stem.strip().lower())


def _prefix(collector: Collector, options: Options, meta: dict) -> str:
    """The item id prefix: given, or the initials of the checklist id (elevator-user -> EU)."""
    if options.prefix:
        if not PREFIX.fullmatch(options.prefix):
            collector.error(place(collector.file), "检查项 id 前缀“{value}”格式不对",
                            "用 1–8 个大写字母或数字，以字母开头，例如 EL", value=options.prefix)
        return options.prefix
    parts = [p for p in (meta.get("id") or "x").split("-") if p]
    return ("".join(p[0] for p in parts) if len(parts) > 1 else parts[0][:2]).upper()


# ----------------------------------------------------------------- YAML and the loader

class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key (as the built-in files are written)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def dump(doc: dict) -> str:
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, indent=2)


def _emit(collector: Collector, meta: dict, sections: list[dict], origins: dict[str, str],
          source_name: str) -> Conversion:
    from checklists.loader import check_text

    doc = {"id": meta["id"], "version": meta["version"], "title": meta["title"],
           "family": meta["family"], "applies_to": meta["applies_to"], "sections": sections}
    header = (f"# {meta['title']}\n# Converted from {source_name} by `python main.py checklists import`.\n"
              "# Check every citation against the law's text before this checklist is used.\n")
    text = header + dump(doc)
    checklist, found = check_text(text, collector.file + ".yaml")
    collector.problems += _mapped(found, text, origins, collector.file)
    if checklist is None or collector.errors:
        return Conversion(None, None, collector.problems)
    return Conversion(text, checklist, collector.problems)


_ID_LINE = re.compile(r"^\s*- id: '?([^'\s]+)'?\s*$")


def _mapped(problems: list[Problem], text: str, origins: dict[str, str], file: str) -> list[Problem]:
    """The loader's problems at the rows the YAML came from."""
    starts = [(n, origins[m.group(1)]) for n, line in enumerate(text.splitlines(), 1)
              if (m := _ID_LINE.match(line)) and m.group(1) in origins]
    out = []
    for problem in problems:
        where = next((origin for line, origin in reversed(starts) if line <= problem.line), place(file))
        out.append(Problem(where, 0, problem.message, problem.hint, problem.warning))
    return out


__all__ = ["Conversion", "Options", "convert_file", "dump", "install"]
