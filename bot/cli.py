"""The ``stancewatch`` command line.

The output formats of ``extract``, ``replay --json`` and ``stance --json`` are a
contract that outside checks run against: keep their keys stable.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rules.dates import format_date
from rules.loader import load, load_config, resolve_config_dir
from watchers.errors import ConfigError, StancewatchError

if TYPE_CHECKING:
    from bot.alerts import AlertEvent
    from bot.pipeline import Ingested, Pipeline
    from bot.queries import StanceRead
    from bot.store import Store
    from rules.config import Config
    from rules.model import FeedConfig
    from rules.records import Statement

# spaCy, SQLAlchemy and the feed machinery load inside the commands that use them,
# so `stancewatch --help` and `stancewatch rules check` start at once.

log = logging.getLogger("stancewatch")

T = TypeVar("T")

EXIT_OK, EXIT_FAILURE, EXIT_CONFIG = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs each request at INFO, which would bury what a command has to say.
    logging.getLogger("httpx").setLevel(logging.NOTSET if args.verbose else logging.WARNING)
    try:
        result: int = args.handler(args)
        return result
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_CONFIG
    except StancewatchError as error:
        print(f"stancewatch: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`stancewatch feeds test URL | head`): stop quietly, and keep
        # Python from reporting the pipe again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stancewatch", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--config",
            metavar="DIR",
            help="config folder (default: $STANCEWATCH_CONFIG or ./config)",
        )
        sub.set_defaults(handler=handler)
        return sub

    extract = command(
        "extract", _extract, "print the statements found in article files, one JSON object per line"
    )
    extract.add_argument("files", nargs="+", metavar="FILE")

    replay = command(
        "replay",
        _replay,
        "ingest feeds, feed files or article files in order and print alerts as they fire",
    )
    replay.add_argument("sources", nargs="*", metavar="SOURCE")
    replay.add_argument(
        "--db",
        metavar="URL",
        help="store URL (default: a fresh temporary SQLite file; "
        "with --rules-only, store_url of settings.yaml)",
    )
    replay.add_argument("--json", action="store_true", help="one JSON object per alert")
    replay.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="allow fetching from this non-public host",
    )
    replay.add_argument(
        "--rules-only",
        action="store_true",
        help="no SOURCE: judge the statements already stored with the current topics and "
        "rules, and compare with the stored alerts (a backtest; nothing is written)",
    )
    replay.add_argument(
        "--since",
        metavar="DATE",
        type=_iso_date,
        help="with --rules-only: only statements dated on or after DATE (YYYY-MM-DD)",
    )

    stance_cmd = command("stance", _stance, "an official's position on a topic, with its evidence")
    stance_cmd.add_argument("official")
    stance_cmd.add_argument("topic")
    _store_option(stance_cmd)
    stance_cmd.add_argument("--json", action="store_true")
    stance_cmd.add_argument(
        "--why",
        action="store_true",
        help="show the words and confidence that decided each position, and the basis",
    )
    stance_cmd.add_argument(
        "--chart",
        metavar="FILE.png",
        help="also write a PNG chart of the positions over time to FILE.png",
    )

    timeline_cmd = command(
        "timeline",
        _timeline,
        "every statement of an official (on one topic, or on all), oldest first, "
        "with each change of position marked",
    )
    timeline_cmd.add_argument("official")
    timeline_cmd.add_argument("topic", nargs="?", help="only this topic (default: every topic)")
    _store_option(timeline_cmd)
    timeline_cmd.add_argument("--json", action="store_true")

    compare_cmd = command(
        "compare",
        _compare,
        "two officials' current positions on a topic: opposed or not, and a group they share",
    )
    compare_cmd.add_argument("first", metavar="OFFICIAL")
    compare_cmd.add_argument("second", metavar="OTHER")
    compare_cmd.add_argument("topic", metavar="TOPIC")
    _store_option(compare_cmd)
    compare_cmd.add_argument("--json", action="store_true")

    alerts_cmd = command(
        "alerts", _alerts, "the alerts fired or updated in the last days, newest first"
    )
    alerts_cmd.add_argument("--topic", metavar="TOPIC", help="only alerts on this topic")
    alerts_cmd.add_argument(
        "--days", type=int, default=7, metavar="N", help="how far back, 1 to 365 (default: 7)"
    )
    _store_option(alerts_cmd)
    alerts_cmd.add_argument("--json", action="store_true")

    explain = command(
        "explain", _explain, "why an alert fired: its rule, statements, deciding words, conflict"
    )
    explain.add_argument("alert_id", metavar="ALERT_ID", help="an alert id or a unique prefix")
    _store_option(explain)
    explain.add_argument("--json", action="store_true")

    command(
        "demo",
        _demo,
        "replay the bundled sample feed to the console, then ask for Tillerson's stance",
    )

    run = command("run", _run, "the long-running bot: poll the configured feeds and post alerts")
    run.add_argument("--once", action="store_true", help="poll every feed once, deliver, and exit")

    send = command(
        "send-test-alert",
        _send_test_alert,
        "post a sample alert (with hostile text in it) through a chat adapter and the outbox, "
        "to check the set-up",
    )
    send.add_argument("--platform", required=True, choices=["console", "discord", "slack"])
    send.add_argument(
        "--channel", required=True, metavar="ID", help="the channel id to post to (console: any)"
    )
    _store_option(send)

    _feeds_parser(commands)

    rules = commands.add_parser("rules", help="validate the YAML configuration")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, metavar="SUBCOMMAND")
    check = rules_commands.add_parser(
        "check", help="load and lint every YAML file; exit 2 on a mistake"
    )
    check.add_argument("--config", metavar="DIR")
    check.set_defaults(handler=_rules_check)
    test = rules_commands.add_parser(
        "test",
        help="read every topic's examples and compare with their expected position; "
        "exit 1 when one fails",
    )
    test.add_argument("--config", metavar="DIR")
    test.add_argument(
        "--topic", action="append", default=[], metavar="ID", help="only this topic (repeatable)"
    )
    test.set_defaults(handler=_rules_test)
    schema = rules_commands.add_parser(
        "schema", help="print the JSON Schema of each YAML file kind, or write them to a folder"
    )
    schema.add_argument(
        "--out", metavar="DIR", help="write <kind>.json files here instead of printing"
    )
    schema.set_defaults(handler=_rules_schema)
    return parser


def _store_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db", metavar="URL", help="store URL (default: store_url of settings.yaml)"
    )


def _feeds_parser(commands: Any) -> None:
    feeds = commands.add_parser(
        "feeds",
        help="add, remove, re-enable, list and try the watched feeds",
        description="Feeds added or removed here are kept in the store: a restart or an "
        "edit of feeds.yaml does not undo the change.",
    )
    feeds_commands = feeds.add_subparsers(dest="feeds_command", required=True, metavar="SUBCOMMAND")

    def command(name: str, handler: Any, help_text: str, *, store: bool = True) -> Any:
        sub = feeds_commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--config", metavar="DIR")
        if store:
            _store_option(sub)
        sub.set_defaults(handler=handler)
        return sub

    add = command(
        "add",
        _feeds_add,
        "watch a feed URL, a feed file or a folder of articles (tried once first)",
    )
    add.add_argument("location", metavar="URL_OR_PATH")
    add.add_argument("--id", help="the feed's id (default: made from the address)")
    add.add_argument("--title", help="a title to show for the feed")
    add.add_argument(
        "--interval",
        type=int,
        metavar="SECONDS",
        help="poll every SECONDS (default: poll_interval_seconds of settings.yaml)",
    )
    add.add_argument(
        "--backfill",
        choices=("store", "alert"),
        help="the first poll's backlog: store it quietly (default) or alert on it",
    )
    add.add_argument(
        "--full-text",
        choices=("auto", "always", "never"),
        help="fetch article pages: when the feed has only summaries (auto, default), "
        "always, or never",
    )
    add.add_argument("--no-check", action="store_true", help="add it without fetching it first")
    remove = command("remove", _feeds_remove, "stop watching a feed (feeds.yaml ones too)")
    remove.add_argument("feed_id", metavar="ID")
    enable = command(
        "enable", _feeds_enable, "put back a feed that was disabled after a day of failures"
    )
    enable.add_argument("feed_id", metavar="ID")
    listed = command(
        "list", _feeds_list, "every watched feed: schedule, health, last error, articles seen"
    )
    listed.add_argument("--json", action="store_true", help="one JSON array of feeds")
    test = command(
        "test",
        _feeds_test,
        "fetch and parse a feed once with every safety rule and show what it holds; "
        "exit 1 when it is refused",
        store=False,
    )
    test.add_argument("location", metavar="URL_OR_PATH")
    test.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="allow this non-public host too (besides allow_hosts of settings.yaml)",
    )


def _config(args: argparse.Namespace) -> Config:
    return load_config(resolve_config_dir(args.config))


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# --- extract -------------------------------------------------------------------


def statement_json(file: str, statement: Statement) -> dict[str, Any]:
    """The ``extract`` record: exactly these keys (see the README)."""
    return {
        "file": file,
        "kind": statement.kind,
        "text": statement.text,
        "start": statement.start,
        "end": statement.end,
        "speaker": statement.speaker,
        "speaker_id": statement.speaker_id,
        "speaker_mention": list(statement.speaker_mention) if statement.speaker_mention else None,
        "co_speakers": [
            {"speaker": name, "speaker_id": official_id}
            for name, official_id in statement.co_speakers
        ],
        "cue": statement.cue,
        "date": format_date(statement.date, statement.date_precision),
        "topics": list(statement.topics),
        "stances": [
            {
                "topic": s.topic,
                "position": s.position,
                "confidence": s.confidence,
                "evidence": list(s.evidence),
            }
            for s in statement.stances
        ],
    }


def _extract(args: argparse.Namespace) -> int:
    from rules.extract import Extractor
    from watchers.files import read_article_file

    extractor = Extractor(_config(args))
    failures = 0
    for file in args.files:
        try:
            article = read_article_file(Path(file))
        except (OSError, StancewatchError) as error:
            print(f"stancewatch: {file}: {error}", file=sys.stderr)
            failures += 1
            continue
        for statement in extractor.extract(article):
            print(json.dumps(statement_json(file, statement), ensure_ascii=False))
    return EXIT_FAILURE if failures else EXIT_OK


# --- replay and demo -------------------------------------------------------------


def alert_json(event: AlertEvent) -> dict[str, Any]:
    alert = event.alert
    return {
        "id": alert.id,
        "type": alert.type,
        "topic": alert.topic,
        "officials": list(alert.officials),
        "positions": dict(alert.positions),
        "statements": [
            {
                "speaker_id": s.speaker_id,
                "text": s.text,
                "date": format_date(s.date, s.date_precision),
                "source": s.source,
            }
            for s in alert.statements
        ],
        "first_fired_at": alert.first_fired_at.isoformat(),
        "updated": event.updated,
    }


async def replay_sources(
    pipeline: Pipeline,
    sources: Sequence[str],
    *,
    allow_hosts: Sequence[str] = (),
    as_json: bool = False,
) -> list[Ingested]:
    """Ingests every source in order; problems are reported and the replay goes on."""
    from bot.feeds import read_configured

    done: list[Ingested] = []
    for source in sources:
        result = await read_configured(source, pipeline.config.settings, allow_hosts=allow_hosts)
        for problem in result.problems:
            log.warning("%s: %s", source, problem)
        for article in result.articles:
            ingested = await pipeline.ingest_async(article)
            done.append(ingested)
            _report_ingested(ingested, quiet=as_json)
            for event in ingested.events:
                if as_json:
                    print(json.dumps(alert_json(event), ensure_ascii=False), flush=True)
            await pipeline.deliver()
    return done


def _report_ingested(ingested: Ingested, *, quiet: bool) -> None:
    article = ingested.article
    name = article.title or article.url or article.source
    if ingested.duplicate:
        same = ingested.duplicate_of
        log.info("already seen: %s%s", name, f" (as {same})" if same != article.id else "")
        return
    if quiet:
        return
    # Each alert's id, so `stancewatch explain ID` can be typed straight from this line.
    fired = ", ".join(f"{e.alert.id} ({'update' if e.updated else 'new'})" for e in ingested.events)
    print(
        f"▸ {article.published or 'undated'}  {name}\n"
        f"  {len(ingested.statements)} statements, "
        f"{len(ingested.attributed)} by tracked officials, "
        f"{len(ingested.events)} alert(s)" + (f": {fired}" if fired else ""),
        flush=True,
    )


def _temporary_store() -> tuple[Store, tempfile.TemporaryDirectory[str]]:
    from bot.store import open_store

    folder = tempfile.TemporaryDirectory(prefix="stancewatch-")
    return open_store(f"sqlite:///{Path(folder.name) / 'replay.db'}"), folder


def _replay(args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleAdapter
    from bot.pipeline import Pipeline
    from bot.store import open_store

    if args.rules_only:
        if args.sources:
            return _usage("replay --rules-only reads the store, not SOURCEs; drop them")
        return _backtest(args)
    if not args.sources:
        return _usage("replay needs at least one SOURCE (or --rules-only to backtest the store)")
    if args.since is not None:
        return _usage("--since goes with --rules-only")
    config = _config(args)
    folder = None
    if args.db:
        store = open_store(args.db)
    else:
        store, folder = _temporary_store()
    adapters = {} if args.json else {"console": ConsoleAdapter()}
    with store:
        pipeline = Pipeline(config, store, adapters)
        asyncio.run(
            replay_sources(pipeline, args.sources, allow_hosts=args.allow_host, as_json=args.json)
        )
    if folder is not None:
        folder.cleanup()
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from bot.adapters.console import ConsoleAdapter
    from bot.pipeline import Pipeline
    from bot.queries import render_report_text, stance

    config = _config(args)
    sources = [config.feed_location(feed) for feed in config.feeds if feed.enabled]
    if not sources:
        raise StancewatchError("the configuration has no enabled feed to replay")
    store, folder = _temporary_store()
    with store:
        print(f"stancewatch demo: replaying {', '.join(sources)}\n", flush=True)
        pipeline = Pipeline(config, store, {"console": ConsoleAdapter()})
        asyncio.run(replay_sources(pipeline, sources))
        print("\n$ stancewatch stance tillerson north-korea\n")
        print(render_report_text(stance(store, config, "tillerson", "north-korea")))
    folder.cleanup()
    return EXIT_OK


def _usage(message: str) -> int:
    # Exit 2, as argparse does for a command line it cannot use.
    print(f"stancewatch: {message}", file=sys.stderr)
    return EXIT_CONFIG


def _backtest(args: argparse.Namespace) -> int:
    from bot.backtest import backtest, backtest_to_json, render_backtest_text
    from bot.store import open_store

    config = _config(args)
    with open_store(args.db or config.settings.store_url) as store:
        result = backtest(store, config, since=args.since)
    if args.json:
        print(json.dumps(backtest_to_json(result), ensure_ascii=False, indent=2))
    else:
        print(render_backtest_text(result, str(config.base_dir)))
    return EXIT_OK


# --- stance --------------------------------------------------------------------


def _stance(args: argparse.Namespace) -> int:
    from bot.queries import read_stance, render_report_text, report_to_json, stance_report
    from bot.store import open_store

    config = _config(args)
    with open_store(args.db or config.settings.store_url) as store:
        read = read_stance(store, config, args.official, args.topic)
    report = stance_report(read)
    chart = _stance_chart(read) if args.chart else None
    if args.json:
        print(json.dumps(report_to_json(report, why=args.why), ensure_ascii=False, indent=2))
    else:
        print(render_report_text(report, why=args.why))
    if args.chart:
        _write_chart(args.chart, chart, f"{args.official} on {args.topic}")
    return EXIT_OK


def _stance_chart(read: StanceRead) -> bytes | None:
    from bot.charts import chart_of  # matplotlib loads only when a chart is asked for

    return chart_of(read)


def _write_chart(path: str, chart: bytes | None, what: str) -> None:
    # On stderr, so `--json --chart FILE` still prints JSON alone on stdout.
    if chart is None:
        print(
            f"stancewatch: no chart written: no dated statement of {what} takes a position",
            file=sys.stderr,
        )
        return
    try:
        Path(path).write_bytes(chart)
    except OSError as error:
        raise StancewatchError(f"cannot write the chart to {path}: {error.strerror}") from error
    print(f"chart written to {path}", file=sys.stderr)


# --- timeline, compare, alerts -------------------------------------------------------


def _timeline(args: argparse.Namespace) -> int:
    from bot.queries import render_timeline_text, timeline, timeline_to_json

    return _query(
        args,
        lambda store, config: timeline(store, config, args.official, args.topic),
        timeline_to_json,
        render_timeline_text,
    )


def _compare(args: argparse.Namespace) -> int:
    from bot.queries import compare, comparison_to_json, render_comparison_text

    return _query(
        args,
        lambda store, config: compare(store, config, args.first, args.second, args.topic),
        comparison_to_json,
        render_comparison_text,
    )


def _alerts(args: argparse.Namespace) -> int:
    from bot.queries import digest_to_json, recent_alerts, render_digest_text

    return _query(
        args,
        lambda store, config: recent_alerts(
            store, config, topic_id=args.topic, days=args.days, now=datetime.now(UTC)
        ),
        digest_to_json,
        render_digest_text,
        usage_prefix="--days: ",
    )


def _query(
    args: argparse.Namespace,
    ask: Callable[[Store, Config], T],
    to_json: Callable[[T], Any],
    to_text: Callable[[T], str],
    *,
    usage_error: type[Exception] | None = None,
    usage_prefix: str = "",
) -> int:
    """Answer one question from the store, as JSON (``--json``) or text; a question that
    cannot be asked (``usage_error``, by default QueryError) is a usage error."""
    from bot.queries import QueryError
    from bot.store import open_store

    refused = usage_error or QueryError
    config = _config(args)
    with open_store(args.db or config.settings.store_url) as store:
        try:
            answer = ask(store, config)
        except refused as error:
            return _usage(f"{usage_prefix}{error}")
    if args.json:
        print(json.dumps(to_json(answer), ensure_ascii=False, indent=2))
    else:
        print(to_text(answer))
    return EXIT_OK


# --- explain -------------------------------------------------------------------


def _explain(args: argparse.Namespace) -> int:
    from bot.explain import UnknownAlertError, explain, explanation_to_json, render_explanation_text

    return _query(
        args,
        lambda store, config: explain(store, config, args.alert_id),
        explanation_to_json,
        render_explanation_text,
        usage_error=UnknownAlertError,
    )


# --- run -----------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from bot.runner import run_forever

    config = _config(args)
    asyncio.run(run_forever(config, once=args.once))
    return EXIT_OK


# --- send-test-alert -------------------------------------------------------------


def _send_test_alert(args: argparse.Namespace) -> int:
    from bot.outbox import flush
    from bot.runner import adapters_for
    from bot.sample_alert import sample_alert

    config = _only_adapter(_config(args), args.platform)
    adapters = adapters_for(config)  # a missing token is a ConfigError naming the variable
    adapter = adapters.get(args.platform)
    if adapter is None:
        raise StancewatchError(f"the {args.platform} adapter could not be set up")
    channel = f"{args.platform}:{args.channel}"

    async def deliver(store: Store) -> tuple[str, str | None]:
        now = datetime.now(UTC)
        alert = sample_alert(now, channel)
        store.save_alert(alert, deliver_to=[channel])
        await adapter.start()
        try:
            report = await flush(store, adapters, now, config=config, alert_ids=[alert.id])
        finally:
            await adapter.close()
        return alert.id, report.failed[0][1] if report.failed else None

    with _feeds_store(args, config) as store:
        alert_id, error = asyncio.run(deliver(store))
        ref = store.message_ref(alert_id, channel)
    if error is not None:
        print(
            f"stancewatch: test alert {alert_id} not delivered to {channel}: {error}\n"
            "It stays in the outbox: `stancewatch run` delivers it once the platform answers.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    print(f"sent test alert {alert_id} to {channel} (message {ref})")
    return EXIT_OK


def _only_adapter(config: Config, platform: str) -> Config:
    """``config`` with ``platform`` the one adapter switched on, whatever settings.yaml says."""
    from dataclasses import replace

    adapters = config.settings.adapters
    switched = {
        name: getattr(adapters, name).model_copy(update={"enabled": name == platform})
        for name in type(adapters).model_fields
    }
    settings = config.settings.model_copy(update={"adapters": adapters.model_copy(update=switched)})
    return replace(config, settings=settings)


# --- feeds ---------------------------------------------------------------------

_DATE_SOURCES = {
    "feed": "from the feed",
    "text": "from the text",
    "file": "from the file",
    "fetched": "the fetch time: no date given",
}


def _feeds_store(args: argparse.Namespace, config: Config) -> Store:
    from sqlalchemy.exc import SQLAlchemyError

    from bot.store import open_store

    url = args.db or config.settings.store_url
    try:
        return open_store(url)
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise StancewatchError(f"cannot open the store {url}: {reason}") from error


def _feed_location(text: str) -> tuple[str, bool]:
    """(location, is a URL): a URL as given, a path made absolute from here."""
    if text.startswith(("http://", "https://")):
        return text, True
    if "://" in text:
        raise StancewatchError(
            f"{text}: unsupported scheme; give an http(s) URL or a path to a file or folder"
        )
    return str(Path(text).expanduser().resolve()), False


def _feed_config(values: dict[str, Any]) -> FeedConfig:
    """``values`` validated as a feeds.yaml entry; a mistake is one line naming the option."""
    from pydantic import ValidationError

    from rules.model import FeedConfig

    options = {"id": "--id", "title": "--title", "interval_seconds": "--interval"}
    try:
        return FeedConfig.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        where = options.get(str(first["loc"][0]), "URL_OR_PATH") if first["loc"] else ""
        ctx = first.get("ctx") or {}
        message = first["msg"]
        if "error" in ctx:  # our validators' own words, without pydantic's "Value error, "
            message = str(ctx["error"])
        elif first["type"] == "greater_than_equal":
            message = f"must be at least {ctx['ge']}"
        raise StancewatchError(f"{where}: {message}" if where else message) from None


def _feeds_add(args: argparse.Namespace) -> int:
    from bot.feeds import add_feed, feed_refusal, new_feed_id, probe_feed

    config = _config(args)
    location, is_url = _feed_location(args.location)
    with _feeds_store(args, config) as store:
        values: dict[str, Any] = {
            "id": new_feed_id(config, store, location, args.id, shown=args.location),
            "url" if is_url else "path": location,
            "title": args.title,
            "interval_seconds": args.interval,
            "backfill": args.backfill,
            "full_text": args.full_text,
        }
        feed_config = _feed_config({k: v for k, v in values.items() if v is not None})
        found = ""
        if not args.no_check:
            result = asyncio.run(probe_feed(location, config))
            refusal = feed_refusal(location, result)
            if refusal is not None:
                raise StancewatchError(f"not added: {refusal} (--no-check adds it untried)")
            for problem in result.problems:
                print(f"stancewatch: warning: {problem}", file=sys.stderr)
            found = f": {len(result.articles)} entries now"
        add_feed(store, feed_config, datetime.now(UTC))
    backlog = (
        "alerts on its backlog too"
        if feed_config.backfill == "alert"
        else "its first poll stores the backlog without alerting"
    )
    print(f"added feed {feed_config.id} ({location}){found}; {backlog}")
    return EXIT_OK


def _feeds_remove(args: argparse.Namespace) -> int:
    from bot.feeds import remove_feed, unknown_feed, watched_feeds

    config = _config(args)
    with _feeds_store(args, config) as store:
        current = watched_feeds(config, store, include_disabled=True)
        if not remove_feed(config, store, args.feed_id, datetime.now(UTC)):
            raise StancewatchError(unknown_feed(args.feed_id, [f.id for f in current]))
    in_yaml = any(feed.id == args.feed_id for feed in config.feeds)
    note = " (feeds.yaml still lists it; it stays out until added again)" if in_yaml else ""
    print(f"removed feed {args.feed_id}{note}; its articles stay stored")
    return EXIT_OK


def _feeds_enable(args: argparse.Namespace) -> int:
    from bot.feeds import enable_feed

    config = _config(args)
    with _feeds_store(args, config) as store:
        done = enable_feed(config, store, args.feed_id, datetime.now(UTC))
    if done:
        print(f"feed {args.feed_id}: {'; '.join(done)}")
    else:
        print(f"feed {args.feed_id} is not disabled; nothing to do")
    return EXIT_OK


def _feeds_list(args: argparse.Namespace) -> int:
    from bot.feeds import feed_reports

    config = _config(args)
    with _feeds_store(args, config) as store:
        reports = feed_reports(config, store)
    if args.json:
        print(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not reports:
        print("no feeds are watched: add one with `stancewatch feeds add URL_OR_PATH`")
    for report in reports:
        print(_feed_report_text(report.to_json()))
    return EXIT_OK


def _feed_report_text(record: dict[str, Any]) -> str:
    """A few lines per feed: what, where from, how often; health; what went wrong."""
    status = "enabled" if record["enabled"] else "disabled"
    if record["enabled"] and record["consecutive_failures"]:
        status = "failing"
    every = _duration(record["interval_seconds"])
    next_poll = _moment(record["next_poll"], "when the bot starts")
    if not record["enabled"]:
        next_poll = "none while disabled"
    lines = [
        f"{record['id']}  [{status}]  every {every}  ({record['origin']})  {record['location']}",
        f"  last success {_moment(record['last_success'])} · "
        f"next poll {next_poll} · "
        f"{record['articles_seen']} articles seen",
    ]
    if record["disabled_reason"]:
        lines.append(f"  disabled: {record['disabled_reason']}")
        lines.append(f"  `stancewatch feeds enable {record['id']}` puts it back")
    if record["consecutive_failures"]:
        lines.append(
            f"  {record['consecutive_failures']} failed polls in a row "
            f"since {_moment(record['failing_since'])}; last error: {record['last_error']}"
        )
    return "\n".join(lines)


def _moment(iso: str | None, never: str = "never") -> str:
    if iso is None:
        return never
    return f"{datetime.fromisoformat(iso):%Y-%m-%d %H:%M} UTC"


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def _feeds_test(args: argparse.Namespace) -> int:
    from bot.feeds import feed_refusal, probe_feed
    from watchers.identity import article_keys

    config = _config(args)
    location, _ = _feed_location(args.location)
    result = asyncio.run(probe_feed(location, config, args.allow_host))
    refusal = feed_refusal(location, result)
    if refusal is not None:
        print(f"stancewatch: refused: {refusal}", file=sys.stderr)
        return EXIT_FAILURE
    for problem in result.problems:
        print(f"stancewatch: warning: {problem}", file=sys.stderr)
    print(f"{location}: {len(result.articles)} entries")
    for number, article in enumerate(result.articles, start=1):
        keys = article_keys(article)
        day = "undated"
        if article.published is not None:
            day = f"{article.published} ({_DATE_SOURCES.get(article.date_source, 'guessed')})"
        print(f"{number}. {article.title or '(no title)'}")
        print(f"   date:     {day}")
        print(f"   identity: {article.id}")
        print(f"   url:      {article.url or '(none)'}")
        print(f"   url key:  {keys.url or '(none)'}")
        words = len(article.text.split())
        fingerprint = "fingerprinted" if keys.content else "too few to fingerprint"
        print(f"   text:     {words} words ({fingerprint})")
    return EXIT_OK


# --- rules check ---------------------------------------------------------------


def _rules_check(args: argparse.Namespace) -> int:
    directory = resolve_config_dir(args.config)
    try:
        loaded = load(directory)
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {directory}", file=sys.stderr)
        return EXIT_CONFIG
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    config = loaded.config
    print(
        f"{directory}: OK — {len(config.officials)} officials, {len(config.groups)} groups, "
        f"{len(config.topics)} topics, {len(config.rules)} rules, {len(config.feeds)} feeds"
        + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else "")
    )
    return EXIT_OK


# --- rules test ----------------------------------------------------------------


def _rules_test(args: argparse.Namespace) -> int:
    from rules import messages
    from rules.examples import run_examples, tally
    from rules.extract import Extractor

    loaded = load(resolve_config_dir(args.config))
    for topic_id in args.topic:
        if topic_id not in loaded.topics:
            hint = messages.did_you_mean(topic_id, loaded.topics)
            raise StancewatchError(messages.UNKNOWN_TOPIC.format(id=topic_id, hint=hint))
    # Read as `extract` reads: the same pipeline (officials' names included) and reader.
    reader = Extractor(loaded.config).stance
    results = run_examples(loaded.topics, reader.position_of, only=args.topic)
    for result in results:
        if not result.passed:
            print(result.failure())
    tallies = tally(loaded.topics, results, only=args.topic)
    for line in tallies:
        print(line)
    failed = sum(t.failed for t in tallies)
    total = messages.TALLY_TOTAL.format(
        total=len(results), passed=len(results) - failed, failed=failed
    )
    print(total)
    return EXIT_FAILURE if failed else EXIT_OK


# --- rules schema --------------------------------------------------------------


def _rules_schema(args: argparse.Namespace) -> int:
    from rules.schema import render, schemas

    generated = schemas()
    if args.out is None:
        print(json.dumps(generated, indent=2, ensure_ascii=False))
        return EXIT_OK
    folder = Path(args.out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for kind, schema in generated.items():
            path = folder / f"{kind}.json"
            path.write_text(render(schema), encoding="utf-8")
            print(path)
    except OSError as error:
        raise StancewatchError(f"cannot write the schemas to {folder}: {error}") from error
    return EXIT_OK
