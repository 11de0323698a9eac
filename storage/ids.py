"""Identifiers and timestamps for records that travel between machines."""
from __future__ import annotations

import os
import threading
import time
from datetime import datetime

from checklists.common.vocabulary import LOCAL_TZ, local_time

_lock = threading.Lock()
_last = [0, 0]  # last millisecond, sequence within it


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7) as text.

    Keys that grow with time keep B-tree inserts at the right edge of the
    index, which is what makes bulk inserts with UUID keys fast.  Within one
    millisecond a 12-bit counter keeps ids from one process strictly ordered.
    """
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last[0]:
            ms, seq = _last[0], _last[1] + 1
            if seq > 0xFFF:
                ms, seq = ms + 1, 0
        else:
            seq = 0
        _last[0], _last[1] = ms, seq
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | seq << 64 | 0b10 << 62 | rand
    digits = f"{value:032x}"  # as str(uuid.UUID(int=value)), without importing uuid (and platform)
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def now() -> datetime:
    """The current time in Asia/Shanghai (whatever the machine's time zone),
    timezone-aware, to the millisecond."""
    moment = datetime.now(LOCAL_TZ)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def iso(moment: datetime) -> str:
    """ISO 8601 text for storage: Asia/Shanghai time with its UTC offset (+08:00),
    milliseconds; a naive ``moment`` is taken to be Asia/Shanghai time."""
    return local_time(moment).isoformat(timespec="milliseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)
