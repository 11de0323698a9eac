"""Structural checks of a sync file's zip, before anything in it is read.

A sync file is hostile input until its signature and its signer have been
checked, and ``zipfile`` accepts much that SiteCheck never writes: data before
the first member or after the end record, a zip comment, compressed or
encrypted members, local headers that disagree with the central directory, and
a central directory of any size (read whole into memory).  ``open_zip`` reads
the end records (the last bytes of the file) and each member's local header,
and refuses the file unless:

* the end-of-central-directory record ends the file (no comment, nothing after it);
* it lists at most ``MAX_MEMBERS`` members, in a central directory of at most
  ``DIRECTORY_ENTRY_MAX`` bytes per member that lies right before the end record;
* every member is stored uncompressed (only the manifest may be deflated; its
  size is capped by the caller), is not encrypted, and the members lie one after
  another from offset 0 up to the central directory, each local header agreeing
  with the central directory about name, method, flags, CRC and sizes.

So nothing read later can cost more than the file's own size, which the
caller has capped.
"""
from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from checklists.common.errors import BundleRejected
from checklists.common.messages import Msg
from storage.filekind import is_workspace_header

MAX_MEMBERS = 100_000          # about 33,000 photos (original, normalised copy, thumbnail)
DIRECTORY_ENTRY_MAX = 160      # bytes: fixed 46 + a member name (at most 71) + a ZIP64 extra
MAY_BE_DEFLATED = frozenset({"manifest.json"})

END = struct.Struct("<4s4H2LH")            # end of central directory, 22 bytes
END64_LOCATOR = struct.Struct("<4sLQL")    # 20 bytes, right before END
END64 = struct.Struct("<4sQ2H2L4Q")        # 56 bytes, right before the locator
LOCAL = struct.Struct("<4s5H3L2H")         # local file header, 30 bytes
UTF8_NAMES, ENCRYPTED = 0x800, 0x1 | 0x40
DAMAGED_HINT = Msg("文件可能被截断或改动；请重新拷贝或让对方重新导出")
WORKSPACE_HINT = Msg("工作区请在“设置”中用“打开其他工作区…”打开；要把其中的数据交给局机关，"
                     "请打开它后导出数据包（.scbundle）")


@dataclass(frozen=True)
class Directory:
    """Where the central directory is, and how many members it lists."""

    offset: int
    size: int
    count: int


def open_zip(file: Path, label: str) -> zipfile.ZipFile:
    """``zipfile.ZipFile(file)`` once the end records and every local header check out."""
    with open(file, "rb") as fh:
        if is_workspace_header(fh.read(16)):
            raise BundleRejected("{label} 其实是工作区文件（SQLite 数据库），不是同步文件",
                                 hint=WORKSPACE_HINT, label=label)
        directory = read_end(fh, file.stat().st_size, label)
        try:
            zf = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error,
                NotImplementedError) as err:
            raise BundleRejected("{label} 不完整或已损坏（{err}）", hint=DAMAGED_HINT, label=label, err=err) from None
        try:
            check_members(zf.infolist(), fh, directory, label)
        except BaseException:
            zf.close()
            raise
    return zf


def read_end(fh: BinaryIO, size: int, label: str) -> Directory:
    """The end records: they end the file, and bound the central directory before them."""
    fh.seek(max(size - END.size, 0))
    tail = fh.read(END.size)
    if len(tail) < END.size or tail[:4] != b"PK\x05\x06":
        raise _no_end_record(fh, size, label)
    _, disk, disk_cd, here, count, cd_size, cd_offset, comment = END.unpack(tail)
    if comment or disk or disk_cd or here != count:
        raise BundleRejected("{label} 的 zip 结束记录异常（注释或分卷）", hint=DAMAGED_HINT, label=label)
    end = size - END.size
    if end >= END64_LOCATOR.size + END64.size:
        fh.seek(end - END64_LOCATOR.size)
        locator = fh.read(END64_LOCATOR.size)
        if locator[:4] == b"PK\x06\x07":
            end, count, cd_size, cd_offset = _read_end64(fh, end, locator, label)
    if count > MAX_MEMBERS:
        raise BundleRejected("{label} 列出 {count} 个成员，超过上限 {most} 个",
                             hint="这不是 SiteCheck 写出的文件；拒绝导入", label=label, count=count, most=MAX_MEMBERS)
    if cd_size > max(count, 1) * DIRECTORY_ENTRY_MAX:
        raise BundleRejected("{label} 的中央目录有 {cd_size} 字节，{count} 个成员最多只需 {most} 字节",
                             hint="文件被改动；拒绝导入",
                             label=label, cd_size=cd_size, count=count, most=count * DIRECTORY_ENTRY_MAX)
    if cd_offset + cd_size != end:
        raise BundleRejected("{label} 的中央目录不在结束记录之前（文件开头或中间有多余的数据）",
                             hint="文件被改动或拼接；请向发送方索取原始文件", label=label)
    return Directory(cd_offset, cd_size, count)


def _no_end_record(fh: BinaryIO, size: int, label: str) -> BundleRejected:
    """Tell data appended after the end record (or a zip comment) from a truncated file."""
    start = max(size - END.size - 0xFFFF - 4096, 0)
    fh.seek(start)
    found = fh.read().rfind(b"PK\x05\x06")
    if found < 0:
        return BundleRejected("{label} 不完整或已损坏（找不到 zip 结束记录）", hint=DAMAGED_HINT, label=label)
    extra = size - (start + found + END.size)
    return BundleRejected("{label} 的 zip 结束记录之后还有 {extra} 字节的附加数据（或 zip 注释）",
                          hint="SiteCheck 写出的文件以结束记录结尾；文件被改动或拼接，拒绝导入",
                          label=label, extra=extra)


