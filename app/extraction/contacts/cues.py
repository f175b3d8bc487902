"""The cue lists of app/data/contact_cues.yaml, prepared for lookups."""

from __future__ import annotations

import re

from app.extraction.actors import load_cues
from app.extraction.textfold import fold
from app.extraction.topics import phrase_pattern


class Cues:
    """The cue lists of app/data/contact_cues.yaml, prepared for lookups."""

    def __init__(self) -> None:
        raw = load_cues()
        self.verbs: dict[str, str] = raw.get("verbs", {})
        self.reflexive_only = set(raw.get("reflexive_only", []))
        self.person_object_only = set(raw.get("person_object_only", []))
        self.needs_partner = set(raw.get("needs_partner", []))
        self.nouns: dict[str, str] = raw.get("nouns", {})
        self.things = {fold(t) for t in raw.get("things_received", [])}
        self.light_verbs = set(raw.get("light_verbs", []))
        self.several_sittings_nouns = set(raw.get("several_sittings_nouns", []))
        self.partner_markers = set(raw.get("partner_markers", []))
        self.between_markers = set(raw.get("between_markers", []))
        self.locatives = set(raw.get("locatives", []))
        self.arrival_verbs = set(raw.get("arrival_verbs", []))
        self.circumstance_markers = set(raw.get("circumstance_markers", []))
        days = raw.get("relative_days") or {}
        self.relative_day = re.compile(
            r"(?<![\w-])(?:(" + "|".join(re.escape(fold(p)) for p in days.get("same_day", []) or ["(?!x)x"]) + ")|("
            + "|".join(re.escape(fold(p)) for p in days.get("day_before", []) or ["(?!x)x"]) + ")|("
            + "|".join(re.escape(fold(p)) for p in days.get("day_after", []) or ["(?!x)x"]) + r"))(?![\w-])")
        nouns = "|".join(re.escape(fold(n)) for n in sorted(raw.get("place_nouns", []), key=len, reverse=True))
        # "dans la station balnéaire russe de Sotchi", "à la ville iranienne d'Ispahan"
        self.described_place = re.compile(
            rf"(?<![\w-])(?:a|dans|en|au)\s+(?:la|le|l')\s*(?:{nouns})(?:\s+[\w-]+){{0,2}}\s+(?:de|d')\s*$"
            if nouns else r"(?!x)x")
        self.recipient_markers = set(raw.get("recipient_markers", []))
        self.delivery_verbs = set(raw.get("delivery_verbs", []))
        self.back_reference = phrase_pattern(raw.get("back_reference_markers", []))
        self.continuation = phrase_pattern(raw.get("continuation_markers", []))
        endings = sorted(raw.get("future_endings", []) + raw.get("conditional_endings", []), key=len, reverse=True)
        self.irrealis_endings = re.compile(r"\w{3,}(?:" + "|".join(map(re.escape, endings)) + ")" if endings else r"(?!x)x")
        self.event_markers = set(raw.get("event_markers", []))
        self.call_markers = phrase_pattern(raw.get("call_markers", []))
        self.reporting = set(raw.get("reporting_verbs", []))
        self.modals = {m.replace("s'", "") for m in raw.get("modal_verbs", [])}
        self.denials = set(raw.get("denial_verbs", []))
        self.earlier = phrase_pattern(raw.get("earlier_markers", []))
        self.weak_earlier = phrase_pattern(raw.get("weak_earlier_markers", []))
        self.needs_person_partner = set(raw.get("needs_person_partner", []))
        self.negations = set(raw.get("negations", []))
        self.talk_cues = phrase_pattern(raw.get("talk_cues", []))
        self.passage_cues = phrase_pattern(raw.get("talk_cues", []) + raw.get("passage_cues", []))
        self.counterparts: list[list[str]] = raw.get("counterparts", [])
        self.event_nouns = {fold(k): v for k, v in (raw.get("event_nouns") or {}).items()}
        self.hosting = set(raw.get("hosting_verbs", []))
        self.event_verbs = set(raw.get("event_verbs", []))
        self.anaphora_nouns = {fold(k): set(v) for k, v in (raw.get("event_anaphora_nouns") or {}).items()}
        self.anaphora = _anaphora_pattern(raw.get("event_anaphora_markers", []), self.anaphora_nouns)


def _anaphora_pattern(markers: list[str], nouns: dict[str, set[str]]) -> re.Pattern[str]:
    """"en marge de cette visite", "lors de la réunion", "en marge du sommet" (folded text):
    a definite or demonstrative noun right after the marker, no adjective between."""
    def alts(words):
        return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True)) or "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{alts(markers)})\s+(?:(?:de|d')\s*)?"
                      rf"(?:cette|cet|ce|ces|la|le|les|l'|du|des)\s*({alts(nouns)})(?![\w-])")


_CUES: Cues | None = None


def get_cues() -> Cues:
    global _CUES
    if _CUES is None:
        _CUES = Cues()
    return _CUES
