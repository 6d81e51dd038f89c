"""Person names in the places messages give them: chat speakers, vocatives, arrows, roles in brackets, handles
and signatures (e-mail threads, SMS, Teams/WhatsApp, handovers, portal messages).

Staff write to each other by first name, often shortened ('Stéph', 'Flo', 'Seb', 'Nico': the French apocope
of a given name), and a chat line starts with its speaker ('Flo : quelqu'un a les clés ?', 'Kevin L. 02:13 :').
There the position says the word is a person, so a given name that is also a word or an eponym ('Thomas',
'Rose', 'Pierre') is a name too. Positions read:

- a line's speaker before a colon (a time and an initial may follow the name): a known given name, its
  apocope, or, in a chat (two speaker lines or more), a word no list holds;
- a vocative opening a line ('Thomas, tu peux regarder ?'): a known given name or its apocope, then a comma or
  '!' and a lower-case word;
- an arrow's ends ('sms 08:10 -> Seb (manip)', 'Élise (manip) -> Dr Auger') and a name before a staff role in
  brackets;
- a handle ('@jdurand', '@marie.l'), when a part of it is a name;
- a signature: a line of one name closing the message or followed by a quoted header ('-----Message
  d'origine-----', 'Le ... a écrit :', 'Envoyé de mon iPhone'), in a text that reads as a message.

Never a medical, function or common word on its own (except a known given name in these positions), a month, a
town, a region, a title or a civility. Each rule is gated by one character test or set intersection.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import Lookups, fold, read_list
from deduce_fr.names import CIVILITIES, NOT_NAME_ACRONYMS, ORGANISATION_WORDS, clinical_abbreviations
from deduce_fr.persons_cues import LANGUAGES, world_all
from deduce_fr.persons_cues import interpreting as _interpreting
from deduce_fr.tokenizer import line_starts

_MONTHS_DAYS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier",
                          "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
                          "decembre"})
_TITLES = frozenset({"dr", "dre", "pr", "prof", "docteur", "professeur", "m", "mr", "mme", "mlle", "me", "maitre"})
# a line's speaker (a time before or after it, an initial after it) then ':' , or a vocative then ',' or '!'
_LINE_HEAD = re.compile(r"[ \t>]*(?:\[?\d{1,2}[:h]\d{2}(?::\d{2})?\]?[ \t]+)?(?P<name>[^\W\d_][\w'’\-]{1,20})"
                        r"(?P<init>[ \t][A-ZÀ-Þ]\.)?(?:[ \t]+\d{1,2}[:h]\d{2})?[ \t]*(?P<sep>[:,!])[ \t]+(?P<next>\S)")
# the same after a newline (a scan led by that literal, over the whole text: one match per line that holds one)
_NEXT_LINE_HEAD = re.compile("\n" + _LINE_HEAD.pattern)
_ARROW_AFTER = re.compile(r"(?:->|→|=>)[ \t]*(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’\-]+)(?![\w'’\-])")
_ARROW_BEFORE = re.compile(r"(?<![\w'’\-])(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’\-]+)[ \t]*(?:\([^()\n]{1,24}\)[ \t]*)?(?:->|→|=>)")
# a bracket (led by its character: a fast scan), then the capitalised word right before it
_ROLE = re.compile(r"\((?P<role>[^()\n]{2,60})\)")  # (the role first: '(secrétariat Imagerie X)'
_NAME_BEFORE = re.compile(r"(?<![\w'’\-])(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þa-zà-ÿ][a-zà-ÿ'’]+)*)[ \t]*$")
# a given name right before the name a bracketed role follows ('Farida Ait-Ouali (CESF)')
_GIVEN_BEFORE = re.compile(r"(?<![\w'’\-])(?P<name>[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)[ \t]+$")
_STAFF_ROLES = frozenset({"manip", "manips", "manipulateur", "manipulatrice", "ide", "infirmier", "infirmiere", "inf",
                          "interne", "externe", "secretariat", "secretaire", "secr", "accueil", "kine", "cadre",
                          "brancardier", "brancardiere", "as", "aide-soignant", "aide-soignante", "radiologue", "radio",
                          "sf", "sage-femme", "coordinatrice", "coordinateur", "regulation", "standard", "ash", "puer",
                          "puericultrice", "assistante", "assistant", "medecin", "senior", "chef", "garde", "nuit",
                          "jour", "astreinte", "arm", "permanencier", "technicien", "technicienne", "physicien",
                          "dosimetriste", "pharmacien", "pharmacienne", "preparateur", "preparatrice", "psy",
                          "psychologue", "dieteticienne", "ergo", "orthophoniste", "aide", "stagiaire", "etudiant",
                          "etudiante", "it", "informatique", "pacs", "ris", "biomed", "hotline", "support",
                          # research and care-coordination staff ('Nadia (ARC)', 'Léa (IRC)', 'Tom (IPA)', 'Zoé (APA)')
                          "arc", "tec", "irc", "cra", "crc", "ipa", "apa", "investigateur", "investigatrice",
                          "moniteur", "monitrice", "educateur", "educatrice", "dieteticien", "mk", "ergotherapeute",
                          "animateur", "animatrice", "logopede", "podologue", "pedicure-podologue",
                          "psychomotricien", "psychomotricienne", "assistant social", "assistante sociale", "gestionnaire", "mandataire", "tutrice", "tuteur", "benevole",
                          # social and street work, interpreting, transport (persons29: 'Farida X (CESF)', 'Yonas (interprète)')
                          "cesf", "interprete", "traducteur", "traductrice", "mediateur", "mediatrice", "veilleur",
                          "veilleuse", "maraudeur", "maraudeuse", "ecoutant", "ecoutante", "chauffeur", "ambulancier",
                          "ambulanciere", "juriste", "avocat", "avocate", "travailleur", "travailleuse", "conseillere",
                          "conseiller", "accompagnant", "accompagnante", "intervenant", "intervenante", "referent",
                          "referente"})
# (led by the '@' itself, the character before it checked after: a literal the scan skips to, where a leading
# look-behind made the scan try every position of the text)
_HANDLE = re.compile(r"@(?<![\w.@]@)(?P<h>[A-Za-z][\w.\-]{1,30}[A-Za-z0-9])")
_QUOTE_MARKERS = re.compile(r"[ \t]*(?:-{3,}|_{3,}|>|Le .{0,80}a [ée]crit|On .{0,80}wrote|De ?:|From ?:|Envoy[ée] de mon"
                            r"|Sent from|Message d|Original Message|Transf[ée]r[ée])", re.IGNORECASE)
_MESSAGE_WORDS = frozenset({"bonjour", "bonsoir", "salut", "coucou", "hello", "cordialement", "bises", "amities",
                            "merci", "objet", "envoye", "sms", "teams", "whatsapp", "mail", "courriel", "stp", "svp",
                            "dsl", "tkt", "mdr", "lol", "bisous", "amicalement"})
# a sign-off then a name closing its line, on the same line ('Bisous, Lolo', 'Merci ! Juju', 'Bonne soirée. Caro')
_SIGNOFF_THEN_NAME = re.compile(r"(?i:bises|bisous|biz|merci|cordialement|amicalement|amiti[ée]s|a\+|@\+|bonne journ[ée]e"
                                r"|bonne soir[ée]e|bonne nuit|bon courage|[àa] (?:demain|plus|bient[ôo]t|tout [àa] l'heure)"
                                r"|cdlt|cdt|thanks|thx)[ \t]*[,.!]+[ \t]*(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’\-]+)[ \t.!]*(?=\n|$)")
_SIGNOFF_GATE = frozenset({"bises", "bisous", "biz", "merci", "cordialement", "amicalement", "amities", "journee",
                           "soiree", "nuit", "courage", "demain", "plus", "bientot", "heure", "cdlt", "cdt", "thanks",
                           "thx"})
_SIGNOFF_WORDS = frozenset({"cordialement", "bises", "bisous", "amities", "amicalement", "merci", "bien", "bonne",
                            "salutations", "respectueusement", "cdlt", "cdt", "a", "tres"})


@lru_cache(maxsize=4)
def _apocopes(first_names: frozenset[str]) -> frozenset[str]:
    """The shortened forms French gives a given name by cutting its end ('steph' of 'stephane', 'flo' of 'florence',
    'nico' of 'nicolas'): every prefix of three letters or more that leaves two letters or more out."""
    out: set[str] = set()
    for name in first_names:
        if "-" in name or " " in name:
            continue
        for k in range(3, len(name) - 1):
            out.add(name[:k])
    return frozenset(out)


@lru_cache(maxsize=4)
def _two_letter(first_names: frozenset[str], function_words: frozenset[str]) -> frozenset[str]:
    return frozenset(f[:2] for f in first_names if len(f) >= 4 and "-" not in f) - function_words


# endings of French nouns and adjectives that label a form's field ('Prescripteur', 'Incidences', 'Modalité')
_NOUN_ENDINGS = ("eur", "euse", "trice", "tion", "sion", "ite", "ique", "iques", "ance", "ances", "ence", "ences",
                 "age", "ages", "ment", "ments", "ure", "ures", "aire", "aires", "isme", "iste", "oire", "ees")


@lru_cache(maxsize=1)
def _drugs_and_brands() -> frozenset[str]:
    """Drug, device and vendor names (data/fallback_drugs.txt, data/fallback_not_names.txt): '-> Augmentin'."""
    base = Path(__file__).parent / "data"
    words: set[str] = set()
    for name in ("fallback_drugs.txt", "fallback_not_names.txt"):
        if (base / name).exists():
            words.update(fold(w) for w in read_list(base / name))
    return frozenset(words)


def _thing(f: str, lk: Lookups) -> bool:
    """A word no name position can make a name: medical, function, month, title, acronym of a thing, a place, a
    drug or a brand."""
    return (f in lk.medical or f in _drugs_and_brands() or f in lk.function_words or f in _MONTHS_DAYS or f in _TITLES or f in CIVILITIES
            or f in clinical_abbreviations() or f in NOT_NAME_ACRONYMS or f in ORGANISATION_WORDS
            or (f,) in lk.cities and f not in lk.first_names)


# the apocope sets of each Lookups (the lists never change once loaded): built once, not per text; with them the
# answers of ``given`` and ``unknown`` by word (they read the word's folded form and the lists only: a chat or a
# form repeats its speakers and labels, 'Indication :', 'Conclusion :' on every report), cleared when large
_BY_LOOKUPS: dict[int, tuple[Lookups, frozenset[str], frozenset[str], dict[str, bool], dict[str, bool]]] = {}
_MEMO_MAX = 50_000


class _Names:
    """The name tests of one text (the apocope set is built once per first-name list)."""

    def __init__(self, lk: Lookups) -> None:
        self.lk = lk
        cached = _BY_LOOKUPS.get(id(lk))
        if cached is None or cached[0] is not lk:
            cached = _BY_LOOKUPS[id(lk)] = (lk, _apocopes(frozenset(lk.first_names)),
                                            _two_letter(frozenset(lk.first_names), frozenset(lk.function_words)),
                                            {}, {})
        self.apocopes, self._two, self._given, self._unknown = cached[1], cached[2], cached[3], cached[4]

    def given(self, word: str) -> bool:
        """A known given name or its apocope ('Thomas', 'Stéph', 'Flo'), no thing word."""
        known = self._given.get(word)
        if known is None:
            if len(self._given) > _MEMO_MAX:
                self._given.clear()
            known = self._given[word] = self._is_given(word)
        return known

    def _is_given(self, word: str) -> bool:
        f = fold(word)
        if len(f) < 2 or _thing(f, self.lk):
            return False
        if f in self.lk.first_names:
            return True
        return len(f) >= 3 and f in self.apocopes and not self.lk.is_common(word)

    def two_letter(self) -> frozenset[str]:
        """Two-letter apocopes ('jo', 'flo' has three): read only as a chat's speaker."""
        return self._two

    def unknown(self, word: str) -> bool:
        """A capitalised word no list holds (a nickname such as 'Ginou', a rare given name)."""
        known = self._unknown.get(word)
        if known is None:
            if len(self._unknown) > _MEMO_MAX:
                self._unknown.clear()
            known = self._unknown[word] = self._is_unknown(word)
        return known

    def _is_unknown(self, word: str) -> bool:
        f = fold(word)
        return len(f) >= 3 and not _thing(f, self.lk) and (self.lk.is_name_like(word) or not self.lk.is_common(word))


