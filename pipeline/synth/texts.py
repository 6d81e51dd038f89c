"""French report bodies with exact PHI span annotations.

A body is built paragraph by paragraph from `str.format`-style templates whose
fields are either plain words or (text, TAG) pairs; the builder records the
character offsets of every tagged value over the final `body_text`
(paragraphs joined by blank lines). Titles such as 'Mme', 'Dr', 'Pr' are not
part of PERSON/PATIENT spans; 'né en 1967' tags only '1967' as DATE.

Labels: `label_fracture` is 1 only for a recent fracture; an old consolidated
fracture (finding `consolidated`) and an implant without fracture give 0.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field

from pipeline.synth.frenchfmt import age_at, age_text, date_forms, month_year, random_date_form, time_form
from pipeline.synth.niss import format_niss
from pipeline.synth.people import OTHER_INSTITUTIONS, Doctor, Hospital, Patient, initials

PHI_TAGS = ("PATIENT", "PERSON", "LOCATION", "INSTITUTION", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL")
Value = str | tuple[str, str]

PARTS = {  # body part -> (noun, article form 'du/de la', feminine)
    "HAND": ("main", "de la main", True),
    "WRIST": ("poignet", "du poignet", False),
    "ELBOW": ("coude", "du coude", False),
    "SHOULDER": ("épaule", "de l'épaule", True),
    "HIP": ("hanche", "de la hanche", True),
    "KNEE": ("genou", "du genou", False),
    "ANKLE": ("cheville", "de la cheville", True),
    "FOOT": ("pied", "du pied", False),
    "SPINE": ("rachis lombaire", "du rachis lombaire", False),
}
SITES = {
    "HAND": ["du col du 5e métacarpien", "de la diaphyse du 3e métacarpien", "de la base de P1 du 4e rayon",
             "du 2e métacarpien"],
    "WRIST": ["du radius distal (type Pouteau-Colles)", "de l'extrémité distale du radius", "de la styloïde ulnaire",
              "du scaphoïde carpien"],
    "ELBOW": ["de la tête radiale", "de l'olécrâne", "supracondylienne de l'humérus",
              "de la diaphyse ulnaire avec luxation de la tête radiale (lésion de Monteggia)"],
    "SHOULDER": ["du col chirurgical de l'humérus", "du tiers moyen de la clavicule", "du trochiter",
                 "de la diaphyse humérale"],
    "HIP": ["du col fémoral (Garden IV)", "pertrochantérienne du fémur", "du col fémoral (Garden III)",
            "sous-trochantérienne du fémur"],
    "KNEE": ["du plateau tibial externe", "de la rotule", "du fémur distal", "de la tête de la fibula"],
    "ANKLE": ["de la malléole externe (Weber B)", "bimalléolaire", "de la malléole interne",
              "de la fibula distale (Weber C)"],
    "FOOT": ["de la base du 5e métatarsien", "du 2e métatarsien", "de la diaphyse du 3e métatarsien", "du calcanéum"],
    "SPINE": ["du corps vertébral de L1 (cunéiformisation de 30°)", "du corps vertébral de D12", "du corps vertébral de L2"],
}
NORMAL = {
    "HAND": ["Les rayons digitaux sont bien alignés.", "Interlignes métacarpo-phalangiens conservés."],
    "WRIST": ["Interligne radio-carpien conservé.", "Bonne congruence radio-ulnaire distale.",
              "Index radio-ulnaire dans les limites de la normale."],
    "ELBOW": ["Pas d'épanchement articulaire (absence de signe du coussinet graisseux).",
              "Rapports articulaires huméro-radial et huméro-ulnaire conservés."],
    "SHOULDER": ["Rapports gléno-huméraux conservés.", "Espace sous-acromial de hauteur normale.",
                 "Articulation acromio-claviculaire sans particularité."],
    "HIP": ["Interligne coxo-fémoral conservé.", "Pas de signe de nécrose de la tête fémorale.",
            "Angle cervico-diaphysaire normal."],
    "KNEE": ["Interlignes fémoro-tibiaux conservés.", "Pas d'épanchement intra-articulaire décelable.",
             "Rotule centrée sur l'incidence axiale à 30°."],
    "ANKLE": ["Mortaise tibio-talienne congruente.", "Pas d'épanchement articulaire.",
              "Interligne tibio-talien conservé."],
    "FOOT": ["Les rayons métatarsiens sont bien alignés.", "Interlignes de Lisfranc et de Chopart conservés."],
    "SPINE": ["Discopathie L5-S1 avec pincement discal modéré.", "Alignement des murs vertébraux conservé.",
              "Pas d'anomalie en regard de la charnière C7-D1.", "Hauteur des corps vertébraux conservée."],
}
NEGATIONS = [
    "Absence de fracture.", "Pas de lésion osseuse post-traumatique.", "Pas de trait de fracture visible.",
    "Pas de fracture décelable.", "Aucune lésion osseuse traumatique récente n'est mise en évidence.",
    "Pas de lésion osseuse traumatique.",
]
FILLER = [
    "Minéralisation osseuse normale pour l'âge.", "Les parties molles sont sans particularité.",
    "Pas de calcification anormale des parties molles.", "Pas d'image lytique ou condensante suspecte.",
    "Pas de corps étranger radio-opaque.", "Discrète ostéophytose marginale d'allure dégénérative.",
    "Trame osseuse homogène.", "Pas d'ossification hétérotopique.", "Discret œdème des parties molles.",
    "Enthésopathie calcifiante mineure sans signification pathologique.", "Pas de chondrocalcinose visible.",
    "Les structures articulaires adjacentes sont de morphologie habituelle.",
    "Légère déminéralisation d'allure régionale.", "Absence d'anomalie de la densité osseuse.",
    "Comparaison effectuée avec les clichés antérieurs disponibles dans le dossier.",
]


def _article(inst: str) -> str:
    first = inst.split()[0].lower()
    if first in ("cliniques", "hôpitaux"):
        return "les "
    if first in ("chu", "chr", "centre", "grand"):
        return "le "
    return "l'" if first[0] in "aeiouhéè" else "la "


def de(inst: str) -> str:
    """'du ' / 'de la ' / "de l'" before an institution name."""
    a = _article(inst)
    return {"le ": "du ", "la ": "de la ", "l'": "de l'", "les ": "des "}[a]


def a_(inst: str) -> str:
    """'au ' / 'à la ' / "à l'" before an institution name."""
    a = _article(inst)
    return {"le ": "au ", "la ": "à la ", "l'": "à l'", "les ": "aux "}[a]


@dataclass
class Span:
    start: int
    end: int
    tag: str
    text: str

    def as_dict(self) -> dict:
        return {"start_char": self.start, "end_char": self.end, "tag": self.tag, "text": self.text}


@dataclass
class Body:
    """Paragraphs (with a style: 'title' | 'body' | 'signature') and PHI spans over their joined text."""

    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    _length: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(p for p, _ in self.paragraphs)

    def add(self, template: str, style: str = "body", **values: Value) -> None:
        """Append one paragraph; tagged values become spans."""
        start = self._length + (2 if self.paragraphs else 0)
        out: list[str] = []
        pos = start
        for literal, name, _spec, _conv in string.Formatter().parse(template):
            out.append(literal)
            pos += len(literal)
            if name is None:
                continue
            val = values[name]
            text, tag = (val, None) if isinstance(val, str) else val
            if tag is not None:
                self.spans.append(Span(pos, pos + len(text), tag, text))
            out.append(text)
            pos += len(text)
        para = "".join(out)
        self.paragraphs.append((para, style))
        self._length = pos


@dataclass
class ReportContent:
    body: Body
    label_fracture: int
    findings: dict
    phi_strings: list[str]


def _lat_word(laterality: str, feminine: bool) -> str:
    if laterality == "L":
        return "gauche"
    if laterality == "R":
        return "droite" if feminine else "droit"
    return ""


def exam_title(body_part: str, laterality: str) -> str:
    noun, du, fem = PARTS[body_part]
    lat = _lat_word(laterality, fem)
    return f"{du} {lat}".strip()


class _Ctx:
    """PHI values of one report, each recorded for the patient's never-in-out/ list."""

    def __init__(self, patient: Patient, rng: random.Random) -> None:
        self.p = patient
        self.rng = rng
        self.phi: list[str] = []

    def v(self, text: str, tag: str, record: bool = True) -> tuple[str, str]:
        if record and tag in ("PATIENT", "PERSON", "ID", "PHONE", "EMAIL", "LOCATION"):
            self.phi.append(text)
        return (text, tag)

    def civ(self) -> str:
        return self.rng.choice(["Mme", "Madame"] if self.p.sex == "F" else ["M.", "Monsieur"])

    def e(self) -> str:
        return "e" if self.p.sex == "F" else ""

    def name(self, form: str | None = None) -> tuple[str, str]:
        p = self.p
        first = p.first_names[0]
        forms = {
            "upper_first": f"{p.surname.upper()} {first}",
            "first_sur": f"{first} {p.surname}",
            "sur_first": f"{p.surname} {first}",
            "initial": f"{initials(first)} {p.surname}",
            "surname": p.surname,
            "full_upper": f"{p.surname.upper()} {' '.join(p.first_names)}",
        }
        return self.v(forms[form or self.rng.choice(list(forms))], "PATIENT")

    def doc(self, d: Doctor, form: str | None = None) -> tuple[str, str]:
        forms = {"full": d.full, "initial": d.initial_form, "surname": d.surname, "upper": f"{d.surname.upper()} {d.first_name}"}
        return self.v(forms[form or self.rng.choice(list(forms))], "PERSON")

    def date(self, d: dt.date, allowed: tuple[str, ...] | None = None) -> tuple[str, str]:
        return self.v(random_date_form(d, self.rng, allowed), "DATE")

    def dtitle(self, d: Doctor) -> str:
        return self.rng.choice([d.title, d.title, "docteur" if d.title == "Dr" else "professeur"])


