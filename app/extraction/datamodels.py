"""Validated shapes of the editable data files (actors, places, contact cues).

Every file is read through ``load_data``: a file that does not fit its model is refused with a
``DataFileError`` naming the file and the key at fault ("contact_cues.yaml: verbs.rencontrer:
Input should be 'meeting', 'call', ..."), never half-read. Models forbid unknown keys, so a key
that nothing reads cannot sit in a file unnoticed.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    field_validator,
    model_validator,
)

from app.extraction.datafiles import data_file

ContactKind = Literal["meeting", "call", "visit", "talks", "signing", "other"]
EventClass = Literal["meeting", "call", "visit", "talks", "signing", "other", "summit"]
ActorKind = Literal["person", "institution", "outlet", "country", "group"]

M = TypeVar("M", bound=BaseModel)


class DataFileError(ValueError):
    """A data file that cannot be used, with the file and key at fault."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------------------------------------
# contact_cues.yaml
# ---------------------------------------------------------------------------------------------

class OfficePair(_Strict):
    """"les présidents des deux pays": the phrases, and the office titles they stand for."""

    phrases: list[str] = Field(min_length=1)
    titles: list[str] = Field(min_length=2)


class RelativeDays(_Strict):
    """"le même jour", "la veille", "le lendemain": a day relative to the event told before."""

    same_day: list[str] = []
    day_before: list[str] = []
    day_after: list[str] = []


class ContactCues(_Strict):
    """Cue words and phrases of contact detection (app/data/contact_cues.yaml)."""

    verbs: dict[str, ContactKind] = Field(min_length=1)
    reflexive_only: list[str] = []
    person_object_only: list[str] = []
    things_received: list[str] = []
    needs_partner: list[str] = []
    needs_person_partner: list[str] = []
    nouns: dict[str, ContactKind] = Field(min_length=1)
    light_verbs: list[str] = []
    several_sittings_nouns: list[str] = []
    partner_markers: list[str] = []
    between_markers: list[str] = []
    recipient_markers: list[str] = []
    delivery_verbs: list[str] = []
    event_markers: list[str] = []
    call_markers: list[str] = []
    reporting_verbs: list[str] = []
    future_endings: list[str] = []
    conditional_endings: list[str] = []
    modal_verbs: list[str] = []
    denial_verbs: list[str] = []
    earlier_markers: list[str] = []
    weak_earlier_markers: list[str] = []
    back_reference_markers: list[str] = []
    continuation_markers: list[str] = []
    place_nouns: list[str] = []
    negations: list[str] = []
    talk_cues: list[str] = []
    passage_cues: list[str] = []
    pair_references: list[str] = []
    office_pairs: list[OfficePair] = []
    counterparts: list[list[str]] = []
    event_nouns: dict[str, EventClass] = {}
    event_verbs: list[str] = []
    hosting_verbs: list[str] = []
    event_anaphora_markers: list[str] = []
    event_anaphora_nouns: dict[str, list[EventClass]] = {}
    side_nationalities: dict[str, Literal["RU", "IR"]] = {}
    group_nouns: list[str] = []
    locatives: list[str] = []
    arrival_verbs: list[str] = []
    circumstance_markers: list[str] = []
    relative_days: RelativeDays = RelativeDays()

    @model_validator(mode="after")
    def _verb_lists_name_cue_verbs(self) -> ContactCues:
        for key in ("reflexive_only", "person_object_only", "needs_partner", "needs_person_partner"):
            unknown = [v for v in getattr(self, key) if v not in self.verbs]
            if unknown:
                raise ValueError(f"{key}: {', '.join(unknown)} not among 'verbs'")
        unknown = [n for n in self.several_sittings_nouns if n not in self.nouns]
        if unknown:
            raise ValueError(f"several_sittings_nouns: {', '.join(unknown)} not among 'nouns'")
        return self


# ---------------------------------------------------------------------------------------------
# actors.yaml
# ---------------------------------------------------------------------------------------------

def _iso_day(value: object) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    dt.date.fromisoformat(text)  # raises ValueError with the bad value
    return text


class RoleEntry(_Strict):
    title: str
    start: str | None = None
    end: str | None = None
    fr: list[str] = []

    @field_validator("start", "end", mode="before")
    @classmethod
    def _day(cls, value: object) -> str | None:
        return _iso_day(value)

    @model_validator(mode="after")
    def _ordered(self) -> RoleEntry:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"role '{self.title}' ends ({self.end}) before it starts ({self.start})")
        return self


class ActorEntryModel(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    kind: ActorKind = "person"
    aliases: list[str] = []
    roles: list[RoleEntry] = []


class ActorsFile(RootModel[list[ActorEntryModel]]):
    @model_validator(mode="after")
    def _unique_keys(self) -> ActorsFile:
        seen: set[str] = set()
        for entry in self.root:
            if entry.key in seen:
                raise ValueError(f"key '{entry.key}' appears twice")
            seen.add(entry.key)
        return self


# ---------------------------------------------------------------------------------------------
# places.yaml
# ---------------------------------------------------------------------------------------------

class PlaceEntry(_Strict):
    name: str = Field(min_length=1)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    aliases: list[str] = []
    capital_of: list[str] = []
    is_country: bool = False


class PlacesFile(RootModel[list[PlaceEntry]]):
    pass


# ---------------------------------------------------------------------------------------------
# contact_examples.yaml
# ---------------------------------------------------------------------------------------------

class PatternExamples(_Strict):
    """Sentences a contact cue must find (positive) and must not make a contact of (negative)."""

    positive: list[str] = Field(min_length=1)
    negative: list[str] = []


class ContactExamples(RootModel[dict[str, PatternExamples]]):
    @model_validator(mode="after")
    def _pattern_ids(self) -> ContactExamples:
        bad = [key for key in self.root if not key.startswith(("verb:", "noun:"))]
        if bad:
            raise ValueError(f"pattern ids must start with 'verb:' or 'noun:': {', '.join(bad)}")
        return self


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date stays text until its model checks it, so a bad
    one ("2012-13-45") is reported with its key."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_data(name: str, text: str, model: type[M]) -> M:
    """``text`` (the YAML of data file ``name``) validated against ``model``."""
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise DataFileError(f"{name}: not valid YAML: {error}") from error
    try:
        return model.model_validate(raw if raw is not None else ([] if issubclass(model, RootModel) else {}))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise DataFileError(f"{name}: {where}: {first['msg']}") from error


def load_data(name: str, model: type[M]) -> M:
    """The data file ``name`` (packaged, or from ``LIAISON_DATA_DIR``) validated against ``model``."""
    path = data_file(name)
    return parse_data(path.name, path.read_text(encoding="utf-8"), model)


@lru_cache(maxsize=1)
def contact_cues() -> ContactCues:
    """app/data/contact_cues.yaml, validated (read once per process)."""
    return load_data("contact_cues.yaml", ContactCues)
