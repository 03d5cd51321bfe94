"""
Markdown on hostile bodies: Pressroom's renderer next to plain Python-Markdown.

Renders runs of "[", "![", "[](", "[^" and "*[" (the bodies that took Python-Markdown time
by the square of their length) at two sizes, in this process, with:

  baseline   Python-Markdown with the extensions Pressroom uses, as it comes
  pressroom  blog.markdown.render_markdown_here: the same, with linear bracket pairing,
             and sanitized (what the rendering process runs)

--repeat times, keeping the fastest run of each. It prints seconds for each, the ratio
pressroom / baseline, and how much each grows when the body doubles (about 4 means time by
the square of the length, about 2 linear). Runs that hit the time budget in production
(html.parser's own scans of "<a " runs) are not shown: the budget stops those.

    .venv/bin/python bench/markdown_hostile.py [--size 4000] [--repeat 3]
"""

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import markdown  # noqa: E402

from blog import markdown as pressroom_markdown  # noqa: E402

RUNS = ["[", "![", "[](", "[^", "*["]


def baseline():
    plain = [
        "abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "sane_lists",
        "tables",
    ]  # fmt: skip
    converter = markdown.Markdown(extensions=plain, output_format="html")
    return lambda text: converter.reset().convert(text)


def fastest(render, text, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        render(text)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=4000, help="characters of the larger body")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    renderers = {"baseline": baseline(), "pressroom": pressroom_markdown.render_markdown_here}
    print(f"{'run':6} {'size':>6} {'baseline s':>11} {'pressroom s':>12} {'ratio':>7}")
    for run in RUNS:
        times = {}
        for size in (args.size // 2, args.size):
            text = run * (size // len(run))
            times[size] = {
                name: fastest(render, text, args.repeat) for name, render in renderers.items()
            }
            base, ours = times[size]["baseline"], times[size]["pressroom"]
            print(f"{run!r:6} {size:6} {base:11.3f} {ours:12.3f} {ours / base:7.2f}")
        small, large = times[args.size // 2], times[args.size]
        growth = {name: large[name] / small[name] for name in renderers}
        print(
            f"{'':6} {'x2':>6} {growth['baseline']:11.1f} {growth['pressroom']:12.1f}"
            "   (growth when the body doubles)"
        )


if __name__ == "__main__":
    main()