def radiology_report(*, patient: Patient, hospital: Hospital, radiologist: Doctor, referrer: Doctor,
                     study_dt: dt.datetime, report_dt: dt.datetime, body_part: str, laterality: str,
                     accession: str, fracture: bool, findings: dict, prior_dates: list[dt.date],
                     two_page: bool, rng: random.Random) -> ReportContent:
    """One radiology report; the template family, phrasings and PHI forms are drawn from `rng`."""
    c = _Ctx(patient, rng)
    b = Body()
    noun, du, fem = PARTS[body_part]
    lat = _lat_word(laterality, fem)
    du_lat = f"{du} {lat}".strip()
    day = study_dt.date()
    age = age_text(patient.birth_date, day, rng)
    child = age_at(patient.birth_date, day)[0] < 16
    site = rng.choice(SITES[body_part])
    if child and body_part in ("WRIST", "ANKLE", "KNEE") and rng.random() < 0.6:
        site = {"WRIST": "du radius distal (Salter-Harris II)", "ANKLE": "de la physe tibiale distale (Salter-Harris III)",
                "KNEE": "du tibia proximal (Salter-Harris II)"}[body_part]
    family = rng.randrange(9)

    # --- title
    titles = [f"Radiographie {du_lat}", f"RX {noun.upper()} {lat[:1].upper()}".strip(),
              f"Examen : radiographie standard {du_lat} (face + profil)", f"Radiographie conventionnelle {du_lat}"]
    b.add(titles[family % len(titles)], style="title")

    # --- identification block
    ident = family % 7
    if ident == 0:
        b.add("Patient : {n} - né{e} le {dob} - {age}", n=c.name("upper_first"), e=c.e(),
              dob=c.date(patient.birth_date, ("slash", "dots", "iso")), age=c.v(age, "AGE"))
    elif ident == 1:
        b.add("Concerne : {civ} {n}, {age}, dossier n° {pid}", civ=c.civ(), n=c.name("sur_first"),
              age=c.v(age, "AGE"), pid=c.v(patient.patient_id, "ID"))
    elif ident == 2:
        b.add("Nom : {sur} - Prénom : {first} - Date de naissance : {dob}", sur=c.v(patient.surname.upper(), "PATIENT"),
              first=c.v(" ".join(patient.first_names), "PATIENT"), dob=c.date(patient.birth_date, ("slash", "dash")))
        b.add("NISS : {niss} - N° patient : {pid}", niss=c.v(format_niss(patient.niss), "ID"), pid=c.v(patient.patient_id, "ID"))
    elif ident == 3:
        b.add("{civ} {n} ({age}), NISS {niss}", civ=c.civ(), n=c.name("initial"), age=c.v(age, "AGE"),
              niss=c.v(patient.niss, "ID"))
    elif ident == 4:
        b.add("Patient{e} : {n} (N° {pid}), domicilié{e} {street}, {city}", e=c.e(), n=c.name("first_sur"),
              pid=c.v(patient.patient_id, "ID"), street=c.v(patient.address.street, "LOCATION"),
              city=c.v(patient.address.city_line(), "LOCATION"))
    elif ident == 5:
        b.add("Pour : {civ} {n}, né{e} en {year}", civ=c.civ(), n=c.name("surname"), e=c.e(),
              year=c.v(str(patient.birth_date.year), "DATE", record=False))
    else:
        b.add("Identifiant : {pid} - {n} - {dob}", pid=c.v(patient.other_ids[0], "ID"), n=c.name("full_upper"),
              dob=c.date(patient.birth_date))

    # --- request and exam meta
    meta = rng.randrange(5)
    if meta == 0:
        b.add("Médecin demandeur : {t} {d}", t=referrer.title, d=c.doc(referrer, "full"))
    elif meta == 1:
        b.add("Demandé par le {t} {d} ({ph})", t=c.dtitle(referrer), d=c.doc(referrer, "surname"),
              ph=c.v(rng.choice(referrer.phone.forms()), "PHONE"))
    elif meta == 2 and referrer.address is not None:
        b.add("Copie : {t} {d}, {street}, {city}", t=referrer.title, d=c.doc(referrer, "initial"),
              street=c.v(referrer.address.street, "LOCATION"), city=c.v(referrer.address.city_line(), "LOCATION"))
    elif meta == 3:
        inst = rng.choice(OTHER_INSTITUTIONS)
        b.add("Envoyé{e} par le docteur {d} {de}{inst}", e=c.e(), d=c.doc(referrer, "surname"), de=de(inst),
              inst=c.v(inst, "INSTITUTION"))
    else:
        b.add("Médecin traitant : {t} {d} - Tél. {ph}", t=referrer.title, d=c.doc(referrer, "upper"),
              ph=c.v(rng.choice(referrer.phone.forms()), "PHONE"))
    when = rng.randrange(4)
    if when == 0:
        b.add("Examen du {d} à {t} - N° d'examen : {acc}", d=c.date(day), t=c.v(time_form(study_dt.time(), rng), "DATE"),
              acc=c.v(accession, "ID"))
    elif when == 1:
        b.add("{city}, le {d}", city=c.v(hospital.address.city, "LOCATION", record=False),
              d=c.v(date_forms(day)["weekday_long"], "DATE"))
    elif when == 2:
        b.add("Date de l'examen : {d} - Réf. {acc}", d=c.date(day, ("iso", "slash", "dots_short")), acc=c.v(accession, "ID"))
    else:
        b.add("Examen réalisé {a}{inst} le {d}", a=a_(hospital.name), inst=c.v(hospital.name, "INSTITUTION"),
              d=c.date(day, ("long", "slash")))

    if family == 7:  # letter style
        b.add("Cher Confrère, je vous remercie de m'avoir adressé{e} votre patient{e} {civ} {n} pour une radiographie {du}.",
              e=c.e(), civ=c.civ(), n=c.name("surname"), du=du_lat)

    # --- indication
    ind = rng.randrange(8)
    trauma_day = day - dt.timedelta(days=rng.randint(0, 3))
    if ind == 0:
        b.add("Indication : chute de sa hauteur le {d}, douleur {du}.", d=c.date(trauma_day, ("dots_short", "slash_short")),
              du=du_lat)
    elif ind == 1:
        b.add("Renseignements cliniques : traumatisme {du} lors d'un match de football. {civ} {n} signale une douleur vive.",
              du=du, civ=c.civ(), n=c.name("surname"))
    elif ind == 2:
        b.add("Indication : accident de la voie publique le {d}. Patient{e} de {age}.", d=c.date(trauma_day, ("long", "slash")),
              e=c.e(), age=c.v(age, "AGE"))
    elif ind == 3:
        b.add("Indication : douleur persistante {du} depuis {my}. Traitement par paracétamol 1000 mg sans amélioration.",
              du=du, my=c.v(month_year(day - dt.timedelta(days=rng.randint(30, 200))), "DATE"))
    elif ind == 4:
        inst = rng.choice(OTHER_INSTITUTIONS)
        b.add("Indication : chute {a}{inst} ce jour, suspicion de fracture.", a=a_(inst), inst=c.v(inst, "INSTITUTION"))
    elif ind == 5 and prior_dates:
        b.add("Indication : contrôle à 6 semaines. Comparaison avec l'examen du {d}.", d=c.date(prior_dates[-1]))
    elif ind == 6:
        b.add("Clinique : {n}, {age}, tombé{e} à vélo. Douleur et impotence fonctionnelle.", n=c.name("first_sur"),
              age=c.v(age, "AGE"), e=c.e())
    else:
        b.add("Indication : bilan de douleur {du} chez un{e} patient{e} de {age}.", du=du_lat,
              e=c.e(), age=c.v(age, "AGE"))

    # --- technique (the compact family 8 has none)
    if family != 8:
        b.add(rng.choice([
            "Technique : clichés de face et de profil.", "Technique : incidences de face, profil et 3/4.",
            "Protocole : deux incidences orthogonales.", "Technique : radiographie en charge, debout.",
            "Incidences réalisées : face, profil, oblique à 45°.",
        ]))

    # --- findings
    header = rng.choice(["Résultat :", "Description :", "Résultats :", "Analyse :"])
    normal = rng.sample(NORMAL[body_part], k=min(2, len(NORMAL[body_part])))
    spine = body_part == "SPINE"
    if spine:
        disp_word = "avec recul du mur postérieur" if findings.get("displaced") else "sans recul du mur postérieur"
    else:
        disp_word = "déplacée" if findings.get("displaced") else rng.choice(["non déplacée", "sans déplacement"])
    disp_noun = disp_word if spine else ("avec déplacement" if findings.get("displaced") else "sans déplacement")
    if fracture:
        core = rng.choice([
            f"Fracture {site}, {disp_word}.", f"Trait de fracture {site}, {disp_noun}.",
            f"Mise en évidence d'un trait de fracture {site}.",
            f"On note une fracture {site}, {disp_word}.",
        ])
        if findings.get("displaced") and not spine:
            core += rng.choice([" Déplacement du fragment distal.", " Bascule postérieure du fragment distal de 30°.",
                                " Chevauchement des fragments."])
    elif findings.get("consolidated"):
        core = rng.choice([f"Fracture consolidée ancienne {site}.", f"Cal osseux d'une fracture ancienne {site}, consolidée.",
                           f"Séquelles d'une fracture {site} bien consolidée."]) + " " + rng.choice(NEGATIONS[:3]).replace(
            "fracture", "fracture récente").replace("lésion osseuse", "lésion osseuse récente")
    else:
        core = rng.choice(NEGATIONS)
    if findings.get("implant"):
        core += " Matériel d'ostéosynthèse en place (plaque et vis), sans signe de démontage."
    b.add(f"{header} {core} {' '.join(normal)}")

    if two_page:
        _long_history(b, c, rng, prior_dates, patient, hospital, day)

    # --- conclusion
    if fracture:
        concl = rng.choice([f"Fracture {site}, {disp_word}.", f"Fracture récente {site}.", f"Trait de fracture {site}."])
    elif findings.get("consolidated"):
        concl = rng.choice(["Pas de fracture récente. Fracture ancienne consolidée.",
                            "Fracture consolidée, pas de lésion osseuse post-traumatique récente."])
    else:
        concl = rng.choice(NEGATIONS)
    lead = "Au total :" if family == 8 else rng.choice(["Conclusion :", "CONCLUSION :", "En conclusion,"])
    if lead.endswith(","):
        concl = concl[0].lower() + concl[1:]
    b.add(f"{lead} {concl}")

    # --- contacts and signature
    extra = rng.randrange(6)
    if extra == 0:
        b.add("Images disponibles sur {url}", url=c.v(f"https://pacs.{hospital.domain}/viewer?acc={accession}", "URL"))
    elif extra == 1:
        b.add("Secrétariat de radiologie : {ph} - {mail}", ph=c.v(rng.choice(hospital.phone.forms()), "PHONE", record=False),
              mail=c.v(f"radiologie@{hospital.domain}", "EMAIL", record=False))
    elif extra == 2:
        b.add("Résultat transmis au patient par e-mail ({mail}) et au {t} {d}.", mail=c.v(patient.email, "EMAIL"),
              t=referrer.title, d=c.doc(referrer, "surname"))
    elif extra == 3:
        b.add("Rendez-vous de contrôle le {d}. Contact patient : {ph}.",
              d=c.date(day + dt.timedelta(days=rng.randint(14, 60)), ("slash", "long")),
              ph=c.v(rng.choice(patient.phone.forms()), "PHONE"))
    sig = rng.randrange(4)
    if sig == 0:
        b.add("{t} {r}", style="signature", t=radiologist.title, r=c.doc(radiologist, "full"))
    elif sig == 1:
        b.add("{t} {r}, radiologue", style="signature", t=radiologist.title, r=c.doc(radiologist, "initial"))
    elif sig == 2:
        b.add("Protocole validé par le {t} {r} le {d} à {h}", style="signature", t=c.dtitle(radiologist),
              r=c.doc(radiologist, "full"), d=c.date(report_dt.date(), ("slash", "long")),
              h=c.v(time_form(report_dt.time(), rng), "DATE"))
    else:
        b.add("Bien confraternellement, {t} {r}", style="signature", t=radiologist.title, r=c.doc(radiologist, "upper"))
    label = 1 if fracture else 0
    return ReportContent(b, label, dict(findings), c.phi)


