"""Where the editable data files live (actors, topics, places, cue words).

The packaged defaults sit in ``app/data/``. An analyst who wants their own copies points
``LIAISON_DATA_DIR`` at a folder; any file found there replaces the packaged one of the same
name, the others keep their defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

PACKAGED = Path(__file__).resolve().parent.parent / "data"


def data_file(name: str) -> Path:
    """The data file ``name`` ("actors.yaml"...), from ``LIAISON_DATA_DIR`` when it holds one."""
    override = os.environ.get("LIAISON_DATA_DIR")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return PACKAGED / name


class DataFileError(ValueError):
    """A data file that does not hold what its model says: names the file and the key."""


def cue_list(value: list[str]) -> list[str]:
    """Validator for a list of cue phrases: every one a non-empty string."""
    if any(not isinstance(v, str) or not v.strip() for v in value):
        raise ValueError("every cue must be a non-empty phrase")
    return value


def read_data_file(path: Path, model: type[BaseModel]):  # noqa: ANN201 - a model, or a list of them
    """``path`` parsed as YAML and validated by ``model`` (item by item when the file is a list);
    a bad file raises ``DataFileError`` naming the file and the key."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc})") from exc
    items = raw if isinstance(raw, list) else None
    try:
        if raw is None or items is not None:
            return [model.model_validate(item) for item in items or []]
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        if items is not None:
            where = f"[{next(i for i, item in enumerate(items) if not _valid(model, item))}] {where}"
        raise DataFileError(f"{path}: {where}: {first['msg']}") from exc


def _valid(model: type[BaseModel], item: object) -> bool:
    try:
        model.model_validate(item)
    except ValidationError:
        return False
    return True
