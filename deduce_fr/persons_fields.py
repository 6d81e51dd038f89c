"""Person names read by the field that holds them, in structured text (exports, forms, XML, JSON, key=value).

A form, an export or a message header says what a value is: the label before it ('Exécutant : GAILLARD',
'Opérateur 1 : KLEIN', 'Nom du médecin : FÉVRIER'), the element around it ('<Nom>BLANC</Nom>'), the key before
it ('nom=PELLETIER', '"prenoms":["ROSE","MARIE"]'). There a surname that is also an ordinary word ('BLANC',
'PETIT', 'MARCHAND') or a given name that is one ('Pierre', 'Rose', 'Pascale') is a name all the same: the
label says so, and the name rules that read words alone must leave such words out of running text.

The labels are the person fields of French forms and exports and of English, Dutch and German systems:
identity fields (nom, prénom, name, surname...) and the roles that sign, order, perform or read an exam
(prescripteur, exécutant, opérateur, manipulateur, technicien, valideur, utilisateur, auteur...). A value is
read up to a gap, a delimiter, a digit, a lower-case word or the line's end, a title before it left out; it
is kept when its words are names or unknown words, or ordinary words in capitals (an export) or known given
names in an identity field; never a medical word, a department, a town, a month, an empty marker ('RAS',
'INCONNU', 'NC', '-'), nor a value whose label continues with a thing ('Nom de l'examen', 'Patient ID').

Gated: the folded token set must hold a label word (one set intersection), XML elements need '</'.
"""

from __future__ import annotations

import re

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import Lookups, fold
from deduce_fr.names import CIVILITIES, NOT_NAME_ACRONYMS, ORGANISATION_WORDS, clinical_abbreviations

# the fields that hold the identity of a person: here an ordinary word in capitals is a name ('Nom : PETIT')
IDENTITY_LABELS = frozenset({
    "nom", "noms", "prenom", "prenoms", "name", "names", "surname", "lastname", "firstname", "forename", "given",
    "family", "naam", "voornaam", "achternaam", "familienaam", "vorname", "nachname", "familienname"})
# the fields that hold a person who orders, performs, reads, signs, receives or is the subject of an exam
ROLE_LABELS = frozenset({
    "patient", "patiente", "usager", "usagere", "beneficiaire", "assure", "assuree", "victime", "eleve", "resident",
    "residente", "medecin", "prescripteur", "prescriptrice", "demandeur", "demandeuse", "executant", "executante",
    "operateur", "operatrice", "technicien", "technicienne", "manipulateur", "manipulatrice", "manip",
    "radiologue", "valideur", "validateur", "validatrice", "signataire", "auteur", "autrice", "redacteur",
    "redactrice", "utilisateur", "utilisatrice", "correspondant", "correspondante", "destinataire", "expediteur",
    "expeditrice", "interpretant", "lecteur", "lectrice", "praticien", "praticienne", "referent", "referente",
    "physician", "operator", "technologist", "radiologist", "author", "user", "reader", "requester", "arts", "arzt",
    "aanvrager", "verwijzer", "zuweiser",
    # the staff of a unit, a trial or a home named by their role in a form ('Psychologue : X', 'ARC : Y',
    # 'Moniteur : Z', 'Remplaçant : W', 'Investigateur principal : V')
    "psychologue", "puericultrice", "animateur", "animatrice", "remplacant", "remplacante",
    "gestionnaire", "coordinateur", "coordinatrice", "investigateur", "investigatrice", "arc", "tec", "irc",
    "kinesitherapeute", "educateur", "educatrice", "mandataire", "curateur", "curatrice", "tuteur", "tutrice",
    "ergotherapeute", "orthophoniste", "logopede", "dieteticienne", "dieteticien", "interlocuteur", "interlocutrice",
    "login", "username", "operateurs", "performing", "observer", "investigator", "coordinator"})