def message_names(ctx: Context, tag: str = "PERSON") -> list[Candidate]:
    """Names in the positions of messages (see the module docstring)."""
    text = ctx.text
    out: list[Candidate] = []
    names: _Names | None = None
    if ":" in text or "," in text or "!" in text:
        heads = _line_heads(text)
        if heads:
            names = _Names(ctx.lookups)
            speakers = [m for m in heads if m.group("sep") == ":"]
            # a chat: two speaker lines or more, one at least named by a known given name, its apocope or a title
            # and an initial ('Kader :' then 'Aline :'; 'jo :' then 'Dr R. :')
            chat = len(speakers) >= 2 and any(names.given(m.group("name")) or fold(m.group("name")) in _TITLES and (
                m.group("init")) for m in speakers)
            if not chat and len(speakers) >= 2:
                # a chat whose speakers no list knows ('Hinano :' then 'Tehei :'): a speaker seen on two lines, a
                # time stamped on the speaker lines, or a chat word in the text ('Teams', 'WhatsApp', 'sms')
                seen = [m.group("name") for m in speakers if m.group("name")[:1].isupper()]
                # (a speaker seen again after another one spoke: 'A', 'B', 'A'; a form repeats a label in a row)
                chat = any(seen[k] in seen[:k - 1] and seen[k - 1] != seen[k] for k in range(2, len(seen))) or sum(
                    1 for m in speakers if _TIME.search(text, m.start(), m.start("sep"))) >= 2 or not (
                    _CHAT_WORDS.isdisjoint(ctx.folded_set))
            for m in heads:
                w = m.group("name")
                f = fold(w)
                if m.group("sep") == ":":
                    if names.given(w) and (w[:1].isupper() or chat) or chat and not f.endswith(_LABEL_ENDINGS) and (
                            w[:1].isupper() and names.unknown(w) and not f.endswith(_NOUN_ENDINGS)
                            or len(f) == 2 and f in names.two_letter()):
                        end = m.end("init") if m.group("init") else m.end("name")
                        out.append((m.start("name"), end, tag))  # 'Flo :', 'Kevin L. 02:13 :', 'jo :'
                elif m.group("next").islower() and w[:1].isupper() and (
                        f in ctx.lookups.first_names and not _thing(f, ctx.lookups) or names.given(w)):
                    out.append((m.start("name"), m.end("name"), tag))  # 'Thomas, tu peux regarder ?'
    if "->" in text or "→" in text or "=>" in text:
        names = names or _Names(ctx.lookups)
        for m in (*_ARROW_AFTER.finditer(text), *_ARROW_BEFORE.finditer(text)):
            w = m.group("name")
            if names.given(w):  # (a given name or its apocope only: 'CHU de X, Abidjan → Hôpital Y' routes places)
                out.append((m.start("name"), m.end("name"), tag))
    if "(" in text:
        for r in _ROLE.finditer(text):
            inside = _NAME_COMMA_ROLE.match(r.group("role"))
            if inside is not None and fold(inside.group("role")) in _STAFF_ROLES:
                names = names or _Names(ctx.lookups)
                if _name_words_ok(inside.group("name"), names):
                    out.append((r.start("role"), r.start("role") + inside.end("name"), tag))  # '(Léa, secrétariat)'
                continue
            role = r.group("role").strip()
            # (its first word folded: the whole bracket's fold when it is not ASCII, where folding may add a
            # blank; most brackets hold a number, a grade or a code, each folded once and never again)
            role = role.split(maxsplit=1)[0].lower() if role.isascii() and role else fold(role)
            if not role or role.split()[0] not in _STAFF_ROLES and not (
                    role.split()[0] in LANGUAGES and _interpreting(ctx)):
                continue  # (a language: 'avec Habtom (tigrinya)' where an interpreter is spoken of)
            m = _NAME_BEFORE.search(text, max(0, r.start() - 40), r.start())
            if m is None:
                continue
            names = names or _Names(ctx.lookups)
            w = m.group("name")
            if names.given(w) or names.unknown(w) and fold(w) not in _SIGNOFF_WORDS:
                start = m.start("name")
                g = _GIVEN_BEFORE.search(text, max(0, start - 25), start)
                if g is not None and (names.given(g.group("name")) or fold(g.group("name")) in world_all()):
                    start = g.start("name")  # 'Farida Ait-Ouali (CESF)': the given name before the surname
                out.append((start, m.end("name"), tag))  # 'Fred (manip)', 'Lydie (accueil)'
    if "@" in text:
        names = names or _Names(ctx.lookups)
        for m in _HANDLE.finditer(text):
            if _handle_is_name(m.group("h"), names):
                out.append((m.start("h"), m.end("h"), tag))
    out.extend(_signatures(ctx, names, tag))
    out.extend(_closing_names(ctx, names, tag))
    if "<" in text and "@" in text:
        out.extend(_display_names(ctx, names, tag))
    out.extend(_greeted_names(ctx, names, tag))
    out.extend(_signed_lines(ctx, names, tag))
    if not _SIGNOFF_GATE.isdisjoint(ctx.folded_set):
        for m in _line_end_signoffs(text):
            names = names or _Names(ctx.lookups)
            w = m.group("name")
            if names.given(w) or names.unknown(w) and fold(w) not in _SIGNOFF_WORDS:
                out.append((m.start("name"), m.end("name"), tag))  # 'Bisous, Lolo', 'Merci ! Juju'
    return out


