"""
The files an import reads: named files, folders (a Jekyll site or its _posts/) and zip files.

A folder that holds _posts/ (or _drafts/) folders is read the way Jekyll reads a site:
only the files in those folders are posts, and in _posts/ only files named like Jekyll
posts (2013-09-23-a-title.md). Any other folder is read whole: every Markdown and HTML
file in it is a post. A zip file is unpacked into a temporary folder first and then read
like a folder, so a zipped site and a zipped _posts/ both work.
"""

import os
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .jekyll import (
    POSTS_FOLDERS,
    JekyllSite,
    find_site_root,
    is_post_name,
    post_folder_parts,
)

# Jekyll's Markdown extensions (its markdown_ext setting), and HTML posts.
SUFFIXES = {".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html"}
# Far above any real post; keeps a stray video or database dump from being read into memory.
MAX_FILE_BYTES = 10 * 1024 * 1024
# What a zip may unpack to, so that a zip bomb cannot fill the disk.
MAX_ZIP_BYTES = 4 * 1024**3
MAX_ZIP_MEMBERS = 200_000
# From a zip only what an import can use is unpacked: posts, site files and pictures.
ZIP_SUFFIXES = SUFFIXES | {
    ".yml", ".yaml", ".json", ".csv", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif",
}  # fmt: skip


class SourceError(ValueError):
    """A file that cannot be read as UTF-8 text; the message says why."""


@dataclass(frozen=True)
class SourceFile:
    """
    One file to import: its name as shown to the user, its source key (what makes a second
    import update the same post), and its text or the path to read it from. ``site`` is the
    Jekyll site it belongs to and ``site_path`` its path inside that site.
    """

    name: str
    source: str
    path: Path | None = None
    text: str | None = None
    site: JekyllSite | None = None
    site_path: str = ""

    def read(self) -> str:
        """The file's text; SourceError when it cannot be read as UTF-8 text."""
        if self.text is not None:
            return self.text
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise SourceError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
            data = self.path.read_bytes()
        except OSError as error:
            raise SourceError(f"cannot read the file: {error.strerror or error}") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SourceError(
                f"not UTF-8 text (byte {data[error.start]:#04x} at position {error.start})"
            ) from None

    @property
    def folder(self) -> Path | None:
        """The folder the file is in, where its relative picture references start."""
        return self.path.parent if self.path else None

    @property
    def jekyll_parts(self) -> tuple[list[str], str, str] | None:
        """(folder categories, "_posts" or "_drafts", path inside it), or None."""
        return post_folder_parts(self.site_path) if self.site_path else None


@dataclass(frozen=True)
class _Root:
    """A folder that files of an import are found in, and what they share."""

    folder: Path
    display: str  # what a file's name is shown after ("" for the folder's own path)
    site: JekyllSite
    site_prefix: str  # the folder's path inside its Jekyll site ("en/news/_posts/")


class SourceFiles(Sequence):
    """
    The files of an import, in order. Each is kept as a short relative path and made into
    a SourceFile when it is used, so that an import of many files holds little for each.
    """

    def __init__(self):
        self._roots: list[_Root] = []
        self._entries: list[tuple[int, str]] = []

    def _add_root(self, root: _Root) -> int:
        self._roots.append(root)
        return len(self._roots) - 1

    def _add(self, root_number: int, relative: str) -> None:
        self._entries.append((root_number, relative))

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(len(self)))]
        root_number, relative = self._entries[index]
        root = self._roots[root_number]
        path = root.folder / relative
        return SourceFile(
            name=f"{root.display}{relative}" if root.display else str(path),
            source=f"file:{relative}",
            path=path,
            site=root.site,
            site_path=f"{root.site_prefix}{relative}" if root.site.root else "",
        )


@dataclass
class Collected:
    """What collect_sources found: the files, the arguments that failed, the files skipped."""

    files: SourceFiles
    missing: list[tuple[str, str]]
    skipped: list[tuple[str, str]]


def collect_files(paths, *, workdir: Path | None = None, site_url: str | None = None):
    """
    The files to import from the PATH arguments, and the arguments that do not exist.

    Returns (files, missing) like before; collect_sources() also says which files in a
    Jekyll site were skipped. Zip files need ``workdir``, where they are unpacked.
    """
    collected = collect_sources(paths, workdir=workdir, site_url=site_url)
    return collected.files, collected.missing


