"""``liaison sources add|list|remove|poll`` and ``liaison worker``."""

from __future__ import annotations

import typer
from rich.console import Console

sources_app = typer.Typer(help="Feeds, sitemaps and watched folders that bring articles in.",
                          no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


def _upgrade() -> None:
    from app.cli import upgrade_database

    upgrade_database()


@sources_app.command("add")
def add(
    location: str = typer.Argument(..., help="Feed or sitemap URL, or a folder to watch."),
    kind: str = typer.Option("feed", help="feed (RSS/Atom), sitemap or folder."),
    name: str = typer.Option("", help="Outlet its articles are credited to (default: the feed's title)."),
    every: int = typer.Option(30, "--every", help="Minutes between polls."),
    term: list[str] = typer.Option([], "--term", help="A term that makes an item relevant (repeatable)."),
) -> None:
    """Add a source; a worker (or ``liaison sources poll``) polls it."""
    from app.sources.store import SourceError, add_source
    from app.storage.db import session_scope

    _upgrade()
    try:
        with session_scope() as session:
            source = add_source(session, kind, location, name, every, term)
            console.print(f"source {source.id} added: {source.kind} {source.location}", highlight=False)
    except SourceError as error:
        errors.print(f"error: {error}", highlight=False, markup=False)
        raise typer.Exit(code=1) from None


@sources_app.command("list")
def list_sources() -> None:
    """Every source with its health: last poll, last success, items and last error."""
    from app.queries.source_health import source_rows
    from app.storage.db import session_scope

    _upgrade()
    with session_scope() as session:
        rows = source_rows(session)
        if not rows:
            console.print("no source yet: liaison sources add URL", highlight=False)
            return
        for row in rows:
            s, h = row.source, row.health
            # Plain lines, never wrapped: readable in a narrow terminal and by scripts.
            for line in (f"{s.id} {s.kind} {row.state}: {s.name or '(unnamed)'} {s.location} (every {s.interval_minutes} min)",
                         f"  last poll {_when(s.last_poll_at)} · last success {_when(s.last_success_at)} · "
                         f"{h.seen} seen, {h.kept} kept, {h.skipped} skipped, {h.failed} failed",
                         f"  last error: {s.last_error}" if s.last_error else ""):
                if line:
                    console.print(line, highlight=False, markup=False, soft_wrap=True)


def _when(value) -> str:  # noqa: ANN001 - datetime | None
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


@sources_app.command("remove")
def remove(ref: str = typer.Argument(..., help="The source's id or location.")) -> None:
    """Remove a source and its entries (the articles it brought in stay)."""
    from app.sources.store import find_source, remove_source
    from app.storage.db import session_scope

    _upgrade()
    with session_scope() as session:
        source = find_source(session, ref)
        if source is None:
            errors.print(f"error: no source {ref}", highlight=False, markup=False)
            raise typer.Exit(code=1)
        remove_source(session, source)
    console.print(f"source {ref} removed", highlight=False)


def _print_outcome(outcome) -> None:  # noqa: ANN001 - EntryOutcome
    # One line per entry, never wrapped, so the output can be read by scripts too.
    console.print(outcome.line, highlight=False, markup=False, soft_wrap=True)


@sources_app.command("pause")
def pause(ref: str = typer.Argument(..., help="The source's id or location.")) -> None:
    """Stop polling a source (its entries and health stay)."""
    _set_enabled(ref, False)


@sources_app.command("resume")
def resume(ref: str = typer.Argument(..., help="The source's id or location.")) -> None:
    """Poll a paused source again (due at once)."""
    _set_enabled(ref, True)


def _set_enabled(ref: str, enabled: bool) -> None:
    from app.sources.store import find_source, set_enabled
    from app.storage.db import session_scope

    _upgrade()
    with session_scope() as session:
        source = find_source(session, ref)
        if source is None:
            errors.print(f"error: no source {ref}", highlight=False, markup=False)
            raise typer.Exit(code=1)
        set_enabled(session, source, enabled)
    console.print(f"source {ref} {'resumed' if enabled else 'paused'}", highlight=False)


@sources_app.command("poll")
def poll() -> None:
    """Poll every source once now; print what was ingested, skipped and failed."""
    from app.sources.fetch import Fetcher
    from app.sources.poll import PollReport, poll_all
    from app.sources.worker import worker_name

    _upgrade()
    report = PollReport()
    with Fetcher() as fetcher:
        poll_all(worker_name(), fetcher, report, on_outcome=_print_outcome)
    for line in report.errors:
        errors.print(f"source failed: {line}", highlight=False, markup=False)
    for location in report.busy:
        console.print(f"busy (another worker is polling it): {location}", highlight=False, markup=False)
    console.print(report.summary, highlight=False)
    if report.errors or report.count("failed"):
        raise typer.Exit(code=1)


def worker(once: bool = typer.Option(False, "--once", help="Look once, then exit.")) -> None:
    """Poll due sources and work waiting entries until stopped (run beside ``liaison serve``)."""
    from app.sources.worker import run_worker

    _upgrade()
    console.print("worker started", highlight=False)

    def cycle(report) -> None:  # noqa: ANN001
        if report.outcomes or report.errors:
            console.print(report.summary, highlight=False)
            for line in report.errors:
                errors.print(f"source failed: {line}", highlight=False, markup=False)

    run_worker(once=once, on_outcome=_print_outcome, on_cycle=cycle)
