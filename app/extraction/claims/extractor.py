"""The analysis of one unit: its claim verb, speaker, kind, hedging and the verdict."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.extraction.claims.attributes import claim_date, claim_topics
from app.extraction.claims.cues import Cues, get_cues
from app.extraction.claims.patterns import (
    _AGENT,
    _AGENT_KINDS,
    _ASIDE,
    _CONDITIONAL_FORM,
    _FUTURE_CUE,
    _GROUP_DEPS,
    _INCISE,
    _INFINITIVE_LEAD,
    _JOURNALISTIC_CONDITIONAL,
    _MODAL,
    _QUE,
    _SKIP_AFTER_VERB,
    _STANCE_ASIDE,
    _TIME_WORD,
    _VERB_PREFIX,
    _singular,
)
from app.extraction.claims.speakers import Memory, Speaker, SpeakerResolver, _np_end
from app.extraction.claims.units import _HEARSAY, Unit, build_units, find_quotes
from app.extraction.contacts.cues import get_cues as contact_cues
from app.extraction.gazetteer import Gazetteer, get_gazetteer
from app.extraction.records import Claim
from app.extraction.textfold import fold


def _how(speaker: Speaker, how: str) -> Speaker:
    speaker.how = speaker.how or how
    return speaker


@dataclass
class Verb:
    start: int  # start of the verb group (auxiliaries included)
    cue_start: int
    cue_end: int
    kind: str | None  # claim kind the verb cues, or None for a plain verb of saying
    inverted_only: bool = False  # "lancé", "appris": a verb of saying only after a quote or clause
    non_denial: bool = False  # "a refusé de commenter", "n'a ni confirmé ni démenti"
    hearsay: bool = False  # "des informations faisant état de…": a report whoever carries it


@dataclass(frozen=True)
class ClaimVerdict:
    """Why one unit of the text became a claim or did not: the claim step's trace."""

    start: int
    end: int
    kept: bool
    why: str


@dataclass
class Finding:
    kind: str
    speaker: Speaker | None
    hedged: bool
    verb: Verb | None = None


