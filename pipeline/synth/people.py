"""Synthetic identities: patients, doctors and hospitals (Faker fr_BE / fr_FR, seeded).

Faker's fr_BE address provider falls back to English, so street lines and cities
are composed here from French street types and a list of real Belgian / French
towns: reports then look like the real ones a de-identifier must handle.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

from pipeline.synth.frenchfmt import Phone
from pipeline.synth.niss import format_niss, make_niss

BE_CITIES = [
    ("1000", "Bruxelles"), ("1050", "Ixelles"), ("1030", "Schaerbeek"), ("1200", "Woluwe-Saint-Lambert"),
    ("1070", "Anderlecht"), ("1180", "Uccle"), ("1300", "Wavre"), ("1348", "Louvain-la-Neuve"),
    ("1400", "Nivelles"), ("4000", "Liège"), ("4020", "Liège"), ("4800", "Verviers"), ("5000", "Namur"),
    ("5100", "Jambes"), ("6000", "Charleroi"), ("6700", "Arlon"), ("7000", "Mons"), ("7500", "Tournai"),
    ("7100", "La Louvière"), ("1410", "Waterloo"), ("6900", "Marche-en-Famenne"), ("4500", "Huy"),
]
FR_CITIES = [
    ("59000", "Lille"), ("59100", "Roubaix"), ("75011", "Paris"), ("75015", "Paris"), ("69003", "Lyon"),
    ("51100", "Reims"), ("57000", "Metz"), ("54000", "Nancy"), ("67000", "Strasbourg"), ("08000", "Charleville-Mézières"),
    ("02100", "Saint-Quentin"), ("62000", "Arras"), ("80000", "Amiens"), ("13005", "Marseille"),
]
STREET_TYPES = ["rue", "avenue", "chaussée", "boulevard", "place", "clos", "drève", "rue", "avenue", "square"]
STREET_NAMES = [
    "des Tanneurs", "de la Loi", "Louise", "de Waterloo", "du Midi", "des Alliés", "de la Station", "du Moulin",
    "Saint-Lambert", "des Écoles", "de l'Église", "du Parc", "Albert Ier", "des Déportés", "de la Liberté",
    "Émile Vandervelde", "Reine Astrid", "des Combattants", "du Château", "Victor Hugo", "Jean Jaurès",
    "de Namur", "de Mons", "des Lilas", "des Tilleuls", "de la Gare", "Léopold II", "Fernand Lebrun",
]
EMAIL_DOMAINS = {
    "BE": ["skynet.be", "telenet.be", "gmail.com", "hotmail.com", "proximus.be", "outlook.be"],
    "FR": ["orange.fr", "free.fr", "gmail.com", "wanadoo.fr", "laposte.net", "sfr.fr"],
}
HOSPITALS = [
    ("CHU Saint-Pierre", "CHU-SP", "chu-stpierre.be"),
    ("Cliniques universitaires Saint-Luc", "UCL-SL", "saintluc.be"),
    ("Hôpital Erasme", "ERASME", "erasme.be"),
    ("CHR de la Citadelle", "CHR-C", "chrcitadelle.be"),
    ("Grand Hôpital de Charleroi", "GHdC", "ghdc.be"),
    ("Centre Hospitalier de Wallonie picarde", "CHwapi", "chwapi.be"),
    ("Clinique Saint-Jean", "CSJ", "clinique-saint-jean.be"),
    ("Hôpital Européen Marie Curie", "HEMC", "hemc.be"),
]
CONFIDENTIALITY = [
    "Document confidentiel - ne peut être communiqué qu'au patient et à son médecin traitant",
    "Confidentiel - secret médical - usage strictement réservé au destinataire",
    "Ce document est couvert par le secret médical. Toute diffusion est interdite.",
    "Document médical confidentiel - à ne transmettre qu'au patient et à ses médecins",
]
OTHER_INSTITUTIONS = [
    "maison de repos Les Tilleuls", "maison de repos Résidence du Parc", "clinique Saint-Joseph",
    "CHU de Liège", "clinique Sainte-Élisabeth", "Centre Hospitalier de Mouscron", "polyclinique du Sud",
    "maison de repos et de soins Le Val Fleuri", "CHU Ambroise Paré", "hôpital de la Croix-Rouge",
]


def ascii_fold(text: str) -> str:
    """'Lefèvre' -> 'Lefevre': for e-mail addresses and web names."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@dataclass(frozen=True)
