"""
Search latency at scale: the full-text backend side by side with a naive icontains scan.

Builds a throwaway database of N generated posts (bulk rows, then the search index in
bulk), runs a fixed set of queries against both, and prints p50 and p95 latency for each
and their ratio. One timing is what a search page needs: the count and the first page of
results (with excerpts, for the full-text backend).

    .venv/bin/python bench/search.py --posts 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressroom .venv/bin/python bench/search.py

DATABASE_URL chooses the backend (default SQLite). The posts go into a separate database
(PostgreSQL: "<name>_bench_search"; SQLite: a temporary file), removed afterwards unless
--keep is given. Results are also written to bench/results/search-<vendor>-<posts>.json.
"""

import argparse
import itertools
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
os.environ["DEBUG"] = "0"  # DEBUG would keep every query in memory

# Real words, each in a few forms, so stemming has something to do. The rest of a body is
# made of generated words with a Zipf-like spread, as in real text.
SWEDISH = [
    "säljorganisation säljorganisationen säljorganisationer säljorganisationerna",
    "hållbarhet hållbarheten hållbara",
    "kund kunden kunder kunderna",
    "lansering lanseringen lanseringar",
    "samarbete samarbetet samarbeten",
    "tillväxt tillväxten",
    "försäljning försäljningen",
    "energi energin",
    "medarbetare medarbetaren medarbetarna",
    "rekrytering rekryteringen",
    "och att det som en på är för med till",
]
ENGLISH = [
    "publish published publishing publishes",
    "sustainability sustainable",
    "customer customers",
    "launch launched launches launching",
    "partnership partnerships",
    "growth growing grew",
    "sales selling sold",
    "energy energies",
    "employee employees",
    "recruiting recruitment recruited",
    "the and of to a in is for with",
]
QUERIES = [
    "säljorganisationer",  # rare-ish, stemmed
    "hållbarhet",
    "kunder lansering",  # two words
    "energi",
    "publishing",
    "customers launch",
    "sustainability growth",
    "recruitment",
    "zzqx",  # matches nothing
    "energy sales employees",  # three words
]
# Frequency rank of each line of real words above: 1 is the most used word.
REAL_WORD_RANKS = [10_000, 30, 300, 3_000, 100, 1_000, 19_000, 3, 10, 1_000, 0]
TAGS = [f"tag{n}" for n in range(200)] + ["sälj", "coaching", "energi", "energy"]
TOPICS = [f"Ämne {n}, med komma" for n in range(30)] + ["Data, Telekom, IT", "Hållbarhet"]


def generated_words(rng, count):
    syllables = ["ka", "lo", "mi", "ra", "te", "vu", "sö", "nä", "pe", "di", "ro", "ga", "stå"]
    found = set()
    while len(found) < count:
        found.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(found)


class Vocabulary:
    def __init__(self, rng, language):
        self.words = generated_words(rng, 20_000)
        rng.shuffle(self.words)
        # Each real word, in all its forms, gets a fixed place in the frequency order, so
        # the queries range from words in most posts to words in a few dozen.
        lines = SWEDISH if language == "sv" else ENGLISH
        for line, rank in zip(lines, REAL_WORD_RANKS, strict=True):
            for word in line.split():
                self.words.insert(rank, word)
        # Zipf-like weights: the n-th word is used about 1/n as often as the first.
        self.cum_weights = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1))
        )

    def text(self, rng, count):
        return " ".join(rng.choices(self.words, cum_weights=self.cum_weights, k=count))


