"""plain_text(): HTML as a reader reads it, for summaries, excerpts and the search index."""

from pressroom.text import plain_text


def test_plain_text_reads_a_body_as_a_reader_sees_it():
    assert plain_text("<p>Ett &amp;lt; två</p><ul><li>tre</li></ul>") == "Ett &lt; två tre"


def test_plain_text_keeps_words_of_adjacent_blocks_apart():
    assert plain_text("<h2>Rubrik</h2><p>Text</p>") == "Rubrik Text"


def test_plain_text_of_nothing_is_empty():
    assert plain_text(None) == ""


def test_plain_text_keeps_inline_markup_inside_its_word():
    assert plain_text("<p>Första <strong>stycket</strong>. Och <em>ett</em>-tal</p>") == (
        "Första stycket. Och ett-tal"
    )