class Address:
    street: str  # street line as written, e.g. 'rue des Tanneurs 12'
    postcode: str
    city: str
    country: str  # 'BE' | 'FR'

    def city_line(self) -> str:
        return f"{self.postcode} {self.city}"


@dataclass(frozen=True)
class Doctor:
    first_name: str
    surname: str
    title: str  # 'Dr' | 'Pr'
    phone: Phone
    address: Address | None = None

    @property
    def full(self) -> str:
        return f"{self.first_name} {self.surname}"

    @property
    def initial_form(self) -> str:
        return f"{initials(self.first_name)} {self.surname}"

    @property
    def dicom_pn(self) -> str:
        return f"{self.surname.upper()}^{self.first_name}"


@dataclass(frozen=True)
class Hospital:
    name: str
    logo: str
    domain: str
    address: Address
    phone: Phone
    confidentiality: str
    radiologists: tuple[Doctor, ...]

    @property
    def url(self) -> str:
        return f"https://www.{self.domain}"

    def header_lines(self) -> list[str]:
        """Exact header strings printed on every page of every report of this hospital."""
        return [
            f"[{self.logo}]  {self.name}",
            "Service de Radiologie et d'Imagerie médicale",
            f"{self.address.street} - {self.address.city_line()}",
            f"Tél. {self.phone.forms()[1]} - www.{self.domain}",
        ]


@dataclass
class Patient:
    patient_id: str
    first_names: list[str]
    surname: str
    sex: str
    birth_date: dt.date
    address: Address
    phone: Phone
    email: str
    niss: str
    other_ids: list[str]
    gp: Doctor
    folder: str
    studies: list = field(default_factory=list)

    def ground_truth(self) -> dict:
        return {
            "patient_id": self.patient_id,
            "first_names": self.first_names,
            "surname": self.surname,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address.street,
            "postcode": self.address.postcode,
            "city": self.address.city,
            "phone": self.phone.canonical(),
            "email": self.email,
            "niss": self.niss,
            "other_ids": self.other_ids,
        }

    @property
    def dicom_pn(self) -> str:
        return f"{self.surname.upper()}^{' '.join(self.first_names)}"

    def phi_strings(self) -> list[str]:
        """Identity strings that must never reach out/ (report-level strings are added by the generator)."""
        first = " ".join(self.first_names)
        out = [
            *self.first_names, self.surname, self.surname.upper(), f"{first} {self.surname}",
            f"{self.surname.upper()} {first}", f"{self.surname} {first}", self.dicom_pn,
            self.patient_id, *self.other_ids, self.niss, format_niss(self.niss),
            self.birth_date.isoformat(), f"{self.birth_date:%d/%m/%Y}", f"{self.birth_date:%Y%m%d}",
            self.address.street, *self.phone.forms(), self.email,
        ]
        return out


def initials(first_name: str) -> str:
    """'Marie-Claire' -> 'M.-C.', 'Jean' -> 'J.'"""
    return "-".join(f"{part[0]}." for part in first_name.split("-") if part)


def hex_name(rng: random.Random, n_bytes: int = 8) -> str:
    """Opaque folder / file name (no identity in paths)."""
    return f"{rng.getrandbits(8 * n_bytes):0{2 * n_bytes}x}"


