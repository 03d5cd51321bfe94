"""
HTTP throughput of Pressroom's public pages, as ratios to a constant Django view.

gunicorn (2 sync workers) serves a generated newsroom on loopback; wrk requests
the front page, a post page, a tag page, the feed and a search, and the
constant-response view, in the same run. It runs twice: with the full-page
cache for anonymous readers, and without it.

    .venv/bin/python bench/pages.py [--posts 1000] [--duration 10]

DATABASE_URL chooses the database (default: a fresh SQLite file); REDIS_URL the
cache (default: Redis on 127.0.0.1:6379/14 if it answers, else per-process memory).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = {
    "constant": ["/bench/constant/"],
    "front page": ["/"],
    "post page": ["/posts/generated-post-500/"],
    "tag page": ["/tags/energy/"],
    "feed": ["/feeds/rss/", "/feeds/", "/feed/", "/rss/"],
    "search": ["/search/?q=energy", "/search/?q=h%C3%A5llbarhet"],
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(host="127.0.0.1", port=6379):
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=REPO, env=env, check=True, **kwargs)


def fetch_status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def start_gunicorn(env, port):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "pressroom.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        if fetch_status(f"http://127.0.0.1:{port}/healthz") == 200:
            return process
        time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not come up")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def parse_duration_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, duration, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": parse_duration_ms(latency["50"]),
        "p99_ms": parse_duration_ms(latency["99"]),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "pages.json")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "PYTHONPATH": str(REPO),
    }
    env.pop("DEBUG", None)
    if "REDIS_URL" not in env and "CACHE_URL" not in env and redis_answers():
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
    cache_name = env.get("REDIS_URL") or env.get("CACHE_URL") or "per-process memory"
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}  cache: {cache_name}")

    run([PYTHON, "manage.py", "migrate", "--verbosity", "0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    print(f"generating {options.posts} posts …", flush=True)
    run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from bench.generate import "
            f"generate_posts; generate_posts({options.posts})",
        ],
        env,
    )
    if "REDIS_URL" in env:
        run(
            [
                PYTHON,
                "-c",
                "import django; django.setup(); from django.core.cache import cache; cache.clear()",
            ],
            env,
        )

    results = {}
    for mode, page_cache in (("cached", "1"), ("uncached", "0")):
        port = free_port()
        server = start_gunicorn({**env, "PRESSROOM_PAGE_CACHE": page_cache}, port)
        try:
            for page, candidates in PAGES.items():
                url = next(
                    (
                        f"http://127.0.0.1:{port}{path}"
                        for path in candidates
                        if fetch_status(f"http://127.0.0.1:{port}{path}") == 200
                    ),
                    None,
                )
                if url is None:
                    print(f"{mode:9} {page:11} skipped: no URL answered 200")
                    continue
                for _ in range(20):  # warm both workers and their caches
                    fetch_status(url)
                results[(mode, page)] = wrk(url, options.duration, options.connections)
        finally:
            stop(server)

    print()
    print(f"{'mode':9} {'page':11} {'req/s':>9} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8}")
    table = []
    for (mode, page), figures in results.items():
        baseline = results[(mode, "constant")]["rps"]
        ratio = figures["rps"] / baseline
        row = {"mode": mode, "page": page, "ratio": round(ratio, 3), **figures}
        table.append(row)
        print(
            f"{mode:9} {page:11} {figures['rps']:9.0f} {ratio:7.2f} "
            f"{figures['p50_ms']:8.2f} {figures['p99_ms']:8.2f}"
            + (f"  ({figures['errors']} errors)" if figures["errors"] else "")
        )
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(
        json.dumps({"posts": options.posts, "cache": cache_name, "results": table}, indent=2)
    )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
