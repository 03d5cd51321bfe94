"""
What a Jekyll site knows about its posts beyond each file: its _config.yml, _data/ and
_includes/, and the URLs Jekyll gave its posts, which become redirects in Pressroom.
"""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import yaml

from .frontmatter import JEKYLL_NAME

CONFIG_NAMES = ("_config.yml", "_config.yaml")
# Jekyll's built-in permalink styles.
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
PLACEHOLDER = re.compile(r":(\w+)")
# Post folders: Jekyll reads posts from _posts/ (and drafts from _drafts/) anywhere in a site.
POSTS_FOLDERS = ("_posts", "_drafts")
MAX_DATA_BYTES = 5 * 1024 * 1024
MAX_INCLUDE_BYTES = 1024 * 1024


class JekyllSite:
    """
    A Jekyll site folder: its configuration, read once, and its data and include files,
    read when a post first asks for them. ``root`` is None for files outside any site.
    """

    def __init__(self, root: Path | None, *, url: str | None = None):
        self.root = root
        self.config = self._read_config()
        self._data = None
        self._includes: dict[str, str | None] = {}
        # Where the old site's own links should point now: by default nowhere else, so that
        # "{{ site.url }}/2013/09/23/a-post/" becomes a path this newsroom redirects.
        self.url = url if url is not None else ""
        baseurl = self.config.get("baseurl")
        self.baseurl = "/" + baseurl.strip("/") if isinstance(baseurl, str) and baseurl else ""

    def _read_config(self) -> dict:
        if self.root is None:
            return {}
        for name in CONFIG_NAMES:
            path = self.root / name
            if path.is_file():
                try:
                    config = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
                except (OSError, UnicodeDecodeError, yaml.YAMLError):
                    return {}
                return config if isinstance(config, dict) else {}
        return {}

    @property
    def permalink(self) -> str:
        """The site's permalink pattern for posts."""
        value = self.config.get("permalink")
        if not isinstance(value, str) or not value.strip():
            return PERMALINK_STYLES["date"]
        return PERMALINK_STYLES.get(value.strip(), value.strip())

    @property
    def excerpt_separator(self) -> str | None:
        value = self.config.get("excerpt_separator")
        return value if isinstance(value, str) and value else None

    def liquid_site(self) -> dict:
        """``site`` as Liquid in a post sees it."""
        site = {key: value for key, value in self.config.items() if isinstance(key, str)}
        site.update(url=self.url, baseurl=self.baseurl, data=self.data)
        return site

    @property
    def data(self) -> dict:
        """The site's _data/ files (YAML, JSON and CSV), by name, nested by folder."""
        if self._data is None:
            self._data = {}
            folder = self.root / "_data" if self.root else None
            if folder and folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    value = _read_data_file(path)
                    if value is None:
                        continue
                    parts = path.relative_to(folder).with_suffix("").parts
                    target = self._data
                    for part in parts[:-1]:
                        target = target.setdefault(part, {})
                        if not isinstance(target, dict):
                            break
                    else:
                        target[parts[-1]] = value
        return self._data

    def read_include(self, name: str) -> str | None:
        """An _includes/ file's text, or None when there is none by that name."""
        if name not in self._includes:
            self._includes[name] = read_inside(self.root / "_includes", name) if self.root else None
        return self._includes[name]


def _read_data_file(path: Path):
    suffix = path.suffix.lower()
    if suffix not in {".yml", ".yaml", ".json", ".csv"} or not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_DATA_BYTES:
            return None
        text = path.read_text(encoding="utf-8-sig")
        if suffix == ".json":
            return json.loads(text)
        if suffix == ".csv":
            return list(csv.DictReader(io.StringIO(text)))
        return yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None


def read_inside(folder: Path, relative: str) -> str | None:
    """The text of ``folder/relative``, if that is a small file inside ``folder``."""
    try:
        path = (folder / relative).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            return None
        if path.stat().st_size > MAX_INCLUDE_BYTES:
            return None
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def find_site_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that has a Jekyll _config.yml, or None."""
    try:
        path = path.resolve()
    except OSError:
        return None
    for folder in [path, *path.parents]:
        if any((folder / name).is_file() for name in CONFIG_NAMES):
            return folder
    return None


def post_folder_parts(site_path: str) -> tuple[list[str], str, str] | None:
    """
    For a file's path inside its site ("en/news/_posts/2020/2020-01-02-a.md"), return the
    folders before _posts (Jekyll's categories from the path), the posts folder's name and
    the path inside it; None when the file is not in a _posts or _drafts folder.
    """
    parts = site_path.split("/")
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] in POSTS_FOLDERS:
            return parts[:index], parts[index], "/".join(parts[index + 1 :])
    return None


def is_post_name(name: str) -> bool:
    """True for a Jekyll post file name: a date, a title and an extension."""
    stem, dot, _suffix = name.rpartition(".")
    return bool(dot and JEKYLL_NAME.match(stem))


def post_url(
    pattern: str,
    *,
    date: dt.datetime,
    title: str,
    categories: list[str],
    baseurl: str = "",
    output_ext: str = ".html",
) -> str:
    """
    Expand a Jekyll permalink pattern (":year/:month/:title/" and so on) into a path.

    ``title`` is the title part of the file name, ``categories`` the post's categories
    (folders first). The path is decoded and cleaned of "." and ".." segments, as
    Jekyll does, and starts with the site's base URL.
    """
    unique_categories = list(dict.fromkeys(str(name).lower() for name in categories))
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "week": f"{date.isocalendar()[1]:02d}",
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "title": title,
        "slug": title,
        "name": title,
        "categories": "/".join(unique_categories),
        "output_ext": output_ext,
    }
    path = PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group()), pattern)
    return clean_path(baseurl + "/" + path.lstrip("/"))


def clean_path(path: str) -> str:
    """A URL path decoded, with one leading slash and no empty, "." or ".." segments."""
    path = unquote(path).replace("\\", "/")
    trailing = path.endswith("/")
    segments = [segment for segment in path.split("/") if segment not in {"", ".", ".."}]
    cleaned = "/" + "/".join(segments)
    return cleaned + "/" if trailing and cleaned != "/" else cleaned
