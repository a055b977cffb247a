"""Feed parsing in worker processes with a time limit, so one feed never stalls the others.

feedparser is pure Python: a huge or pathological document keeps it busy for
seconds or minutes, and in a thread it would hold the GIL away from the event
loop (and a thread cannot be stopped). So documents are parsed in a small pool
of worker processes, reused from parse to parse (only bytes go in and a
PollResult comes back); a worker that passes its time limit is killed and
replaced. Each worker also caps its own address space, so a document that
makes the parser balloon costs that worker a MemoryError, not the machine its
memory.

A worker is a fresh interpreter, as with multiprocessing's "spawn" (the bot
process has threads and spaCy loaded, and forking a threaded process can
deadlock), but started with subprocess: "spawn" runs the caller's __main__
module again in every worker, which breaks any script without a
``if __name__ == "__main__"`` guard and imports the whole CLI into a parser.

The pool is not tied to one event loop: tests run each case in a loop of its
own, and the bot may poll from one loop while a CLI command runs another.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import io
import logging
import os
import pickle
import socket
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from multiprocessing.connection import Connection
from typing import Any

from watchers.article import Article
from watchers.poll import PollResult

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2
# A legitimate 10 MB feed takes feedparser about 20 s on a slow core.
DEFAULT_PARSE_TIMEOUT = 30.0
# Address space a worker may add to what it holds after start-up; a 10 MB feed
# needs a few hundred MB.
DEFAULT_MEMORY_HEADROOM = 1024 * 1024 * 1024
# Starting a worker imports feedparser and lxml; it is not counted in a parse's limit.
_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 2.0
_OUT_OF_MEMORY = "parsing needed more memory than a feed parser may use"
# What a new worker runs: take sys.path from the parent, then serve. Kept free of
# imports from this package until sys.path is set.
_BOOTSTRAP = """\
import signal, sys
# Ctrl-C at a terminal reaches the whole process group: the bot stops its workers.
signal.signal(signal.SIGINT, signal.SIG_IGN)
from multiprocessing.connection import Connection
connection = Connection(int(sys.argv[1]))
sys.path[:] = connection.recv()
from watchers.parsing import _serve
_serve(connection, None if sys.argv[2] == "none" else int(sys.argv[2]))
"""

# (data, source, feed_id, headers, fetched_at)
_Request = tuple[bytes, str, str | None, dict[str, str] | None, datetime | None]


class _PoolClosed(Exception):
    """The pool was shut down while a parse waited for a worker."""


class _WorkerLost(Exception):
    """The worker process died, or could not be started, during an exchange."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    connection: Connection

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def exchange(self, request: _Request) -> PollResult:
        """Send one document and wait for its result (blocking: run it in a thread)."""
        try:
            self.connection.send(request)
            answer = self.connection.recv_bytes()
        except (EOFError, OSError) as error:
            raise _WorkerLost(self._death_note()) from error
        return load_result(answer)

    def kill(self) -> None:
        """Stop the process at once (SIGKILL cannot be caught or ignored)."""
        with contextlib.suppress(OSError):
            self.process.kill()

    def release(self) -> None:
        """Reap the killed process and close our end of its socket.

        Called once nothing reads the socket any more: closing a descriptor that
        another thread is blocked on is undefined behaviour.
        """
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(_STOP_TIMEOUT)
        self.connection.close()

    def stop(self) -> None:
        """Ask an idle worker to exit, and kill it if it does not."""
        with contextlib.suppress(OSError, ValueError):
            self.connection.send(None)
        try:
            self.process.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
        self.release()

    def _death_note(self) -> str:
        try:
            code = self.process.wait(0.5)
        except subprocess.TimeoutExpired:
            return "the parser process stopped answering"
        if code < 0:
            return f"the parser process died (signal {-code})"
        return f"the parser process died (exit code {code})"


