"""Reading an .xlsx file that may be hostile: limits first, then openpyxl read-only.

Before openpyxl sees the file, ``read_workbook`` checks it as bytes and as a zip:

* at most ``MAX_FILE_BYTES``; an OLE2 compound file is an encrypted workbook (it
  holds an ``EncryptionInfo`` stream) or an old .xls; a SiteCheck workspace or
  anything else that is not a zip is refused by name;
* the zip's members (at most ``MAX_MEMBERS``) are stored or deflated, never
  encrypted, and their declared sizes add up to at most ``MAX_UNCOMPRESSED``
  (``zipfile`` never inflates a member beyond its declared size, so the sum
  bounds what is read); every member is then read once, in chunks: XML with a
  DTD (``<!DOCTYPE``, ``<!ENTITY``: entity expansion) is refused, the cells of
  each worksheet are counted (at most ``MAX_CELLS`` in the workbook) and its
  merged ranges are noted (openpyxl's read-only mode does not report them).

Then openpyxl reads the sheets in read-only mode, twice (cached values, and the
formulas to tell a formula without a saved value from an empty cell), never
more than ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns; each text cell is
checked for control characters and length.  Every problem is a
:class:`~checklists.common.errors.Problem` whose place is ``FILE:SHEET!CELL``.
"""
from __future__ import annotations

import re
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from checklists.common.errors import Problem, SiteCheckError
from checklists.common.messages import Msg
from checklists.common.sizes import format_size

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_CELLS = 200_000
MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_TEXT = 5000             # characters in one cell

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SQLITE = b"SQLite format 3\x00"
CHUNK = 1 << 20
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_STRING_TAG = re.compile(rb"<(?:\w+:)?si[\s/>]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3}\d{1,7}):([A-Z]{1,3}\d{1,7})\"")
# Characters no checklist text may hold (tabs and line breaks may).
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

# Excel writes a character XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x).
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")

# openpyxl warns on stderr about parts it skips in a damaged file; the import reports instead.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")

Value = str | int | float | bool | datetime | date | time | None


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def place(file: str, sheet: str | None = None, row: int | None = None, column: int | None = None) -> str:
    """``FILE:SHEET!ROW`` or ``FILE:SHEET!CELL`` (``file`` alone without a sheet)."""
    if sheet is None:
        return file
    if row is None:
        return f"{file}:{sheet}"
    return f"{file}:{sheet}!{column_letter(column) if column else ''}{row}"


@dataclass
class Sheet:
    """A worksheet's values: ``rows[n]`` is row n+1, ``rows[n][c]`` column c+1 (None: empty)."""

    name: str
    rows: list[list[Value]] = field(default_factory=list)

    def value(self, row: int, column: int) -> Value:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


@dataclass
class Workbook:
    file: str
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name.strip().lower() == name.lower()), None)


class _Refused(SiteCheckError):
    """The file is refused as a whole (made a Problem of the file by ``read_workbook``)."""


def read_workbook(path: str | Path, name: str | None = None) -> tuple[Workbook | None, list[Problem]]:
    """The workbook's values, or None and the problems that refuse it; never raises
    for what a file holds."""
    path = Path(path)
    file = name or str(path)
    try:
        merges = _check_file(path)
        return _read(path, file, merges)
    except _Refused as refused:
        return None, [Problem(file, 0, refused.message, refused.hint)]


# ----------------------------------------------------------------- the bytes and the zip

def _check_file(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Checks before openpyxl; returns each worksheet member's merged ranges."""
    try:
        if path.is_dir():
            raise _Refused("这是一个文件夹，不是 Excel 文件", hint="请选择 .xlsx 文件")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Refused("文件太大（{size}，上限 {limit}），未读取",
                          hint="检查是否选错了文件；检查表的 Excel 文件通常不到 1 MB",
                          size=format_size(size), limit=format_size(MAX_FILE_BYTES))
        with path.open("rb") as fh:
            head = fh.read(16)
            if head.startswith(OLE2):
                fh.seek(0)
                raise _ole2(fh.read(MAX_FILE_BYTES))
        if head.startswith(SQLITE):
            raise _Refused("这是 SiteCheck 工作区文件（SQLite 数据库），不是 Excel 文件",
                          hint="请选择检查表的 .xlsx 文件")
        if not head.startswith(b"PK\x03\x04"):
            raise _Refused("不是 .xlsx 文件（文件开头不是 zip 格式）",
                          hint="请在 Excel 或 WPS 中用“另存为”保存为 Excel 工作簿（*.xlsx）；CSV 也请另存为 .xlsx")
        try:
            with zipfile.ZipFile(path) as zf:
                return _check_zip(zf)
        except (FileNotFoundError, PermissionError):
            raise
        except OSError as err:              # a seek outside the file: the zip's offsets are wrong
            raise zipfile.BadZipFile(str(err)) from None
    except FileNotFoundError:
        raise _Refused("文件不存在", hint="检查路径和文件名是否写对") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError, ValueError,
            NotImplementedError) as err:
        raise _Refused("文件已损坏，无法作为 .xlsx 读取（{err}）",
                      hint="在 Excel 或 WPS 中打开并重新保存；或向发送方索取原文件", err=err) from None
    except OSError as err:
        raise _Refused("无法读取文件：{reason}", hint="检查文件权限，或文件是否被其他程序占用",
                      reason=err.strerror or err) from None