@dataclass
class ClaimExtractor:
    ctx: object
    cues: Cues = field(default_factory=get_cues)
    gaz: Gazetteer = field(default_factory=get_gazetteer)

    def __post_init__(self) -> None:
        self.text: str = self.ctx.text
        self.folded = fold(self.text)
        self.quotes = find_quotes(self.text)
        self.masked = self._mask_quotes()
        self.resolver = SpeakerResolver(self.ctx, self.gaz, self.cues)
        self.memory = Memory()
        self._seen_speaker: Speaker | None = None
        self._previous_speaker: Speaker | None = None
        self.trace: list[ClaimVerdict] = []
        self._why = ""

    def _mask_quotes(self) -> str:
        """The folded text with quoted words blanked, except a speaker's incise inside a quote
        ("« Nous sommes neutres, a déclaré X, et le resterons »")."""
        chars = list(self.folded)
        for a, b in self.quotes:
            keep = set()
            for m in _INCISE.finditer(self.folded, a + 1, b - 1):
                if self.cues.speech.match(self.folded, m.start(1)) or self.cues.inverted_speech.match(self.folded, m.start(1)):
                    keep.update(range(m.start(), m.end()))
            for i in range(a + 1, b - 1):
                if i not in keep and chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)

    # -- driving

    def run(self) -> list[Claim]:
        units = build_units(self.ctx, self.cues)
        claims: list[Claim] = []
        last_claim_unit: int | None = None
        for index, unit in enumerate(units):
            self._remember_outlets(unit.start)
            if last_claim_unit is not None and index == last_claim_unit + 1 and claims:
                if self._casts_doubt(unit) and not self._quoted(claims[-1]):
                    claims[-1].hedged = True
            self._previous_speaker, self._seen_speaker = self._seen_speaker, None
            self._why = ""
            finding = self.analyse(unit)
            self.trace.append(self._verdict(unit, finding))
            if finding is None:
                if self._seen_speaker is not None:  # "…, a indiqué la diplomatie russe." then "précise le texte"
                    self.memory.last_speaker = self._seen_speaker.name
                continue
            claims.append(self._make_claim(unit, finding))
            last_claim_unit = index
            if finding.speaker is not None:
                self.memory.last_speaker = finding.speaker.name
                if finding.speaker.is_outlet:
                    self.memory.last_outlet = finding.speaker.name
        return claims

    def _drop(self, why: str) -> None:
        """No claim in the unit, and why (for the trace)."""
        self._why = why

    def _verdict(self, unit: Unit, finding: Finding | None) -> ClaimVerdict:
        if finding is None:
            return ClaimVerdict(unit.start, unit.end, False, self._why or "not a claim")
        who = f"{finding.speaker.name} ({finding.speaker.how})" if finding.speaker else "the article"
        cue = self.text[finding.verb.cue_start:finding.verb.cue_end] if finding.verb else "-"
        hedged = ", hedged" if finding.hedged else ""
        return ClaimVerdict(unit.start, unit.end, True, f"{finding.kind} by {who}, cue '{cue}'{hedged}")

    def _remember_outlets(self, before: int) -> None:
        for m in self.ctx.mentions:
            if m.end <= before and self.gaz.actors[m.key].kind == "outlet":
                self.memory.last_outlet = self.gaz.actors[m.key].name

    def _quoted(self, claim: Claim) -> bool:
        """A claim that is mostly a direct quote: doubt cast next is not on the speaker's words."""
        inside = sum(min(b, claim.end) - max(a, claim.start) for a, b in self.quotes
                     if a < claim.end and claim.start < b)
        return inside * 2 > claim.end - claim.start

    def _casts_doubt(self, unit: Unit) -> bool:
        """A short next sentence that says what precedes is unconfirmed."""
        if unit.end - unit.start > 160:
            return False
        return bool(self.cues.followups.search(self.masked, unit.start, unit.end))

    # -- one unit

    def analyse(self, unit: Unit) -> Finding | None:
        verbs = self._verbs(unit)
        kind_verbs = [v for v in verbs if v.kind]
        quotes = [q for q in self.quotes if unit.start <= q[0] and q[1] <= unit.end]
        long_quote = any(len(self.text[a:b].split()) >= 4 for a, b in quotes)
        speaker, verb = self._speaker(unit, verbs)
        if speaker is None and unit.inherit and self._previous_speaker is not None:
            speaker = self._previous_speaker
            verb = next((v for v in verbs if v.kind), verb)
        if speaker is None:
            speaker, verb = self._subject_of_kind_verb(unit, kind_verbs, verb)
        elif speaker.how in ("source", "inverted") and (speaker.is_outlet or not speaker.actor_key):
            speaker, verb = self._subject_over_source(unit, speaker, verb)
        self._seen_speaker = speaker
        if speaker is not None and speaker.how == "inverted" and verb is not None:
            # "«…», avait précisé X, rappelant que l'accord avait été signé": background, not the claim
            kind_verbs = [v for v in kind_verbs if v.cue_start <= verb.cue_start]
        kind = self._kind(unit, kind_verbs, speaker, verb)
        if kind is None and verb is not None and verb.hearsay and self._contact_only(unit) and not self._future(unit):
            return self._drop("a report of past contacts only (the contact step's)")
        if kind is None and (unit.source is not None or verb is not None and verb.hearsay):
            kind = "report"
        if kind is None:
            if speaker is None:
                return self._unsourced_conditional(unit) or self._stance_finding(unit) or self._drop(
                    "no speaker: no verb of saying with a subject, no source, no press conditional"
                    if verbs else "no claim cue, no stance verb with a speaker")
            said = self._has_content(unit, verb, long_quote, quotes, speaker)
            if not said:
                return self._stance_finding(unit) or self._drop(
                    f"{speaker.name} ({speaker.how}) says nothing: no quote, no 'que' clause, no stance")
            kind = "statement"
            if speaker.is_outlet and not long_quote:
                kind = "report"
            if not long_quote and speaker.how in ("source", "inverted") and self._contact_only(unit):
                if not self._future(unit):
                    # a contact only, unless someone in it takes a stance ("lors de l'entretien,
                    # X a réaffirmé son soutien à…, a indiqué le ministère")
                    return self._stance_finding(unit, besides=verb) or self._drop(
                        f"a past contact reported by {speaker.name}: the contact step's")
                kind = "statement"  # a planned contact announced: what the speaker says of it
            elif kind == "statement" and verb is not None and self._alleges(unit, verb, speaker):
                kind = "allegation"
            elif kind == "statement" and verb is None and self._source_alleges(unit, speaker):
                kind = "allegation"
            elif kind == "statement" and not long_quote and self._contact_only(unit):
                # "Le Kremlin a annoncé que les deux présidents s'étaient entretenus": who says it met
                kind = "statement" if self._future(unit) else "contact"
        elif kind == "agreement" and self._future(unit):
            kind = "other"
        elif kind == "allegation" and any(v.kind == "denial" for v in kind_verbs):
            kind = "denial"  # "a dénoncé des « accusations infondées »"
        if kind == "report" and speaker is not None and not speaker.is_outlet and not (verb and verb.hearsay):
            kind = "allegation" if self._alleges(unit, verb, speaker) else "statement"
        if speaker is not None and speaker.is_outlet and kind in ("statement",) and not long_quote:
            kind = "report"
        if unit.source is not None:
            # what unnamed reports say, passed on by the article: never its own voice
            kind = kind if kind in ("allegation", "denial", "admission") else "report"
        non_denial = verb is not None and verb.non_denial and kind == "other"
        suspects = any(self.cues.suspicion.match(self.folded, v.cue_start) and not self._modifier(v) for v in kind_verbs)
        hedged = self._hedged(unit, speaker, verb) or non_denial or suspects \
            or (kind == "report" and not self._vouched(unit, speaker, verb))
        return Finding(kind, speaker, hedged, verb)

    def _vouched(self, unit: Unit, speaker: Speaker | None, verb: Verb | None) -> bool:
        """An outlet that announces something in its own name ("…, a indiqué l'agence Tass"): a
        report, but not a hedged one. What an outlet reveals or reports ("CNN a rapporté
        que…"), hearsay, "selon X" and "les informations selon lesquelles…" stay hedged."""
        return (speaker is not None and speaker.is_outlet and speaker.how in ("preverbal", "inverted")
                and verb is not None and not verb.hearsay and unit.source is None
                and bool(self.cues.outlet_statements.match(self.folded, verb.cue_start)))

    def _unsourced_conditional(self, unit: Unit) -> Finding | None:
        """"L'Iran aurait livré des missiles": the outlet's own unconfirmed report about an actor."""
        if not _JOURNALISTIC_CONDITIONAL.search(self.masked, unit.start, unit.end):
            return None
        if not self.ctx.mentions_in(unit.start, unit.end):
            return None
        outlet = self.ctx.meta.outlet if self.ctx.meta else None
        return Finding("report", Speaker(unit.start, unit.start, outlet, True) if outlet else None, True)

    def _verbs(self, unit: Unit) -> list[Verb]:
        found: dict[int, Verb] = {}
        for kind, pattern in self.cues.kinds.items():
            # A quoted denial is still one ("« sans fondement », a réagi Téhéran").
            source = self.folded if kind == "denial" else self.masked
            for m in pattern.finditer(source, unit.start, unit.end):
                if kind == "report":
                    continue
                found.setdefault(m.start(), Verb(self._group_start(unit, m.start()), m.start(), m.end(), kind))
        for m in self.cues.speech.finditer(self.masked, unit.start, unit.end):
            if not any(v.cue_start <= m.start() < v.cue_end for v in found.values()):
                found.setdefault(m.start(), Verb(self._group_start(unit, m.start()), m.start(), m.end(), None))
        for m in self.cues.inverted_speech.finditer(self.masked, unit.start, unit.end):
            if not any(v.cue_start <= m.start() < v.cue_end for v in found.values()):
                found.setdefault(m.start(), Verb(self._group_start(unit, m.start()), m.start(), m.end(), None,
                                                 inverted_only=True))
        for m in self.cues.non_denials.finditer(self.masked, unit.start, unit.end):
            # "n'a ni confirmé ni démenti": declining to answer, not a denial
            for key in [k for k, v in found.items() if m.start() <= v.cue_start < m.end()]:
                del found[key]
            found[m.start()] = Verb(self._group_start(unit, m.start()), m.start(), m.end(), "other", non_denial=True)
        verbs = sorted(found.values(), key=lambda v: v.cue_start)
        return [v for v in verbs if v.non_denial or self._is_verb(v)]

    def _is_verb(self, verb: Verb) -> bool:
        """Drop cue words that the parser reads as nouns or adjectives ("la note", "un écrit")."""
        span = self.ctx.doc.char_span(verb.cue_start, verb.cue_end, alignment_mode="expand")
        if span is None or len(span) != 1:
            return True  # phrases ("un accord a été conclu") are claims as written
        first = span[0]
        if first.pos_ in ("NOUN", "PROPN", "DET", "ADP") and first.i > 0 and first.nbor(-1).pos_ == "DET":
            return False
        return True

    def _group_start(self, unit: Unit, cue_start: int) -> int:
        before = self.folded[unit.start:cue_start]
        m = _VERB_PREFIX.search(before)
        start = unit.start + (m.start() if m else len(before))
        start = min(start, self._parsed_group_start(unit, cue_start))
        # "-ment" words are adverbs only when the parser says so ("le gouvernement a déclaré").
        for w in re.finditer(r"[\w-]+ment(?![\w-])", self.folded[start:cue_start]):
            span = self.ctx.doc.char_span(start + w.start(), start + w.end(), alignment_mode="expand")
            if span is not None and len(span) and span[0].pos_ != "ADV":
                return self._group_start_after(start + w.end(), cue_start)
        return start

    def _parsed_group_start(self, unit: Unit, cue_start: int) -> int:
        """Where the verb group starts on the parse: the auxiliaries, negation and adverbs
        right before the verb ("a de même dit", "avait alors dénoncé")."""
        span = self.ctx.doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
        if span is None or not len(span):
            return cue_start
        verb = span[0]
        start, i = cue_start, verb.i - 1
        while i >= 0 and self.ctx.doc[i].idx >= unit.start:
            tok = self.ctx.doc[i]
            owner = tok.head if tok.dep_ == "fixed" else tok
            if owner.head.i != verb.i or owner.dep_ not in _GROUP_DEPS:
                break
            start, i = tok.idx, i - 1
        return start

    def _group_start_after(self, pos: int, cue_start: int) -> int:
        while pos < cue_start and self.text[pos].isspace():
            pos += 1
        return pos - 1 if pos > 0 and self.text[pos - 1].isspace() else pos

    # -- speaker

    def _speaker(self, unit: Unit, verbs: list[Verb]) -> tuple[Speaker | None, Verb | None]:
        f = self.folded
        if unit.source is not None:
            return self._reporting_noun(*unit.source), None
        if unit.relative:
            m = re.match(r"ce qu(?:e\s+|')", f[unit.start:unit.end])
            verb = next((v for v in verbs if v.kind), verbs[0] if verbs else None)
            if m and verb is not None:
                sp = self.resolver.resolve(unit.start + m.end(), verb.start, self.memory, trailing=False)
                if sp:
                    return _how(sp, "relative"), verb
        if unit.antecedent is not None and re.match(r"qui\s+(?!est |sont |a ete |ont ete |etait )",
                                                    self.folded[unit.start:unit.end]):
            sp = self.resolver.resolve(*unit.antecedent, self.memory)
            verb = next((v for v in verbs if v.kind), None)
            if sp and verb is not None:
                return _how(sp, "relative"), verb
        for m in _AGENT.finditer(self.masked, unit.start, unit.end):
            if not self._claim_participle(m.start(1), m.end(1)):
                continue
            if any(v.kind in _AGENT_KINDS and v.cue_start <= m.start() < v.cue_end for v in verbs):
                continue  # "visés par des sanctions": who is sanctioned, not who speaks
            end = _np_end(f, m.end(), unit.end)
            sp = self.resolver.resolve(m.end(), end, self.memory)
            if sp:
                verb = next((v for v in verbs if v.cue_start <= m.start() < v.cue_end + 2), None)
                verb = verb or Verb(m.start(), m.start(), m.end(), "allegation")
                return _how(self._citing(unit, sp), "agent"), verb
        for verb in verbs:
            if verb.kind in _AGENT_KINDS or (self._passive(verb) and not verb.non_denial):
                continue  # "X a imposé des sanctions": X acts, the article says it
            sp = self._pronoun_before(verb)
            if sp:
                return _how(sp, "inverted"), verb
            sp = self._inverted(unit, verb)
            if sp:
                return _how(self._citing(unit, sp), "inverted"), verb
            sp = None if verb.inverted_only else self._preverbal(unit, verb)
            if sp:
                return _how(self._citing(unit, sp), "preverbal"), verb
        for m in re.finditer(r"(?<![\w])(?:selon|d'apres)\s+", self.masked[unit.start:unit.end]):
            a = unit.start + m.end()
            sp = self._selon(a, unit)
            if sp:
                return _how(sp, "source"), None
        hearsay = self._hearsay(unit)
        if hearsay is not None:
            return hearsay
        m = re.match(r"\s*pour\s+", self.masked[unit.start:unit.end])
        if m:  # "Pour la Maison-Blanche, …" reads "according to": only for a known actor
            a = unit.start + m.end()
            end = _np_end(f, a, unit.end)
            sp = self.resolver.resolve(a, end, self.memory) if end < unit.end and f[end] == "," else None
            if sp and sp.actor_key:
                return _how(sp, "source"), None
        return None, verbs[0] if verbs else None

    def _hearsay(self, unit: Unit) -> tuple[Speaker, Verb] | None:
        """"Des informations faisant état de…", "Plusieurs médias font état de…": a report whose
        source is the noun that carries it (only when no verb of the unit names a speaker)."""
        m = _HEARSAY.search(self.masked, unit.start, unit.end)
        if m is None:
            return None
        span = self.ctx.doc.char_span(unit.start, m.start(), alignment_mode="contract")
        noun = next((t for t in reversed(span) if t.pos_ in ("NOUN", "PROPN")), None) if span is not None else None
        if noun is None:
            return None
        lo = self.folded.rfind(",", unit.start, noun.idx) + 1 or unit.start
        end = m.start()
        while end > lo and self.folded[end - 1] in " ,":
            end -= 1
        sp = self.resolver.resolve(lo, end, self.memory) or Speaker(noun.idx, end, self.text[noun.idx:end].strip())
        return _how(sp, "source"), Verb(m.start(), m.start(), m.end(), "report", hearsay=True)

    def _reporting_noun(self, start: int, end: int) -> Speaker:
        """The source of "… les informations selon lesquelles …": a named actor or speaker
        noun if it is one ("un diplomate selon qui…"), else the noun as written ("informations")."""
        sp = self.resolver.resolve(start, end, self.memory)
        if sp is None:
            sp = Speaker(start, end, self.text[start:end].strip())
        return _how(sp, "source")

    def _pronoun_before(self, verb: Verb) -> Speaker | None:
        """"…», a-t-elle ajouté": the subject pronoun is inverted before the participle;
        "a-t-on appris de source diplomatique": the source is the speaker."""
        if re.search(r"-t-on\s+$", self.folded[max(0, verb.cue_start - 8):verb.cue_start]):
            m = re.match(r"\s+(?:de|aupres de|aupres d'|d')\s*", self.folded[verb.cue_end:verb.cue_end + 12])
            if not m:
                return None
            a = verb.cue_end + m.end()
            return self.resolver.resolve(a, _np_end(self.folded, a, len(self.text)), self.memory)
        m = re.search(r"-(?:t-)?(il|elle|ils|elles)\s+$", self.folded[max(0, verb.cue_start - 14):verb.cue_start])
        if not m or not self.memory.last_speaker:
            return None
        return Speaker(verb.cue_start, verb.cue_start, self.memory.last_speaker)

    def _selon(self, a: int, unit: Unit) -> Speaker | None:
        f = self.folded
        end = _np_end(f, a, unit.end)
        sp = self.resolver.resolve(a, end, self.memory)
        return self._apposition(sp, end, unit, closed=True)

    def _apposition(self, sp: Speaker | None, end: int, unit: Unit, closed: bool) -> Speaker | None:
        """"selon le conseiller du président, Iouri Ouchakov, …": the person named in apposition
        wins over the title; ``closed``: the apposition must be followed by a comma."""
        f = self.folded
        if end >= unit.end or f[end] != "," or (sp is not None and self._is_person(sp)):
            return sp
        np_end = _np_end(f, end + 1, unit.end)
        b = self._participle_cut(end + 1, np_end)
        appos = self.resolver.resolve(end + 1, b, self.memory)
        ends_ok = b < np_end or (b < unit.end and f[b] == "," if closed else (b >= unit.end or f[b] in ",."))
        if appos and self._is_person(appos) and ends_ok:
            return appos
        return sp

    def _participle_cut(self, start: int, end: int) -> int:
        """``end``, or earlier where a present participle opens an aside ("X notant que…")."""
        span = self.ctx.doc.char_span(start, end, alignment_mode="contract")
        for tok in span if span is not None else ():
            if tok.pos_ == "VERB" and "Part" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense"):
                cut = tok.idx
                while cut > start and self.text[cut - 1].isspace():
                    cut -= 1
                return cut
        return end

    def _is_person(self, sp: Speaker) -> bool:
        return bool(sp.actor_key) and self.gaz.actors[sp.actor_key].kind == "person"

    def _inverted(self, unit: Unit, verb: Verb) -> Speaker | None:
        """"«…», a déclaré X" / "…, précise le document" / "…, rapporte l'agence Tass". A present
        participle ("…, accusant Téhéran de…") has its subject before it, never after."""
        f = self.folded
        tok = self._token(verb)
        if tok is not None and "Part" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense"):
            return None
        before = f[unit.start:verb.start].rstrip()
        after_start = verb.cue_end
        skip = _SKIP_AFTER_VERB.match(f, after_start, unit.end)
        a = skip.end() if skip else after_start
        if re.match(r"-(?:t-)?(?:il|elle|ils|elles)\b", f[verb.cue_end:verb.cue_end + 8]) or \
                re.match(r"-t-(?:il|elle)", f[verb.cue_end:verb.cue_end + 8]):
            m = re.match(r"(?:-t)?-(il|elle|ils|elles)", f[verb.cue_end:])
            return self.resolver.resolve(verb.cue_end + m.start(1), verb.cue_end + m.end(), self.memory) if m else None
        if _QUE.match(f[a:unit.end]):
            return None
        after_clause = before.endswith(("»", '"', "”")) or not before or \
            (before.endswith(",") and self._clause_before(unit, verb))
        end = _np_end(f, a, unit.end)
        if end <= a:
            return None
        tail = f[end:unit.end].strip()
        reaches_end = not tail or tail in ".!?" or tail.startswith((",", ". ", "en citant", "cite", "citant"))
        after_clause = after_clause or self._incise(before, tail, verb)
        if not (after_clause or (reaches_end and verb.kind is None)):
            return None
        sp = self._apposition(self.resolver.resolve(a, end, self.memory), end, unit, closed=False)
        if not after_clause and (sp is None or not sp.is_outlet):
            return None  # "… souligne l'agence Tass." without a comma: only an outlet is a speaker
        return sp

    def _incise(self, before: str, tail: str, verb: Verb) -> bool:
        """A speech verb set between commas inside the sentence it reports ("Les sanctions,
        a souligné X, « n'ont rien changé »"): the parser hangs it on the reported clause."""
        if verb.kind is not None or not before.endswith(",") or not tail.startswith(","):
            return False
        tok = self._token(verb)
        return tok is not None and tok.dep_ != "ROOT"

    def _clause_before(self, unit: Unit, verb: Verb) -> bool:
        """Whether what precedes the verb is a clause or a quote ("Moscou a livré…, a affirmé X")
        rather than a subject and its apposition ("Le porte-parole, Dmitri Peskov, a démenti
        toute livraison": there the phrase after the verb is the object, not the speaker)."""
        if any(unit.start <= a < verb.start for a, _ in self.quotes):
            return True
        seg = self.folded[unit.start:verb.start]
        pos = unit.start
        for chunk in seg.split(","):
            if chunk.strip() and not self._is_aside(unit.start + (pos - unit.start), chunk):
                span = self.ctx.doc.char_span(pos, pos + len(chunk), alignment_mode="contract")
                if span is not None and any(t.pos_ in ("VERB", "AUX") for t in span):
                    return True
            pos += len(chunk) + 1
        return False

    def _preverbal(self, unit: Unit, verb: Verb) -> Speaker | None:
        """"Kiev affirme que…", "Samedi dernier, l'Iran a admis…", "Vladimir Poutine, qui
        s'exprimait devant la presse, a affirmé…" (asides between commas are passed over)."""
        f = self.folded
        seg = f[unit.start:verb.start]
        hard = max(seg.rfind(";"), seg.rfind(":"), seg.rfind("»"), seg.rfind("«"), seg.rfind('"'))
        lo = hard + 1 if hard >= 0 else 0
        qu = max(seg.rfind(" que "), seg.rfind(" qu'"))
        if qu >= lo:
            lo = qu + (5 if seg.startswith(" que ", qu) else 4)
        commas = [i for i in range(lo, len(seg)) if seg[i] == ","]
        chunks = list(zip([lo] + [c + 1 for c in commas], commas + [len(seg)]))
        for a, b in reversed(chunks[-3:]):
            chunk = seg[a:b]
            if not chunk.strip():
                continue  # "Le ministre, Hossein Amir-Abdollahian, a reconnu…"
            if self._is_aside(unit.start + a, chunk):
                continue
            return self.resolver.resolve(unit.start + a, unit.start + b, self.memory, trailing=False)
        return None

    def _is_aside(self, start: int, chunk: str) -> bool:
        """A stretch between commas that is not the subject: a relative or adverbial phrase
        ("qui s'exprimait…", "de son côté", "lui"), or a participle ("arrivé mardi à Moscou")."""
        if _ASIDE.match(chunk) or _STANCE_ASIDE.fullmatch(chunk.strip()):
            return True
        lead = len(chunk) - len(chunk.lstrip())
        span = self.ctx.doc.char_span(start + lead, start + lead + 1, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok = span[0]
        return tok.pos_ == "VERB" and "Part" in tok.morph.get("VerbForm") and tok.text[:1].islower()

    def _claim_participle(self, start: int, end: int) -> bool:
        word = self.folded[start:end]
        return any(p.fullmatch(word) for p in (self.cues.speech, *self.cues.kinds.values())) or \
            bool(re.fullmatch(r"(?:accus|soupconn|denonc|critiqu|vis|cibl|sanctionn|annonc|rapport)\w*", word))

    def _passive(self, verb: Verb) -> bool:
        """"n'a pas été précisé": a verb of saying without a speaker."""
        before = self.folded[max(0, verb.cue_start - 12):verb.cue_start]
        return bool(re.search(r"(?:ete|est|sont|etait|etaient|soit)\s+$", before))

    def _citing(self, unit: Unit, sp: Speaker) -> Speaker:
        """An outlet "citant Moscou" passes on a named actor's words: the actor is the speaker."""
        if not sp.is_outlet:
            return sp
        for m in re.finditer(r"(?<![\w])citant\s+", self.masked[unit.start:unit.end]):
            a = unit.start + m.end()
            end = _np_end(self.folded, a, unit.end)
            cited = self.resolver.resolve(a, end, self.memory)
            if cited and cited.actor_key and not cited.is_outlet:
                return cited
        return sp


    # -- stance verbs on the parse

    def _stance_finding(self, unit: Unit, besides: Verb | None = None) -> Finding | None:
        """A speaker's stance stated without a quote or a "que" clause: "X a souligné
        l'importance de…", "a salué…", "a appelé à…", "a exprimé sa satisfaction", and the
        passive "… a été saluée par X". The verb is a lemma of ``stance_verbs`` on the parse;
        its speaker is its subject, its passive agent, or the subject of the verb it depends on
        ("est intervenu pour souligner", "a tenu à saluer"). ``besides``: a verb already read
        as reporting the sentence, not a stance in it."""
        span = self.ctx.doc.char_span(unit.start, unit.end, alignment_mode="expand")
        # outermost first: a stance verb inside what is said ("…, soulignant que X a salué…")
        # is the content, not the stance
        for tok in sorted(span if span is not None else (), key=_depth):
            if tok.pos_ != "VERB" or self._in_quote(tok.idx) or not self._stance_verb(tok):
                continue
            if besides is not None and besides.cue_start <= tok.idx < besides.cue_end:
                continue  # the verb that reports the contact ("…, a annoncé l'agence")
            speaker = self._stance_speaker(tok, unit)
            if speaker is None:
                continue
            verb = Verb(self._group_start(unit, tok.idx), tok.idx, tok.idx + len(tok.text), None)
            kind = "statement"
            if speaker.is_outlet:
                kind = "report"
            hedged = self._hedged(unit, speaker, verb) or kind == "report"
            return Finding(kind, speaker, hedged, verb)
        return None

    def _subject_of_kind_verb(self, unit: Unit, kind_verbs: list[Verb],
                              verb: Verb | None) -> tuple[Speaker | None, Verb | None]:
        """The parse subject of a claim verb the text-level rules missed: "X est allé jusqu'à
        dénoncer…", "ce que Téhéran ne cesse de démentir" (not for sanctions and agreements,
        whose subject acts rather than speaks)."""
        for v in kind_verbs:
            tok = self._token(v)
            if v.kind in _AGENT_KINDS or tok is None or tok.pos_ != "VERB" or self._modifier(v):
                continue
            speaker = self._stance_speaker(tok, unit)
            if speaker is not None:
                return speaker, v
        return None, verb

    def _subject_over_source(self, unit: Unit, source: Speaker,
                             verb: Verb | None) -> tuple[Speaker, Verb | None]:
        """"Selon l'agence X, le ministre a déclaré : « … »", "Selon un communiqué, M. Y a fait
        part de…", "M. Y a réaffirmé son soutien…, ajoute le communiqué": the outlet or document
        carries the words, the subject who takes the stance says them."""
        found = self._stance_finding(unit)
        if found is not None and found.speaker is not None and not found.speaker.is_outlet \
                and (found.speaker.start >= source.end or found.speaker.end <= source.start):
            return found.speaker, found.verb
        return source, verb

    def _stance_verb(self, tok) -> bool:  # noqa: ANN001 - spaCy Token
        objects = self.cues.stance_verbs.get(fold(tok.lemma_.lower()))
        if objects is None:
            return False
        if not objects:
            return True
        if "que" in objects and any(c.dep_ == "ccomp" for c in tok.children):
            return True
        return any(_singular(fold(c.lemma_.lower())) in objects
                   for c in tok.children if c.dep_ in ("obj", "xcomp", "obl:arg", "amod"))

    def _stance_speaker(self, tok, unit: Unit) -> Speaker | None:  # noqa: ANN001 - spaCy Token
        """Who takes the stance a verb token states: its subject, else its passive agent, else
        the subject of the verb it hangs on; the stance verb's own passive without an agent
        ("une inquiétude a été exprimée") names no speaker."""
        head = tok
        for _ in range(4):
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "obl:agent", "expl:subj")
                        or (c.dep_ == "nsubj:pass" and head.i != tok.i)]
            if subjects:
                return self._resolve_tokens(_nearest_group(subjects, head), unit)
            if head.dep_ not in ("conj", "xcomp", "advcl", "acl", "obl:arg", "obl:mod", "nmod"):
                return None
            head = head.head
        return None

    def _resolve_tokens(self, subjects, unit: Unit) -> Speaker | None:  # noqa: ANN001 - spaCy Tokens
        words = [t for s in subjects for t in s.subtree if not (t.dep_ == "case" and t.head.i == s.i)]
        start = max(unit.start, min(t.idx for t in words))
        end = min(unit.end, max(t.idx + len(t.text) for t in words))
        if self._in_quote(start):
            return None
        speaker = self.resolver.resolve(start, end, self.memory, trailing=False)
        return _how(self._apposition(speaker, end, unit, closed=False), "preverbal") if speaker else None

    # -- kind, content, hedging

    def _kind(self, unit: Unit, kind_verbs: list[Verb], speaker: Speaker | None, verb: Verb | None) -> str | None:
        if not kind_verbs:
            return None
        if verb is not None and verb.kind:
            return verb.kind
        strong = [v for v in kind_verbs if not self._modifier(v)]
        pool = strong or kind_verbs
        for v in pool:
            if self._is_main(v):
                return v.kind
        order = {k: i for i, k in enumerate(self.cues.kind_priority)}
        return min(pool, key=lambda v: order.get(v.kind, 99)).kind

    def _token(self, verb: Verb):
        span = self.ctx.doc.char_span(verb.cue_start, verb.cue_end, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _modifier(self, verb: Verb) -> bool:
        """"une société accusée d'avoir…": a participle qualifying a noun, not the clause's claim."""
        tok = self._token(verb)
        return tok is not None and tok.dep_ in ("acl", "amod", "acl:relcl") and tok.tag_ != "AUX" \
            and not any(c.dep_.startswith("aux") for c in tok.children)

    def _is_main(self, verb: Verb) -> bool:
        tok = self._token(verb)
        return tok is not None and (tok.dep_ == "ROOT" or tok.head.dep_ == "ROOT" and tok.dep_.startswith("aux"))

    def _has_content(self, unit: Unit, verb: Verb | None, long_quote: bool, quotes,
                     speaker: Speaker | None = None) -> bool:
        """Something is said: a quote, a "que" clause after the verb, or a sourced sentence."""
        if long_quote:
            return True
        if verb is not None and re.search(r"(?<![\w])(?:que|qu')", self.masked[verb.cue_end:unit.end]):
            return True
        if verb is not None and self._infinitive_after(unit, verb) is not None:
            return True
        rest = (self.masked[unit.start:verb.start] if verb else "") + " "
        if verb is not None and speaker is not None and speaker.how == "inverted" and len(rest.split()) >= 4:
            return True  # a clause before an inverted speaker: "X a rencontré Y, rapporte Tass"
        if re.search(r"(?<![\w])(?:selon|d'apres)\s|^\s*pour\s", self.masked[unit.start:unit.end]):
            return True
        return bool(quotes) and verb is not None

    def _infinitive_after(self, unit: Unit, verb: Verb) -> int | None:
        """Where a bare infinitive said by the speaker starts: "a affirmé samedi avoir abattu…",
        "assure ne pas avoir reçu…", "dit vouloir…" (reported speech without "que")."""
        if verb.inverted_only:
            return None
        skip = _SKIP_AFTER_VERB.match(self.folded, verb.cue_end, unit.end)
        a = skip.end() if skip else verb.cue_end
        m = _INFINITIVE_LEAD.match(self.masked, a, unit.end)
        if not m:
            return None
        span = self.ctx.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span[0]
        if tok.pos_ in ("VERB", "AUX") and "Inf" in tok.morph.get("VerbForm"):
            return m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        return None

    def _contact_only(self, unit: Unit) -> bool:
        """The unit reports a contact: a contact word, and for "recevoir"/"accueillir" a guest
        ("a reçu le ministre", not "a reçu des missiles", which is a claim about a delivery)."""
        for m in self.cues.contact_words.finditer(self.masked, unit.start, unit.end):
            if not self._hosting_verb(m.start(), m.end()) or self._receives_a_guest(m.start(), m.end()):
                return True
        return False

    def _hosting_verb(self, start: int, end: int) -> bool:
        """A verb of receiving a guest (``hosting_verbs`` of contact_cues.yaml, by lemma)."""
        span = self.ctx.doc.char_span(start, end, alignment_mode="expand")
        hosting = contact_cues().hosting
        return span is not None and any(t.lemma_.lower() in hosting for t in span)

    def _receives_a_guest(self, start: int, end: int) -> bool:
        """Whether a verb of receiving has a person or an actor as its object (or none stated)."""
        span = self.ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return True
        objects = [c for c in span[0].children if c.dep_ == "obj" and not _TIME_WORD.fullmatch(fold(c.text.lower()))]
        if not objects:
            return True  # "a été reçu par…", "reçu à Moscou"
        guests = self.cues.speaker_nouns - self.cues.document_nouns
        for obj in objects:
            if obj.pos_ == "PROPN" or self.ctx.mentions_in(obj.idx, obj.idx + len(obj.text)):
                return True
            if _singular(fold(obj.text.lower())) in guests:
                return True
        return False

    def _future(self, unit: Unit) -> bool:
        span = self.ctx.doc.char_span(unit.start, unit.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                if tok.pos_ in ("VERB", "AUX") and ("Fut" in tok.morph.get("Tense") or "Cnd" in tok.morph.get("Mood")):
                    if not self._in_quote(tok.idx):
                        return True
        return bool(_FUTURE_CUE.search(self.masked, unit.start, unit.end)
                    or _CONDITIONAL_FORM.search(self.masked, unit.start, unit.end))

    def _in_quote(self, pos: int) -> bool:
        return any(a < pos < b for a, b in self.quotes)

    def _alleges(self, unit: Unit, verb: Verb | None, speaker: Speaker) -> bool:
        """An assertion ("affirme que", "a révélé que") whose "que" clause has another side than
        the speaker's as its subject: "Kiev affirme que des drones iraniens…"."""
        if verb is None or not self.cues.assertion.match(self.folded, verb.cue_start):
            return False
        m = re.compile(r"(?<![\w])(?:que|qu')").search(self.masked, verb.cue_end, unit.end)
        if not m:
            return False
        subject_end = self._first_verb(m.end(), unit.end)
        own = self._sides(speaker.start, speaker.end) if speaker.end > speaker.start else set()
        if speaker.actor_key and self.gaz.actors[speaker.actor_key].country:
            own.add(self.gaz.actors[speaker.actor_key].country)
        theirs = self._sides(m.end(), subject_end)
        return bool(theirs - own) if own else bool(theirs)

    def _source_alleges(self, unit: Unit, speaker: Speaker) -> bool:
        """"Selon les services ukrainiens, la Russie aurait commandé…": a source of one side whose
        sentence has another side as its subject alleges; a source of no side ("selon des
        diplomates") or an opinion ("Pour Moscou, …") does not."""
        if speaker.end <= speaker.start or speaker.is_outlet:
            return False
        if not re.search(r"(?:selon|d'apres)\s+$", self.folded[max(unit.start, speaker.start - 10):speaker.start]):
            return False
        own = self._sides(speaker.start, speaker.end)
        if speaker.actor_key and self.gaz.actors[speaker.actor_key].country:
            own.add(self.gaz.actors[speaker.actor_key].country)
        if not own:
            return False
        comma = self.folded.find(",", speaker.end, unit.end)
        clause_start = comma + 1 if speaker.start - unit.start < 12 and comma >= 0 else unit.start
        subject_end = self._first_verb(clause_start, unit.end)
        return bool(self._sides(clause_start, subject_end) - own)

    def _first_verb(self, start: int, end: int) -> int:
        span = self.ctx.doc.char_span(start, end, alignment_mode="expand")
        for tok in span if span is not None else ():
            if tok.pos_ in ("VERB", "AUX") and tok.idx >= start:
                return tok.idx
        return end

    def _sides(self, start: int, end: int) -> set[str]:
        """Countries (or groups) a stretch names: gazetteer actors and nationality adjectives."""
        sides = set()
        for x in self.ctx.mentions_in(start, end):
            entry = self.gaz.actors[x.key]
            if entry.kind != "outlet":
                sides.add(entry.country or entry.key)
        for country, pattern in self.cues.nationalities.items():
            if pattern.search(self.masked, start, end):
                sides.add(country)
        return sides

    def _hedged(self, unit: Unit, speaker: Speaker | None, verb: Verb | None) -> bool:
        """Hedging words outside quotes and outside "les informations selon lesquelles …" (which
        reports the claims a speaker answers, not the speaker's own doubt). In what a speaker
        says (the "que" clause), the conditional is mostly the tense of reported speech: "a
        déclaré que la Russie serait représentée", "a averti qu'il pourrait imposer des
        sanctions" (the speaker's own possible act). It hedges as "pourrait" said of someone
        else ("a affirmé que la visite pourrait avoir lieu en mars") or as the press conditional
        after a verb in the present ("affirme que l'Iran aurait livré…")."""
        text = self.masked[:unit.end]
        for m in re.finditer(r"selon (?:lequel|laquelle|lesquels|lesquelles)[^,;]*", text[unit.start:]):
            a, b = unit.start + m.start(), unit.start + m.end()
            text = text[:a] + " " * (b - a) + text[b:]
        said = self._said(unit, Finding("statement", speaker, False, verb))
        for m in self.cues.hedges.finditer(text, unit.start, unit.end):
            in_said = any(a <= m.start() < b for a, b in said)
            if not in_said or not _MODAL.fullmatch(m.group(0)):
                return True
            tok = self._token_at(m.start())
            if tok is None:
                continue
            if m.group(0).startswith("pourrai"):
                if not any(c.dep_ in ("nsubj", "expl:subj") and c.pos_ == "PRON" for c in tok.children):
                    return True
            elif _JOURNALISTIC_CONDITIONAL.match(text, m.start()) and self._participle_after(tok) \
                    and not self._said_in_past(verb):
                return True
        return False

    def _token_at(self, pos: int):  # noqa: ANN202 - spaCy Token or None
        span = self.ctx.doc.char_span(pos, pos + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _participle_after(self, tok) -> bool:  # noqa: ANN001 - spaCy Token
        """"aurait livré", "serait impliqué": the conditional auxiliary of a past participle."""
        nxt = next((t for t in tok.doc[tok.i + 1:tok.i + 4] if t.pos_ != "ADV"), None)
        return nxt is not None and "Part" in nxt.morph.get("VerbForm")

    def _said_in_past(self, verb: Verb | None) -> bool:
        """A verb of saying in a past tense ("a déclaré", "avait indiqué"): a conditional in what
        it reports is the future seen from that past, not a doubt."""
        tok = self._token(verb) if verb is not None else None
        if tok is None:
            return False
        return "Part" in tok.morph.get("VerbForm") or bool({"Past", "Imp"} & set(tok.morph.get("Tense")))

    # -- output

    def _said(self, unit: Unit, finding: Finding) -> list[tuple[int, int]]:
        """What a speaker says (quotes, the clause after "que"), as opposed to when they say it."""
        spans = [q for q in self.quotes if unit.start <= q[0] < unit.end]
        verb = finding.verb
        if finding.speaker is not None and verb is not None and verb.kind not in _AGENT_KINDS:
            m = re.compile(r"(?<![\w])(?:que|qu')").search(self.masked, verb.cue_end, unit.end)
            if m:
                spans.append((m.start(), unit.end))
            else:
                inf = self._infinitive_after(unit, verb)
                if inf is not None:
                    spans.append((inf, unit.end))
        return spans

    def _make_claim(self, unit: Unit, finding: Finding) -> Claim:
        start, end = unit.start, unit.end
        actors = []
        for m in self.ctx.mentions_in(start, end):
            name = self.gaz.actors[m.key].name
            if name not in actors:
                actors.append(name)
        return Claim(
            article=self.ctx.key, start=start, end=end, text=self.text[start:end], kind=finding.kind,
            attributed_to=finding.speaker.name if finding.speaker else None, hedged=finding.hedged,
            date=claim_date(self.ctx, start, end, self._said(unit, finding)), actors=actors,
            topics=claim_topics(self.ctx, start, end),
        )


def _depth(tok) -> int:  # noqa: ANN001 - spaCy Token
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _nearest_group(subjects: list, verb) -> list:  # noqa: ANN001 - spaCy Tokens
    """The subject tokens nearest the verb that run on without a gap ("Vladimir" "Poutine"
    tagged as two subjects), not a noun the parser wrongly took as a second subject
    ("Critiquant les sanctions, Lavrov a souligné…")."""
    ordered = sorted(subjects, key=lambda t: (t.i > verb.i, abs(t.i - verb.i)))
    group = [ordered[0]]
    for tok in sorted(subjects, key=lambda t: -t.i):
        if tok.i < group[0].i and tok.right_edge.i + 1 == group[0].left_edge.i:
            group.insert(0, tok)
    return group
