"""The claim cue words of app/data/claim_cues.yaml, validated and prepared for lookups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.extraction.claims.patterns import _singular
from app.extraction.datafiles import data_file
from app.extraction.datamodels import DataFileError
from app.extraction.textfold import fold
from app.extraction.topics import cue_list, read_data

DEFAULT_PATH = data_file("claim_cues.yaml")


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex over folded text matching any phrase on word boundaries; ``*`` ends a word freely."""
    parts = []
    for phrase in sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True):
        words = fold(phrase).split()
        rendered = []
        for word in words:
            if word == "~" and rendered:
                rendered[-1] += r"(?:\s+[\w'-]+){0,5}?"
                continue
            free = word.endswith("*")
            body = re.escape(word.rstrip("*"))
            rendered.append(body + (r"\w*" if free else ""))
        tail = "" if phrase.endswith("'") else r"(?![\w])"
        parts.append(r"\s+".join(rendered) + tail)
    body = "|".join(parts) or r"(?!x)x"
    return re.compile(rf"(?<![\w])(?:{body})")


@dataclass
class Cues:
    kinds: dict[str, re.Pattern[str]]
    kind_priority: list[str]
    speech: re.Pattern[str]
    assertion: re.Pattern[str]
    hedges: re.Pattern[str]
    followups: re.Pattern[str]
    contact_words: re.Pattern[str]
    outlet_nouns: set[str]
    document_nouns: set[str]
    outlet_names: re.Pattern[str]
    nationalities: dict[str, re.Pattern[str]]
    inverted_speech: re.Pattern[str]
    institution_nouns: set[str]
    speaker_nouns: set[str]
    non_denials: re.Pattern[str]
    stance_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    outlet_statements: re.Pattern[str] = field(default_factory=lambda: phrase_regex([]))
    suspicion: re.Pattern[str] = field(default_factory=lambda: phrase_regex([]))

    @classmethod
    def load(cls, path: Path | None = None) -> Cues:
        path = path or DEFAULT_PATH
        raw = read_data(path, ClaimCuesFile)
        unknown = [k for k in raw.kind_priority if k not in raw.kinds]
        if unknown:
            raise DataFileError(f"{path.name}: kind_priority: {unknown} not among the kinds")
        kinds = {kind: phrase_regex(words) for kind, words in raw.kinds.items()}
        return cls(
            kinds=kinds,
            kind_priority=list(raw.kind_priority or kinds),
            speech=phrase_regex(raw.speech_verbs),
            assertion=phrase_regex(raw.assertion_verbs),
            hedges=phrase_regex(raw.hedges),
            followups=phrase_regex(raw.unconfirmed_followups),
            contact_words=phrase_regex(raw.contact_words),
            outlet_nouns={fold(w) for w in raw.outlet_nouns},
            document_nouns={fold(w) for w in raw.document_nouns},
            outlet_names=phrase_regex(raw.outlet_names),
            inverted_speech=phrase_regex(raw.inverted_speech_verbs),
            institution_nouns={fold(w) for w in raw.institution_nouns},
            speaker_nouns={_singular(fold(w)) for w in raw.speaker_nouns},
            nationalities={c: phrase_regex(w) for c, w in raw.nationality_adjectives.items()},
            non_denials=phrase_regex(raw.non_denials),
            outlet_statements=phrase_regex(raw.outlet_statements),
            suspicion=phrase_regex(raw.suspicion_verbs),
            stance_verbs={fold(lemma): frozenset(fold(o) for o in objects)
                          for lemma, objects in raw.stance_verbs.items()},
        )


class ClaimCuesFile(BaseModel):
    """``claim_cues.yaml``: every key is read (an unknown one is an error, as is an empty list)."""

    model_config = ConfigDict(extra="forbid")
    kinds: dict[str, list[str]]
    non_denials: list[str] = Field(min_length=1)
    kind_priority: list[str] = Field(min_length=1)
    speech_verbs: list[str] = Field(min_length=1)
    stance_verbs: dict[str, list[str]]
    inverted_speech_verbs: list[str] = Field(min_length=1)
    institution_nouns: list[str] = Field(min_length=1)
    speaker_nouns: list[str] = Field(min_length=1)
    assertion_verbs: list[str] = Field(min_length=1)
    suspicion_verbs: list[str] = Field(min_length=1)
    outlet_statements: list[str] = Field(min_length=1)
    outlet_nouns: list[str] = Field(min_length=1)
    nationality_adjectives: dict[str, list[str]]
    outlet_names: list[str] = Field(min_length=1)
    document_nouns: list[str] = Field(min_length=1)
    hedges: list[str] = Field(min_length=1)
    unconfirmed_followups: list[str] = Field(min_length=1)
    contact_words: list[str] = Field(min_length=1)
    _cues = field_validator("non_denials", "speech_verbs", "inverted_speech_verbs", "institution_nouns",
                            "speaker_nouns", "assertion_verbs", "suspicion_verbs", "outlet_statements",
                            "outlet_nouns", "outlet_names", "document_nouns", "hedges",
                            "unconfirmed_followups", "contact_words")(cue_list)

    @field_validator("kinds", "nationality_adjectives")
    @classmethod
    def _cue_lists(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, cues in value.items():
            if not cues:
                raise ValueError(f"{key}: no cue")
            cue_list(cues or [])
        return value

    @field_validator("stance_verbs", mode="before")
    @classmethod
    def _objects(cls, value: dict) -> dict:
        return {k: v or [] for k, v in (value or {}).items()}


@lru_cache(maxsize=4)
def get_cues(path: str | None = None) -> Cues:
    """The claim cue words, loaded once per process."""
    return Cues.load(Path(path) if path else None)
