"""kramdown GFM's block rules in Pressroom's Markdown (blog.markdown_blocks)."""

from blog.markdown import render_markdown


def test_markdown_blocks_list_starts_right_after_a_paragraph_line():
    output = render_markdown("Features:\n- fast\n- small\n")
    assert output == "<p>Features:</p>\n<ul>\n<li>fast</li>\n<li>small</li>\n</ul>"


def test_markdown_blocks_ordered_list_starts_right_after_a_paragraph_line():
    output = render_markdown("Steps:\n1. read\n2. write\n")
    assert output == "<p>Steps:</p>\n<ol>\n<li>read</li>\n<li>write</li>\n</ol>"


def test_markdown_blocks_heading_starts_right_after_a_paragraph_line():
    assert render_markdown("Intro\n## Part two\n") == "<p>Intro</p>\n<h2>Part two</h2>"


def test_markdown_blocks_block_quote_starts_right_after_a_paragraph_line():
    output = render_markdown("He said:\n> Yes.\n")
    assert output == "<p>He said:</p>\n<blockquote>\n<p>Yes.</p>\n</blockquote>"


def test_markdown_blocks_fence_starts_right_after_a_paragraph_line():
    output = render_markdown("Run:\n```ruby\nputs 1\n```\n")
    assert output == '<p>Run:</p>\n<pre><code class="language-ruby">puts 1\n</code></pre>'


def test_markdown_blocks_list_indented_by_two_spaces_nests():
    output = render_markdown("- fruit\n  - apple\n    - red\n- nuts\n")
    assert output == (
        "<ul>\n<li>fruit<ul>\n<li>apple<ul>\n<li>red</li>\n</ul>\n</li>\n</ul>\n</li>\n"
        "<li>nuts</li>\n</ul>"
    )


def test_markdown_blocks_list_indented_by_three_spaces_under_a_number_nests():
    output = render_markdown("1. fruit\n   - apple\n2. nuts\n")
    assert output == "<ol>\n<li>fruit<ul>\n<li>apple</li>\n</ul>\n</li>\n<li>nuts</li>\n</ol>"


def test_markdown_blocks_wrapped_item_stays_one_tight_item():
    output = render_markdown("1. A long item\n    that wraps.\n2. Next\n")
    assert output == "<ol>\n<li>A long item\nthat wraps.</li>\n<li>Next</li>\n</ol>"


def test_markdown_blocks_fence_with_any_info_string_is_code():
    output = render_markdown("```f(x)\nf(x) = x\n```\n")
    assert output == "<pre><code>f(x) = x\n</code></pre>"


def test_markdown_blocks_indented_code_keeps_list_lines_as_code():
    output = render_markdown("Text\n\n    - not a list\n    # not a heading\n")
    assert output == "<p>Text</p>\n<pre><code>- not a list\n# not a heading\n</code></pre>"


def test_markdown_blocks_fenced_code_keeps_list_lines_as_code():
    output = render_markdown("```\nIntro\n- not a list\n```\n")
    assert output == "<pre><code>Intro\n- not a list\n</code></pre>"


def test_markdown_blocks_fence_inside_a_list_item_is_code_with_its_language():
    output = render_markdown("- Run it:\n\n  ```ruby\n  puts 1\n  ```\n- Done\n")
    assert '<li>\n<p>Run it:</p>\n<pre><code class="language-ruby">puts 1\n</code></pre>' in output
    assert "<li>\n<p>Done</p>\n</li>" in output


def test_markdown_blocks_text_in_braces_on_its_own_line_stays():
    assert render_markdown("The set\n{1, 2, 3}\n") == "<p>The set\n{1, 2, 3}</p>"


def test_markdown_blocks_heading_ending_in_braces_keeps_them():
    assert render_markdown("## Sets {a b}\n") == "<h2>Sets {a b}</h2>"


def test_markdown_blocks_kramdown_attribute_list_is_still_removed():
    assert (
        render_markdown("A lead.\n{: .lead}\n\n*x*{:.c} y\n")
        == "<p>A lead.</p>\n<p><em>x</em> y</p>"
    )


def test_markdown_blocks_backslash_escapes_a_quote_as_in_kramdown():
    assert render_markdown('Say \\"cheese\\" \\| \\~ \\:') == '<p>Say "cheese" | ~ :</p>'
