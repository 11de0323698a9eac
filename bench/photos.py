"""Photo ingest: SiteCheck's process_photo against the obvious Pillow recipe.

Run: ``.venv/bin/python -m bench.photos``.  Builds a 12 MP (4000x3000) camera-like
JPEG with EXIF orientation 6, times both paths in the same run and writes the
``photos`` section of docs/benchmarks.md.
"""
from __future__ import annotations

import hashlib
import io
import os
import platform
import statistics
import time
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from bench.report import write_section
from storage.photos import NORMAL_QUALITY, THUMB_QUALITY, process_photo

RUNS = 7
TARGET_MS = 150
TARGET_RATIO = 2.0


def camera_like_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """Gradients, soft blobs, edges and sensor noise: compresses like a photo (a few MB)."""
    ramp = Image.linear_gradient("L").resize((width, height))
    glow = Image.radial_gradient("L").resize((width, height))
    blobs = Image.effect_noise((width // 16, height // 16), 90).resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 14)
    red = ImageChops.add(ramp, grain, 1.0, -96)
    green = ImageChops.add(ImageChops.blend(glow, blobs, 0.6), grain, 1.0, -96)
    blue = ImageChops.add(ImageChops.blend(ramp, blobs, 0.5), grain, 1.0, -96)
    picture = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(picture)
    for i in range(80):  # pipes, signs, railings
        x, y = (i * 617) % width, (i * 331) % height
        draw.rectangle((x, y, x + 260, y + 180), outline=(i * 37 % 255, 200, 90), width=5)
        draw.line((x, y, x + 400, y + 90), fill=(240, 240, 230), width=3)
    picture = picture.filter(ImageFilter.GaussianBlur(0.6))
    exif = Image.Exif()
    exif[0x0112] = 6  # camera held upright: stored sideways
    exif[0x0132] = "2024:03:01 09:30:00"
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def naive(data: bytes) -> tuple[bytes, bytes]:
    """What one writes first: decode everything, turn, shrink, save."""
    im = Image.open(io.BytesIO(data))
    im.load()
    im = ImageOps.exif_transpose(im)
    normal = im.copy()
    normal.thumbnail((2048, 2048))
    out = io.BytesIO()
    normal.save(out, "JPEG", quality=NORMAL_QUALITY)
    thumb = normal.copy()
    thumb.thumbnail((320, 320))
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=THUMB_QUALITY)
    return out.getvalue(), small.getvalue()


def timings(work: Callable[[], object], runs: int = RUNS) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds (all threads) of each run."""
    work()  # warm-up: imports, caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def main() -> int:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    data = camera_like_jpeg()
    ours, ours_cpu = timings(lambda: process_photo(data, "bench.jpg"))
    theirs, theirs_cpu = timings(lambda: naive(data))
    _, hash_cpu = timings(lambda: hashlib.sha256(data).digest())
    idle_estimate = statistics.median(ours_cpu) - statistics.median(hash_cpu)
    photo = process_photo(data, "bench.jpg")
    naive_normal = Image.open(io.BytesIO(naive(data)[0]))
    best, best_naive = min(ours), min(theirs)
    median, median_naive = statistics.median(ours), statistics.median(theirs)
    ratio = median_naive / median
    met = best <= TARGET_MS and ratio >= TARGET_RATIO
    markdown = f"""## Photo ingest

Input: a generated 4000×3000 (12 MP) camera-like JPEG, {len(data) / 1e6:.1f} MB, EXIF orientation 6.
Task: check it, decode it, turn it upright, cap the long side at 2048 px, write the normal JPEG
(quality {NORMAL_QUALITY}) and a 320 px thumbnail. {RUNS} timed runs after one warm-up, same process;
Pillow {Image.__version__}, Python {platform.python_version()}, {os.cpu_count()} cores, load average {load:.1f} at the start
(other work on the machine inflates the medians more than the best times).

| path | best ms | median ms | median CPU ms | output |
|---|---:|---:|---:|---|
| SiteCheck `process_photo` (DCT-scaled decode, turn the small image) | {best:.0f} | {median:.0f} | {statistics.median(ours_cpu):.0f} | {photo.width}×{photo.height} |
| naive: open → load → exif_transpose → thumbnail(2048) → save, thumbnail(320) | {best_naive:.0f} | {median_naive:.0f} | {statistics.median(theirs_cpu):.0f} | {naive_normal.width}×{naive_normal.height} |

Ratio (naive median / SiteCheck median): **{ratio:.1f}×**. Target: best ≤ {TARGET_MS} ms and ratio ≥ {TARGET_RATIO:.0f}× — **{"met" if met else "not met"}**.
SiteCheck's time includes SHA-256 of the original and the JPEG stream check that the naive path skips.
CPU time counts every thread; SiteCheck hashes the original on a second thread while Pillow decodes,
so on an otherwise idle 2-core machine its wall time is about CPU time minus the hash:
≈ {idle_estimate:.0f} ms (an estimate, not a measurement).
The normal image is 2000 px, not 2048: a 4000 px JPEG is DCT-scaled by ½ in the decoder
(`DRAFT_SLACK` = 0.95 in storage/photos.py) rather than decoded in full and resampled.
"""
    print(markdown)
    write_section("photos", markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