def _line_heads(text: str) -> list[re.Match[str]]:
    """_LINE_HEAD matched at each line's start, on a line whose first 48 characters hold a ':', ',' or '!' (no
    match crosses a newline: the text's first line, then a newline-led scan of the others; a match whose
    separator comes later than that has the line's head checked)."""
    out: list[re.Match[str]] = []
    first = _LINE_HEAD.match(text)
    for m in (*((first,) if first else ()), *_NEXT_LINE_HEAD.finditer(text)):
        pos = m.start() if m is first else m.start() + 1
        if m.start("sep") >= pos + 48:
            end = text.find("\n", pos)
            head = text[pos:min(len(text) if end < 0 else end, pos + 48)]
            if not (":" in head or "," in head or "!" in head):
                continue
        out.append(m)
    return out


def _line_end_signoffs(text: str) -> list[re.Match[str]]:
    """_SIGNOFF_THEN_NAME searched in the last 60 characters of each line that ends with a letter, '.' or '!'."""
    out: list[re.Match[str]] = []
    pos, n = 0, len(text)
    search = _SIGNOFF_THEN_NAME.search
    while pos < n:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        last = text[pos:end].rstrip(" \t")
        if last and (last[-1].isalpha() or last[-1] in ".!"):
            m = search(text, max(pos, end - 60), end)
            if m is not None:
                out.append(m)
        pos = end + 1
    return out


