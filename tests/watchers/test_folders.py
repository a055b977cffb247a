from __future__ import annotations

import asyncio
import contextlib
import itertools
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from watchers.files import read_article_file
from watchers.folders import is_article_name, polling_needed, watch_folder
from watchers.poll import PollResult

# A hang guard, not a speed target: every wait below normally ends within a second.
HANG_GUARD = 15.0
SETTLE = 0.3
_serial = itertools.count()


def article_text(words: str = "") -> str:
    """A short article of our own; each call's text differs, so each file is a new article."""
    return (
        f" date 2024-05-{1 + next(_serial) % 28:02d} The harbour minister said the levy "
        f"would stay in place {words or next(_serial)}.\n\n"
        '"We will not move on this," the minister told reporters.\n'
    )


@dataclass
class Watch:
    folder: Path
    stop: asyncio.Event
    ready: asyncio.Event
    results: asyncio.Queue[PollResult]
    task: asyncio.Task[None]

    async def next(self) -> PollResult:
        async with asyncio.timeout(HANG_GUARD):
            return await self.results.get()

    async def expect_nothing_more(self) -> None:
        """Prove that nothing was yielded for earlier writes: a new file's article comes next."""
        path = self.folder / f"zz-sentinel-{next(_serial)}.txt"
        path.write_text(article_text("sentinel"), encoding="utf-8")
        result = await self.next()
        assert result.problems == ()
        assert [a.source for a in result.articles] == [str(path)]


@contextlib.asynccontextmanager
async def watching(
    folder: Path, *, wait_ready: bool = True, **options: Any
) -> AsyncIterator[Watch]:
    stop, ready = asyncio.Event(), asyncio.Event()
    results: asyncio.Queue[PollResult] = asyncio.Queue()
    options.setdefault("settle_seconds", SETTLE)

    async def run() -> None:
        async for result in watch_folder(folder, stop=stop, ready=ready, **options):
            results.put_nowait(result)

    watch = Watch(folder, stop, ready, results, asyncio.create_task(run()))
    try:
        if wait_ready:
            async with asyncio.timeout(HANG_GUARD):
                await ready.wait()
        yield watch
    finally:
        stop.set()
        async with asyncio.timeout(HANG_GUARD):
            await watch.task


@pytest.mark.parametrize("force_polling", [None, True], ids=["automatic", "polling"])
async def test_folders_new_file_arrives(tmp_path: Path, force_polling: bool | None) -> None:
    (tmp_path / "old.txt").write_text(article_text(), encoding="utf-8")
    async with watching(tmp_path, force_polling=force_polling) as watch:
        path = tmp_path / "new.txt"
        path.write_text(article_text(), encoding="utf-8")
        result = await watch.next()
    assert result.problems == ()
    assert result.articles == (read_article_file(path),)
    assert watch.results.empty()  # the file already there is not new


async def test_folders_partial_download_renamed_is_one_article(tmp_path: Path) -> None:
    text = article_text()
    async with watching(tmp_path) as watch:
        partial = tmp_path / "story.txt.part"
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(text[:20])
            handle.flush()
            await asyncio.sleep(SETTLE * 2)  # long enough to be read, were it an article
            handle.write(text[20:])
        partial.rename(tmp_path / "story.txt")
        result = await watch.next()
        assert result.articles == (read_article_file(tmp_path / "story.txt"),)
        assert "stay in place" in result.articles[0].text
        await watch.expect_nothing_more()


async def test_folders_file_written_in_two_steps_is_one_whole_article(tmp_path: Path) -> None:
    first, second = article_text(), article_text()
    async with watching(tmp_path, settle_seconds=0.6) as watch:
        path = tmp_path / "story.txt"
        with path.open("w", encoding="utf-8") as handle:
            handle.write(first)
            handle.flush()
            # Well past watchfiles' grouping of a burst (it reports after 50-100 ms of quiet),
            # so the first half alone is reported; well within the 0.6 s the size must hold.
            await asyncio.sleep(0.25)
            handle.write(second)
        result = await watch.next()
        assert path.read_text(encoding="utf-8") == first + second
        assert result.articles == (read_article_file(path),)
        await watch.expect_nothing_more()


@pytest.mark.parametrize(
    "name",
    [
        ".story.txt.swp",
        "story.txt.swp",
        "story.txt~",
        "#story.txt#",
        ".#story.txt",
        "~$story.txt",
        ".hidden.txt",
        "story.txt.part",
        "story.html.tmp",
        "story.txt.crdownload",
        "notes.md",
    ],
)
async def test_folders_ignores_swap_backup_hidden_and_partial_files(
    tmp_path: Path, name: str
) -> None:
    assert not is_article_name(name)
    async with watching(tmp_path) as watch:
        (tmp_path / name).write_text(article_text(), encoding="utf-8")
        await watch.expect_nothing_more()