def collect_sources(paths, *, workdir: Path | None = None, site_url: str | None = None):
    """
    See the module docstring; a file named directly is read whatever its extension. A file
    found twice (a folder and a file or folder inside it, both named) is read once.
    """
    files = SourceFiles()
    missing: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    folders_read: list[Path] = []
    files_named: set[Path] = set()
    sites: dict[Path | None, JekyllSite] = {}

    def root_for(folder: Path, display: str, site_root: Path | None) -> int:
        if site_root not in sites:
            sites[site_root] = JekyllSite(site_root, url=site_url)
        prefix = ""
        if site_root is not None:
            inside = folder.resolve().relative_to(site_root.resolve()).as_posix()
            prefix = "" if inside == "." else f"{inside}/"
        return files._add_root(_Root(folder, display, sites[site_root], prefix))

    def read_before(path: Path) -> bool:
        resolved = path.resolve()
        return resolved in files_named or any(resolved.is_relative_to(f) for f in folders_read)

    for number, argument in enumerate(paths):
        root, display = Path(argument), ""
        if root.is_file() and root.suffix.lower() == ".zip":
            if workdir is None:
                missing.append((str(argument), "zip files are read by import_paths()"))
                continue
            try:
                root = unpack_zip(root, Path(workdir) / f"zip-{number}")
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                missing.append((str(argument), f"cannot read the zip file: {error}"))
                continue
            display = f"{argument}:"
        if root.is_dir():
            if read_before(root):
                continue
            site_root = _site_root(root)
            root_number = root_for(root, display, site_root)
            found = _walk(root, skip_folders=folders_read, skip_files=files_named)
            folders_read.append(root.resolve())
            # In a Jekyll site only _posts/ and _drafts/ hold posts; pages, layouts and
            # includes are no posts and need no mention.
            site_layout = any(post_folder_parts(relative) for relative in found)
            for relative in found:
                if site_layout and not post_folder_parts(relative):
                    continue
                site_path = files._roots[root_number].site_prefix + relative
                reason = _skip_reason(site_path) if site_root else ""
                if reason:
                    shown = f"{display}{relative}" if display else str(root / relative)
                    skipped.append((shown, reason))
                    continue
                files._add(root_number, relative)
        elif root.is_file():
            if read_before(root):
                continue
            files_named.add(root.resolve())
            site_root = _site_root(root.parent, folder_is_site=False)
            files._add(root_for(root.parent, "", site_root), root.name)
        else:
            missing.append((str(argument), "no such file or folder"))
    return Collected(files=files, missing=missing, skipped=skipped)


def _site_root(folder: Path, *, folder_is_site: bool = True) -> Path | None:
    """
    The Jekyll site a folder belongs to: the nearest folder with a _config.yml, else the
    folder holding the _posts/ or _drafts/ it is in, else the folder itself (or None).
    """
    root = find_site_root(folder)
    if root is not None:
        return root
    for candidate in [folder, *folder.parents]:
        if candidate.name in POSTS_FOLDERS:
            return candidate.parent
    return folder if folder_is_site else None


def _walk(root: Path, *, skip_folders=(), skip_files=()) -> list[str]:
    """
    The paths, relative to root and sorted, of the Markdown and HTML files below root,
    without hidden files and folders and without the folders and files already read.
    """
    found = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and not (skip_folders and (here / name).resolve() in skip_folders)
        )
        for name in sorted(names):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            if skip_files and (here / name).resolve() in skip_files:
                continue
            found.append((here / name).relative_to(root).as_posix())
    return found


def _skip_reason(site_path: str) -> str:
    """Why a file is not a post ("" when it is one): Jekyll reads only dated names in _posts/."""
    parts = post_folder_parts(site_path)
    if parts and parts[1] == "_posts" and not is_post_name(PurePosixPath(parts[2]).name):
        return "skipped: in _posts/ but not named like a post (YYYY-MM-DD-title.md)"
    return ""


def unpack_zip(archive: Path, target: Path) -> Path:
    """
    Unpack the posts, site files and pictures of a zip file into ``target`` and return
    the folder to read: the zip's single top folder if it has one. Names that would
    leave ``target`` and sizes past the limits are refused.
    """
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    with zipfile.ZipFile(archive) as bundle:
        members = [info for info in bundle.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError(f"it has more than {MAX_ZIP_MEMBERS} files")
        for info in members:
            name = PurePosixPath(info.filename.replace("\\", "/"))
            # As zipfile.extract() does: a name cannot climb out ("../") or start at "/".
            parts = [part for part in name.parts if part not in {"", ".", "..", "/"}]
            if not parts:
                continue
            if name.suffix.lower() not in ZIP_SUFFIXES or parts[0] == "__MACOSX":
                continue
            destination = target.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(info) as source, destination.open("wb") as output:
                # Counted while copying: the sizes a zip declares may lie.
                while chunk := source.read(1024 * 1024):
                    total += len(chunk)
                    if total > MAX_ZIP_BYTES:
                        raise ValueError(f"it unpacks to more than {MAX_ZIP_BYTES // 2**30} GB")
                    output.write(chunk)
    entries = [entry for entry in target.iterdir() if not entry.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and entries[0].name not in POSTS_FOLDERS:
        return entries[0]
    return target


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