class IdentityFactory:
    """Seeded source of every synthetic person, address and institution."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"identities-{seed}")
        self.faker = Faker(["fr_BE", "fr_FR"])
        self.faker.seed_instance(seed)
        self._used_ids: set[str] = set()

    def _fk(self, country: str) -> Faker:
        return self.faker["fr_BE" if country == "BE" else "fr_FR"]

    def address(self, country: str) -> Address:
        r = self.rng
        if country == "BE":
            street = f"{r.choice(STREET_TYPES)} {r.choice(STREET_NAMES)} {r.randint(1, 250)}"
            if r.random() < 0.2:
                street += f" bte {r.randint(1, 30)}"
            postcode, city = r.choice(BE_CITIES)
        else:
            street = f"{r.randint(1, 120)} {self._fk('FR').street_name()}"
            postcode, city = r.choice(FR_CITIES)
        return Address(street, postcode, city, country)

    def first_name(self, sex: str, country: str) -> str:
        fk = self._fk(country)
        name = fk.first_name_female() if sex == "F" else fk.first_name_male()
        if self.rng.random() < 0.12:
            other = fk.first_name_female() if sex == "F" else fk.first_name_male()
            if "-" not in name and "-" not in other and other != name:
                name = f"{name}-{other}"
        return name

    def surname(self, country: str) -> str:
        name = self._fk(country).last_name()
        if self.rng.random() < 0.08:
            name = f"{self.rng.choice(['Van', 'De', 'Le', 'Du'])} {name}" if country == "BE" else f"{name}-{self._fk(country).last_name()}"
        return name

    def doctor(self, country: str, title: str = "Dr", with_address: bool = False) -> Doctor:
        sex = self.rng.choice("FM")
        return Doctor(
            first_name=self.first_name(sex, country),
            surname=self.surname(country),
            title=title,
            phone=Phone.random(country, self.rng, mobile=self.rng.random() < 0.3),
            address=self.address(country) if with_address else None,
        )

    def hospital(self, name: str, logo: str, domain: str) -> Hospital:
        r = self.rng
        return Hospital(
            name=name, logo=logo, domain=domain, address=self.address("BE"),
            phone=Phone.random("BE", r, mobile=False), confidentiality=r.choice(CONFIDENTIALITY),
            radiologists=tuple(self.doctor("BE", title=r.choice(["Dr", "Dr", "Pr"])) for _ in range(r.randint(3, 5))),
        )

    def unique_digits(self, n: int, prefix: str = "") -> str:
        while True:
            value = prefix + "".join(self.rng.choice("0123456789") for _ in range(n))
            if value not in self._used_ids:
                self._used_ids.add(value)
                return value

    def patient(self, gps: list[Doctor]) -> Patient:
        r = self.rng
        country = "BE" if r.random() < 0.8 else "FR"
        sex = r.choice("FM")
        first = [self.first_name(sex, country)]
        if r.random() < 0.25:
            first.append(self.first_name(sex, country))
        surname = self.surname(country)
        # ages from babies to the very old, weighted towards adults
        birth = dt.date(1932, 1, 1) + dt.timedelta(days=r.randint(0, 365 * 88))
        if r.random() < 0.15:
            birth = dt.date(2005, 1, 1) + dt.timedelta(days=r.randint(0, 365 * 17))
        email_user = ascii_fold(f"{first[0]}.{surname}").lower().replace(" ", "").replace("'", "")
        if r.random() < 0.4:
            email_user += str(r.randint(1, 99))
        return Patient(
            patient_id=self.unique_digits(8, prefix=""),
            first_names=first,
            surname=surname,
            sex=sex,
            birth_date=birth,
            address=self.address(country),
            phone=Phone.random(country, r, mobile=r.random() < 0.6),
            email=f"{email_user}@{r.choice(EMAIL_DOMAINS[country])}",
            niss=make_niss(birth, sex, r),
            other_ids=[self.unique_digits(6, prefix="A"), self.unique_digits(10, prefix="")],
            gp=r.choice(gps),
            folder=hex_name(r),
        )
