"""The worker service of docker-compose: the same image as the app, polling beside it."""

from __future__ import annotations

import yaml

from app.settings import PROJECT_ROOT


def test_the_worker_runs_the_app_image_on_the_same_data() -> None:
    services = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    app, worker = services["app"], services["worker"]
    assert worker["image"] == app["image"] and worker["build"] == app["build"]
    assert worker["command"] == ["liaison", "worker"]
    assert worker["environment"]["DATABASE_URL"] == app["environment"]["DATABASE_URL"]
    assert worker["volumes"] == app["volumes"]
    # It serves no page, so the image's HTTP health check must not run for it, and it waits
    # for the app to have migrated the database.
    assert worker["healthcheck"] == {"disable": True}
    assert worker["depends_on"]["app"]["condition"] == "service_healthy"
    assert "ports" not in worker
