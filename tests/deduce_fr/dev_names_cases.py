"""Write ``deduce_fr/data/cases_dev_names.json``: a hand-written dev set for person and patient names.

Every case below was written by hand, as free text in styles unlike the generators' templates
(radiology reports, GP letters, emergency and discharge notes, Belgian and French hospitals,
telegraphic, verbose, lower-case and ALL-CAPS text, signatures, families, OCR-like noise), with
its PHI marked inline as ``[[TAG|text]]`` (titles and civilities stay outside the spans). It was
written BEFORE the name rules were tuned on it; the figures measured on it before and after are
in the deid-names report. Hard negatives (eponyms, drugs, anatomy, common words) are unmarked.
Run ``python tests/deduce_fr/dev_names_cases.py`` (deterministic; the JSON is committed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_cases import parse  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "deduce_fr" / "data" / "cases_dev_names.json"


def P(first: str, surname: str, sex: str = "", birth: str = "") -> dict[str, object]:  # noqa: N802
    """A patient's metadata, as the hospital's information system would give it."""
    d: dict[str, object] = {"first_names": first.split(), "surname": surname}
    if sex:
        d["sex"] = sex
    if birth:
        d["birth_date"] = birth
    return d


CASES: list[tuple[dict[str, object] | None, str]] = [
    # --- radiology reports, signatures -------------------------------------------------------------
    (P("Monique", "Lebrun", "F"),
     "RADIOGRAPHIE DU BASSIN DE FACE\nPatiente : [[PATIENT|LEBRUN Monique]]\nIndication : chute de sa hauteur.\n"
     "Pas de fracture du col fémoral. Coxarthrose bilatérale modérée.\n\nDr [[PERSON|Hugues Boulanger]]\nRadiologue"),
    (P("Ahmed", "Benkirane", "M"),
     "IRM du genou droit. Demandeur : Dr [[PERSON|Mars]]. Lésion méniscale interne grade 3. "
     "Signé électroniquement par le Dr [[PERSON|Claire Vanhove]]."),
    (None,
     "Scanner thoracique injecté.\nConclusion : embolie pulmonaire segmentaire droite.\n"
     "Validé par : Pr [[PERSON|Olivier Petit]]\nDicté par : Dr [[PERSON|S. Benhaddou]] (interne)"),
    (None,
     "Compte rendu relu et validé par le Docteur [[PERSON|Marchand]], radiologue, et transmis au Dr "
     "[[PERSON|Lefort]]."),
    (P("Lucie", "Mertens", "F"),
     "Échographie abdominale — [[PATIENT|Mme Lucie MERTENS]]".replace("[[PATIENT|Mme ", "Mme [[PATIENT|")
     + "\nFoie de taille normale, sans lésion focale. Vésicule alithiasique, signe de Murphy négatif.\n"
     "Radiologue : [[PERSON|Vandenbroeck Pieter]]"),
    (None,
     "Copie à : Dr [[PERSON|Nathalie Roux]] (médecin traitant), Dr [[PERSON|Jérôme Masson]] (orthopédiste)"),
    (None,
     "Adressé par le Dr [[PERSON|Fournier]] pour bilan d'une maladie de Crohn. Entéro-IRM sans sténose."),
    (None,
     "Médecin traitant : Dr [[PERSON|Blanc]] — [[LOCATION|Namur]]\nMédecin demandeur : Dr [[PERSON|Kaya]]"),
    (None,
     "Interne : [[PERSON|Thibault Lacroix]]\nSenior : Dr [[PERSON|Aurélie Chevalier]]\nMotif : douleur thoracique."),
    (None,
     "CT cérébral sans injection. Pas de saignement. Score de Fazekas 1.\n-- \n[[PERSON|Dr".replace("[[PERSON|Dr", "Dr [[PERSON|")
     + "Vermeersch]], [[INSTITUTION|AZ Sint-Jan]] [[LOCATION|Brugge]]"),
    (None,
     "Signé : [[PERSON|F. Nguyen Van Long]], radiologue"),
    (None,
     "Les Drs [[PERSON|Lemoine]], [[PERSON|Rousseau]] et [[PERSON|Diallo]] ont discuté le dossier en RCP."),
    (None,
     "Vu en consultation par les Docteurs [[PERSON|Gonçalves]] et [[PERSON|Da Costa]]."),
    (None,
     "RX poignet G : fracture de Pouteau-Colles déplacée. Avis ortho (Dr [[PERSON|Berger]]) : réduction + plâtre."),
    (None,
     "Examen réalisé par [[PERSON|Julie Ferreira]], technologue, et interprété par le Dr [[PERSON|Karim Haddouchi]]."),
    (P("Wojciech", "Kowalczyk", "M"),
     "Rx thorax F+P. Patient : [[PATIENT|Kowalczyk]], [[PATIENT|Wojciech]]. Pas de foyer. Cœur de taille normale.\n"
     "Radiologue : Dr [[PERSON|Anne-Catherine Lambotte]]"),
    (None,
     "IRM lombaire. Discopathie L4-L5 avec protrusion (Modic 1). Manœuvre de Lasègue positive à droite selon "
     "le Dr [[PERSON|Meunier]]."),
    (None,
     "CONCLUSION : FRACTURE DE MONTEGGIA.\nDR [[PERSON|JEAN-LUC DUPUIS]]"),
    (None,
     "Mammographie de dépistage, ACR 2. Deuxième lecture : Dr [[PERSON|Van der Linden]]."),
    (None,
     "Angio-scanner des membres inférieurs demandé par le Professeur [[PERSON|Cheikh Ndiaye]] (chirurgie vasculaire)."),
    # --- GP letters --------------------------------------------------------------------------------
    (P("Gérard", "Fontaine", "M", "1941-05-12"),
     "Cher Confrère,\nJe vous adresse [[PATIENT|M. Gérard Fontaine]]".replace("[[PATIENT|M. ", "M. [[PATIENT|")
     + ", [[AGE|83 ans]], pour une radiographie du genou gauche. Il vit avec son épouse [[PERSON|Ginette]] "
     "qui l'aide au quotidien.\nBien confraternellement,\nDr [[PERSON|Pascale Delhez]]\nMédecine générale"),
    (P("Samira", "Ouali", "F"),
     "Chère Consœur, merci de voir Mme [[PATIENT|Ouali]], [[AGE|42 ans]], pour une échographie thyroïdienne. "
     "Sa sœur [[PERSON|Nadia]] a eu un cancer papillaire.\nAmitiés, [[PERSON|Marc Tilmant]]"),
    (None,
     "Mon cher ami,\nJe te remercie d'avoir reçu Monsieur [[PERSON|Aydın]] que je suivais avec le Dr "
     "[[PERSON|Heymans]].\nBien à toi,\n[[PERSON|Bernard]]"),
    (P("Maria", "Dos Santos", "F"),
     "Madame [[PATIENT|Dos Santos]] présente une gonalgie droite depuis trois semaines. Je vous remercie de "
     "pratiquer une IRM.\nDr [[PERSON|Luc Bonnet]], [[LOCATION|rue de Bruxelles 14]], [[LOCATION|5000 Namur]]"),
    (None,
     "Objet : votre patiente Mme [[PERSON|Wiśniewska]]\nCher Docteur [[PERSON|Lambert]], voici le compte rendu..."),
    (P("Jean-Claude", "Renard", "M"),
     "Je revois ce jour [[PATIENT|Jean-Claude]] pour le suivi de sa gonarthrose. Son fils [[PERSON|Stéphane]] "
     "l'accompagne. Traitement : Doliprane 1 g, Kardegic 75."),
    (None,
     "Chers collègues, je vous adresse la petite [[PERSON|Inès]], [[AGE|6 ans]], pour une boiterie. Sa maman, "
     "Mme [[PERSON|Saïdi]], signale une fièvre à 38,5."),
    (P("Thi Lan", "Tran", "F"),
     "Patiente : [[PATIENT|TRAN Thi Lan]]\nMotif : contrôle de nodule pulmonaire.\nMédecin traitant : "
     "Dr [[PERSON|Pham]] [[PERSON|Minh Duc]]".replace("[[PERSON|Pham]] [[PERSON|Minh Duc]]", "[[PERSON|Pham Minh Duc]]")),
    # --- emergency notes (telegraphic) -------------------------------------------------------------
    (P("Kevin", "Lejeune", "M"),
     "SU 02h15. [[PATIENT|Lejeune Kevin]], chute vélo, trauma épaule D. Rx: luxation antéro-int. Réduction "
     "sous MEOPA (Dr [[PERSON|Gautier]]). Sortie avec écharpe. Ctrl Dr [[PERSON|Pirson]] J7."),
    (None,
     "Accompagné de sa compagne [[PERSON|Laetitia]] et de son frère [[PERSON|Yannick]]. Alcoolisation aiguë."),
    (None,
     "pt amené par ambulance, vu par dr [[PERSON|morel]] à l'arrivée, GCS 14."),
    (None,
     "Personne à prévenir : [[PERSON|Mme Christiane Hubert]]".replace("[[PERSON|Mme ", "Mme [[PERSON|")
     + " (fille) — [[PHONE|0475 12 34 56]]"),
    (None,
     "Appel du Dr [[PERSON|Olivier]] (SAMU) : patient intubé, transfert vers le déchocage."),
    (None,
     "Trauma cheville. Ottawa +. Rx : fracture bimalléolaire (Weber B). Avis Dr [[PERSON|Nowak]] : ostéosynthèse."),
    (None,
     "Chute dans l'escalier. Vue par l'IDE [[PERSON|Sophie]] puis par l'interne [[PERSON|Maxime Collard]]."),
    (P("Mehmet", "Öztürk", "M"),
     "[[PATIENT|ÖZTÜRK Mehmet]] [[AGE|58a]], DT2, HTA. Dlr thoracique depuis 1h. ECG : sus-ST inférieur. Appel cardio "
     "de garde (Dr [[PERSON|Yilmaz]])."),
    (None,
     "Fille de la patiente ([[PERSON|Mme Dubois]]) joignable au [[PHONE|06 12 45 78 90]].".replace(
         "[[PERSON|Mme ", "Mme [[PERSON|")),
    # --- discharge summaries ------------------------------------------------------------------------
    (P("Yvette", "Lambert", "F", "1936-02-11"),
     "LETTRE DE SORTIE\nMadame [[PATIENT|Yvette Lambert]], née le [[DATE|11/02/1936]], a été hospitalisée du "
     "[[DATE|3]] au [[DATE|14 mars 2024]] pour une fracture du col fémoral gauche (Garden IV), traitée par "
     "prothèse intermédiaire par le Dr [[PERSON|Leroy]].\nRetour à domicile chez sa fille [[PERSON|Martine "
     "Collin]]."),
    (None,
     "Hospitalisation en gériatrie. Suivi par le Dr [[PERSON|Ben Amor]] et l'équipe du Pr [[PERSON|Lefebvre]]. "
     "Kinésithérapie avec [[PERSON|Mathieu]] 3x/semaine."),
    (None,
     "Sortie validée par le Dr [[PERSON|Aït-Ahmed]]. Rendez-vous avec le Pr [[PERSON|De Smet]] dans 6 semaines."),
    (P("Robert", "Petit", "M"),
     "M. [[PATIENT|Petit]], [[AGE|88 ans]], veuf, vit seul. Aide familiale ([[PERSON|Josiane]]) 2x/jour. Petit "
     "épanchement pleural droit."),
    (None,
     "Patient connu pour une maladie de Parkinson et une maladie d'Alzheimer débutante, suivi par le neurologue "
     "Dr [[PERSON|Vasseur]]."),
    (None,
     "Mme veuve [[PERSON|Durand]], née [[PERSON|Lecomte]], [[AGE|91 ans]], résidente en maison de repos."),
    (None,
     "Madame [[PERSON|Marie-Thérèse Van Hecke]] épouse [[PERSON|Claeys]] est sortie ce jour."),
    (None,
     "Transfert en revalidation. Contact : son neveu [[PERSON|Frédéric]] ; tutelle : Me [[PERSON|Gilson]], avocat."),
    # --- paediatrics ----------------------------------------------------------------------------------
    (P("Noah", "Mukendi", "M"),
     "Enfant [[PATIENT|Noah Mukendi]], [[AGE|4 ans]], amené par son père [[PERSON|Jean-Paul]] pour une toux fébrile. "
     "Rx thorax : pneumopathie lobaire inférieure droite."),
    (None,
     "Nourrisson de [[AGE|3 mois]]. Échographie des hanches (Graf IIa). Parents : [[PERSON|Aurélie]] et [[PERSON|Kevin "
     "Dumont]]."),
    (P("Lina", "Bouzid", "F"),
     "[[PATIENT|Lina]], [[AGE|8 ans]], fracture supracondylienne (Lagrange et Rigault stade 2). Vue par le Dr "
     "[[PERSON|Cornet]]. Mère : [[PERSON|Mme Bouchra El Idrissi]].".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None,
     "Âge osseux selon Greulich et Pyle : 10 ans. Courbe de croissance transmise au Dr [[PERSON|Lion]]."),
    (None,
     "La petite [[PERSON|Chloé]] et son frère jumeau [[PERSON|Lucas]] sont vus ensemble."),
    (None,
     "Maladie d'Osgood-Schlatter bilatérale. Pas d'arrachement. Revoir avec le Dr [[PERSON|Rose]] si persistance."),
    # --- geriatrics -----------------------------------------------------------------------------------
    (P("Germaine", "Vandamme", "F"),
     "Mme [[PATIENT|Vandamme]], [[AGE|94 ans]], résidente de la [[INSTITUTION|MRS Les Tilleuls]]. Chute nocturne. "
     "Infirmière référente : [[PERSON|Bénédicte]]. Pas de fracture visible."),
    (None,
     "Personne de confiance : [[PERSON|M. Roger Lenoir]], son gendre.".replace("[[PERSON|M. ", "M. [[PERSON|")),
    (None,
     "Vit avec sa voisine, Mme [[PERSON|Tshibangu]], qui passe chaque jour."),
    (None,
     "Aide-soignante : [[PERSON|Fatou]]. Kiné : [[PERSON|Arnaud Willems]]."),
    (None,
     "Famille : fils [[PERSON|Didier]] (Bruxelles), fille [[PERSON|Brigitte]] (vit à [[LOCATION|Lyon]]).".replace(
         "(Bruxelles)", "([[LOCATION|Bruxelles]])")),
    (None,
     "Chez sa petite-fille [[PERSON|Amandine Jacquet]] depuis l'hospitalisation."),
    # --- Belgian style --------------------------------------------------------------------------------
    (None,
     "Dr. [[PERSON|Jan Peeters]]\nDienst Radiologie / Service de radiologie\n[[INSTITUTION|UZ Leuven]]"),
    (None,
     "Prof. Dr. [[PERSON|Goethals]] et Dr [[PERSON|Verstraete]] ont pris en charge la patiente."),
    (None,
     "Médecin généraliste : Dr [[PERSON|D'Haese]] à [[LOCATION|Ath]]."),
    (None,
     "Copie : Dr [[PERSON|Vanderlinden]] ; Dr [[PERSON|Claessens]] ; Dr [[PERSON|Hoebeke]]"),
    (P("Pierre", "Dewael", "M"),
     "M. [[PATIENT|DEWAEL]] [[PATIENT|Pierre]] se présente pour un contrôle de sa prothèse totale de hanche."
     .replace("[[PATIENT|DEWAEL]] [[PATIENT|Pierre]]", "[[PATIENT|DEWAEL Pierre]]")),
    (None,
     "Revu avec Dr [[PERSON|Mbuyi]] et Dr [[PERSON|Tshilombo]] (néphrologie)."),
    (None,
     "Demandé par : [[PERSON|DR GOFFIN M.]]".replace("[[PERSON|DR ", "DR [[PERSON|")),
    # --- NOM Prénom in capitals, headers ----------------------------------------------------------------
    (P("Fatima", "Haddad", "F"),
     "NOM : [[PATIENT|HADDAD]]\nPRÉNOM : [[PATIENT|Fatima]]\nEXAMEN : TDM abdomino-pelvienne"),
    (None,
     "Prescripteur : [[PERSON|MOREAU Philippe]]\nRéalisé le [[DATE|12/05/2023]]"),
    (None,
     "Liste des intervenants : [[PERSON|GARNIER Éric]], [[PERSON|PICARD Sylvie]], [[PERSON|ROY Antoine]]."),
    (P("Paul", "Leclercq", "M"),
     "paul leclercq rx genou".replace("paul leclercq", "[[PATIENT|paul leclercq]]")),
    (P("Chantal", "Denis", "F"),
     "pte [[PATIENT|denis chantal]], vue pour dlr épaule, irm demandée"),
    (P("Nicole", "Marechal", "F"),
     "Mme [[PATIENT|MARÉCHAL]] ([[PATIENT|Nicole]]) : échographie des parties molles, lipome probable."),
    # --- names that are common words / places / months ---------------------------------------------------
    (None,
     "Résultats transmis au Dr [[PERSON|Avril]] et au Dr [[PERSON|Lapierre]]."),
    (None,
     "Vu par le Dr [[PERSON|Laval]] le [[DATE|3 juin]]."),
    (None,
     "Consultation du Pr [[PERSON|Leblanc]] : le blanc de l'œil est normal."),
    (None,
     "Le Dr [[PERSON|Fort]] a repris le patient ; le traitement fort a été arrêté."),
    (None,
     "Demande du Dr [[PERSON|Masson]] pour un Rx du rachis. Signé : Dr [[PERSON|Page]]."),
    (None,
     "Dr [[PERSON|Legrand]] et Dr [[PERSON|Vigne]] absents, remplacés par le Dr [[PERSON|Boucher]]."),
    (None,
     "L'orthopédiste, le Dr [[PERSON|Chevalier]], propose une arthroscopie."),
    (None,
     "Dr [[PERSON|Noël]] informé. Retour prévu à Noël."),
    (None,
     "Dr [[PERSON|Pierre]] (gastro) : coloscopie normale."),
    # --- particles, compound, foreign names ------------------------------------------------------------
    (None,
     "Dr [[PERSON|Jean de la Fontaine]] et Dr [[PERSON|Hélène du Bois]] en copie."),
    (None,
     "Patient suivi par le Dr [[PERSON|Ben Salah]] et le Dr [[PERSON|El Khattabi]]."),
    (None,
     "Dr [[PERSON|van der Meulen]] (cardiologie) ; Dr [[PERSON|Van Den Bossche]] (pneumologie)."),
    (None,
     "Dr [[PERSON|Le Goff]] et Dr [[PERSON|Le Bihan]], radiologues."),
    (None,
     "Rapport du Dr [[PERSON|Nguyen Thi Hoa]]."),
    (None,
     "Mme [[PERSON|Şahin]] et M. [[PERSON|Çelik]] attendent en salle."),
    (None,
     "Pneumologue : Dr [[PERSON|Zieliński]]. Chirurgien : Dr [[PERSON|Lewandowska]]."),
    (None,
     "Dr [[PERSON|Ouattara]] (anesthésie) ; Dr [[PERSON|Kouassi]] (réanimation)."),
    (None,
     "Dr [[PERSON|Esposito]] remplace le Dr [[PERSON|Di Marco]] cette semaine."),
    (None,
     "Examen dicté par [[PERSON|Jean-François Lambert-Dupuis]]."),
    # --- initials, split lines ---------------------------------------------------------------------------
    (None,
     "Dr [[PERSON|A.-M. Lecocq]] / Dr [[PERSON|J.F. Simon]]"),
    (None,
     "Le Dr [[PERSON|Ch. Delvaux]] a revu les clichés avec le Dr [[PERSON|Ph. Gillet]]."),
    (None,
     "Lu par [[PERSON|M. Antoine]] et [[PERSON|F. Remacle]].".replace("[[PERSON|M. Antoine]]", "M. [[PERSON|Antoine]]")),
    (None,
     "Bien cordialement,\n\nDocteur\n[[PERSON|Sébastien Michaux]]"),
    (None,
     "Le patient est adressé par le Dr\n[[PERSON|Delforge]] pour avis."),
    # --- profession in parentheses, e-mails ---------------------------------------------------------------
    (None,
     "[[PERSON|Caroline Jadoul]] (psychologue) et [[PERSON|Vincent Hardy]] (diététicien) ont vu le patient."),
    (None,
     "Contact : [[EMAIL|c.vanhove@chu-liege.be]] ou Dr [[PERSON|Vanhove]]."),
    (None,
     "Assistante sociale : [[PERSON|Mme Rachida Amrani]].".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None,
     "Infirmier coordinateur : [[PERSON|Olivier Gérard]]"),
    # --- families, couples -------------------------------------------------------------------------------
    (None,
     "M. et Mme [[PERSON|Delattre]] sont venus avec leur fils [[PERSON|Hugo]]."),
    (None,
     "Son mari, [[PERSON|Ali]], traduit la consultation."),
    (None,
     "Présence de son épouse [[PERSON|Mme Rita Pereira]] lors de l'annonce.".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None,
     "Le patient vit avec son compagnon [[PERSON|Mathias]] et la fille de celui-ci."),
    (None,
     "Accompagnée de sa belle-fille [[PERSON|Sandrine Wauters]]."),
    (None,
     "Le frère aîné [[PERSON|Youssef]] est donneur compatible."),
    (None,
     "Ses enfants [[PERSON|Léa]], [[PERSON|Tom]] et [[PERSON|Emma]] sont informés."),
    (None,
     "Mme [[PERSON|Carvalho]], la voisine, a trouvé la patiente au sol."),
    # --- patient metadata variants -------------------------------------------------------------------------
    (P("Marie-Claire", "De Backer", "F"),
     "Mme [[PATIENT|DE BACKER]], [[PATIENT|Marie-Claire]]: RX thorax au lit. Comparaison avec l'examen du "
     "[[DATE|12/01]]. Mme [[PATIENT|De Backer]] est porteuse d'un PAC."),
    (P("Abdelkader", "Belkacem", "M"),
     "Suivi de [[PATIENT|M. Abdelkader BELKACEM]]".replace("[[PATIENT|M. ", "M. [[PATIENT|")
     + " pour une spondylarthrite. [[PATIENT|Belkacem]] signale une amélioration sous anti-TNF."),
    (P("Joao", "Rodrigues", "M"),
     "Rx cheville : pas de fracture. Patient [[PATIENT|João Rodrigues]]. Entorse du LLE."),
    (P("Élise", "Martin", "F"),
     "[[PATIENT|E. Martin]], [[AGE|34 ans]]. IRM pelvienne : endométriome de 3 cm."),
    (P("Sylvie", "Boulanger", "F"),
     "Mme [[PATIENT|Boulanger]] ; son mari est boulanger. Le Dr [[PERSON|Meyer]] la suit."),
    (P("Hassan", "El Ouahabi", "M"),
     "[[PATIENT|el ouahabi hassan]] - scanner sinus - sinusite maxillaire chronique"),
    (P("Agnieszka", "Nowakowska", "F"),
     "Mme [[PATIENT|Nowakowka]] (sic) a été revue. Mme [[PATIENT|NOWAKOWSKA]] va mieux."),
    (P("Claude", "Simon", "M"),
     "M. [[PATIENT|Claude SIMON]], [[AGE|70 ans]]. Le Dr [[PERSON|Laurent]] demande un scanner."),
    # --- OCR noise, ALL CAPS -------------------------------------------------------------------------------
    (None,
     "Dr  [[PERSON|Phi1ippe Lenoir]] - Radio1ogie"),
    (None,
     "SIGNE PAR : DR [[PERSON|CATHERINE DUBOIS-MARTIN]]"),
    (None,
     "VALIDE PAR LE DR [[PERSON|ROUSSEL]] LE [[DATE|02/03/2024]]"),
    (None,
     "MEDECIN TRAITANT : DR [[PERSON|HENRY]] [[PERSON|PAUL]]".replace("[[PERSON|HENRY]] [[PERSON|PAUL]]",
                                                                     "[[PERSON|HENRY PAUL]]")),
    (None,
     "Dr.[[PERSON|Wouters]] -- service d'urologie"),
    # --- hard negatives: eponyms, anatomy, drugs, common words -----------------------------------------
    (None,
     "Fracture de Salter-Harris type II. Pas de lésion de Hill-Sachs ni de Bankart."),
    (None,
     "Kyste de Baker rompu. Maladie de Scheuermann séquellaire. Fracture de Lisfranc non déplacée."),
    (None,
     "Traitement par Xarelto 20 mg, Eliquis arrêté. Levothyrox 75 µg."),
    (None,
     "Nécrose du semi-lunaire (maladie de Kienböck) stade II selon Lichtman."),
    (None,
     "Score de Wells à 4. Échelle de Glasgow à 15. Classification de Neer en 3 parties."),
    (None,
     "Syndrome de Guillain-Barré, maladie de Hodgkin, maladie de Paget osseuse."),
    (None,
     "Arthrose de la tête fémorale (classification de Kellgren et Lawrence grade 3)."),
    (None,
     "Patient vu en salle Pasteur, lit 12. Service Charcot."),
    (None,
     "Signes de Homans négatifs. Fracture de Galeazzi. Pas de fracture de Jones."),
    (None,
     "Le patient a été transféré au service des urgences. Monsieur est stable."),
    # --- more mixed styles -----------------------------------------------------------------------------------
    (None,
     "Réunion de concertation : présents Dr [[PERSON|Lemaire]] (radiologie), Dr [[PERSON|Bastin]] "
     "(oncologie), Pr [[PERSON|Hermans]] (chirurgie), Mme [[PERSON|Pauline Gobert]] (IDE coordinatrice)."),
    (None,
     "En l'absence du Dr [[PERSON|Verbeke]], remplacé par le Dr [[PERSON|Dujardin]]."),
    (None,
     "Le Dr [[PERSON|Jacques Roland]] (anesthésiste) a posé une péridurale."),
    (None,
     "Merci au Dr [[PERSON|Moulin]] de nous avoir confié [[PERSON|Mme Riviere]].".replace("[[PERSON|Mme ", "Mme [[PERSON|")),
    (None,
     "Urgentiste : [[PERSON|Dr Aline Fabre]]".replace("[[PERSON|Dr ", "Dr [[PERSON|")),
    (None,
     "Echo réalisée par [[PERSON|Hélène]] (sonographer), relue par Dr [[PERSON|Vogel]]."),
    (None,
     "Mme [[PERSON|Perrin]] a téléphoné pour avoir les résultats de son père, M. [[PERSON|Perrin Marcel]]."),
    (None,
     "Kiné [[PERSON|Thomas Renaud]] : rééducation de l'épaule 20 séances."),
    (None,
     "Correspondant : [[PERSON|Dr M. Haddad]]".replace("[[PERSON|Dr ", "Dr [[PERSON|")),
    (None,
     "Adressée par sa gynécologue, le Dr [[PERSON|Lucie Marchal]], pour mammographie."),
    (None,
     "IRM cérébrale. Séquelles ischémiques. Revu par Dr [[PERSON|Sarr]], neuroradiologue."),
    (None,
     "Le patient [[PERSON|Gilles]] (prénom d'usage : [[PERSON|Gillou]]) est agité."),
    (None,
     "A l'attention du Dr [[PERSON|Baudouin Lacroix]], cabinet de médecine générale."),
    (None,
     "Transmis à Mme [[PERSON|Lambert]], secrétaire du Dr [[PERSON|Hanquet]]."),
    (None,
     "Dictée le [[DATE|5/6/2024]] par [[PERSON|Dr Stéphanie Legros]].".replace("[[PERSON|Dr ", "Dr [[PERSON|")),
    (None,
     "Opéré en [[DATE|2019]] par le Pr [[PERSON|Dubuisson]] à l'[[INSTITUTION|Hôpital de la Citadelle]]."),
    (None,
     "Avis du rhumatologue ([[PERSON|Dr Giraud]]) : pas de chondrocalcinose.".replace("[[PERSON|Dr ", "Dr [[PERSON|")),
    (None,
     "Ce jour, j'ai vu [[PERSON|Madame Huguette Colson]] pour une lombalgie.".replace("[[PERSON|Madame ", "Madame [[PERSON|")),
    (None,
     "Suivi en kiné chez [[PERSON|Pierre-Yves Delcourt]], à [[LOCATION|Wavre]]."),
    (None,
     "Signature : [[PERSON|Bastien Thys]], assistant en radiologie"),
    (None,
     "Mlle [[PERSON|Camille Robert]], [[AGE|19 ans]], étudiante."),
    (None,
     "Dr [[PERSON|Mohamed Aziz Ben Youssef]] - chef de clinique"),
    (None,
     "Merci d'envoyer les images au Dr [[PERSON|Joseph]] et au Dr [[PERSON|Victor]]."),
]


def write_cases(cases_markup: list, prefix: str, out: Path) -> None:
    """Markup cases -> deduce's case JSON, every span checked against its offsets."""
    cases = []
    for k, (patient, markup) in enumerate(cases_markup):
        text, anns = parse(markup)
        for a in anns:
            assert text[a["start_char"]: a["end_char"]] == a["text"], a
        case: dict[str, object] = {"id": f"{prefix}-{k:03d}", "text": text, "annotations": anns}
        if patient:
            case["patient"] = patient
        cases.append(case)
    out.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {out}")


def main() -> None:
    write_cases(CASES, "devnames", OUT)


if __name__ == "__main__":
    main()
