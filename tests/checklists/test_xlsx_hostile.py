"""Hostile and broken .xlsx files: each refused with a clear reason, nothing written."""
from __future__ import annotations

import dataclasses
import sqlite3
import time
import zipfile

import openpyxl
import pytest

import main
from checklists.importing import Options, convert_file, workbook

from .xlsx_samples import SAFETY_LAW, bureau

META = Options(id="elevator-bureau", version="2026.1", family="samr", applies_to="elevator")
CLI_META = ["--id", "elevator-bureau", "--version", "2026.1", "--family", "samr", "--applies-to", "elevator"]


def refused(path) -> str:
    conversion = convert_file(path, META)
    assert conversion.yaml is None and conversion.checklist is None
    return "\n".join(str(p) for p in conversion.problems if not p.warning)


def rewrite(source, target, change):
    """Copy the zip ``source`` to ``target`` with ``change(name, data) -> data`` applied."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
    return target


def test_not_an_xlsx_file(tmp_path):
    csv = tmp_path / "list.xlsx"
    csv.write_text("序号,检查内容\n1,是否登记\n", encoding="utf-8")
    assert refused(csv) == f"{csv}: 不是 .xlsx 文件（文件开头不是 zip 格式）; 请在 Excel 或 WPS 中用“另存为”保存为 Excel 工作簿（*.xlsx）；CSV 也请另存为 .xlsx"


def test_an_old_xls_and_an_encrypted_workbook_are_told_apart(tmp_path):
    # Both are OLE2 compound files; an encrypted .xlsx holds an EncryptionInfo stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    xls, locked = tmp_path / "old.xls", tmp_path / "locked.xlsx"
    xls.write_bytes(header + "Workbook".encode("utf-16-le") + bytes(1024))
    locked.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(16)
                       + "EncryptedPackage".encode("utf-16-le") + bytes(1024))
    assert "旧版 Excel 97-2003 文件（.xls），不支持" in refused(xls)
    assert "文件设有打开密码（已加密），无法读取; 在 Excel 或 WPS 中打开，取消密码" in refused(locked)


def test_a_workspace_a_folder_a_missing_file(tmp_path):
    db = tmp_path / "ws.xlsx"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    assert "这是 SiteCheck 工作区文件（SQLite 数据库），不是 Excel 文件" in refused(db)
    assert "这是一个文件夹，不是 Excel 文件" in refused(tmp_path)
    assert f"{tmp_path / 'gone.xlsx'}: 文件不存在" in refused(tmp_path / "gone.xlsx")


def test_truncated_and_foreign_zips(tmp_path):
    good = bureau(tmp_path / "good.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "文件已损坏，无法作为 .xlsx 读取" in refused(cut)
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert "zip 文件中没有 Excel 工作簿（缺少 xl/workbook.xml）" in refused(other)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    bomb = bureau(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/media/zeros.bin", "w") as fh:
        block = bytes(1 << 20)
        for _ in range(workbook.MAX_UNCOMPRESSED // len(block) + 1):
            fh.write(block)
    assert bomb.stat().st_size < 1 << 20             # a few hundred KB unpacking to over 64 MB
    started = time.process_time()
    assert "文件解压后有 65 MB，超过上限 64 MB（可能是解压炸弹），未读取" in refused(bomb)
    assert time.process_time() - started < 1.0, "refused from the zip's directory, not by unpacking"


def test_an_encrypted_member_and_a_dtd_are_refused(tmp_path):
    good = bureau(tmp_path / "good.xlsx")
    dtd = rewrite(good, tmp_path / "dtd.xlsx", lambda name, data: data.replace(
        b"?>", b'?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
        if name == "xl/sharedStrings.xml" else data)
    assert "文件中的部件 xl/sharedStrings.xml 含有 DTD 或实体定义" in refused(dtd)
    flagged = tmp_path / "flagged.xlsx"
    data = bytearray(good.read_bytes())
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:                    # set the "encrypted" bit of xl/workbook.xml's directory entry
        name_length = int.from_bytes(data[entry + 28:entry + 30], "little")
        if data[entry + 46:entry + 46 + name_length] == b"xl/workbook.xml":
            data[entry + 8] |= 0x1
        entry = data.find(b"PK\x01\x02", entry + 4)
    flagged.write_bytes(bytes(data))
    assert "文件中的部件 xl/workbook.xml 已加密" in refused(flagged)


def test_overlapping_merged_ranges_stop_before_they_cost_a_pass_each(tmp_path):
    good = bureau(tmp_path / "good.xlsx")
    merges = b"".join(b'<mergeCell ref="A1:BL5000"/>' for _ in range(20000))
    bomb = rewrite(good, tmp_path / "merges.xlsx", lambda name, data: data.replace(
        b"</worksheet>", b'<mergeCells count="20000">' + merges + b"</mergeCells></worksheet>")
        if name == "xl/worksheets/sheet1.xml" else data)
    started = time.process_time()
    assert f"{bomb}:检查表: 合并单元格的区域互相重叠" in refused(bomb)
    assert time.process_time() - started < 5.0


def test_too_many_cells_rows_and_columns(tmp_path, monkeypatch):
    rows = [[n, "登记", f"第 {n} 项是否登记？", "查看登记证", f"{SAFETY_LAW}第三十三条"] for n in range(1, 60)]
    path = bureau(tmp_path / "cells.xlsx", rows, header=["序号", "检查项目", "检查内容", "检查要点", "检查依据"])
    monkeypatch.setattr(workbook, "MAX_CELLS", 200)
    assert "工作簿有超过 200 个单元格，未读取" in refused(path)
    monkeypatch.setattr(workbook, "MAX_CELLS", 200_000)
    monkeypatch.setattr(workbook, "MAX_ROWS", 40)
    assert f"{path}:检查表!41: 工作表超过 40 行，后面的行未读取" in refused(path)
    monkeypatch.setattr(workbook, "MAX_ROWS", 5000)
    monkeypatch.setattr(workbook, "MAX_COLUMNS", 4)
    assert f"{path}:检查表!E2: 超过 4 列，右边的列未读取" in refused(path)


def test_a_lying_dimension_and_a_far_cell_read_quickly(tmp_path):
    path = bureau(tmp_path / "far.xlsx")
    book = openpyxl.load_workbook(path)
    book.active["XFD60000"] = "远处的一格"
    book.save(path)
    started = time.process_time()
    assert "工作表超过 5000 行，后面的行未读取" in refused(path)
    assert time.process_time() - started < 5.0


def test_formulas_give_their_saved_value_or_are_refused(tmp_path):
    path = bureau(tmp_path / "f.xlsx")                  # XlsxWriter saves results with formulas
    book = openpyxl.load_workbook(path)
    book.active["I3"] = '=CONCATENATE("3","0")'          # openpyxl saves no result
    book.save(path)
    assert refused(path).startswith(f"{path}:检查表!I3: 公式 =CONCATENATE(\"3\",\"0\") 没有保存计算结果; 在 Excel 或 WPS 中打开后保存一次")
    import xlsxwriter

    saved = tmp_path / "saved.xlsx"
    book = xlsxwriter.Workbook(saved)
    ws = book.add_worksheet("检查表")
    ws.write_row(0, 0, ["序号", "检查内容", "检查要点", "检查依据", "整改期限"])
    ws.write_row(1, 0, [1, "是否登记？", "查看登记证", f"{SAFETY_LAW}第三十三条"])
    ws.write_formula(1, 4, "=10*3", None, 30)
    book.close()
    conversion = convert_file(saved, dataclasses.replace(META, title="电梯检查"))
    assert conversion.ok and next(conversion.checklist.items()).rectification_days == 30


def test_control_characters_and_huge_text_name_their_cells(tmp_path):
    rows = [[1, "登记", "是否登记\x07？", "查看登记证", f"{SAFETY_LAW}第三十三条", None, None, None, None],
            [2, None, "是否检验？", "查" * 6000, f"{SAFETY_LAW}第四十条", None, None, None, None]]
    path = bureau(tmp_path / "c.xlsx", rows)
    text = refused(path)
    assert f"{path}:检查表!C3: 单元格含有不可见的控制字符 U+0007（第 5 个字）" in text
    assert f"{path}:检查表!D4: 单元格文字过长（6000 个字，上限 5000）" in text


def test_the_command_writes_nothing_for_a_hostile_file(tmp_path, capsys):
    source, out = tmp_path / "x.xlsx", tmp_path / "x.yaml"
    source.write_bytes(b"PK\x03\x04" + bytes(100))
    assert main.main(["checklists", "import", str(source), "--out", str(out), *CLI_META]) == 1
    assert "文件已损坏，无法作为 .xlsx 读取" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


@pytest.mark.parametrize("name", ["same.xlsx"])
def test_the_output_is_never_the_input(tmp_path, capsys, name):
    source = bureau(tmp_path / name)
    before = source.read_bytes()
    assert main.main(["checklists", "import", str(source), "--out", str(source), *CLI_META]) == 1
    assert "输出文件不能是输入文件本身" in capsys.readouterr().out
    assert source.read_bytes() == before


def test_damaged_workbooks_are_refused_never_a_traceback(tmp_path):
    """Seeded damage, in the zip's bytes (caught by the checks or the CRCs) and inside its
    XML re-zipped with good CRCs (reaching openpyxl): every outcome is a refusal with its
    problems, or a conversion where the damage is in what nothing reads."""
    import random

    good = bureau(tmp_path / "good.xlsx")
    data = good.read_bytes()
    with zipfile.ZipFile(good) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    xml = [name for name in parts if name.endswith((".xml", ".rels"))]
    rng = random.Random(2026)
    damaged = tmp_path / "damaged.xlsx"
    outcomes = set()
    for n in range(120):
        if n % 2:
            cut = bytearray(data[: rng.randrange(len(data))] if n % 4 == 1 else data)
            for _ in range(rng.randint(1, 4)):
                cut[rng.randrange(len(cut))] = rng.randrange(256)
            damaged.write_bytes(bytes(cut))
        else:
            name = rng.choice(xml)
            text = bytearray(parts[name])
            at = rng.randrange(len(text))
            text[at:at + rng.randint(0, 12)] = rng.choice([b"", b"<", b'<c r="XFD9"/>', b"-1", b'"', b"&#x1;"])
            with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as zf:
                for part, content in parts.items():
                    zf.writestr(part, bytes(text) if part == name else content)
        conversion = convert_file(damaged, META)
        assert conversion.ok or [p for p in conversion.problems if not p.warning], n
        outcomes.add(conversion.ok)
    assert outcomes == {True, False}
