"""Take the README screenshots (docs/*.png): timeline, contact, source, actor, claims, actors,
an invalid filter, the API docs, and the timeline and claims at phone width; and (on the fresh
seed database only, since it makes review changes) the review queue, a contact page with its
history, and the source view's add-from-selection flow.

Usage: python scripts/screenshots.py [--database sqlite:///path.db] [--out docs]
Without --database, the seed articles are ingested through the real pipeline into a temporary
database first. A uvicorn server runs on a free loopback port; headless Chromium captures pages.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seeded_database(directory: Path) -> str:
    url = f"sqlite:///{directory / 'liaison.db'}"
    os.environ["DATABASE_URL"] = url
    from app.ingestion.service import ingest_paths
    from app.storage.migrate import upgrade

    upgrade(url)
    report = ingest_paths([str(ROOT / "seeds")])
    print(report.summary)
    return url


def serve(url: str) -> tuple[str, object]:
    import uvicorn

    os.environ["DATABASE_URL"] = url
    os.environ["LIAISON_SEED_ON_START"] = "false"
    from app.settings import get_settings
    from app.web.app import create_app

    get_settings.cache_clear()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(get_settings()), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def pick_ids(url: str) -> dict:
    """The contact with most sources, its first source, and its first Russian participant."""
    from sqlalchemy import func, select
    from sqlmodel import Session

    from app.storage.db import get_engine
    from app.storage.models import Actor, Contact, ContactParticipant, ContactSource

    with Session(get_engine(url)) as session:
        contact = session.execute(select(Contact).order_by(Contact.source_count.desc(),
                                                           Contact.date_sort.desc())).scalars().first()
        source = session.execute(select(ContactSource).where(ContactSource.contact_id == contact.id)
                                 .order_by(ContactSource.id)).scalars().first()
        actor_id = session.execute(
            select(Actor.id).join(ContactParticipant, ContactParticipant.actor_id == Actor.id)
            .group_by(Actor.id).order_by(func.count().desc(), Actor.id)).scalars().first()
        return {"contact": contact.id, "article": source.article_id, "source": source.id, "actor": actor_id}


def capture(base: str, ids: dict, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    shots = [
        ("timeline.png", "/", 1280),
        ("contact.png", f"/contacts/{ids['contact']}", 1280),
        ("source.png", f"/articles/{ids['article']}#src-{ids['source']}", 1280),
        ("actor.png", f"/actors/{ids['actor']}", 1280),
        ("claims.png", "/claims#first-screen", 1280),
        ("actors.png", "/actors?sort=contacts", 1280),
        ("search.png", "/?q=Shoigu", 1280),
        ("invalid-filter.png", "/?date_from=2022-13-45&who=Zzz", 1280),
        ("api-docs.png", "/docs#first-screen", 1280),
        ("timeline-phone.png", "/", 390),
        ("claims-phone.png", "/claims?kind=denial#first-screen", 390),
    ]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, path, width in shots:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(600)  # let Plotly finish drawing and the target scroll settle
            # A "#..." path is shot as the first screen only (a source scrolled to its span).
            page.screenshot(path=str(out / name), full_page="#" not in path)
            page.close()
            print("wrote", out / name)
        browser.close()


SELECT_PASSAGE = """(passage) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(passage);
    if (at !== -1) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + passage.length);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return true;
    }
  }
  return false;
}"""
PASSAGE = "Téhéran a reçu mercredi le chef de la sécurité russe Nikolai Patrushev"


def capture_review(base: str, ids: dict, out: Path) -> None:
    """Review pages after a few analyst changes made through the pages themselves."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/contacts/{ids['contact']}")
        page.locator(".edit-box summary").first.click()
        form = page.locator(".edit-form").first
        kind = form.locator("select[name=kind]")
        # The sources disagree on meeting vs talks; the analyst settles it.
        kind.select_option("talks" if kind.input_value() != "talks" else "meeting")
        form.locator("input[name=note]").fill("the readouts describe rounds of talks")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        page.locator(".btn-confirm").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "review-contact.png"), full_page=True)
        print("wrote", out / "review-contact.png")
        page.goto(f"{base}/articles")
        hrefs = [a.get_attribute("href") or "" for a in page.locator("table a").all()]
        for href in [h for h in hrefs if h.startswith("/articles/")]:
            page.goto(base + href)
            if page.evaluate(SELECT_PASSAGE, PASSAGE):
                break
        page.locator("#add-contact-form").wait_for(state="visible")
        page.locator("#selection-panel").scroll_into_view_if_needed()
        page.screenshot(path=str(out / "review-selection.png"))
        print("wrote", out / "review-selection.png")
        page.goto(f"{base}/review")
        page.keyboard.press("j")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "review-queue.png"), full_page=True)
        print("wrote", out / "review-queue.png")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL to show (default: seeds ingested afresh)")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or seeded_database(Path(tmp))
        base, server = serve(url)
        try:
            capture(base, pick_ids(url), Path(args.out))
            if not args.database:
                capture_review(base, pick_ids(url), Path(args.out))
        finally:
            server.should_exit = True


if __name__ == "__main__":
    main()