LABELS = IDENTITY_LABELS | ROLE_LABELS
# a label continued by one of these names a thing, not a person: 'Nom de l'examen', 'Patient ID', 'Nom du fichier'
_THING_WORDS = frozenset({
    "examen", "exam", "etablissement", "service", "station", "institution", "etude", "study", "protocole", "protocol",
    "fichier", "file", "modalite", "appareil", "produit", "site", "medicament", "hopital", "unite", "id", "ipp", "code",
    "numero", "no", "n", "type", "ville", "commune", "rue", "adresse", "address", "pays", "lieu", "naissance", "ne",
    "nee", "date", "age", "sexe", "sex", "tel", "telephone", "phone", "mail", "email", "courriel", "compte",
    "account", "organisme", "mutuelle", "caisse", "employeur", "ecole", "clinique", "cabinet", "centre", "labo",
    "laboratoire", "groupe", "equipe", "poste", "salle", "box", "chambre", "lit", "uf", "ufr", "pole", "departement",
    "dossier", "sejour", "acte", "ccam", "lot", "serie", "version", "statut", "status", "etat", "poids", "taille",
    "de_l", "naiss", "dn", "ddn", "dob", "initiales", "initials", "qualite", "specialite", "fonction", "role",
    "identifiant", "identifier", "uid", "rpps", "adeli", "finess", "inami", "nir", "nss", "ins", "matricule"})
# the words a label may hold between its head and its separator ('Nom du médecin', 'Technicien ayant réalisé
# l'examen' -> 'examen' is a thing: no; 'Médecin ayant validé', 'Opérateur 1', 'Nom d'usage', 'patient_nom')
_LABEL_GLUE = frozenset({"du", "de", "des", "d", "la", "le", "l", "ayant", "qui", "a", "realise", "realisee",
                         "valide", "validee", "signe", "signee", "interprete", "demandeur", "demandeuse", "traitant",
                         "traitante", "usage", "famille", "jeune", "fille", "marital", "epouse", "referent",
                         "referente", "responsable", "prescripteur", "executant", "radiologue", "senior", "_", "-",
                         "\"", "'", "full", "of", "the", "van", "der", "lecture", "1er", "1re", "2e", "2eme",
                         "premier", "second", "seconde", "patient", "patiente", "medecin", "referring", "ordering",
                         "requesting", "performing", "reading", "reporting", "attending", "en", "charge"})
_IDENTITY_GLUE = frozenset({"usage", "famille", "jeune", "fille", "marital", "epouse", "patient", "patiente"})
# values that say a field is empty or unknown
_EMPTY = frozenset({"non", "neant", "inconnu", "inconnue", "idem", "identique", "nc", "na", "ras", "nr", "nd", "sans",
                    "aucun", "aucune", "anonyme", "anonymous", "anonymized", "unknown", "none", "null", "test", "x",
                    "xx", "xxx", "vide", "absent", "absente", "systeme", "system", "admin", "auto", "automatique",
                    "robot", "interface", "serveur", "server", "externe", "interne", "garde", "astreinte", "urgences",
                    "urgence", "tous", "toutes", "all", "moi", "lui", "elle", "meme", "voir", "cf", "oui", "yes", "no",
                    "homme", "femme", "enfant", "bebe", "nourrisson", "adulte", "masculin", "feminin", "m", "f",
                    "remplacant", "remplacante", "liberal", "samu", "smur", "pompiers", "police", "famille", "parent",
                    "parents", "pere", "mere", "medecin", "docteur", "cabinet", "secretariat", "accueil", "standard",
                    "equipe", "chef", "cadre", "personnel", "soignant", "soignants", "infirmier", "infirmiere",
                    "patient", "patiente", "traitant", "traitante", "referent", "referente", "divers", "autre", "autres",
                    "multiple", "multiples", "plusieurs", "general", "generaliste", "specialiste", "confrere", "inconnus",
                    "prive", "public", "ville", "hopital", "clinique", "etranger", "etrangere", "mineur", "mineure",
                    "majeur", "majeure", "decede", "decedee", "ok", "valide", "validee", "signe", "signee"})
