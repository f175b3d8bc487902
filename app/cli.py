"""The ``liaison`` command: serve, ingest, extract, reextract, and database upkeep.

Sub-apps (``db``, and ``user`` for accounts) keep related commands together: a feature adds
its own with ``app.add_typer(sub_app, name=...)``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from app.auth.cli import user_app
from app.settings import get_settings
from app.sources.cli import sources_app
from app.sources.cli import worker as worker_command

if TYPE_CHECKING:
    from app.ingestion.service import Report

app = typer.Typer(help="Liaison: Russia–Iran contacts as the press reports them.", no_args_is_help=True,
                  add_completion=False)
db_app = typer.Typer(help="Database upkeep.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(sources_app, name="sources")

console = Console()
errors = Console(stderr=True)


def upgrade_database() -> str | None:
    """Apply pending migrations to the configured database; returns its revision."""
    from app.storage.migrate import current_revision, upgrade

    url = get_settings().database_url
    upgrade(url)
    return current_revision(url)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending schema migration (data is kept)."""
    revision = upgrade_database()
    console.print(f"database at revision {revision}: {get_settings().database_url}")


@db_app.command("backup")
def db_backup(path: Path = typer.Argument(..., help="New file to write the copy to.")) -> None:
    """Copy the SQLite database to PATH while the server keeps running (sqlite3 backup API)."""
    from app.storage.backup import BackupError, backup_sqlite

    try:
        size = backup_sqlite(get_settings().database_url, path)
    except BackupError as error:
        errors.print(f"error: {error}", highlight=False, markup=False)
        raise typer.Exit(code=1) from error
    console.print(f"backup written to {path} ({size:,} bytes)", highlight=False)


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def count_accounts() -> int:
    from app.auth.users import count_users
    from app.storage.db import session_scope

    with session_scope() as session:
        return count_users(session)


