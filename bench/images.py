"""
Image processing cost per megapixel: what an upload costs, next to plain Pillow.

For photographs of a few sizes (generated with Pillow: smooth gradients with noise, saved
as quality-90 JPEG, like a camera's), it times in one run:

  baseline     plain Pillow: decode the JPEG, resize to the widest rendition, save JPEG q82
  naive        plain Pillow doing the same work as the renditions: decode at full size,
               then every width resized from it (no reducing_gap), saved as JPEG and WebP
  renditions   pressroom.images.make_rendition_files(): every width, WebP + JPEG
  clean        pressroom.images.clean_original(): checks, EXIF orientation, metadata removed

and prints milliseconds per megapixel (median of --repeat runs) and the ratio of each to the
baseline. Nothing touches a database or storage; results also go to bench/results/images.json.

    .venv/bin/python bench/images.py [--sizes 2 8 24] [--repeat 3]
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from pressroom import images  # noqa: E402


def photo(megapixels: float, seed: int = 1) -> bytes:
    """A JPEG of about ``megapixels`` at 3:2, with detail at every scale like a photo."""
    width = int((megapixels * 1_000_000 * 1.5) ** 0.5)
    height = int(width / 1.5)
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (48, 32), rng.randbytes(48 * 32 * 3))
    picture = small.resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    picture = Image.blend(picture, grain, 0.15).filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def baseline(data: bytes, width: int) -> None:
    with Image.open(io.BytesIO(data)) as picture:
        height = round(picture.height * width / picture.width)
        resized = picture.resize((width, height), Image.Resampling.LANCZOS)
        resized.save(io.BytesIO(), "JPEG", quality=82)


def naive(data: bytes, widths: list[int]) -> None:
    with Image.open(io.BytesIO(data)) as picture:
        picture.load()
        for width in widths:
            height = round(picture.height * width / picture.width)
            resized = picture.resize((width, height), Image.Resampling.LANCZOS)
            resized.save(io.BytesIO(), "JPEG", quality=82, optimize=True, progressive=True)
            resized.save(io.BytesIO(), "WEBP", quality=80, method=4)


def timed(function, repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[2, 8, 24], metavar="MP")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    widths = settings.PRESSROOM_IMAGE_WIDTHS
    # Let the benchmark's own pictures through whatever the limits are set to.
    settings.PRESSROOM_IMAGE_MAX_PIXELS = 10**9
    settings.PRESSROOM_IMAGE_MAX_BYTES = 10**9
    print(f"Pillow {Image.__version__}; rendition widths {widths}; median of {args.repeat}")
    columns = [("size", 12), ("baseline", 14), ("naive", 14), ("ratio", 6)]
    columns += [("renditions", 14), ("ratio", 6), ("clean", 14), ("ratio", 6)]
    print(" ".join(f"{name:>{width}}" for name, width in columns))
    rows = []
    for megapixels in args.sizes:
        data = photo(megapixels)
        with Image.open(io.BytesIO(data)) as picture:
            size = picture.size
        actual_mp = size[0] * size[1] / 1_000_000
        targets = images.rendition_widths(size[0])
        results = {
            "baseline": timed(lambda data=data, w=targets[-1]: baseline(data, w), args.repeat),
            "naive": timed(lambda data=data, t=targets: naive(data, t), args.repeat),
            "renditions": timed(lambda data=data: images.make_rendition_files(data), args.repeat),
            "clean": timed(
                lambda data=data: images.clean_original(ContentFile(data, name="photo.jpg")),
                args.repeat,
            ),
        }
        per_mp = {name: seconds * 1000 / actual_mp for name, seconds in results.items()}
        rows.append(
            {
                "megapixels": round(actual_mp, 2),
                "size": size,
                "bytes": len(data),
                "ms_per_megapixel": {name: round(value, 1) for name, value in per_mp.items()},
                "naive_ratio": round(per_mp["naive"] / per_mp["baseline"], 2),
                "renditions_ratio": round(per_mp["renditions"] / per_mp["baseline"], 2),
                "clean_ratio": round(per_mp["clean"] / per_mp["baseline"], 2),
            }
        )
        print(
            f"{actual_mp:>9.1f} MP "
            f"{per_mp['baseline']:>8.1f} ms/MP "
            f"{per_mp['naive']:>8.1f} ms/MP {rows[-1]['naive_ratio']:>5.2f}× "
            f"{per_mp['renditions']:>8.1f} ms/MP {rows[-1]['renditions_ratio']:>5.2f}× "
            f"{per_mp['clean']:>8.1f} ms/MP {rows[-1]['clean_ratio']:>5.2f}×"
        )
    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "images.json").write_text(json.dumps({"widths": widths, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
