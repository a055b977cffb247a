"""Watched folders: article files picked up as they appear, not only when the folder is polled.

``watch_folder`` follows one folder with watchfiles and yields a PollResult whenever
new or changed article files (.txt, .html) are complete. Articles keep the identity
``read_article_file`` gives them (a hash of the bytes), and a file whose bytes have not
changed (touched, renamed, copied) is not yielded again. Nothing here raises for a bad
file or a missing folder: those come back as problems, and the watch goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import stat
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from watchfiles import Change, awatch

from watchers.article import Article
from watchers.errors import FeedError
from watchers.files import (
    ARTICLE_SUFFIXES,
    not_text_reason,
    read_article_file,
    read_file_bytes,
)
from watchers.poll import DEFAULT_MAX_BYTES, PollResult

# Filesystems on which inotify stays silent about changes made by another machine, so
# only polling sees files that arrive there.
REMOTE_FILESYSTEMS = frozenset(
    {
        "9p",
        "afs",
        "ceph",
        "cifs",
        "davfs",
        "fuse",
        "glusterfs",
        "gpfs",
        "lustre",
        "ncpfs",
        "nfs",
        "nfs4",
        "smb3",
        "smbfs",
        "vboxsf",
        "vmhgfs",
    }
)
# Remembers this many contents of removed files, so a file moved out and back in, or
# renamed, is not new; older ones are forgotten (the store still knows the articles).
_GONE_REMEMBERED = 10_000
# Octal escapes /proc/self/mounts uses for blanks and backslashes in mount points.
_MOUNT_ESCAPE = re.compile(r"\\([0-7]{3})")

Signature = tuple[int, int]  # (size, mtime in ns): changes whenever a writer touches the file


def is_article_name(name: str) -> bool:
    """True for a finished article file's name.

    Hidden files (editor swap files, rsync's temporary files) and editor lock or
    autosave files (``#draft.txt#``, ``~$draft.txt``) are not; nor are backups
    (``a.txt~``) or partial downloads (``a.txt.part``, ``.tmp``, ``.crdownload``),
    whose suffix is not an article's.
    """
    return not name.startswith((".", "#", "~")) and Path(name).suffix.lower() in ARTICLE_SUFFIXES


def polling_needed(folder: Path, mounts: str | None = None) -> bool:
    """True when ``folder`` is on a network or FUSE filesystem (``mounts``: /proc/self/mounts).

    inotify there reports only what this machine writes, so polling is the one way
    to see files another machine drops in.
    """
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False  # not Linux: watchfiles' own choice holds
    target = os.path.realpath(folder)  # a symlink into a share is on the share
    best_point, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _MOUNT_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best_point):
            best_point, best_type = point, fields[2]
    return best_type in REMOTE_FILESYSTEMS or best_type.startswith("fuse.")


async def watch_folder(
    path: str | Path,
    *,
    stop: asyncio.Event,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ready: asyncio.Event | None = None,
    force_polling: bool | None = None,
    settle_seconds: float = 0.5,
    retry_seconds: float = 30.0,
) -> AsyncIterator[PollResult]:
    """Yield the articles of article files that appear in ``path`` or change there, until ``stop``.

    Files already there when the call starts are not yielded (read the folder for
    those); files that arrive afterwards are, once complete: watchfiles groups a
    burst of changes, then a file must keep its size and modification time for
    ``settle_seconds``. A file written more slowly than that (a stalled copy) is read
    early and again when it changes; writers should use a ``.part`` name and rename.

    ``ready`` is set once the folder is being watched: a file written after that is
    seen. Unreadable, binary or too large files come back as problems, once per
    content. A missing folder is a problem too; it is tried again every
    ``retry_seconds``, and files found in it then are yielded. ``force_polling``
    None picks on its own: polling on network and FUSE filesystems, and wherever
    watchfiles cannot use inotify (or WATCHFILES_FORCE_POLLING says so).
    """
    folder = Path(path)
    files = _FolderFiles(folder, max_bytes, settle_seconds)
    await asyncio.to_thread(files.remember_present)
    polling = force_polling
    if polling is None and not os.environ.get("WATCHFILES_FORCE_POLLING"):
        polling = await asyncio.to_thread(polling_needed, folder) or None
    tick_ms = max(50, round(settle_seconds * 500))
    reported: str | None = None
    while not stop.is_set():
        problem = await asyncio.to_thread(_folder_problem, folder)
        if problem is None:
            # awatch sets the event it waits on when it is cancelled; an event of our own
            # keeps that from stopping whatever else the caller stops with ``stop``.
            own_stop = asyncio.Event()
            relay = asyncio.create_task(_relay(stop, own_stop))
            try:
                batches = awatch(
                    folder,
                    watch_filter=lambda _change, changed: is_article_name(Path(changed).name),
                    stop_event=own_stop,
                    rust_timeout=tick_ms,
                    yield_on_timeout=True,
                    force_polling=polling,
                    recursive=False,
                )
                async with contextlib.aclosing(batches):
                    first = True
                    async for batch in batches:
                        # Any batch, even an empty tick, comes from a watch already in place:
                        # look at every file once then, for those that came while none was.
                        changed = _names(batch)
                        result, gone = await asyncio.to_thread(files.step, changed, first)
                        if first and ready is not None:
                            ready.set()
                        first, reported = False, None
                        if result.articles or result.problems:
                            yield result
                        if gone:
                            problem = f"{folder}: the folder has gone"
                            break
            except (OSError, RuntimeError) as error:
                problem = f"{folder}: cannot watch the folder: {_plain(error)}"
            finally:
                relay.cancel()
        if stop.is_set() or problem is None:
            return
        if problem != reported:
            reported = problem
            yield PollResult(problems=(problem,))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), retry_seconds)


@dataclass
class _Known:
    signature: Signature
    fingerprint: str  # sha256 of the bytes, or the problem reading them


class _FolderFiles:
    """What the watcher knows of the folder's files. Its methods do blocking I/O: call them
    from a worker thread, one at a time."""

    def __init__(self, folder: Path, max_bytes: int, settle_seconds: float) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.settle_seconds = settle_seconds
        self.known: dict[str, _Known] = {}
        self.gone: OrderedDict[str, None] = OrderedDict()
        # name -> (signature last seen, when it was first seen at that signature)
        self.pending: dict[str, tuple[Signature | None, float]] = {}

    def remember_present(self) -> None:
        """Take the files there now as already read."""
        for name in self._listing():
            signature = _signature(self.folder / name)
            if signature is not None:
                self.known[name] = _Known(signature, self._fingerprint(self.folder / name)[0])

    def step(self, changed: Iterable[str], everything: bool = False) -> tuple[PollResult, bool]:
        """Note ``changed`` names (or ``everything``), read the files that have settled.

        The flag is True when the folder has gone.
        """
        if not self.folder.is_dir():
            return PollResult(), True
        self._note(self._listing() | set(self.known) if everything else changed)
        now = time.monotonic()
        due: list[str] = []
        for name, (seen, since) in list(self.pending.items()):
            current = _signature(self.folder / name)
            if current != seen:
                self.pending[name] = (current, now)
            elif now - since >= self.settle_seconds:
                del self.pending[name]
                due.append(name)
        return self._read(sorted(due)), False

    def _note(self, names: Iterable[str]) -> None:
        now = time.monotonic()
        for name in names:
            if name not in self.pending:
                self.pending[name] = (_signature(self.folder / name), now)

    def _read(self, names: list[str]) -> PollResult:
        articles: list[Article] = []
        problems: list[str] = []
        for name in names:
            path = self.folder / name
            signature = _signature(path)
            previous = self.known.get(name)
            if signature is None:
                self._forget(name)
                continue
            if previous is not None and previous.signature == signature:
                continue
            fingerprint, refusal = self._fingerprint(path)
            seen_elsewhere = fingerprint in self.gone or any(
                known.fingerprint == fingerprint
                for other, known in self.known.items()
                if other != name
            )
            self.known[name] = _Known(signature, fingerprint)
            if previous is not None and previous.fingerprint == fingerprint:
                continue
            if refusal is not None:
                problems.append(f"{path}: {refusal}")
                continue
            if seen_elsewhere:
                continue  # a copy or a renamed file: its article is out already
            try:
                articles.append(read_article_file(path, max_bytes=self.max_bytes))
            except FeedError as error:
                problems.append(f"{path}: {error}")
        # Dated articles first by date, as a folder read gives them.
        articles.sort(key=lambda a: (a.published is None, a.published or date.min))
        return PollResult(articles=tuple(articles), problems=tuple(problems))

    def _fingerprint(self, path: Path) -> tuple[str, str | None]:
        """A hash of the bytes, and why the file cannot be an article (None when it can)."""
        try:
            data = read_file_bytes(path, self.max_bytes)
        except FeedError as error:
            return f"unreadable: {error}", str(error)
        return hashlib.sha256(data).hexdigest(), not_text_reason(data)

    def _forget(self, name: str) -> None:
        self.pending.pop(name, None)
        known = self.known.pop(name, None)
        if known is None:
            return
        self.gone[known.fingerprint] = None
        self.gone.move_to_end(known.fingerprint)
        while len(self.gone) > _GONE_REMEMBERED:
            self.gone.popitem(last=False)

    def _listing(self) -> set[str]:
        try:
            return {entry.name for entry in os.scandir(self.folder) if is_article_name(entry.name)}
        except OSError:
            return set()


def _signature(path: Path) -> Signature | None:
    """Size and modification time of a regular file; None when it is gone or not a file."""
    try:
        status = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_size, status.st_mtime_ns


def _names(batch: set[tuple[Change, str]]) -> set[str]:
    return {Path(changed).name for _change, changed in batch}


def _folder_problem(folder: Path) -> str | None:
    if folder.is_dir():
        return None
    if folder.exists():
        return f"{folder}: not a folder"
    return f"{folder}: no such folder"


def _plain(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


async def _relay(stop: asyncio.Event, own_stop: asyncio.Event) -> None:
    await stop.wait()
    own_stop.set()
