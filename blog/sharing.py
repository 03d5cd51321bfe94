"""
Share links for a post: plain links to each service's own share page, carrying the
post's address. No third-party script runs and nothing is loaded from other hosts.
"""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

# Service name -> (share address, the query it takes). {url} and {title} are filled in.
SERVICES = [
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/", {"url": "{url}"}),
    ("X", "https://x.com/intent/post", {"url": "{url}", "text": "{title}"}),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php", {"u": "{url}"}),
    ("Bluesky", "https://bsky.app/intent/compose", {"text": "{title} {url}"}),
]


def share_links(url, title):
    """(label, href) for e-mail and each service, sharing ``url`` with ``title``."""
    email = "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=_quote)
    links = [(_("E-mail"), email)]
    for name, address, query in SERVICES:
        filled = {key: value.format(url=url, title=title) for key, value in query.items()}
        links.append((name, f"{address}?{urlencode(filled, quote_via=_quote)}"))
    return links


def _quote(value, safe="", encoding=None, errors=None):
    # Spaces as %20, not "+": mail programs show a "+" as it is.
    return quote(value, safe=safe, encoding=encoding, errors=errors)