_TITLE = re.compile(r"(?:DR|Dr|PR|Pr|Docteur|DOCTEUR|Professeur|M|MME|Mme|MR|Mr|MLLE|Mlle|Madame|Monsieur|MADAME"
                    r"|MONSIEUR|Me|ME|Ma[iî]tre|MA[IÎ]TRE)\.?[ \t]+(?=[A-ZÀ-Þ])")  # (Me, Maître: a lawyer's, a notary's)
# a name word (capitalised or in capitals, inner hyphen or apostrophe), or an initial; one blank between words
_VALUE = re.compile(r"(?:[A-ZÀ-Þ][A-Za-zÀ-ÿ]?\.|[A-ZÀ-Þ][A-Za-zÀ-ÿ]*(?:['’\-][A-Za-zÀ-ÿ]+)*|(?:LE|LA|DE|DU|DES|VAN|VON|DA|DOS|DI|DEL|EL|BEN"
                    r"|VANDEN|VANDER|TER|TEN|Le|La|De|Du|Van|Von|Da|Dos|Di|Del|El|Ben|van|von|de|da|dos|di|del|le|la)"
                    r"(?= [A-ZÀ-Þ]))(?: (?:[A-ZÀ-Þ][A-Za-zÀ-ÿ]?\.|[A-ZÀ-Þ][A-Za-zÀ-ÿ]*(?:['’\-][A-Za-zÀ-ÿ]+)*|(?:LE|LA|DE|DU"
                    r"|DES|VAN|VON"
                    r"|DA|DOS|DI|DEL|EL|BEN|Le|La|De|Du|Van|Von|van|von|de|da|dos|di|del|le|la)(?= [A-ZÀ-Þ]))){0,4}"
                    r"(?![\w'’\-])")
# what ends a field's value: a line's end, a tab, a quote, a tag, a delimiter, an '=' or a gap of two blanks
_VALUE_END = re.compile(r'[\n\t"<;|,=]|  ')
_PARTICLES = frozenset({"le", "la", "de", "du", "des", "van", "von", "da", "dos", "di", "del", "el", "ben", "vanden",
                        "vander", "ter", "ten"})
_SEPARATORS = frozenset({":", "="})
_XML_ELEMENT = re.compile(r"<(?P<tag>[A-Za-z][\w:.\-]{0,40})(?:[ \t][^<>\n]{0,200})?>[ \t]*(?P<val>[^<>\n]{1,80}?)"
                          r"[ \t]*</(?P=tag)>")
_XML_PARTS = re.compile(r"[A-ZÀ-Þ]?[a-zà-ÿ]+|[A-ZÀ-Þ]+(?![a-zà-ÿ])")


def _label_ok(words: list[str]) -> tuple[bool, bool] | None:
    """(is a label, is an identity label) for a label's folded words, or None: a label word and no thing word."""
    if not any(w in LABELS for w in words) or any(w in _THING_WORDS for w in words):
        return None
    identity = any(w in IDENTITY_LABELS for w in words) and all(
        w in IDENTITY_LABELS or w in _IDENTITY_GLUE or w in _LABEL_GLUE for w in words)
    return True, identity