class ParserPool:
    """A few worker processes that parse feed documents, each parse with a time limit.

    ``parse`` never raises: a parse that passes its limit, a worker that dies or
    cannot start, and a pool that was closed all come back as problems. Workers
    start on first use. ``close`` stops them; the pool cannot be used after it.
    """

    def __init__(
        self,
        size: int = DEFAULT_WORKERS,
        *,
        memory_headroom: int | None = DEFAULT_MEMORY_HEADROOM,
    ) -> None:
        if size < 1:
            raise ValueError("a parser pool needs at least one worker")
        self._memory_headroom = memory_headroom
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        # Slots not held by a live worker: a parse that takes one starts a worker.
        self._free_slots = size
        # Parses waiting for a worker. A waiter is handed a worker, or None for a
        # free slot; it may belong to another event loop than the one handing over.
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker | None]]]
        self._waiters = deque()
        self._closed = False
        self.replaced = 0  # workers killed (over a limit, cancelled) or found dead
        # Threads that wait on the workers' answers: the pool's own, so a parse
        # never queues behind DNS look-ups and file reads in the loop's executor.
        self._waiting_threads = ThreadPoolExecutor(
            max_workers=2 * size, thread_name_prefix="feed-parser-exchange"
        )

    @property
    def closed(self) -> bool:
        return self._closed

    def worker_pids(self) -> list[int]:
        """Process ids of the workers now running (busy or idle)."""
        with self._lock:
            workers = [*self._idle, *self._busy]
        return [worker.pid for worker in workers if worker.alive()]

    async def parse(
        self,
        data: bytes,
        *,
        source: str,
        feed_id: str | None = None,
        headers: Mapping[str, str] | None = None,
        fetched_at: datetime | None = None,
        timeout: float = DEFAULT_PARSE_TIMEOUT,
    ) -> PollResult:
        """``watchers.feeds.parse_feed_bytes`` in a worker, limited to ``timeout`` seconds.

        The limit covers the parse, not the wait for a free worker (that wait is
        itself bounded by the other parses' limits).
        """
        try:
            worker = await self._checkout()
        except _PoolClosed:
            return _problem(source, "the feed parser was shut down")
        except _WorkerLost as error:
            return _problem(source, str(error))
        request: _Request = (bytes(data), source, feed_id, _plain(headers), fetched_at)
        loop = asyncio.get_running_loop()
        try:
            pending = loop.run_in_executor(self._waiting_threads, worker.exchange, request)
        except RuntimeError:  # closed between the checkout and now
            self._discard(worker, None)
            return _problem(source, "the feed parser was shut down")
        healthy = False
        try:
            async with asyncio.timeout(timeout):
                result = await asyncio.shield(pending)
            healthy = True
            return result
        except TimeoutError:
            log.warning(
                "parsing %s took longer than %g s; parser process replaced", source, timeout
            )
            return _problem(source, f"parsing took longer than {timeout:g} s")
        except _WorkerLost as error:
            log.warning("parser process lost while parsing %s: %s", source, error)
            if self._closed:
                return _problem(source, "the feed parser was shut down")
            return _problem(source, str(error))
        finally:
            # Cancelled or failed: the worker is in an unknown state, so it goes.
            if healthy:
                self._checkin(worker)
            else:
                self._discard(worker, pending)

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, busy ones are killed.

        Parses in flight return a problem. Blocks for at most a few seconds.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            idle, self._idle = self._idle, []
            busy = list(self._busy)
            waiters, self._waiters = list(self._waiters), deque()
        for loop, waiter in waiters:
            with contextlib.suppress(RuntimeError):  # that loop is closed already
                loop.call_soon_threadsafe(_fail, waiter, _PoolClosed())
        for worker in busy:
            worker.kill()  # the parse holding it releases it (see parse)
        for worker in idle:
            worker.stop()
        self._waiting_threads.shutdown(wait=False)

    async def aclose(self) -> None:
        """``close`` without blocking the event loop."""
        await asyncio.to_thread(self.close)

    # --- handing workers out --------------------------------------------------------

    async def _checkout(self) -> _Worker:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._closed:
                raise _PoolClosed
            worker = self._take_idle()
            if worker is not None:
                self._busy.add(worker)
                return worker
            if self._free_slots:
                self._free_slots -= 1
                slot_taken = True
            else:
                slot_taken = False
                waiter: asyncio.Future[_Worker | None] = loop.create_future()
                self._waiters.append((loop, waiter))
        if slot_taken:
            return await self._start_in_slot()
        try:
            handed = await waiter
        except BaseException:
            self._withdraw(loop, waiter)
            raise
        if handed is not None:
            return handed
        return await self._start_in_slot()

    def _take_idle(self) -> _Worker | None:
        """A live idle worker (lock held); dead ones found on the way free their slot."""
        while self._idle:
            worker = self._idle.pop()
            if worker.alive():
                return worker
            self.replaced += 1
            self._free_slots += 1
            threading.Thread(target=worker.release, daemon=True).start()
        return None

    async def _start_in_slot(self) -> _Worker:
        """Start a worker in a slot this parse holds; give the slot back if that fails."""
        try:
            worker = await asyncio.to_thread(self._start_worker)
        except BaseException:
            self._checkin(None)
            raise
        with self._lock:
            if not self._closed:
                self._busy.add(worker)
                return worker
        self._discard(worker, None)
        raise _PoolClosed

    def _start_worker(self) -> _Worker:
        ours, theirs = socket.socketpair()
        headroom = "none" if self._memory_headroom is None else str(self._memory_headroom)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP, str(theirs.fileno()), headroom],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                close_fds=True,
            )
        except OSError as error:
            ours.close()
            raise _WorkerLost(f"cannot start a parser process: {error}") from error
        finally:
            theirs.close()  # else our own copy keeps the socket open after the worker dies
        worker = _Worker(process, Connection(ours.detach()))
        try:
            # The worker imports what the parent has on sys.path, not what its own
            # start-up finds: a checkout or a test run may shadow the installed package.
            # "" is the directory the parent started in (python -c, the REPL).
            worker.connection.send([entry or os.getcwd() for entry in sys.path])
            if not worker.connection.poll(_START_TIMEOUT):
                raise _WorkerLost(f"it did not answer within {_START_TIMEOUT:g} s")
            if worker.connection.recv() != "ready":
                raise _WorkerLost("it answered something other than ready")
        except (EOFError, OSError, _WorkerLost) as error:
            note = str(error) if isinstance(error, _WorkerLost) else worker._death_note()
            worker.kill()
            worker.release()
            raise _WorkerLost(f"the parser process failed to start: {note}") from error
        return worker

    def _checkin(self, worker: _Worker | None) -> None:
        """Give a worker (or, with None, an empty slot) to the next waiter, else keep it."""
        with self._lock:
            if worker is not None:
                self._busy.discard(worker)
            if self._closed:
                if worker is not None:
                    threading.Thread(target=worker.stop, daemon=True).start()
                return
            while self._waiters:
                loop, waiter = self._waiters.popleft()
                try:
                    loop.call_soon_threadsafe(self._hand_over, waiter, worker)
                except RuntimeError:
                    continue  # that waiter's loop is closed
                if worker is not None:
                    self._busy.add(worker)
                return
            if worker is None:
                self._free_slots += 1
            else:
                self._idle.append(worker)

    def _hand_over(self, waiter: asyncio.Future[_Worker | None], worker: _Worker | None) -> None:
        """In the waiter's loop: give it the worker, or pass the worker on if it gave up."""
        if waiter.done():
            self._checkin(worker)
        else:
            waiter.set_result(worker)

    def _withdraw(
        self, loop: asyncio.AbstractEventLoop, waiter: asyncio.Future[_Worker | None]
    ) -> None:
        """A waiting parse was cancelled: stop waiting, and return what it was handed."""
        with self._lock, contextlib.suppress(ValueError):
            self._waiters.remove((loop, waiter))
        if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
            self._checkin(waiter.result())

    def _discard(self, worker: _Worker, pending: asyncio.Future[PollResult] | None) -> None:
        """Kill a worker whose state is unknown and free its slot for a new one."""
        worker.kill()
        with self._lock:
            self._busy.discard(worker)
            self.replaced += 1

        def release(_: object = None) -> None:
            if pending is not None and not pending.cancelled():
                pending.exception()  # retrieved, so asyncio does not log it as lost
            threading.Thread(target=worker.release, daemon=True).start()

        if pending is None or pending.done():
            release()
        else:
            pending.add_done_callback(release)
        self._checkin(None)


