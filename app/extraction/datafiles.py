"""Where the editable data files live (actors, topics, places, cue words).

The packaged defaults sit in ``app/data/``. An analyst who wants their own copies points
``LIAISON_DATA_DIR`` at a folder; any file found there replaces the packaged one of the same
name, the others keep their defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent.parent / "data"


def data_file(name: str) -> Path:
    """The data file ``name`` ("actors.yaml"...), from ``LIAISON_DATA_DIR`` when it holds one."""
    override = os.environ.get("LIAISON_DATA_DIR")
    if override and (Path(override) / name).is_file():
        return Path(override) / name
    return PACKAGED / name