class _RateColumn(TextColumn):
    """Articles per second."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # type: ignore[override]
        # Articles finish in batches, so rich's short-window speed swings; the mean is honest.
        elapsed = task.elapsed or 0.0
        return f"{task.completed / elapsed:.1f}/s" if elapsed > 0 and task.completed else "-/s"


def run_ingest(paths: list[str], show_progress: bool = True) -> Report:
    """Ingest inputs with a progress bar (count, rate, ETA); prints one line per failure."""
    from app.ingestion.service import count_inputs, ingest_paths

    total = count_inputs(paths)
    progress = Progress(
        TextColumn("[bold]ingesting"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=errors, disable=not show_progress or total < 2, transient=False,
    )

    with progress:
        task = progress.add_task("ingest", total=total)

        def on_outcome(outcome) -> None:  # type: ignore[no-untyped-def]
            if outcome.status == "failed":
                progress.console.print(f"[red]failed[/red]: {escape(outcome.name)}: {escape(outcome.reason)}",
                                       markup=True, highlight=False, soft_wrap=True)
            progress.advance(task)

        return ingest_paths(paths, on_outcome=on_outcome)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files (.txt, .md, .html), folders (recursive) or URLs."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Store articles and what they say; the same text twice is stored once."""
    from app.ingestion.service import count_inputs

    if count_inputs(paths) == 0:
        errors.print("nothing to ingest: no .txt, .md or .html file in the folders given", highlight=False)
        raise typer.Exit(code=1)
    upgrade_database()
    report = run_ingest(paths, show_progress=not quiet)
    console.print(report.summary, highlight=False)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or folders to read (nothing is stored)."),
    as_json: bool = typer.Option(False, "--json", help="Print the extraction JSON (SCHEMA.md)."),
    explain: bool = typer.Option(False, "--explain", help="Print every contact candidate with each check's verdict, "
                                 "and whether each unit of text became a claim and why."),
) -> None:
    """Run extraction on files and print contacts and claims; writes to no database."""
    from app.extraction.candidates import check_counts
    from app.extraction.candidates import explain as explain_lines
    from app.extraction.claims import explain_claim_trace
    from app.extraction.output import build_output, merge_all
    from app.ingestion.readers import IngestError, expand_inputs, read_input
    from app.ingestion.service import extract as run_extraction
    from app.ingestion.service import extraction_key

    raws, failed = [], 0
    for item in expand_inputs(paths):
        try:
            raws.append(read_input(item))
        except IngestError as error:
            errors.print(f"failed: {error}", highlight=False, markup=False)
            failed += 1
    extractions = run_extraction(raws) if raws else []
    output = build_output(extractions, merge_all(extractions))
    if explain:
        for raw, x in zip(raws, extractions):
            sys.stdout.write("\n".join(explain_lines(x.article, x.candidates)) + "\n")
            kept = sum(v.kept for v in x.claim_trace)
            sys.stdout.write(f"-- claims: {kept} of {len(x.claim_trace)} units kept\n")
            sys.stdout.write("".join(f"  {line}\n" for line in explain_claim_trace(raw.text, x.claim_trace)))
        counts = check_counts([x.candidates for x in extractions])
        sys.stdout.write("candidates by outcome: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "\n")
        units = [v for x in extractions for v in x.claim_trace]
        sys.stdout.write(f"claim units: {sum(v.kept for v in units)} kept, {sum(not v.kept for v in units)} dropped\n")
    if as_json:
        sys.stdout.write(json.dumps(output, ensure_ascii=False, indent=2) + "\n")
    elif not explain:
        _print_summary(output, [extraction_key(r) for r in raws])
    if failed:
        raise typer.Exit(code=1)


def _print_summary(output: dict, keys: list[str]) -> None:
    console.print(f"{len(keys)} articles, {len(output.get('contacts', []))} contacts, "
                  f"{len(output.get('claims', []))} claims", highlight=False)
    for contact in output.get("contacts", []):
        names = ", ".join(p.get("name", "?") for p in contact.get("participants", []))
        console.print(f"- {contact.get('date') or 'undated'} {contact.get('kind')}: {names}", highlight=False)


@app.command()
def reextract(
    restart: bool = typer.Option(False, "--restart", help="Start over instead of resuming an interrupted run."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Re-run extraction article by article, keeping contact ids and analyst decisions.

    Each article is reconciled and committed on its own; an interrupted run resumes where it
    stopped (``--restart`` starts over).
    """
    from app.review.reextract import count_remaining, reextract_all

    upgrade_database()
    total = count_remaining() if not restart else None
    progress = Progress(TextColumn("[bold]re-extracting"), BarColumn(), MofNCompleteColumn(),
                        _RateColumn(), TimeElapsedColumn(), console=errors,
                        disable=quiet or (total is not None and total < 2))
    with progress:
        task = progress.add_task("reextract", total=total)
        result = reextract_all(restart=restart, on_article=lambda _id: progress.advance(task))
    t = result.tally
    if result.resumed_after:
        console.print(f"resumed after article {result.resumed_after}", highlight=False)
    console.print(f"re-extracted {t.articles} articles ({t.failed} failed): {t.new_contacts} new "
                  f"findings, {t.retired} contacts no longer found", highlight=False)
    console.print(f"analyst decisions: {t.kept} kept, {t.reanchored} re-anchored, "
                  f"{t.flagged} flagged for re-review", highlight=False)
    if t.failed:
        raise typer.Exit(code=1)


def seed_if_empty() -> None:
    """First start: load the seed articles when the database holds no article."""
    from sqlmodel import select

    from app.storage.db import session_scope
    from app.storage.models import Article

    settings = get_settings()
    if not settings.seed_on_start or not settings.seeds_dir.is_dir():
        return
    with session_scope() as session:
        if session.exec(select(Article.id).limit(1)).first() is not None:
            return
    console.print(f"empty database: ingesting the seed articles from {settings.seeds_dir.name}/", highlight=False)
    report = run_ingest([str(settings.seeds_dir)])
    console.print(report.summary, highlight=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    reload: bool = typer.Option(False, help="Restart on code changes (development)."),
    workers: int = typer.Option(1, min=1, help="Worker processes (PostgreSQL suits several)."),
) -> None:
    """Apply pending migrations, load the seeds on first start, and serve the dashboard."""
    import uvicorn

    revision = upgrade_database()
    console.print(f"database at revision {revision}", highlight=False)
    if not is_loopback(host) and count_accounts() == 0:
        errors.print(f"refusing to listen on {host}: no user account exists yet, so Liaison is in "
                     "single-user local mode and only serves 127.0.0.1. Create an account first "
                     "(liaison user add NAME --role admin), or serve on --host 127.0.0.1.",
                     highlight=False, markup=False)
        raise typer.Exit(code=2)
    seed_if_empty()
    console.print(f"serving on http://{host}:{port}", highlight=False)
    sys.stdout.flush()  # show it before the server's own log, even when stdout is a pipe
    uvicorn.run("app.web.app:create_app", factory=True, host=host, port=port, reload=reload,
                workers=None if reload else workers, proxy_headers=True)


app.command("worker")(worker_command)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
