"""Contact candidates and the verdicts of the checks run on them: the extraction's trace.

Every contact cue found in a clause becomes a ``Candidate``. Named checks then judge it, each
returning a ``Verdict`` that says which check it was, whether the candidate passed and why. The
first failing check drops the candidate; a candidate dropped only by a *weak* check (one side
named only as a country, an office whose holder is unknown, an earlier meeting recalled) is a
near miss that the review workflow offers an analyst as a suggestion, never a contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extraction.records import Contact

# Checks whose failure leaves a plausible contact an analyst may want to see.
WEAK_CHECKS: frozenset[str] = frozenset({"person_on_each_side", "office_holders_known", "not_only_recalled"})


@dataclass(frozen=True)
class Verdict:
    """One check's judgement of a candidate."""

    check: str
    passed: bool
    why: str

    @classmethod
    def ok(cls, check: str, why: str = "") -> Verdict:
        return cls(check, True, why)

    @classmethod
    def fail(cls, check: str, why: str) -> Verdict:
        return cls(check, False, why)


@dataclass
class Candidate:
    """A contact cue in one clause, with what was resolved around it and every check's verdict."""

    article: str
    sentence: int
    trigger: str  # the cue word as written
    pattern: str  # the cue's id in contact_cues.yaml ("verb:rencontrer", "noun:entretien")
    kind: str
    start: int  # evidence span: the sentence, trimmed
    end: int
    verdicts: list[Verdict] = field(default_factory=list)
    contact: Contact | None = None  # what the candidate became (kept) or would have become
    split: list[Contact] = field(default_factory=list)  # kept: one contact per counterpart, if several

    def judge(self, verdict: Verdict) -> bool:
        """Record a verdict; True when the candidate still stands."""
        self.verdicts.append(verdict)
        return verdict.passed

    @property
    def kept(self) -> bool:
        return all(v.passed for v in self.verdicts)

    @property
    def dropped_by(self) -> Verdict | None:
        return next((v for v in self.verdicts if not v.passed), None)

    @property
    def near_miss(self) -> bool:
        """Dropped by a weak check only, with a contact it would have been."""
        dropped = self.dropped_by
        return dropped is not None and dropped.check in WEAK_CHECKS and self.contact is not None


@dataclass
class ContactTrace:
    """Every candidate of an article in text order, and the contacts kept after merging."""

    candidates: list[Candidate] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def suggestions(self) -> list[Candidate]:
        return [c for c in self.candidates if c.near_miss]


def check_counts(articles: list[list[Candidate]]) -> dict[str, int]:
    """How many candidates each check dropped (and how many were kept), over many articles."""
    counts: dict[str, int] = {}
    for candidates in articles:
        for cand in candidates:
            dropped = cand.dropped_by
            key = dropped.check if dropped is not None else "kept"
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def explain(article: str, candidates: list[Candidate], width: int = 100) -> list[str]:
    """Readable lines for ``liaison extract --explain``: every candidate, each check's verdict,
    and whether it was kept, dropped (by which check, why) or offered as a suggestion."""
    lines = [f"== {article}: {len(candidates)} contact candidates"]
    for cand in candidates:
        dropped = cand.dropped_by
        status = "KEPT" if dropped is None else ("SUGGESTION" if cand.near_miss else "DROPPED")
        quote = " ".join(cand.contact.sources[0].quote.split()) if cand.contact and cand.contact.sources else ""
        lines.append(f"- [{status}] '{cand.trigger}' ({cand.pattern}, {cand.kind}) at {cand.start}-{cand.end}")
        lines.append(f"    \u201c{quote[:width]}{'…' if len(quote) > width else ''}\u201d")
        if cand.contact is not None:
            names = ", ".join(f"{p.name} [{p.country or '?'}, {p.kind}]" for p in cand.contact.participants)
            lines.append(f"    parties: {names or '-'}; place: {cand.contact.location or '-'}; "
                         f"date: {cand.contact.date.value or 'undated'} ({cand.contact.date.reason})")
        for v in cand.verdicts:
            lines.append(f"    {'ok  ' if v.passed else 'FAIL'} {v.check}{': ' + v.why if v.why else ''}")
    return lines
