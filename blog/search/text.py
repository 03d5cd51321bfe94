"""
The words of the search: Snowball stems in a post's language, the words a query searches
for, a body's plain text, and the excerpt shown in a result with the matches marked.
"""

import functools
import re
import threading
from html import escape

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

from pressroom.text import plain_text

# Words are runs of letters and digits; everything else, "_" included, separates them.
# FTS5's unicode61 tokenizer splits the same way, so stored words stay whole.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 16  # a query longer than this is searched by its first words
MAX_WORD_LENGTH = 64  # longer "words" are noise, never language
EXCERPT_WORDS = 32
EXCERPT_WORDS_BEFORE = 8
EXCERPT_SCAN_CHARS = 50_000  # matches further into a long body are not excerpted
# Snowball algorithm and PostgreSQL configuration for each post language.
LANGUAGE_CONFIGS = {"sv": "swedish", "en": "english"}

_stemmers = threading.local()  # Snowball stemmers keep state, so one per thread


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a lower-case word in a post language; others are left as is."""
    algorithm = LANGUAGE_CONFIGS.get(language)
    if algorithm is None:
        return word
    stemmer = getattr(_stemmers, algorithm, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(algorithm)
        setattr(_stemmers, algorithm, stemmer)
    return stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The lower-case words of a text."""
    return WORD.findall(text.lower())


def query_words(query: str) -> list[str]:
    """The words a query searches for: at most MAX_QUERY_WORDS, each once, in order."""
    found = []
    for word in words(query or ""):
        if len(word) <= MAX_WORD_LENGTH and word not in found:
            found.append(word)
            if len(found) == MAX_QUERY_WORDS:
                break
    return found


def stemmed(text: str, language: str) -> str:
    """A text as the SQLite index stores it: its stemmed words, separated by spaces."""
    return " ".join(stem(word, language) for word in words(text))


def excerpt(lead: str, body_html: str, terms: list[str], language: str) -> SafeString:
    """
    A short passage of a post's lead and body around the first word matching the query,
    as HTML: the text escaped, matching words wrapped in <mark>.
    """
    text = " ".join(part for part in (lead, plain_text(body_html)) if part)[:EXCERPT_SCAN_CHARS]
    wanted = {stem(term, language) for term in terms}
    tokens, first_match = [], None
    for token in WORD.finditer(text):
        tokens.append(token)
        if first_match is None and stem(token.group().lower(), language) in wanted:
            first_match = len(tokens) - 1
        if first_match is not None and len(tokens) >= first_match + EXCERPT_WORDS:
            break
    start = max(0, (first_match or 0) - EXCERPT_WORDS_BEFORE)
    window = tokens[start : start + EXCERPT_WORDS]
    if not window:
        return mark_safe("")  # noqa: S308 - nothing to show
    parts = ["… "] if start > 0 else []
    position = window[0].start() if start > 0 else 0
    for token in window:
        parts.append(escape(text[position : token.start()]))
        word = escape(token.group())
        if stem(token.group().lower(), language) in wanted:
            word = f"<mark>{word}</mark>"
        parts.append(word)
        position = token.end()
    more = WORD.search(text, position) is not None
    parts.append(" …" if more else escape(text[position:]))
    # Every piece of text above went through escape(); the only markup is <mark>.
    return mark_safe("".join(parts))  # noqa: S308