def _ole2(data: bytes) -> _Refused:
    if "EncryptionInfo".encode("utf-16-le") in data:
        return _Refused("文件设有打开密码（已加密），无法读取",
                       hint="在 Excel 或 WPS 中打开，取消密码（文件 › 信息 › 保护工作簿）后另存为 .xlsx")
    return _Refused("这是旧版 Excel 97-2003 文件（.xls），不支持",
                   hint="在 Excel 或 WPS 中用“另存为”保存为 Excel 工作簿（*.xlsx）")


def _check_zip(zf: zipfile.ZipFile) -> dict[str, list[tuple[str, str]]]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _Refused("文件含有 {count} 个部件，超过上限 {most} 个", hint="这不是普通的检查表工作簿；未读取",
                      count=len(infos), most=MAX_MEMBERS)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise _Refused("zip 文件中没有 Excel 工作簿（缺少 xl/workbook.xml）",
                      hint="请选择 Excel 保存的 .xlsx 文件；数据包与下发包请在“同步”菜单中导入")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise _Refused("文件解压后有 {size}，超过上限 {limit}（可能是解压炸弹），未读取",
                      hint="检查表的工作簿解压后通常只有几 MB；请检查文件来源",
                      size=format_size(total), limit=format_size(MAX_UNCOMPRESSED))
    merges: dict[str, list[tuple[str, str]]] = {}
    cells = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refused("文件中的部件 {name} 已加密", hint="取消工作簿的密码后另存为 .xlsx", name=info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused("文件中的部件 {name} 用了不支持的压缩方式（{method}）",
                          hint="在 Excel 或 WPS 中重新保存为 .xlsx", name=info.filename, method=info.compress_type)
        if not info.is_dir():
            found, ranges = _scan_member(zf, info)
            cells += found
            if ranges:
                merges[info.filename] = ranges
        if cells > MAX_CELLS:
            raise _Refused("工作簿有超过 {most} 个单元格，未读取",
                          hint="检查表每行一项，用不了这么多单元格；删去无关的工作表后再导入", most=MAX_CELLS)
    return merges


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, list[tuple[str, str]]]:
    """Read one member once: refuse a DTD; count a worksheet's cells (and the shared
    strings, each a Python string later) and note a worksheet's merged ranges."""
    is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
    is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    counted = _CELL_TAG if is_sheet else _STRING_TAG if info.filename == "xl/sharedStrings.xml" else None
    cells, ranges, tail = 0, [], b""
    with zf.open(info) as member:
        while True:
            chunk = member.read(CHUNK)
            data = tail + chunk
            if is_xml and _DTD.search(data):
                raise _Refused("文件中的部件 {name} 含有 DTD 或实体定义", hint="Excel 保存的文件不含这些；未读取",
                               name=info.filename)
            cut = max(len(data) - 256, 0) if chunk else len(data)     # a tag may straddle two chunks
            if counted is not None:
                cells += len(counted.findall(data, 0, cut))
            if is_sheet:
                ranges += [(a.decode(), b.decode()) for a, b in _MERGE.findall(data, 0, cut)]
            if cells + len(ranges) > MAX_CELLS:
                raise _Refused("工作簿有超过 {most} 个单元格，未读取",
                               hint="检查表每行一项，用不了这么多单元格；删去无关的工作表后再导入", most=MAX_CELLS)
            if not chunk:
                return cells, ranges
            tail = data[cut:]


# ----------------------------------------------------------------- openpyxl, read-only

