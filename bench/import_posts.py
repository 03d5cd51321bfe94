"""
Import speed and memory: import_posts on generated posts, next to its floor.

Generates N Markdown files with YAML front matter (a title, a date, tags, a category, a
topic, a press contact, related links, and a body of headings, paragraphs, lists, links
and a quote, about 450 words), then measures in one run, each in a fresh process:

  floor     only what cannot be avoided: read each file, parse its front matter and
            render its body to sanitized HTML (blog.markdown.render_markdown)
  import    python manage.py import_posts FOLDER into a fresh SQLite database: every
            post with its tags, topics, contacts, links, redirect and search index entry

--repeat times, taking turns and keeping the fastest run of each (other work on a shared
machine only ever slows a run down). It prints posts per second for both, their ratio in
elapsed time and in CPU time, and the import process's peak memory (maximum resident set
size), also for an import of the first --small files, so that the two peaks show whether
memory grows with the number of posts. Results also go to
bench/results/import-posts-<N>.json.

    .venv/bin/python bench/import_posts.py [--posts 10000] [--small 1000] [--repeat 3]

DATABASE_URL is ignored: the database is always a new SQLite file in a temporary folder.
"""

import argparse
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = [
    "press", "release", "energy", "wind", "solar", "grid", "customers", "results", "quarter",
    "growth", "launch", "partnership", "sustainability", "hållbarhet", "försäljning", "kunder",
    "resultat", "tillväxt", "lansering", "samarbete", "nyheter", "evenemang", "innovation",
    "research", "battery", "storage",
]  # fmt: skip
TAGS = [f"tag {n}" for n in range(40)] + ["sälj", "C++", "C#", "日本語"]


def _sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _body(rng) -> str:
    parts = []
    for section in range(3):
        parts.append(f"## Section {section + 1}")
        parts.append(
            _sentence(rng, 30)
            + f" See [our report](https://example.com/report/{rng.randrange(1000)}) and "
            + f"**{rng.choice(WORDS)}** with *{rng.choice(WORDS)}*. "
            + _sentence(rng, 30)
        )
        parts.append(_sentence(rng, 60))
        parts.append("\n".join(f"* {_sentence(rng, 8)}" for _ in range(3)))
    parts.append("> " + _sentence(rng, 20))
    return "\n\n".join(parts) + "\n"


def generate(folder: Path, count: int, seed: int = 1) -> None:
    """Write ``count`` Jekyll-style post files into ``folder``."""
    rng = random.Random(seed)
    start = datetime(2015, 1, 1, 9, 0)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        date = start + timedelta(hours=7 * number)
        tags = ", ".join(json.dumps(tag, ensure_ascii=False) for tag in rng.sample(TAGS, 3))
        contact = rng.randrange(5)
        text = (
            "---\n"
            f'title: "Generated post {number}: {_sentence(rng, 5)}"\n'
            f"date: {date:%Y-%m-%d %H:%M:%S} +0100\n"
            f"kind: {rng.choice(['press_release', 'news', 'blog_post', 'event'])}\n"
            f"language: {rng.choice(['sv', 'en'])}\n"
            f"lead: {_sentence(rng, 25)}\n"
            f"tags: [{tags}]\n"
            f"categories: category-{rng.randrange(8)}\n"
            f'topics: ["Topic {rng.randrange(8)}, and more"]\n'
            f"contacts:\n  - {{name: Contact Person {contact}, role: Presskontakt, "
            f'phone: "+46 (0) 70 000 00 0{contact}"}}\n'
            "related_links:\n  - {title: Example, url: 'https://example.com/'}\n"
            f"permalink: /{date:%Y/%m/%d}/generated-{number}/\n"
            "---\n" + _body(rng)
        )
        (folder / f"{date:%Y-%m-%d}-generated-post-{number}.md").write_text(text, "utf-8")


# Measuring, each in a child process so that its peak memory is its own.


