"""``liaison sources add|list|remove|poll``: clear messages, exit codes, one line per entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app

from .conftest import Route, Site, page, rss

runner = CliRunner()


def test_add_list_remove(db_url: str, tmp_path: Path) -> None:
    added = runner.invoke(app, ["sources", "add", "https://presse.example/rss", "--name", "La Presse", "--every", "10"])
    assert added.exit_code == 0 and "source 1 added: feed https://presse.example/rss" in added.stdout
    runner.invoke(app, ["sources", "add", str(tmp_path), "--kind", "folder"])
    listed = runner.invoke(app, ["sources", "list"])
    assert listed.exit_code == 0 and "La Presse" in listed.stdout and "never" in listed.stdout
    assert runner.invoke(app, ["sources", "pause", "1"]).exit_code == 0
    assert "1 feed paused: La Presse" in runner.invoke(app, ["sources", "list"]).stdout
    assert runner.invoke(app, ["sources", "resume", "https://presse.example/rss"]).exit_code == 0
    assert "1 feed never polled: La Presse" in runner.invoke(app, ["sources", "list"]).stdout
    assert runner.invoke(app, ["sources", "remove", "1"]).exit_code == 0
    assert "La Presse" not in runner.invoke(app, ["sources", "list"]).stdout


@pytest.mark.parametrize(("args", "message"), [
    (["presse.example/rss"], "a feed is an http(s) URL"),
    (["https://presse.example/rss", "--kind", "podcast"], "unknown kind 'podcast'"),
    (["/no/such/folder/anywhere", "--kind", "folder"], "no such folder"),
    (["https://presse.example/rss", "--every", "0"], "between 1 minute and 7 days"),
])
def test_a_bad_source_is_refused_with_its_reason(db_url: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["sources", "add", *args])
    assert result.exit_code == 1
    assert message in result.stderr


def test_the_same_source_twice_is_refused(db_url: str) -> None:
    runner.invoke(app, ["sources", "add", "https://presse.example/rss"])
    result = runner.invoke(app, ["sources", "add", "https://presse.example/rss"])
    assert result.exit_code == 1 and "already a source" in result.stderr


def test_removing_an_unknown_source_says_so(db_url: str) -> None:
    result = runner.invoke(app, ["sources", "remove", "42"])
    assert result.exit_code == 1 and "no source 42" in result.stderr


@pytest.mark.slow
def test_poll_prints_each_entry_and_exits_non_zero_on_a_failure(db_url: str, site: Site, allow_loopback: None) -> None:
    site.routes["/rss"] = Route(rss(site, "Le Fil", [
        {"guid": "1", "title": "Rencontre", "path": "/a"},
        {"guid": "2", "title": "Marché", "path": "/b"},
        {"guid": "3", "title": "Panne", "path": "/c"},
    ]), "application/rss+xml")
    site.routes["/a"] = Route(page("Sergueï Lavrov a rencontré jeudi à Moscou le ministre iranien de l'Économie "
                                   "pour parler des paiements entre les banques des deux pays."))
    site.routes["/b"] = Route(page("Le marché de Noël de Strasbourg ouvre ses portes vendredi soir, annonce la mairie."))
    site.routes["/c"] = Route("erreur", status=500)
    runner.invoke(app, ["sources", "add", site.url("/rss")])
    result = runner.invoke(app, ["sources", "poll"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"ingested: {site.url('/a')} (article 1): names Russia (Sergueï Lavrov) and Iran (iranien)" in lines
    assert f"skipped: {site.url('/b')}: names neither Russia nor Iran" in lines
    assert f"failed: {site.url('/c')}: unreachable (HTTP 500)" in lines
    assert lines[-1] == "1 ingested, 0 unchanged, 1 skipped, 1 failed"