def name_value(value: str, start: int, lk: Lookups, identity: bool, tag: str = "PERSON") -> Candidate | None:
    """The candidate a labelled field's value gives (its title left out), or None when the value reads as no
    name (see the module docstring)."""
    title = _TITLE.match(value)
    if title:
        start += title.end()
        value = value[title.end():]
    m = _VALUE.match(value)
    if m is None:
        return None
    value = m.group().rstrip(".") if m.group().endswith(".") and len(m.group().split()[-1]) > 2 else m.group()
    words = [w for w in re.split(r"[ '’\-]", value.replace(".", " ")) if w]
    folded = [fold(w) for w in words]
    core = [(w, f) for w, f in zip(words, folded) if len(f) > 1 and f not in _PARTICLES]
    if not core:
        return None
    if any(f in _EMPTY or f in CIVILITIES for _, f in core):
        return None
    # a thing: a medical word, a clinical abbreviation, an organisation's or a department's word, a month
    for w, f in core:
        if lk.is_name_like(w) or f in _MONTHS_DAYS and identity:
            continue  # (a month in an identity field is a surname: 'Nom : FÉVRIER')
        if f in lk.medical or f in clinical_abbreviations() or f in NOT_NAME_ACRONYMS or f in ORGANISATION_WORDS or (
                f in _MONTHS_DAYS) or f in lk.function_words:
            return None
    if len(core) == 1 and (core[0][1],) in lk.cities and not lk.is_name_like(core[0][0]):
        return None  # 'Correspondant : LILLE'
    names = [w for w, _ in core if lk.is_name_like(w) or not lk.is_common(w)]
    if not names:
        # ordinary words only: a value in capitals (an export: 'Opérateur : KLEIN'), or known given names in an
        # identity field ('Prénom : Rose')
        if not (value.isupper() or identity and all(f in lk.first_names for _, f in core)):
            return None
    elif not title and len(core) == 1 and lk.is_common(core[0][0]) and not identity and not value.isupper():
        return None  # 'Médecin : Urgences' (a name-like common word alone, title-case, in a role field)
    return (start, start + len(value), tag)


_MONTHS_DAYS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier",
                          "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
                          "decembre"})


def _caps_label_then_name(ctx: Context, i: int) -> Candidate | None:
    """A role label in capitals then a name in capitals with no separator between, as capital-letter headers and
    labels write them ('PATIENT GUERIN LUC', 'MEDECIN DEMANDEUR BLANCHARD'): the name's words, a label's
    second word skipped; one of them at least a known name or a word no list holds."""
    toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
    j = i + 1
    while j < n and ctx.joined(j) and toks[j].text.isupper() and ctx.folded[j] in _LABEL_GLUE and j - i <= 2:
        j += 1  # 'MEDECIN DEMANDEUR', 'MEDECIN TRAITANT'
    if j >= n or not ctx.joined(j) or not toks[j].text.isupper() or toks[j].kind != "word":
        return None
    k = j
    while k < n and k - j < 4 and (k == j or ctx.joined(k)) and toks[k].kind == "word" and toks[k].text.isupper() and (
            len(toks[k].text) > 1):
        k += 1
    value = ctx.text[toks[j].start:toks[k - 1].end]
    words = value.split()
    if any(w.endswith(("É", "ÉE", "ÉS", "ÉES")) and not lk.is_name_like(w) for w in words):
        return None  # 'PATIENT DIALYSÉ', 'PATIENT OPÉRÉ': a participle describing the patient
    if not any(lk.is_name_like(w) or not lk.is_common(w) and fold(w) not in lk.function_words for w in words):
        return None
    return name_value(value, toks[j].start, lk, False)


