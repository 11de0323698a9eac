"""Printing an issued document: its stored PDF bytes go to a CUPS queue as PDF.

CUPS takes PDF as its job format and converts it for the driver of each queue
(cups-filters), so an order is sent as the few hundred KB that were signed, in
well under a second, instead of one rasterised image per page (a 3-page order
became a 22 MB job and took about 14 s).  Every queue is taken to accept PDF
except a raw queue (make and model "Local Raw Printer": no driver, CUPS passes
the bytes to the printer unchanged, and most printers cannot read PDF); the
program uses Qt's rasterising print dialog only when no other queue exists.

The CUPS command-line client (``lp``, ``lpstat``, ``lpoptions`` from
cups-client) does the work: pycups has no wheel and needs a compiler.  The
commands run with ``LC_ALL=C`` because their output is read here.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass

from checklists.common.errors import DocumentError, InvalidInput
from checklists.common.messages import Msg

RAW_MODEL = "Local Raw Printer"
MAX_COPIES = 99
TIMEOUT = 30                       # seconds a CUPS command may take
DUPLEX = "two-sided-long-edge"
SIMPLEX = "one-sided"
NO_CUPS_HINT = Msg(
    "请安装 CUPS 打印系统（Debian/Ubuntu：sudo apt-get install cups cups-client），或将文书另存为 PDF 后打印")


@dataclass(frozen=True)
class Queue:
    """A CUPS print queue (a printer or an instance of one)."""

    name: str
    info: str = ""                 # the description the administrator gave it
    model: str = ""
    accepting: bool = True
    default: bool = False

    @property
    def takes_pdf(self) -> bool:
        return self.model != RAW_MODEL


@dataclass(frozen=True)
class PrintJob:
    """A job CUPS accepted: ``job_id`` as lp names it (``PDF-12``)."""

    queue: str
    job_id: str

    @property
    def number(self) -> int:
        return int(self.job_id.rsplit("-", 1)[1])


def cups_installed() -> bool:
    """Whether this machine has the CUPS client (Linux, macOS; not Windows)."""
    return all(shutil.which(cmd) for cmd in ("lp", "lpstat", "lpoptions"))


def _run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    if not shutil.which(args[0]):
        raise DocumentError("本机没有 CUPS 打印系统（找不到 {command} 命令）", hint=NO_CUPS_HINT, command=args[0])
    env = {**os.environ, "LC_ALL": "C"}
    try:
        proc = subprocess.run(args, input=data, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired as exc:
        raise DocumentError("打印系统（CUPS）在 {timeout} 秒内没有响应，作业可能没有发出",
                            hint="请检查打印服务是否正常，稍后再试", timeout=TIMEOUT) from exc
    return subprocess.CompletedProcess(args, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def scheduler_running() -> bool:
    return "scheduler is running" in _run(["lpstat", "-r"]).stdout


def _require_scheduler() -> None:
    if not scheduler_running():
        raise DocumentError("打印服务（CUPS）没有运行，无法打印",
                            hint="请启动打印服务（sudo systemctl start cups）后再试，或将文书另存为 PDF")


def _options(name: str) -> dict[str, str]:
    """``lpoptions -p NAME`` as a dict (values are shell-quoted there)."""
    out = _run(["lpoptions", "-p", name]).stdout
    pairs = (word.partition("=") for word in shlex.split(out))
    return {key: value for key, _eq, value in pairs}


def default_queue() -> str | None:
    match = re.search(r"default destination:\s*(\S+)", _run(["lpstat", "-d"]).stdout)
    return match[1] if match else None


def queues() -> list[Queue]:
    """Every print queue of this machine, the default one first.

    Raises DocumentError when CUPS is missing, not running, or has no queue at all.
    """
    _require_scheduler()
    names = _run(["lpstat", "-e"]).stdout.split()
    if not names:
        raise DocumentError("本机还没有添加打印机", hint="请在系统的“打印机”设置中添加打印机后再试，或将文书另存为 PDF")
    default = default_queue()
    found = []
    for name in names:
        opts = _options(name)
        found.append(Queue(name, info=opts.get("printer-info", ""),
                           model=opts.get("printer-make-and-model", ""),
                           accepting=opts.get("printer-is-accepting-jobs", "true") == "true",
                           default=name == default))
    return sorted(found, key=lambda q: not q.default)


def submit(data: bytes, queue: str, *, copies: int = 1, duplex: bool = False,
           title: str = "") -> PrintJob:
    """Send the PDF ``data`` to ``queue`` as it is; returns the job CUPS accepted."""
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidInput("份数", "应为 1 到 {most} 之间的整数，收到 {copies}", hint="请重新填写打印份数",
                           most=MAX_COPIES, copies=copies)
    args = ["lp", "-d", queue, "-n", str(copies), "-o", f"sides={DUPLEX if duplex else SIMPLEX}"]
    if title:
        args += ["-t", title]
    proc = _run(args, data)
    match = re.search(r"request id is (\S+-\d+)", proc.stdout)
    if proc.returncode == 0 and match:
        return PrintJob(queue, match[1])
    raise _refused(queue, proc.stderr.strip() or proc.stdout.strip())


def _refused(queue: str, said: str) -> DocumentError:
    """The error for a job lp did not accept, from what it said."""
    if not scheduler_running():
        return DocumentError("打印服务（CUPS）没有运行，作业没有发出",
                             hint="请启动打印服务（sudo systemctl start cups）后再试")
    if "does not exist" in said:
        return DocumentError("打印机“{queue}”不存在，作业没有发出",
                             hint="请在打印对话框中另选一台打印机，或在系统的“打印机”设置中添加它", queue=queue)
    if "not accepting" in said:
        return DocumentError("打印机“{queue}”目前不接收打印作业，作业没有发出",
                             hint="请在系统的“打印机”设置中恢复该打印机，或另选一台", queue=queue)
    return DocumentError("打印机“{queue}”拒绝了打印作业：{said}",
                         hint="请检查打印机设置后再试，或将文书另存为 PDF", queue=queue,
                         said=said or Msg("（没有说明原因）"))