async def test_folders_ignores_directories_and_their_contents(tmp_path: Path) -> None:
    async with watching(tmp_path) as watch:
        (tmp_path / "looks-like.txt").mkdir()
        (tmp_path / "looks-like.txt" / "inner.txt").write_text(article_text(), encoding="utf-8")
        await watch.expect_nothing_more()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a text file"),
        (b"The minister said so. " * 100, "file too large"),
    ],
    ids=["binary", "too-large"],
)
async def test_folders_bad_file_is_a_problem_and_the_watch_goes_on(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    async with watching(tmp_path, max_bytes=1000) as watch:
        bad = tmp_path / "bad.txt"
        bad.write_bytes(content)
        result = await watch.next()
        assert result.articles == ()
        assert len(result.problems) == 1
        assert result.problems[0].startswith(f"{bad}: ")
        assert problem in result.problems[0]
        bad.touch()  # the same bad content is reported once
        await watch.expect_nothing_more()


async def test_folders_unchanged_bytes_are_not_new(tmp_path: Path) -> None:
    before = tmp_path / "before.txt"
    before.write_text(article_text(), encoding="utf-8")
    async with watching(tmp_path) as watch:
        before.touch()
        shutil.copyfile(before, tmp_path / "copy.txt")
        before.rename(tmp_path / "renamed.txt")
        await watch.expect_nothing_more()

        (tmp_path / "renamed.txt").write_text(article_text(), encoding="utf-8")
        result = await watch.next()
        assert result.articles == (read_article_file(tmp_path / "renamed.txt"),)


async def test_folders_stop_ends_the_watch(tmp_path: Path) -> None:
    async with watching(tmp_path) as watch:
        watch.stop.set()
        async with asyncio.timeout(HANG_GUARD):
            await watch.task
        assert watch.results.empty()


async def test_folders_cancelling_one_watch_leaves_the_shared_stop_alone(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    async with watching(tmp_path / "a") as first:
        stop, ready = first.stop, asyncio.Event()
        second = watch_folder(tmp_path / "b", stop=stop, ready=ready, settle_seconds=SETTLE)
        pending = asyncio.ensure_future(anext(second))
        async with asyncio.timeout(HANG_GUARD):
            await ready.wait()
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pending
        assert not stop.is_set()
        await first.expect_nothing_more()


async def test_folders_missing_folder_is_a_problem_until_it_appears(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    async with watching(folder, wait_ready=False, retry_seconds=0.1) as watch:
        result = await watch.next()
        assert result.problems == (f"{folder}: no such folder",)
        folder.mkdir()
        async with asyncio.timeout(HANG_GUARD):
            await watch.ready.wait()
        await watch.expect_nothing_more()  # the problem is not repeated either

        shutil.rmtree(folder)
        result = await watch.next()
        assert result.problems == (f"{folder}: the folder has gone",)
        folder.mkdir()
        path = folder / "back.txt"
        path.write_text(article_text(), encoding="utf-8")
        # Found by the look round when the watch starts again, if not by an event.
        result = await watch.next()
        assert [a.source for a in result.articles] == [str(path)]


async def test_folders_default_settle_time_reads_a_finished_file(tmp_path: Path) -> None:
    async with watching(tmp_path, settle_seconds=0.5) as watch:
        path = tmp_path / "page.html"
        path.write_text(
            "<html><head><title>Levy stays</title></head><body><article><p>The harbour "
            "minister said the levy would stay in place this year.</p></article></body></html>",
            encoding="utf-8",
        )
        result = await watch.next()
    assert [(a.title, a.id) for a in result.articles] == [
        ("Levy stays", read_article_file(path).id)
    ]


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export /srv/news nfs4 rw,vers=4.2 0 0
//nas/share /mnt/nas\\040drive cifs rw 0 0
sshfs#me@host: /home/me/remote fuse.sshfs rw 0 0
tmpfs /srv/news/local tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("/home/me/inbox", False),
        ("/srv/news", True),
        ("/srv/news/inbox", True),
        ("/srv/newsroom", False),
        ("/srv/news/local/inbox", False),
        ("/mnt/nas drive/articles", True),
        ("/home/me/remote/x", True),
    ],
)
def test_folders_polling_needed_on_network_filesystems(folder: str, expected: bool) -> None:
    assert polling_needed(Path(folder), MOUNTS) is expected