def build(count, seed):
    """Write ``count`` posts with tags and topics in bulk, then index them in bulk."""
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from blog.models import Post, TaggedPost
    from blog.search import update_index
    from pressroom.models import Topic

    rng = random.Random(seed)
    vocabularies = {"sv": Vocabulary(rng, "sv"), "en": Vocabulary(rng, "en")}
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        tags = Tag.objects.bulk_create(
            [Tag(name=name, slug=f"bench-tag-{n}") for n, name in enumerate(TAGS)]
        )
        topics = Topic.objects.bulk_create(
            [Topic(name=name, slug=f"bench-topic-{n}") for n, name in enumerate(TOPICS)]
        )
        batch = []
        for number in range(count):
            language = "sv" if number % 2 else "en"
            words = vocabularies[language]
            paragraphs = [words.text(rng, rng.randint(40, 120)) for _ in range(rng.randint(2, 5))]
            # A few posts are drafts or scheduled: search must skip them.
            status = Post.Status.DRAFT if number % 50 == 7 else Post.Status.PUBLISHED
            publish_at = now - timedelta(minutes=37 * number)
            if number % 50 == 11:
                publish_at = now + timedelta(days=30)
            batch.append(
                Post(
                    title=words.text(rng, rng.randint(4, 10)).capitalize(),
                    slug=f"bench-post-{number}",
                    kind=rng.choice(Post.Kind.values),
                    lead=words.text(rng, rng.randint(15, 35)).capitalize() + ".",
                    body="\n\n".join(paragraphs),
                    # Written as the renderer would: the benchmark measures search, not Markdown.
                    body_html="".join(f"<p>{text}</p>" for text in paragraphs),
                    status=status,
                    publish_at=publish_at,
                    language=language,
                )
            )
            if len(batch) == 2000 or number == count - 1:
                posts = Post.objects.bulk_create(batch)
                if posts[0].pk is None:  # databases that give no ids back
                    posts = list(
                        Post.objects.filter(slug__in=[post.slug for post in posts]).only("pk")
                    )
                TaggedPost.objects.bulk_create(
                    TaggedPost(content_object_id=post.pk, tag=tag)
                    for post in posts
                    for tag in rng.sample(tags, rng.randint(0, 4))
                )
                Post.topics.through.objects.bulk_create(
                    Post.topics.through(post_id=post.pk, topic=topic)
                    for post in posts
                    for topic in rng.sample(topics, rng.randint(0, 2))
                )
                batch = []
        rows_done = time.perf_counter()
        update_index()
    indexed = time.perf_counter()
    return {"rows_seconds": rows_done - started, "index_seconds": indexed - rows_done}


def full_text_page(query):
    from blog.search import search_posts

    results = search_posts(query)
    return results.count(), len(results[:12])


def naive_page(query):
    from blog.models import Post
    from blog.search import naive_matches, query_words

    posts = naive_matches(Post.objects.published().for_list(), query_words(query))
    return posts.count(), len(list(posts[:12]))


def measure(function, rounds):
    """Run every query ``rounds`` times (after one warm-up); return latencies in ms."""
    timings, hits = {}, {}
    for query in QUERIES:
        hits[query] = function(query)[0]
        timings[query] = []
        for _ in range(rounds):
            started = time.perf_counter()
            function(query)
            timings[query].append((time.perf_counter() - started) * 1000)
    return timings, hits


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="pressroom-bench-search-")
        test_settings["NAME"] = str(Path(folder) / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{settings.DATABASES['default']['NAME']}_bench_search"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"Building {args.posts:,} posts on {connection.vendor}…", flush=True)
        build_times = build(args.posts, args.seed)
        print(
            f"  rows {build_times['rows_seconds']:.1f} s, "
            f"index {build_times['index_seconds']:.1f} s",
            flush=True,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        full_text, full_text_hits = measure(full_text_page, args.rounds)
        naive, naive_hits = measure(naive_page, args.rounds)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=args.keep)
        if args.keep:
            print(f"Kept the database {test_settings['NAME']}")
        elif connection.vendor == "sqlite":
            shutil.rmtree(folder, ignore_errors=True)

    everything = {
        name: [ms for runs in timings.values() for ms in runs]
        for name, timings in (("full_text", full_text), ("naive_icontains", naive))
    }
    result = {
        "vendor": connection.vendor,
        "posts": args.posts,
        "rounds": args.rounds,
        **build_times,
        **{
            name: {"p50_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95)}
            for name, values in everything.items()
        },
        "queries": {
            query: {
                "full_text_hits": full_text_hits[query],
                "naive_hits": naive_hits[query],
                "full_text_p50_ms": percentile(full_text[query], 0.5),
                "naive_p50_ms": percentile(naive[query], 0.5),
            }
            for query in QUERIES
        },
    }
    result["ratio_p50"] = result["naive_icontains"]["p50_ms"] / result["full_text"]["p50_ms"]
    result["ratio_p95"] = result["naive_icontains"]["p95_ms"] / result["full_text"]["p95_ms"]

    name = "PostgreSQL full-text" if connection.vendor == "postgresql" else "SQLite FTS5"
    count = len(everything["full_text"])
    print(f"\nSearch latency, {args.posts:,} posts, {count} timed searches each")
    print(f"{'':24}{'p50 ms':>10}{'p95 ms':>10}")
    for label, key in ((name, "full_text"), ("naive icontains scan", "naive_icontains")):
        print(f"{label:24}{result[key]['p50_ms']:>10.1f}{result[key]['p95_ms']:>10.1f}")
    print(f"{'naive / full-text':24}{result['ratio_p50']:>9.1f}x{result['ratio_p95']:>9.1f}x")
    print("\nPer query: matches and p50 ms, full-text | naive")
    for query, row in result["queries"].items():
        print(
            f"  {query!r:26}{row['full_text_hits']:>7}{row['full_text_p50_ms']:>9.1f}  |"
            f"{row['naive_hits']:>7}{row['naive_p50_ms']:>9.1f}"
        )

    results_dir = REPO / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    path = results_dir / f"search-{connection.vendor}-{args.posts}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