# What a worker's answer may be built of. A worker parses hostile documents; were
# one subverted, an unrestricted unpickler would hand it this process too.
_RESULT_CLASSES = {
    ("watchers.poll", "PollResult"): PollResult,
    ("watchers.article", "Article"): Article,
    ("datetime", "date"): date,
    ("datetime", "datetime"): datetime,
    ("datetime", "timedelta"): timedelta,
    ("datetime", "timezone"): timezone,
}


class _ResultUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _RESULT_CLASSES[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a result") from None


def load_result(answer: bytes) -> PollResult:
    """A worker's answer as a PollResult, built only of the classes a result holds."""
    try:
        result = _ResultUnpickler(io.BytesIO(answer)).load()
    except Exception as error:  # a truncated or foreign pickle fails in many ways
        raise _WorkerLost(f"the parser process answered something else ({error})") from error
    if not isinstance(result, PollResult):
        raise _WorkerLost(f"the parser process answered a {type(result).__name__}")
    return result


def _fail(waiter: asyncio.Future[Any], error: BaseException) -> None:
    if not waiter.done():
        waiter.set_exception(error)


def _problem(source: str, message: str) -> PollResult:
    return PollResult(problems=(f"{source}: {message}",))


def _plain(headers: Mapping[str, str] | None) -> dict[str, str] | None:
    return None if headers is None else {str(k): str(v) for k, v in headers.items()}


# --- the worker process ---------------------------------------------------------------


def _serve(connection: Connection, memory_headroom: int | None) -> None:
    """The worker's loop: parse each document sent, until told to stop or orphaned."""
    from watchers.feeds import parse_feed_bytes  # imported here: feeds imports this module

    if memory_headroom is not None:
        _limit_memory(memory_headroom)
    connection.send("ready")
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return  # the bot went away
        if request is None:
            return
        data, source, feed_id, headers, fetched_at = request
        try:
            result = parse_feed_bytes(
                data, source=source, feed_id=feed_id, headers=headers, fetched_at=fetched_at
            )
        except MemoryError:
            result = _problem(source, _OUT_OF_MEMORY)
        except Exception as error:  # the worker must outlive any one document
            result = _problem(source, f"the feed parser failed: {error!r}")
        try:
            try:
                connection.send(result)
            except MemoryError:  # pickling a huge result: report that instead
                connection.send(_problem(source, _OUT_OF_MEMORY))
        except (EOFError, OSError):
            return


def _limit_memory(headroom: int) -> None:
    """Cap this process's address space at what it holds now plus ``headroom``."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # not Linux: the time limit still bounds the damage
    limit = held + headroom
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


# --- the shared pool -------------------------------------------------------------------

_shared: ParserPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ParserPool:
    """The pool ``parse_off_loop`` uses, started on first use (again after a shutdown)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.closed:
            _shared = ParserPool()
        return _shared


async def parse_off_loop(
    data: bytes,
    *,
    source: str,
    feed_id: str | None = None,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
    timeout: float = DEFAULT_PARSE_TIMEOUT,
) -> PollResult:
    """Parse feed bytes in the shared worker pool, within ``timeout`` seconds; never raises."""
    return await shared_pool().parse(
        data,
        source=source,
        feed_id=feed_id,
        headers=headers,
        fetched_at=fetched_at,
        timeout=timeout,
    )


async def shutdown_parsers() -> None:
    """Stop the shared pool's workers (the bot calls this on its way out)."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        await pool.aclose()


def _close_shared_at_exit() -> None:
    if _shared is not None:
        _shared.close()


atexit.register(_close_shared_at_exit)
