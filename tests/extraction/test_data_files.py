"""The editable data files: every packaged file validates, a bad one is refused with the file and
key named, and every key a file may hold is read by the extraction (and no other key is allowed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.extraction.datafiles import PACKAGED
from app.extraction.datamodels import (
    ActorsFile,
    ContactCues,
    DataFileError,
    PlacesFile,
    load_data,
    parse_data,
)

EXTRACTION = Path(__file__).resolve().parents[2] / "app" / "extraction"


@pytest.mark.parametrize(("name", "model"), [
    ("contact_cues.yaml", ContactCues), ("actors.yaml", ActorsFile), ("places.yaml", PlacesFile),
])
def test_packaged_files_validate(name, model):
    assert load_data(name, model) is not None


BAD = [
    ("contact_cues.yaml", "verbs: {rencontrer: meeting}\nnouns: {visite: visit}\nverbz: [x]\n", ContactCues,
     "contact_cues.yaml: verbz: Extra inputs are not permitted"),
    ("contact_cues.yaml", "verbs: {rencontrer: rendezvous}\nnouns: {visite: visit}\n", ContactCues,
     "contact_cues.yaml: verbs.rencontrer: Input should be"),
    ("contact_cues.yaml", "verbs: {rencontrer: meeting}\nnouns: {visite: visit}\nreflexive_only: [entretenir]\n",
     ContactCues, "reflexive_only: entretenir not among 'verbs'"),
    ("contact_cues.yaml", "verbs: [rencontrer\n", ContactCues, "contact_cues.yaml: not valid YAML"),
    ("actors.yaml", "- {key: putin, name: Vladimir Putin, country: RU, roles: [{title: P, start: 2012-05-07, "
     "end: 2008-05-07}]}\n", ActorsFile, "actors.yaml: 0.roles.0: Value error, role 'P' ends"),
    ("actors.yaml", "- {key: putin, name: A}\n- {key: putin, name: B}\n", ActorsFile, "key 'putin' appears twice"),
    ("actors.yaml", "- {key: Putin Vladimir, name: A}\n", ActorsFile, "actors.yaml: 0.key: String should match"),
    ("actors.yaml", "- {key: x, name: A, roles: [{title: P, start: 2012-13-45}]}\n", ActorsFile, "actors.yaml: 0.roles.0.start"),
    ("places.yaml", "- {name: Tehran, country: Iran}\n", PlacesFile, "places.yaml: 0.country: String should match"),
]


@pytest.mark.parametrize(("name", "text", "model", "message"), BAD, ids=[b[3][:40] for b in BAD])
def test_a_bad_file_is_refused_naming_file_and_key(name, text, model, message):
    with pytest.raises(DataFileError) as error:
        parse_data(name, text, model)
    assert message in str(error.value)


def test_every_contact_cue_key_is_read_by_the_extraction():
    """Both ways: the model forbids keys it does not declare, and each declared key is read."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in EXTRACTION.rglob("*.py") if p.name != "datamodels.py")
    unread = [key for key in ContactCues.model_fields if not re.search(rf"[\"']{key}[\"']|\.{key}\b", code)]
    assert unread == []


def test_every_packaged_contact_cue_key_is_declared():
    import yaml

    raw = yaml.safe_load((PACKAGED / "contact_cues.yaml").read_text(encoding="utf-8"))
    assert set(raw) <= set(ContactCues.model_fields)