def _handle_is_name(handle: str, names: _Names) -> bool:
    """'jdurand', 'marie.l', 'nico.g', 's.benoit': a part is a given name, its apocope or a surname (one or two
    initials glued before a surname too)."""
    lk = names.lk
    parts = [p for p in re.split(r"[._\-]", fold(handle)) if p]
    for p in parts:
        if len(p) >= 3 and (p in lk.first_names or p in lk.surnames or p in names.apocopes) and not _thing(p, lk):
            return True
    whole = "".join(parts)
    return any(len(whole) - k >= 4 and whole[k:] in lk.surnames and not lk.is_common(whole[k:]) for k in (1, 2))


def _signatures(ctx: Context, names: _Names | None, tag: str) -> list[Candidate]:
    """A message's signature: a line of one name (or a given name and a surname) that closes the text or comes
    right before a quoted header ('-----Message d'origine-----', 'Envoyé de mon iPhone'), in a text that reads as
    a message (a greeting, a sign-off, a mail header or a chat word)."""
    text = ctx.text
    if "\n" not in text or _MESSAGE_WORDS.isdisjoint(ctx.folded_set):
        return []
    out: list[Candidate] = []
    lines = text.split("\n")
    starts = line_starts(lines)
    last = max((k for k, line in enumerate(lines) if line.strip()), default=-1)
    for k, line in enumerate(lines):
        value = line.strip().rstrip(",.")
        if not value or len(value) > 30 or k == 0:
            continue
        nxt = next((lines[j] for j in range(k + 1, len(lines)) if lines[j].strip()), None)
        if k != last and not (nxt is not None and _QUOTE_MARKERS.match(nxt)):
            continue
        words = value.split()
        if len(words) > 2 or not all(re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ'’\-]+|[A-ZÀ-Þ][A-ZÀ-Þ'’\-]+", w) for w in words):
            continue
        names = names or _Names(ctx.lookups)
        first = words[0]
        if fold(first) in _SIGNOFF_WORDS or ctx.lookups.is_common(first) and fold(first) not in ctx.lookups.first_names:
            continue
        if not (names.given(first) or names.unknown(first)) or len(words) == 2 and not names.unknown(words[1]) and (
                not names.given(words[1])):
            continue
        a = starts[k] + line.index(value)
        out.append((a, a + len(value), tag))
    return out