def labelled_names(ctx: Context, tag: str = "PERSON") -> list[Candidate]:
    """Names after a person field's label and its separator ('Exécutant : GAILLARD', 'nom=PELLETIER',
    '"prenoms":["ROSE","MARIE"]', 'Opérateur 2 : WEBER'), and XML elements named by such a label."""
    out: list[Candidate] = []
    lk, text, toks = ctx.lookups, ctx.text, ctx.tokens
    n = len(toks)
    if not LABELS.isdisjoint(ctx.folded_set):
        last = -1
        for i in ctx.indices(LABELS):
            if i <= last:
                continue
            # the label's words up to its separator, on one line, at most 6 tokens and 48 characters
            j, words = i, []
            while j < n and j - i <= 6 and toks[j].text not in _SEPARATORS and toks[j].start - toks[i].start <= 48:
                if j > i and "\n" in ctx.gap(j):
                    break
                if toks[j].text not in ('"', "'", "_", "-") and not toks[j].text.isdigit():
                    words.append(ctx.folded[j])
                j += 1
            if j >= n or toks[j].text not in _SEPARATORS or "\n" in ctx.gap(j):
                if toks[i].text.isupper() and toks[i].text.isalpha() and ctx.folded[i] in ROLE_LABELS:
                    found = _caps_label_then_name(ctx, i)  # 'RX THORAX - PATIENT GUERIN LUC - 67 ANS'
                    if found:
                        out.append((found[0], found[1], tag))
                continue
            if any(w not in LABELS and w not in _LABEL_GLUE for w in words):
                continue  # (prose between the label and the colon: 'le patient dit que : ...')
            kind = _label_ok(words)
            if kind is None:
                continue
            last = j
            # the value(s): after blanks, quotes and a bracket; a JSON list gives several
            at = toks[j].end
            while True:
                k = at
                while k < len(text) and text[k] in " \t\"'[":
                    k += 1
                stop = _VALUE_END.search(text, k)  # (the value's end: a delimiter, a line's end or a gap)
                end = len(text) if stop is None else stop.start()
                found = name_value(text[k:end], k, lk, kind[1], tag)
                if found:
                    out.append(found)
                elif not kind[1] and not _LOGIN_LABELS.isdisjoint(words) and _login(text[k:end].rstrip(), lk):
                    out.append((k, k + len(text[k:end].rstrip()), tag))  # 'operator=lgoasdoue', 'reader1=dupuis_m' (a login names its user)
                # a JSON list of names: '"prenoms":["ROSE","MARIE"]'
                if end < len(text) - 2 and text[end] == '"' and text[end + 1] == "," and text[k - 1] == '"' and (
                        "[" in text[toks[j].end:k]):
                    at = end + 2
                    continue
                break
    if "</" in text:
        for m in _XML_ELEMENT.finditer(text):
            parts = [fold(p) for p in _XML_PARTS.findall(m.group("tag"))]
            kind = _label_ok(parts)
            if kind is None:
                continue
            found = name_value(m.group("val"), m.start("val"), lk, kind[1], tag)
            if found:
                out.append(found)
    return out


# the fields a log or a header dump fills with a login ('operator=lgoasdoue', 'reader1=dupuis_m')
_LOGIN_LABELS = frozenset({"operator", "operateur", "operatrice", "user", "utilisateur", "utilisatrice", "login",
                           "username", "reader", "lecteur", "lectrice", "author", "auteur", "observer", "technologist",
                           "technicien", "technicienne", "manipulateur", "manipulatrice", "valideur", "signataire",
                           "executant", "executante", "operateurs", "performing"})
# a department's or an exam's ending: 'rhumatologie', 'radiographie', 'pediatrique'
_TERM_ENDINGS = ("logie", "ique", "iques", "tion", "graphie", "scopie", "ite", "ose", "aire", "isme", "iatrie", "ologue")
# a login in a role field of a log or a header dump: lower-case letters, one '.' or '_' part, digits at the end
_LOGIN = re.compile(r"[a-z][a-z\-]{2,24}(?:[._][a-z][a-z\-]{0,24})?\d{0,4}")


def _login(value: str, lk: Lookups) -> bool:
    """'lgoasdoue', 'dupuis_m', 'dr.lamarque', 'koffi_a2': a login whose letters are no thing, no role, no
    system account ('admin', 'pacs', 'robot')."""
    if _LOGIN.fullmatch(value) is None or fold(value).endswith(_TERM_ENDINGS):
        return False
    parts = [p for p in re.split(r"[._\d]", value) if p]
    longest = max(parts, key=len)
    if len(longest) < 4:
        return False
    for p in parts:
        f = fold(p)
        if len(f) <= 2:
            continue  # (an initial: 'dupuis_m')
        if f in _EMPTY or f in lk.medical or f in lk.function_words or f in clinical_abbreviations() or (
                f in NOT_NAME_ACRONYMS or f in ORGANISATION_WORDS or f in _MONTHS_DAYS or f in _THING_WORDS):
            return False
    return lk.is_name_like(longest) or not lk.is_common(longest)
