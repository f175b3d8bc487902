"""The key that signs session cookies.

``LIAISON_SECRET_KEY`` when set; otherwise a random key created once and kept in a file next
to the SQLite database (or ``LIAISON_SECRET_KEY_FILE``), so sessions survive restarts and every
worker process signs with the same key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from app.settings import Settings

KEY_FILE_NAME = "liaison-secret.key"


def secret_key_path(settings: Settings) -> Path:
    """Where the generated key lives when no key is given in the environment."""
    if settings.secret_key_file:
        return Path(settings.secret_key_file).expanduser()
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).expanduser().resolve().parent / KEY_FILE_NAME
    return Path("data") / KEY_FILE_NAME


def _create_key_file(path: Path) -> None:
    """Write a fresh key atomically; a concurrent writer that wins first is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)  # fails if another process created it meanwhile
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)


def load_secret_key(settings: Settings) -> bytes:
    """The signing key as bytes (environment first, then the key file, created if missing)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = secret_key_path(settings)
    if not path.exists():
        _create_key_file(path)
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"the secret key file {path} is too short; delete it to regenerate")
    return key.encode()