_TIME = re.compile(r"\d[:h]\d\d")
# endings of English labels of a form or a dump ('Finding', 'Subject', 'Impression', 'Comments')
_LABEL_ENDINGS = ("ing", "ings", "ject", "sion", "ments", "ness", "ity", "ure", "ory", "ary")
_CHAT_WORDS = frozenset({"teams", "whatsapp", "wsp", "sms", "chat", "canal", "messagerie", "signal", "slack", "tchat"})
# a name word: capitalised (inner hyphens, 'Marie-Pierre', 'Outam-Djiserkri'), an initial, or a particle inside
_NW = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þa-zà-ÿ][a-zà-ÿ'’]+)*"
_NAME = (rf"(?:[A-ZÀ-Þ]\.[ \t]?)?{_NW}(?:[ \t]+(?:{_NW}|[A-ZÀ-Þ]\.|[A-ZÀ-Þ]{{2,}}(?:-[A-ZÀ-Þ]{{2,}})*"
         rf"|(?:de|da|dos|do|du|le|la|van|von|ben|el|ter)(?=[ \t][A-ZÀ-Þ]))){{0,3}}")
# a closing formula (French, English, Dutch, Spanish, Portuguese, Italian, Polish, German), then a name on the same
# line or the next, closing its line or followed by a dash, a comma, a bracket, 'pour' or a quote:
# 'Cheers, Ana — Parexel', 'Groeten,\nJens De Smet — UZ Gent', 'Cordialement, Léa pour le secrétariat'
_CLOSING_TAIL = re.compile(r"[ \t]*[,.!]*[ \t]*\n?[ \t]*"
                           rf"(?P<name>{_NAME})(?=[ \t]*(?:[—–]|-[ \t]|,[ \t]|\(|pour[ \t]|[\"”»]|$|\n|\r))",
                           re.MULTILINE)
# the formula's last words ('cordialement', 'regards', 'groeten', 'bien à vous'); the words that end a formula
# only after another ('vous' after 'bien à', 'beaucoup' after 'merci') are checked against the words before them
_CLOSING_AFTER = {"vous": ("bien a", "bien à"), "toi": ("bien a", "bien à"), "you": ("thank",), "again": ("thanks",),
                  "beaucoup": ("merci",), "avance": ("merci",), "encore": ("merci",), "mille": ("grazie",)}
_NAME_COMMA_ROLE = re.compile(rf"[ \t]*(?P<name>{_NAME}),[ \t]*(?P<role>[^\W\d_][\w\-]*)")
_CLOSING_GATE = frozenset({"cordialement", "amicalement", "amities", "bav", "cdlt", "cdt", "confraternellement",
                           "respectueusement", "salutations", "bises", "bisous", "merci", "journee", "soiree", "courage",
                           "thanks", "thank", "thx", "cheers", "regards", "wishes", "groet", "groeten", "mvg", "saludos",
                           "saludo", "cumprimentos", "atenciosamente", "saluti", "grazie", "pozdrawiam", "grussen",
                           "gruessen", "grusse", "gruesse", "mfg", "danke", "vous", "toi", "distinguees", "confraternelles",
                           "cordiales", "you", "again", "beaucoup", "avance", "encore", "mille"})
_PARTICLE_WORDS = frozenset({"de", "da", "dos", "do", "du", "le", "la", "van", "von", "ben", "el", "ter"})


def _name_words_ok(value: str, names: _Names, lower: bool = False) -> bool:
    """Every word of a name written alone is a given name, its apocope, a word no list holds, an initial or a
    particle (none a sign-off, a title or a thing), one at least a name or an unknown word."""
    named = False
    for w in value.replace(".", ". ").split():
        f = fold(w)
        if len(f) <= 1 or f.endswith(".") and len(f) <= 2:
            continue
        if f in _PARTICLE_WORDS:
            continue
        if f in _SIGNOFF_WORDS or f in _GREETINGS or not (names.given(w) or names.unknown(w) or lower and names.unknown(
                w.capitalize())):
            return False
        named = True
    return named


def _closing_names(ctx: Context, names: _Names | None, tag: str) -> list[Candidate]:
    """A name after a closing formula, on its line or the next (see _CLOSING_THEN_NAME)."""
    if _CLOSING_GATE.isdisjoint(ctx.folded_set):
        return []
    names = names or _Names(ctx.lookups)
    out: list[Candidate] = []
    text, toks = ctx.text, ctx.tokens
    for i in ctx.indices(_CLOSING_GATE):
        before = _CLOSING_AFTER.get(ctx.folded[i])
        if before is not None and not text[max(0, toks[i].start - 12):toks[i].start].lower().rstrip(" '’d").endswith(
                before):
            continue
        m = _CLOSING_TAIL.match(text, toks[i].end)
        if m is None:
            continue
        value = m.group("name")
        if value.isupper() or not _name_words_ok(value, names):
            continue
        out.append((m.start("name"), m.end("name"), tag))
    return out


# a display name before an address in brackets, as mail headers write it: 'De: lovelsa yasou <l.y@hotmail.fr>',
# '"Dupont, Marie" <m.dupont@x.fr> a écrit', 'From: Kazan B. <...>'
_ADDRESS = re.compile(r"<[^<>@\s]{1,64}@[^<>\s]{1,100}>")
_DISPLAY = re.compile(r"(?:^|(?<=[:,;\t])|(?<=[:,;] ))[ \t]*[\"“]?(?P<name>[^\W\d_][\w'’\-]*(?:,?[ \t]+[^\W\d_][\w'’\-]*\.?)"
                      r"{0,3})[\"”]?[ \t]*$")


def _display_names(ctx: Context, names: _Names | None, tag: str) -> list[Candidate]:
    names = names or _Names(ctx.lookups)
    out: list[Candidate] = []
    text = ctx.text
    for a in _ADDRESS.finditer(text):
        start = max(text.rfind("\n", 0, a.start()) + 1, a.start() - 90)
        m = _DISPLAY.search(text, start, a.start())
        if m is None:
            continue
        value = m.group("name")
        lower = value.islower()
        if not _name_words_ok(value.replace(",", " "), names, lower=lower):
            continue
        out.append((m.start("name"), m.end("name"), tag))
    return out


_GREETINGS = frozenset({"bonjour", "bonsoir", "salut", "coucou", "hello", "hi", "dear", "cher", "chere", "hallo",
                        "hola", "ola", "ciao", "buongiorno", "beste", "dag", "goedemorgen", "goedemiddag", "liebe",
                        "lieber", "hey", "merci"})
# a greeting then a name, then a comma, '!' or the line's end: 'Bonjour Hinano,', 'Hi Ana,', 'Beste Jens,'
_GREETED = re.compile(rf"[ \t]+(?P<name>{_NW}(?:[ \t]+{_NW})?)[ \t]*(?:[,!]|$)", re.MULTILINE)
_GREET_GATE = _GREETINGS | frozenset({"chere", "ola"})
# (not a title, a team, a colleague: 'Bonjour Docteur,', 'Dear colleagues,', 'Bonjour Madame')
_NOT_GREETED = frozenset({"docteur", "docteure", "madame", "monsieur", "mademoiselle", "confrere", "consoeur", "collegue",
                          "collegues", "colleague", "colleagues", "sir", "madam", "all", "team", "everyone", "tous",
                          "toutes", "equipe", "doctor", "professeur", "professor", "maitre", "ami", "amie", "amis",
                          "mesdames", "messieurs", "famille", "parents", "the", "to", "et"})


def _greeted_names(ctx: Context, names: _Names | None, tag: str) -> list[Candidate]:
    if _GREET_GATE.isdisjoint(ctx.folded_set):
        return []
    names = names or _Names(ctx.lookups)
    out: list[Candidate] = []
    for i in ctx.indices(_GREET_GATE):
        m = _GREETED.match(ctx.text, ctx.tokens[i].end)
        if m is None:
            continue
        value = m.group("name")
        if any(fold(w) in _NOT_GREETED for w in value.split()) or not _name_words_ok(value, names):
            continue
        out.append((m.start("name"), m.end("name"), tag))
    return out


# a line that opens with a name then a comma or a dash and a role or a phone number, as a message is signed:
# 'Hinano Teriierooiterai, mandataire judiciaire', 'D. Raboumi, 03 28 41 09 63', 'Léa M. - 06 03 77 41 58'
_SIGNED_LINE = re.compile(rf"\n[ \t]*(?P<name>{_NAME})[ \t]*(?:,|[—–-])[ \t]*(?:(?P<phone>(?:\+|0)\d(?:[ .]?\d){{5,}})"
                          r"|(?P<role>[^\W\d_][\w'’\-]*))")  # (led by the newline: a fast scan)
_SIGNED_ROLES = frozenset({"mk", "ide", "inf", "as", "arc", "tec", "irc", "ipa", "apa", "mandataire", "curateur", "curatrice",
                           "tuteur", "tutrice", "secretariat", "secretaire", "assistante", "assistant", "gestionnaire",
                           "kine", "kinesitherapeute", "infirmier", "infirmiere", "medecin", "radiologue", "psychologue",
                           "pedicure-podologue", "podologue", "ergotherapeute", "orthophoniste", "logopede",
                           "dieteticienne", "dieteticien", "educateur", "educatrice", "puericultrice", "sage-femme",
                           "coordinatrice", "coordinateur", "cadre", "interne", "pharmacien", "pharmacienne",
                           "manipulateur", "manipulatrice", "technicien", "technicienne", "aide-soignante",
                           "aide-soignant", "benevole", "assistant social", "moniteur", "monitrice", "investigateur",
                           "investigatrice", "avocat", "avocate", "notaire", "huissier", "juge", "substitut",
                           "procureur", "greffier", "greffiere", "directeur", "directrice", "responsable",
                           "osteopathe", "psychomotricienne", "psychomotricien", "animatrice", "animateur"})


def _signed_lines(ctx: Context, names: _Names | None, tag: str) -> list[Candidate]:
    text = ctx.text
    if "\n" not in text:
        return []
    names = names or _Names(ctx.lookups)
    out: list[Candidate] = []
    for m in _SIGNED_LINE.finditer(text):
        role = m.group("role")
        if role is not None and fold(role) not in _SIGNED_ROLES:
            continue
        value = m.group("name")
        if value.isupper() or not _name_words_ok(value, names):
            continue
        out.append((m.start("name"), m.end("name"), tag))
    return out