def _read(path: Path, file: str, merges: dict[str, list[tuple[str, str]]]) -> tuple[Workbook | None, list[Problem]]:
    from openpyxl import load_workbook

    problems: list[Problem] = []
    values = formulas = None
    try:
        values = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        formulas = load_workbook(path, read_only=True, data_only=False, keep_links=False)
        sheets = []
        for name in values.sheetnames:
            sheet, worksheet = values[name], formulas[name]
            if not hasattr(sheet, "iter_rows"):         # a chart sheet
                continue
            sheets.append(_sheet(sheet, worksheet, file, problems, merges.get(_member(sheet), [])))
    except _Refused:
        raise
    except Exception as err:        # openpyxl's many ways of failing on a broken file
        raise _Refused("Excel 文件无法读取（{kind}：{err}）",
                      hint="在 Excel 或 WPS 中打开并重新保存为 .xlsx；仍不行请向发送方索取原文件",
                      kind=type(err).__name__, err=str(err)[:200]) from None
    finally:
        for book in (values, formulas):
            if book is not None:
                book.close()
    return Workbook(file, sheets), problems


def _member(sheet) -> str:
    """The zip member of a read-only worksheet (openpyxl keeps it as ``_worksheet_path``)."""
    return str(getattr(sheet, "_worksheet_path", "")).lstrip("/")


def _sheet(sheet, formulas, file: str, problems: list[Problem], ranges: list[tuple[str, str]]) -> Sheet:
    sheet.reset_dimensions()            # never trust the <dimension> a file declares
    formulas.reset_dimensions()
    out = Sheet(sheet.title)
    rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    raw_rows = formulas.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    for number, (row, raw) in enumerate(zip(rows, raw_rows), 1):
        if number > MAX_ROWS:
            problems.append(Problem(place(file, sheet.title, number), 0,
                                    Msg("工作表超过 {most} 行，后面的行未读取", most=MAX_ROWS),
                                    Msg("删去表格下方无关的行（含只设了格式的空行），或把检查表拆成几个文件")))
            break
        out.rows.append([_cell(value, raw_value, file, sheet.title, number, column, problems)
                         for column, (value, raw_value) in enumerate(zip(row[:MAX_COLUMNS], raw), 1)])
        if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None:
            problems.append(Problem(place(file, sheet.title, number, MAX_COLUMNS + 1), 0,
                                    Msg("超过 {most} 列，右边的列未读取", most=MAX_COLUMNS),
                                    Msg("删去表格右边无关的列")))
    if not _apply_merges(out, ranges):
        problems.append(Problem(place(file, sheet.title), 0, Msg("合并单元格的区域互相重叠"),
                                Msg("Excel 保存的文件不会这样；在 Excel 或 WPS 中取消合并后重新保存")))
    return out


def _cell(value, raw, file: str, sheet: str, row: int, column: int, problems: list[Problem]) -> Value:
    where = place(file, sheet, row, column)
    if value is None and isinstance(raw, str) and raw.startswith("="):
        problems.append(Problem(where, 0, Msg("公式 {formula} 没有保存计算结果", formula=raw[:80]),
                                Msg("在 Excel 或 WPS 中打开后保存一次（会存下计算结果），"
                                    "或把这一格改为直接输入的文字")))
        return None
    if not isinstance(value, str):
        return value
    value = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value).replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > MAX_TEXT:
        problems.append(Problem(where, 0, Msg("单元格文字过长（{length} 个字，上限 {most}）",
                                              length=len(value), most=MAX_TEXT),
                                Msg("检查是否粘贴了整篇文字；检查要点请分条写")))
        return None
    bad = INVISIBLE.search(value)
    if bad:
        problems.append(Problem(where, 0, Msg("单元格含有不可见的控制字符 U+{char:04X}（第 {position} 个字）",
                                              char=ord(bad.group()), position=bad.start() + 1),
                                Msg("删除这个字符（常见于从网页或文档复制的文字）")))
        return None
    return value


def _apply_merges(sheet: Sheet, ranges: list[tuple[str, str]]) -> bool:
    """Every cell of a merged range reads as its top-left cell (as Excel shows it).
    Ranges Excel writes never overlap, so together they cover at most the sheet once:
    more than that stops here (False) rather than cost a pass over the sheet per range."""
    budget = len(sheet.rows) * MAX_COLUMNS
    for first, last in ranges:
        top, left = _cell_ref(first)
        bottom, right = min(_cell_ref(last)[0], len(sheet.rows)), min(_cell_ref(last)[1], MAX_COLUMNS)
        budget -= max(bottom - top + 1, 0) * max(right - left + 1, 0)
        if budget < 0:
            return False
        value = sheet.value(top, left)
        for row in range(top, bottom + 1):
            cells = sheet.rows[row - 1]
            for column in range(left, min(right, len(cells)) + 1):
                if (row, column) != (top, left):
                    cells[column - 1] = value
    return True


def _cell_ref(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), column_index(letters)
