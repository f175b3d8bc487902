"""Do contact links survive a rules change? Prints what ``liaison reextract`` does to every
contact id after a cue-file edit, and again after the edit is undone, with timings.

Usage: python scripts/reextract_stability.py
The seeds and the project's own test articles are ingested into a temporary SQLite database;
the rules change is a copy of ``contact_cues.yaml`` in a ``LIAISON_DATA_DIR`` where "recevoir"
reports a visit instead of a meeting and "s'entretenir" is no cue at all.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIAISON = str(Path(sys.executable).parent / "liaison")


def run(args: list[str], env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([LIAISON, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.strip()


def links(db: Path) -> dict[int, tuple]:
    """Every contact id: (live, merged into, evidence spans)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT id, retired, merged_into FROM contact").fetchall()
        spans = connection.execute("SELECT contact_id, article_id, start, \"end\" FROM contactsource").fetchall()
    evidence: dict[int, set] = {}
    for contact_id, article_id, start, end in spans:
        evidence.setdefault(contact_id, set()).add((article_id, start, end))
    return {i: (not retired and merged is None, merged, evidence.get(i, set())) for i, retired, merged in rows}


def same_evidence(a: set, b: set) -> bool:
    return any(x[0] == y[0] and min(x[2], y[2]) > max(x[1], y[1]) for x in a for y in b)


def compare(before: dict, after: dict) -> str:
    live = [i for i, (ok, _m, _e) in before.items() if ok]  # contacts and possible contacts
    kept = sum(1 for i in live if i in after and after[i][0] and same_evidence(before[i][2], after[i][2]))
    hidden = sum(1 for i in live if i in after and not after[i][0] and after[i][1] is None)
    redirected = sum(1 for i in live if i in after and after[i][1] is not None)
    missing = sum(1 for i in live if i not in after)
    new = sum(1 for i, (ok, _m, _e) in after.items() if ok and i not in before)
    return (f"{len(live)} links: {kept} same contact, {hidden} no longer found (page kept, hidden), "
            f"{redirected} redirected, {missing} gone (404); {new} new contacts")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "liaison.db"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "LIAISON_SEED_ON_START": "false"}
        env.pop("LIAISON_DATA_DIR", None)
        seconds, out = run(["ingest", "--quiet", str(ROOT / "seeds"), str(ROOT / "tests/extraction/articles")], env)
        with sqlite3.connect(db) as connection:
            articles = connection.execute("SELECT count(*) FROM article").fetchone()[0]
        with sqlite3.connect(db) as connection:
            suggested = connection.execute(
                "SELECT count(*) FROM contact WHERE review_status = 'suggested'").fetchone()[0]
        print(f"ingest: {out} in {seconds:.1f} s; {suggested} possible contacts stored for review")
        original = links(db)
        seconds, _ = run(["reextract", "--quiet"], env)
        print(f"reextract, same rules ({articles} articles, {seconds:.1f} s with start-up): {compare(original, links(db))}")
        with sqlite3.connect(db) as connection:  # an analyst confirmed every other contact
            connection.execute("UPDATE contact SET review_status = 'confirmed', reviewed_by = 'bench' "
                               "WHERE id % 2 = 0")
        rules = Path(tmp) / "rules"
        rules.mkdir()
        cues = (ROOT / "app/data/contact_cues.yaml").read_text(encoding="utf-8")
        changed = cues.replace("  recevoir: meeting\n", "  recevoir: visit\n").replace(
            "  entretenir: talks          # \"s'est entretenu avec\" (only with the reflexive pronoun)\n", "")
        assert changed != cues
        (rules / "contact_cues.yaml").write_text(changed, encoding="utf-8")
        seconds, out = run(["reextract", "--quiet"], {**env, "LIAISON_DATA_DIR": str(rules)})
        print(f"reextract, changed rules ({seconds:.1f} s): {compare(original, links(db))}")
        print("   " + out.replace("\n", "\n   "))
        seconds, out = run(["reextract", "--quiet"], env)
        print(f"reextract, rules restored ({seconds:.1f} s): {compare(original, links(db))}")


if __name__ == "__main__":
    main()