def _setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "pressroom.settings"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_floor(folder: Path, workdir: Path) -> dict:
    _setup_django(workdir)
    from blog.importers.frontmatter import split_front_matter
    from blog.markdown import render_markdown

    files = sorted(folder.glob("*.md"))
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in files:
        document = split_front_matter(path.read_text(encoding="utf-8"))
        render_markdown(document.body)
    return {
        "posts": len(files),
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "peak_mb": _peak_mb(),
    }


def child_import(folder: Path, workdir: Path) -> dict:
    _setup_django(workdir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    count = len(list(folder.glob("*.md")))
    output = io.StringIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command("import_posts", str(folder), stdout=output, stderr=output)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if f"created {count}, updated 0, unchanged 0, failed 0" not in output.getvalue():
        raise SystemExit(f"the import did not create every post: {output.getvalue()}")
    return {
        "posts": count,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "peak_mb": _peak_mb(),
    }


def run_child(kind: str, folder: Path) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-import-{kind}-"))
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(folder), str(workdir)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of floor and import")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FOLDER", "WORKDIR"))
    args = parser.parse_args()
    if args.child:
        kind, folder, workdir = args.child
        measure = {"floor": child_floor, "import": child_import}[kind]
        print(json.dumps(measure(Path(folder), Path(workdir))))
        return

    base = Path(tempfile.mkdtemp(prefix="bench-import-posts-"))
    try:
        large, small = base / "large", base / "small"
        print(f"Generating {args.posts} posts ...", flush=True)
        generate(large, args.posts)
        small.mkdir()
        for path in sorted(large.glob("*.md"))[: args.small]:
            shutil.copy(path, small / path.name)
        print(f"Import: {args.small} posts ...", flush=True)
        import_small = run_child("import", small)
        # The floor and the import take turns, and each keeps its fastest run: on a shared
        # machine the other processes only ever slow a run down.
        floors, imports = [], []
        for round_number in range(1, args.repeat + 1):
            print(f"Round {round_number}: floor, then import of {args.posts} posts ...", flush=True)
            floors.append(run_child("floor", large))
            imports.append(run_child("import", large))
        floor = min(floors, key=lambda run: run["seconds"])
        import_large = min(imports, key=lambda run: run["seconds"])
        floor["cpu_seconds"] = min(run["cpu_seconds"] for run in floors)
        import_large["cpu_seconds"] = min(run["cpu_seconds"] for run in imports)
        import_large["peak_mb"] = max(run["peak_mb"] for run in imports)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    floor_rate = floor["posts"] / floor["seconds"]
    import_rate = import_large["posts"] / import_large["seconds"]
    results = {
        "posts": args.posts,
        "rounds": args.repeat,
        "floor_posts_per_second": round(floor_rate, 1),
        "import_posts_per_second": round(import_rate, 1),
        "import_time_over_floor": round(floor_rate / import_rate, 2),
        # CPU time alone: what the work costs, whatever else the machine was doing.
        "import_cpu_over_floor_cpu": round(
            (import_large["cpu_seconds"] / import_large["posts"])
            / (floor["cpu_seconds"] / floor["posts"]),
            2,
        ),
        "floor_peak_mb": round(floor["peak_mb"], 1),
        # Peak resident memory of the import process (Django, the migrated database and
        # the import): the same for 1,000 posts and for 10,000 when it does not grow.
        f"import_peak_mb_{args.small}_posts": round(import_small["peak_mb"], 1),
        f"import_peak_mb_{args.posts}_posts": round(import_large["peak_mb"], 1),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    print()
    print(f"floor   {floor_rate:8.1f} posts/s   (parse front matter + render Markdown)")
    print(
        f"import  {import_rate:8.1f} posts/s   ({results['import_time_over_floor']}x the floor; "
        f"CPU time {results['import_cpu_over_floor_cpu']}x)"
    )
    print(
        f"peak memory: import of {args.small} posts {import_small['peak_mb']:.1f} MB, "
        f"of {args.posts} posts {import_large['peak_mb']:.1f} MB (floor {floor['peak_mb']:.1f} MB)"
    )
    out = REPO / "bench" / "results" / f"import-posts-{args.posts}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
