#!/usr/bin/env python3
"""Run a command with STANCEWATCH_TEST_POSTGRES_URL naming a throwaway PostgreSQL database.

    python .ci/with_postgres.py COMMAND [ARG]...

- When STANCEWATCH_TEST_POSTGRES_URL is already set, the command runs as it is.
- Else, when PostgreSQL's server programs are installed (initdb and pg_ctl on PATH, or in
  /usr/lib/postgresql/*/bin), a new cluster is made in a temporary folder: it listens on a
  free 127.0.0.1 port (its socket stays in that folder too), trusts the local superuser
  "stancewatch", holds a database "stancewatch_test", and is stopped and deleted when the
  command ends, however it ends. PostgreSQL refuses to run as root, so as root the cluster
  runs as the user "postgres" (or "nobody" when there is none).
- Else the command runs without it: under CI=true that is an error, elsewhere a one-line notice.

The exit status is the command's. Only the standard library is used, so this runs before
any install.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType

URL_VARIABLE = "STANCEWATCH_TEST_POSTGRES_URL"
SUPERUSER = "stancewatch"
DATABASE = "stancewatch_test"
START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it
NAME = "with_postgres"


class ClusterError(Exception):
    """The throwaway cluster could not be made or started."""


def main(argv: Sequence[str]) -> int:
    if not argv:
        print(f"usage: {NAME}.py COMMAND [ARG]...", file=sys.stderr)
        return 2
    command = list(argv)
    if os.environ.get(URL_VARIABLE):
        return _run(command, os.environ)
    required = os.environ.get("CI", "").lower() == "true"
    binaries = find_server_binaries()
    if binaries is None:
        return _without(command, "no PostgreSQL server programs (initdb, pg_ctl) found", required)
    try:
        with throwaway_cluster(binaries) as url:
            print(f"{NAME}: store tests also run on a throwaway PostgreSQL at {url}", flush=True)
            return _run(command, {**os.environ, URL_VARIABLE: url})
    except ClusterError as error:
        return _without(command, f"PostgreSQL did not start: {error}", required)


def find_server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders."""
    initdb = shutil.which("initdb")
    if initdb is not None and shutil.which("pg_ctl") is not None:
        return Path(initdb).resolve().parent
    versions = sorted(
        (Path(found).parent for found in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda folder: _version_key(folder.parent.name),
    )
    for folder in reversed(versions):
        if (folder / "pg_ctl").exists():
            return folder
    return None


@contextlib.contextmanager
def throwaway_cluster(binaries: Path) -> Iterator[str]:
    """Make and start a cluster; yield its SQLAlchemy URL; stop and delete it afterwards."""
    owner = _cluster_owner()
    home = Path(tempfile.mkdtemp(prefix="stancewatch-pg-", dir=_temp_parent(owner)))
    data, log = home / "data", home / "server.log"
    started = False
    pg_ctl: list[str | Path] = [binaries / "pg_ctl", "-D", data]
    try:
        if owner is not None:
            os.chown(home, owner.pw_uid, owner.pw_gid)
        initdb: list[str | Path] = [binaries / "initdb", "-D", data, "-U", SUPERUSER]
        settings = ["-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]
        _as_owner(owner, home, [*initdb, *settings])
        pg_ctl_start = [*pg_ctl, "-l", log, "-w", "-t", "60", "-o"]
        for attempt in range(1, START_ATTEMPTS + 1):
            port = _free_port()
            # Durability is worthless for a database deleted within minutes; speed is not.
            server_options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {shlex.quote(str(home))} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                _as_owner(owner, home, [*pg_ctl_start, server_options, "start"])
                started = True
                break
            except ClusterError:
                if attempt == START_ATTEMPTS or "already in use" not in _tail(log):
                    raise ClusterError(_tail(log) or "pg_ctl start failed") from None
        createdb = binaries / "createdb"
        if createdb.exists():
            _as_owner(
                owner, home, [createdb, "-h", home, "-p", str(port), "-U", SUPERUSER, DATABASE]
            )
            database = DATABASE
        else:
            database = "postgres"
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{database}"
    finally:
        if started:
            with contextlib.suppress(ClusterError):
                _as_owner(owner, home, [*pg_ctl, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(home, ignore_errors=True)


def _run(command: list[str], environment: Mapping[str, str]) -> int:
    """Run the command; a SIGTERM or SIGHUP to us goes on to it, so cleanup still happens."""
    try:
        child = subprocess.Popen(command, env=environment)
    except OSError as error:
        print(f"{NAME}: cannot run {command[0]}: {error.strerror or error}", file=sys.stderr)
        return 127

    def forward(signum: int, _frame: FrameType | None) -> None:
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGHUP)}
    # Ctrl-C reaches the command by itself (same process group); we wait for it to finish.
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        status = child.wait()
        return 128 - status if status < 0 else status  # killed by a signal: as a shell says it
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _without(command: list[str], reason: str, required: bool) -> int:
    if required:
        print(
            f"{NAME}: CI=true needs PostgreSQL for the store tests, but {reason}", file=sys.stderr
        )
        return 1
    print(f"{NAME}: {reason}; the store tests run on SQLite only", flush=True)
    return _run(command, os.environ)


def _as_owner(owner: pwd.struct_passwd | None, home: Path, command: Sequence[str | Path]) -> None:
    """Run a PostgreSQL program as the cluster's owner (not root), from the cluster folder."""
    argv = [str(part) for part in command]
    if owner is not None:
        argv = _switch_user(owner) + argv
    try:
        done = subprocess.run(
            argv,
            cwd=home,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            # The server outlives pg_ctl: keep it out of our process group, so a Ctrl-C meant
            # for the tests does not shut it down under them.
            start_new_session=True,
            check=False,
        )
    except OSError as error:
        raise ClusterError(f"cannot run {argv[0]}: {error.strerror or error}") from error
    if done.returncode != 0:
        raise ClusterError((done.stderr or done.stdout).strip() or f"{argv[0]} failed")


def _cluster_owner() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ClusterError("running as root and there is no 'postgres' or 'nobody' user to run it as")


def _switch_user(owner: pwd.struct_passwd) -> list[str]:
    if shutil.which("setpriv") is not None:
        return [
            "setpriv",
            f"--reuid={owner.pw_uid}",
            f"--regid={owner.pw_gid}",
            "--clear-groups",
            "--",
        ]
    if shutil.which("runuser") is not None:
        return ["runuser", "-u", owner.pw_name, "--"]
    raise ClusterError("running as root, and neither setpriv nor runuser is there to drop it")


def _temp_parent(owner: pwd.struct_passwd | None) -> str:
    """The usual temporary folder, unless the cluster's owner cannot reach into it."""
    parent = tempfile.gettempdir()
    if owner is None:
        return parent
    reachable = all(
        os.stat(folder).st_mode & 0o001 for folder in [parent, *map(str, Path(parent).parents)]
    )
    return parent if reachable else "/tmp"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(log: Path) -> str:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " / ".join(lines[-3:])


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