def _long_history(b: Body, c: _Ctx, rng: random.Random, prior_dates: list[dt.date], patient: Patient,
                  hospital: Hospital, day: dt.date) -> None:
    """Extra paragraphs that push a report onto a second page."""
    lo = patient.birth_date + dt.timedelta(days=200)
    op_day = lo + dt.timedelta(days=rng.randint(0, max(1, (day - lo).days - 60)))
    inst = rng.choice(OTHER_INSTITUTIONS)
    b.add("Antécédents : intervention chirurgicale le {d} {a}{inst}. Hypertension artérielle traitée. "
          "Allergie à la pénicilline. Traitement habituel : paracétamol 1000 mg si douleur.",
          d=c.date(op_day, ("slash", "long", "iso")), a=a_(inst), inst=c.v(inst, "INSTITUTION"))
    if len(prior_dates) >= 2:
        b.add("Comparaison : examens antérieurs du {d1} et du {d2}.", d1=c.date(prior_dates[0]), d2=c.date(prior_dates[-1]))
    elif prior_dates:
        b.add("Comparaison : examen antérieur du {d1}.", d1=c.date(prior_dates[0]))
    leads = ["Analyse détaillée :", "Sur l'incidence de face :", "Sur l'incidence de profil :", "Parties molles :",
             "Structures osseuses :", "Articulations :", "Remarque :", "Complément :", "Sur les clichés obliques :"]
    for _ in range(rng.randint(11, 14)):
        b.add(rng.choice(leads) + " " + " ".join(rng.sample(FILLER, k=rng.randint(4, 6))))
    b.add("Avis demandé au {t} {d} ({inst}), joignable au {ph}.", t=rng.choice(["Pr", "Dr", "docteur"]),
          d=c.doc(rng.choice(hospital.radiologists), "full"), inst=c.v(hospital.name, "INSTITUTION"),
          ph=c.v(rng.choice(hospital.phone.forms()), "PHONE", record=False))


