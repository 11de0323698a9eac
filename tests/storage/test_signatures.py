"""Signature strokes: the canonical vector form, its limits against hostile bytes, the
size of a typical signature, and draft signatures in the workspace (audited, one per
signer, withdrawn)."""
from __future__ import annotations

import base64
import math

import pytest

from checklists.common.errors import InvalidInput
from storage import signatures as sig
from storage.demo import fill


def handwriting(seed: int = 1, strokes: int = 12, points: int = 70, pressure: bool = True) -> sig.Ink:
    """Something like a two- or three-character name written with a pen on a 640 x 220 pad."""
    out = []
    for k in range(strokes):
        out.append([(30 + k * 48 + 25 * math.sin(t / 6 + seed + k), 110 + 70 * math.cos(t / 9 + k * seed),
                     0.4 + 0.3 * math.sin(t / 10) if pressure else None) for t in range(points)])
    return sig.ink_from_points(640, 220, out)


def test_round_trip_is_exact_and_canonical():
    ink = handwriting()
    data = sig.encode(ink)
    assert sig.decode(data) == ink
    assert sig.encode(sig.decode(data)) == data
    assert sig.from_text(sig.to_text(data)) == ink
    plain = handwriting(pressure=False)
    assert not plain.has_pressure and sig.decode(sig.encode(plain)) == plain


def test_a_typical_signature_is_a_few_kilobytes():
    ink = handwriting()
    size = len(sig.encode(ink))
    assert 800 < ink.points <= 12 * 70            # repeated points dropped
    assert 1000 < size < 4 * 1024, size            # ~2.5 bytes a point with pressure
    bitmap = 640 * 220                            # even a 1-bit-per-pixel image of the pad
    assert size * 10 < bitmap


def test_quantising_drops_repeats_and_clamps_to_the_box():
    ink = sig.ink_from_points(100, 50, [[(1.2, 1.4), (1.4, 1.1), (500, -3)], []])
    assert ink.strokes == (((1, 1, sig.NO_PRESSURE), (100, 0, sig.NO_PRESSURE)),)


def _bytes(*parts: int, tail: bytes = b"") -> bytes:
    return sig.MAGIC + bytes(parts) + tail


@pytest.mark.parametrize("data, reason", [
    (b"", "格式无效"),
    (b"PNG\x00", "格式无效"),
    (_bytes(10, 10, 0, 1, 2, 1, 1, 2, 2, tail=b"\x00"), "规范形式"),      # trailing byte
    (_bytes(10, 10, 0, 1, 2, 0x81, 0x00, 1, 2, 2), "规范形式"),          # a two-byte varint for 1
    (_bytes(10, 10, 0, 1, 2, 1, 1, 40, 2), "超出签名区域"),               # a point outside the box
    (_bytes(10, 10, 0, 0), "格式无效"),                                   # no stroke
    (_bytes(10, 10, 2, 1, 1, 1, 1), "格式无效"),                          # unknown flag
    (_bytes(10, 10, 0, 1, 5, 1, 1), "不完整"),                            # fewer points than said
    (sig.MAGIC + b"\x0a\x0a\x00\xff\xff\xff\xff\x0f", "格式无效"),        # 4 billion strokes claimed
    (sig.MAGIC + b"\x0a\x0a\x00\x01\xff\xff\xff\xff\x0f", "格式无效"),    # 4 billion points claimed
])
def test_hostile_bytes_are_refused(data, reason):
    with pytest.raises(InvalidInput, match=reason):
        sig.decode(data)


def test_limits_of_strokes_points_and_text():
    many = sig.Ink(100, 100, tuple(((1, 1, 255),) for _ in range(sig.MAX_STROKES + 1)))
    with pytest.raises(InvalidInput, match="笔画过多"):
        sig.encode(many)
    long = sig.Ink(4000, 10, (tuple((x % 4000, x % 2, 255) for x in range(sig.MAX_POINTS + 1)),))
    with pytest.raises(InvalidInput, match="笔画过多"):
        sig.encode(long)
    good = sig.to_text(sig.encode(handwriting()))
    assert sig.valid_text(good)
    assert not sig.valid_text(good + "=")                       # not canonical base64
    assert not sig.valid_text(good.replace("A", "*", 1))
    assert not sig.valid_text("A" * (sig.MAX_BYTES * 2))      # refused before decoding
    assert not sig.valid_text(12)
    assert not sig.valid_text(base64.b64encode(b"SG\x01" + b"\x01" * 20).decode())


@pytest.fixture
def inspected(ws):
    fill(ws, inspections=1)
    return ws, ws.inspections()[0]


def test_drafts_are_audited_one_per_signer_and_withdrawn(inspected):
    ws, insp = inspected
    first = ws.add_signature(insp.id, "record", "unit", "王五", handwriting(1))
    again = ws.add_signature(insp.id, "record", "unit", "王五", handwriting(2))
    other = ws.add_signature(insp.id, "order", "unit", "王五", handwriting(3))
    assert [s.id for s in ws.signature_drafts(insp.id, "record")] == [again.id]
    assert [s.id for s in ws.signature_drafts(insp.id, "order")] == [other.id]
    assert again.sha256 != first.sha256 and again.ink == handwriting(2)
    ws.discard_signature(other.id)
    assert ws.signature_drafts(insp.id, "order") == []
    assert ws.audit_verify() == []
    events = ws.execute("SELECT action FROM audit_event WHERE entity = 'signature' ORDER BY seq").fetchall()
    assert [e[0] for e in events] == ["insert", "delete", "insert", "insert", "delete"]


def test_bad_signatures_change_nothing(inspected):
    ws, insp = inspected
    before = ws.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0]
    for kind, role, name, ink, reason in [
        ("review", "unit", "王五", handwriting(), "不在屏幕上签名"),
        ("record", "boss", "王五", handwriting(), "签名人身份"),
        ("record", "unit", "  ", handwriting(), "签名人姓名"),
        ("record", "unit", "王五", sig.Ink(10, 10, ()), "没有笔迹"),
    ]:
        with pytest.raises(InvalidInput, match=reason):
            ws.add_signature(insp.id, kind, role, name, ink)
    assert ws.execute("SELECT COUNT(*) FROM audit_event").fetchone()[0] == before
    assert ws.execute("SELECT COUNT(*) FROM signature").fetchone()[0] == 0
