"""
Sending one post to its followers, next to the plainest possible sender.

A local SMTP sink (aiosmtpd's Sink handler, in a process of its own) receives everything.
In one run, for each list size:

  baseline     a plain smtplib loop: one pre-rendered message sent N times over one
               connection, nothing else
  pressroom    reach.tasks.send_post_to_followers: the deliveries made for N confirmed
               followers, each message rendered with its personal links and headers, claimed,
               sent over one connection and logged (SQLite on a temporary file)

and prints messages per second and the peak memory (maximum resident set size) of each,
and the ratios pressroom / baseline. Each measurement runs in a fresh process with Django
loaded, so the peaks compare like with like. Peak memory should stay flat as the list
grows: deliveries are made and sent in fixed-size batches. Results also go to
bench/results/mailing.json.

    .venv/bin/python bench/mailing.py [--sizes 2500 5000 10000]
"""

import argparse
import json
import os
import resource
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DB_DIR = os.environ.get("BENCH_DB_DIR") or tempfile.mkdtemp(prefix="pressroom-mail-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{DB_DIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
os.environ["LOG_LEVEL"] = "WARNING"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{PORT}?timeout=30"

import django  # noqa: E402

django.setup()

from django.core.mail import EmailMultiAlternatives  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from blog.models import Post  # noqa: E402
from reach.models import Delivery, Follower  # noqa: E402
from reach.tasks import send_post_to_followers  # noqa: E402


def start_sink():
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{PORT}", "-c",
         "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the SMTP sink did not start")


def measure(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def peak_rss() -> int:
    """This process's peak resident memory, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def baseline(count: int):
    message = EmailMultiAlternatives(
        "A post title", "A plain text body.\n" * 20, "news@example.com", ["r@example.com"]
    )
    message.attach_alternative("<p>An HTML body.</p>\n" * 20, "text/html")
    # As Django's SMTP backend sends it: CRLF line ends.
    data = message.message().as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

    def run():
        with smtplib.SMTP("127.0.0.1", PORT) as server:
            for number in range(count):
                server.sendmail("news@example.com", [f"r{number}@example.com"], data)

    return measure(run)


def pressroom(count: int, round_number: int):
    Follower.objects.all().delete()
    Follower.objects.bulk_create(
        Follower(
            email=f"r{round_number}-{number}@example.com",
            status=Follower.Status.CONFIRMED,
            everything=True,
        )
        for number in range(count)
    )
    post = Post.objects.create(
        title=f"Benchmark post {round_number}",
        slug=f"benchmark-post-{round_number}",
        lead="A lead of a sentence or two, as a press release has.",
        body="Body.",
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now(),
        send_to_followers=False,  # the benchmark calls the task itself, below
    )
    Post.objects.filter(pk=post.pk).update(send_to_followers=True)
    elapsed = measure(lambda: send_post_to_followers.call(post.pk))
    sent = Delivery.objects.filter(post=post, status=Delivery.Status.SENT).count()
    if sent != count:
        raise RuntimeError(f"sent {sent} of {count}")
    return elapsed


def child(kind: str, count: int, round_number: int):
    """One measurement in this fresh process: prints seconds and peak memory as JSON."""
    seconds = baseline(count) if kind == "baseline" else pressroom(count, round_number)
    print(json.dumps({"seconds": seconds, "peak": peak_rss()}))


def run_child(kind: str, count: int, round_number: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(count), str(round_number)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_DB_DIR": DB_DIR, "BENCH_PORT": str(PORT)},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, count, round_number = args.child
        child(kind, int(count), int(round_number))
        return
    call_command("migrate", verbosity=0)
    sink = start_sink()
    rows = []
    try:
        for round_number, count in enumerate(args.sizes, start=1):
            base = run_child("baseline", count, round_number)
            ours = run_child("pressroom", count, round_number)
            row = {
                "messages": count,
                "baseline_per_second": round(count / base["seconds"]),
                "pressroom_per_second": round(count / ours["seconds"]),
                "speed_ratio": round(base["seconds"] / ours["seconds"], 3),
                "baseline_peak_mib": round(base["peak"] / 2**20, 1),
                "pressroom_peak_mib": round(ours["peak"] / 2**20, 1),
                "memory_ratio": round(ours["peak"] / base["peak"], 2),
            }
            rows.append(row)
            print(
                f"{count:>6} messages: baseline {row['baseline_per_second']}/s, "
                f"pressroom {row['pressroom_per_second']}/s (ratio {row['speed_ratio']}); "
                f"peak memory baseline {row['baseline_peak_mib']} MiB, "
                f"pressroom {row['pressroom_peak_mib']} MiB (ratio {row['memory_ratio']})",
                flush=True,
            )
    finally:
        sink.terminate()
        sink.wait()
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "mailing.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
