"""Write ``deduce_fr/data/cases_dev_names2.json``: a second hand-written names set, written AFTER the
name rules were tuned on ``cases_dev_names.json`` and never tuned on: its figures are the honest
'after' measure of the deid-names work (see the report). Same markup as dev_names_cases.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dev_names_cases import P, write_cases  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "deduce_fr" / "data" / "cases_dev_names2.json"

CASES: list[tuple[dict[str, object] | None, str]] = [
    (None, "Échographie réalisée par le Dr [[PERSON|Mélanie Vandeput]] à la demande du Dr [[PERSON|Hoste]]."),
    (None, "Le Dr [[PERSON|Grégoire]] et son assistante, Mme [[PERSON|Kabongo]], ont revu la patiente."),
    (P("Odette", "Lemaire", "F"), "Mme [[PATIENT|Lemaire]] Odette".replace("[[PATIENT|Lemaire]] Odette", "[[PATIENT|Lemaire Odette]]")
     + ", [[AGE|87 ans]], chute à domicile. Sa petite-fille [[PERSON|Justine]] l'a retrouvée au sol."),
    (None, "Contacté : Dr [[PERSON|Ouedraogo]] (néphrologue de garde) qui propose une dialyse."),
    (None, "TDM cérébrale. Conclusion transmise par téléphone au Dr [[PERSON|Lambrechts]] à 14h."),
    (None, "Réf. interne. Radiologue : [[PERSON|Sophie Dechamps]] ; technologue : [[PERSON|Kevin Lardinois]]."),
    (None, "Dr [[PERSON|A. Kowalski]] & Dr [[PERSON|B. Nowicka]]"),
    (None, "Suivi avec [[PERSON|Julien]], son éducateur, deux fois par semaine."),
    (None, "La patiente est accompagnée de son fils [[PERSON|Rachid]] et de sa belle-fille [[PERSON|Leïla]]."),
    (None, "Avis neurochirurgical du Pr [[PERSON|Raftopoulos]] : pas d'indication opératoire."),
    (P("Thierry", "Bodson", "M"), "[[PATIENT|BODSON THIERRY]] - IRM DU RACHIS LOMBAIRE - hernie discale L5-S1."),
    (P("Fatoumata", "Camara", "F"), "Mme [[PATIENT|Camara]] est venue avec son mari, M. [[PERSON|Souleymane Camara]]."
     .replace("[[PERSON|Souleymane Camara]]", "[[PERSON|Souleymane]] [[PATIENT|Camara]]")),
    (None, "Signé électroniquement le [[DATE|04/09/2024]] par [[PERSON|Dr Nicolas Paquay]]".replace("[[PERSON|Dr ", "Dr [[PERSON|")),
    (None, "Avec mes remerciements,\nDr [[PERSON|H. Smets]]\nService d'imagerie médicale"),
    (None, "Amicalement,\n[[PERSON|Geneviève]]"),
    (None, "Merci à [[PERSON|Mme Loriaux]] pour la transmission des clichés.".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None, "Présents : Drs [[PERSON|Gilbert]], [[PERSON|Mathy]], [[PERSON|Vanderheyden]] ; IDE [[PERSON|Aline]]."),
    (None, "Enfant vu avec sa grand-mère, Mme [[PERSON|Pirlot]], et son oncle [[PERSON|Damien]]."),
    (None, "Le Dr [[PERSON|Fontaine]] a posé l'indication ; fontaine à eau dans le couloir."),
    (None, "Rapport du Dr [[PERSON|Chapelle]], relu par le Dr [[PERSON|Moulin]]."),
    (None, "Dr [[PERSON|Juin]] remplace le Dr [[PERSON|Janvier]] en juillet."),
    (None, "Fracture de Smith. Signe de Tinel positif. Test de Phalen négatif."),
    (None, "Classification de Mason type II. Pas de fracture de Maisonneuve."),
    (None, "Hernie de Spiegel. Diverticule de Meckel. Kyste de Tarlov."),
    (None, "Traitement : Dafalgan, Ibuprofène, Tramadol. Allergie à la Pénicilline."),
    (None, "Patient pris en charge en salle Vésale, lit 4, au pavillon Marie Curie."),
    (P("Ines", "Mahjoub", "F"), "ines mahjoub, 23a, entorse cheville.".replace("ines mahjoub", "[[PATIENT|ines mahjoub]]").replace("23a", "[[AGE|23a]]")),
    (None, "Kiné : [[PERSON|Baptiste Lejeune]] (cabinet de [[LOCATION|Gembloux]])."),
    (None, "Sa compagne, [[PERSON|Mme Nadia Tahiri]], est présente.".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None, "Médecin généraliste : Dr [[PERSON|Luc Verbist]], [[LOCATION|Leuven]]."),
    (None, "Dr [[PERSON|Van Hoorebeke]] et Dr [[PERSON|De Bruyne]] (UZ Gent)".replace("UZ Gent", "[[INSTITUTION|UZ Gent]]")),
    (None, "Dossier présenté par l'interne [[PERSON|Clara]] au staff du lundi."),
    (None, "Appeler [[PERSON|Mme Henrard]] (fille) pour le retour à domicile.".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None, "[[PERSON|Dimitri Papadopoulos]], kinésithérapeute, signale une raideur."),
    (None, "Dr [[PERSON|Ngoy]] / Dr [[PERSON|Ilunga]] / Dr [[PERSON|Mwamba]]"),
    (None, "Lettre adressée au Docteur [[PERSON|Marie-Hélène Dubuisson-Lefèbvre]]."),
    (None, "Vu par [[PERSON|J.-L. Piette]] (résident) sous la supervision du Pr [[PERSON|Lecouvet]]."),
    (None, "Chère Madame [[PERSON|Jacobs]],\nVeuillez trouver ci-joint le compte rendu."),
    (None, "Patient connu du Dr [[PERSON|Renard]] ; le renard est un animal."),
    (None, "Résultats envoyés à [[PERSON|Mme Dr Wéry]]".replace("[[PERSON|Mme Dr ", "Mme Dr [[PERSON|")),
    (None, "Infirmière de liaison : [[PERSON|Sabrina]] (poste 4412)."),
    (None, "Contrôle dans 6 semaines chez le Dr [[PERSON|Bertrand]] ou le Dr [[PERSON|Lefebvre]]."),
    (None, "Scanner : pas d'embolie. Dr [[PERSON|Mertens]], radiologue de garde."),
    (None, "RX du Dr [[PERSON|Martin]] du [[DATE|2 mars]] comparée à celle du Dr [[PERSON|Simon]]."),
    (None, "Examen dicté par [[PERSON|Pierre Lambotte]], tapé par [[PERSON|Nathalie]]."),
]


def main() -> None:
    write_cases(CASES, "devnames2", OUT)


if __name__ == "__main__":
    main()