def _read_end64(fh: BinaryIO, end: int, locator: bytes, label: str) -> tuple[int, int, int, int]:
    """The ZIP64 end record (large files or many members): right before its locator."""
    _, disk, offset, disks = END64_LOCATOR.unpack(locator)
    start = end - END64_LOCATOR.size - END64.size
    fh.seek(start)
    record = fh.read(END64.size)
    sig, rest, _, _, disk64, disk_cd, here, count, cd_size, cd_offset = END64.unpack(record)
    if (disk, disks, offset, sig, rest, disk64, disk_cd) != (0, 1, start, b"PK\x06\x06",
                                                              END64.size - 12, 0, 0) \
            or here != count:
        raise BundleRejected("{label} 的 ZIP64 结束记录异常", hint=DAMAGED_HINT, label=label)
    return start, count, cd_size, cd_offset


def check_members(infos: list[zipfile.ZipInfo], fh: BinaryIO, directory: Directory,
                  label: str) -> None:
    """Members stored, unencrypted, back to back from offset 0 to the central directory."""
    if len(infos) != directory.count:
        raise BundleRejected("{label} 的中央目录与结束记录不符", hint=DAMAGED_HINT, label=label)
    position = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        _check_entry(info, label)
        if info.header_offset != position:
            where = (Msg("文件开头（第一个成员之前）") if position == 0
                     else Msg("成员 {name} 之前", name=info.filename))
            raise BundleRejected("{label} 的{where}有多余的数据或重叠的成员",
                                 hint="文件被改动或拼接；请向发送方索取原始文件", label=label, where=where)
        position = _check_local_header(info, fh, label)
    if position != directory.offset:
        raise BundleRejected("{label} 的最后一个成员与中央目录之间有多余的数据",
                             hint="文件被改动或拼接；请向发送方索取原始文件", label=label)


def _check_entry(info: zipfile.ZipInfo, label: str) -> None:
    name = info.filename
    if info.flag_bits & ENCRYPTED:
        raise BundleRejected("{label} 中 {name} 已加密", hint="SiteCheck 不写出加密的成员；拒绝导入",
                             label=label, name=name)
    if info.orig_filename != name:
        raise BundleRejected("{label} 含有不允许的成员名 {orig_filename!r}",
                             hint="文件被改动；拒绝导入", label=label, orig_filename=info.orig_filename)
    if info.comment:
        raise BundleRejected("{label} 中 {name} 带有注释，本程序写出的成员没有注释",
                             hint="文件被改动；拒绝导入", label=label, name=name)
    if info.flag_bits & ~UTF8_NAMES:
        raise BundleRejected("{label} 中 {name} 的标志位 0x{flag_bits:04x} 与本程序写出的不符",
                             hint="文件被改动；拒绝导入", label=label, name=name, flag_bits=info.flag_bits)
    allowed = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) if name in MAY_BE_DEFLATED \
        else (zipfile.ZIP_STORED,)
    if info.compress_type not in allowed:
        raise BundleRejected("{label} 中 {name} 是压缩存储的（方式 {compress_type}），本程序写出的成员都不压缩",
                             hint="可能是解压炸弹；未解压，拒绝导入",
                             label=label, name=name, compress_type=info.compress_type)
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise BundleRejected("{label} 中 {name} 的大小在中央目录中前后不符", hint=DAMAGED_HINT, label=label, name=name)


def _check_local_header(info: zipfile.ZipInfo, fh: BinaryIO, label: str) -> int:
    """Compare one local header with the central directory; returns where the next member starts."""
    fh.seek(info.header_offset)
    head = fh.read(LOCAL.size)
    if len(head) < LOCAL.size:
        raise BundleRejected("{label} 不完整或已损坏（{filename} 的本地文件头被截断）",
                             hint=DAMAGED_HINT, label=label, filename=info.filename)
    sig, _, flags, method, _, _, crc, csize, usize, name_len, extra_len = LOCAL.unpack(head)
    name = fh.read(name_len)
    csize, usize = _local_sizes(fh.read(extra_len), csize, usize)
    encoding = "utf-8" if info.flag_bits & UTF8_NAMES else "cp437"     # as zipfile decoded it
    central = (b"PK\x03\x04", info.flag_bits, info.compress_type, info.CRC, info.compress_size,
               info.file_size, info.orig_filename.encode(encoding))
    if (sig, flags, method, crc, csize, usize, name) != central:
        raise BundleRejected("{label} 中 {filename} 的本地文件头与中央目录不符",
                             hint="文件被改动；拒绝导入", label=label, filename=info.filename)
    return info.header_offset + LOCAL.size + name_len + extra_len + info.compress_size


def _local_sizes(extra: bytes, csize: int, usize: int) -> tuple[int, int]:
    """Sizes from a ZIP64 extra field where the header's own fields say 0xFFFFFFFF."""
    while len(extra) >= 4:
        kind, length = struct.unpack_from("<HH", extra)
        if kind == 1 and 16 <= length <= len(extra) - 4 and 0xFFFFFFFF in (csize, usize):
            usize, csize = struct.unpack_from("<QQ", extra, 4)
            break
        extra = extra[4 + length:]
    return csize, usize