def consultation_report(*, patient: Patient, doctor: Doctor, hospital: Hospital, when: dt.datetime,
                        rng: random.Random) -> ReportContent:
    """A non-radiology document (consultation letter) that must not be paired with a study."""
    c = _Ctx(patient, rng)
    b = Body()
    b.add(rng.choice(["Consultation d'orthopédie", "Lettre de consultation", "Consultation de médecine physique"]),
          style="title")
    b.add("Cher Confrère,")
    b.add("J'ai revu en consultation ce {d} votre patient{e} {civ} {n}, {age}, domicilié{e} à {city}.",
          d=c.date(when.date(), ("long", "weekday_long", "slash")), e=c.e(), civ=c.civ(), n=c.name(),
          age=c.v(age_text(patient.birth_date, when.date(), rng), "AGE"),
          city=c.v(patient.address.city, "LOCATION", record=False))
    b.add(rng.choice([
        "L'évolution est favorable. La mobilité est complète et indolore. Poursuite de la kinésithérapie.",
        "Persistance de douleurs mécaniques. Je propose une infiltration et un traitement par paracétamol 1000 mg.",
        "Le bilan radiologique précédent ne montre pas de lésion osseuse. Reprise progressive du sport autorisée.",
    ]))
    b.add("Prochain rendez-vous le {d}. Pour toute question : {ph} ou {mail}.",
          d=c.date(when.date() + dt.timedelta(days=rng.randint(20, 90)), ("slash", "long")),
          ph=c.v(rng.choice(hospital.phone.forms()), "PHONE", record=False),
          mail=c.v(f"consultation@{hospital.domain}", "EMAIL", record=False))
    b.add("Bien confraternellement, {t} {r}", style="signature", t=doctor.title, r=c.doc(doctor, "full"))
    return ReportContent(b, 0, {}, c.phi)
