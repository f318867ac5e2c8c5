"""Version 1 of the task template (R-INITIATIVE … R-MAIN).

Kept in code as the seed of the data migration that creates the template; an
administrator edits later versions in Django admin. Texts are the Norwegian
task titles users see; they are data, stored in the database."""

TEMPLATE_V1 = {
    "version": 1,
    "name": "Videreføring av omstillingsprogrammer – standard",
    "tasks": [
        # initiation: before the pre-study
        ("initiation", "Omstillingsstyret tar initiativ til videreføringsprosessen",
         "Styret vedtar å starte prosessen, senest to år før omstillingsperioden er over.",
         "board_chair", "R-INITIATIVE"),
        ("initiation", "Kommunen vedtar å ta det operative ansvaret for prosessen",
         "Kommunen sitter i førersetet og har det operative ansvaret.",
         "project_owner", "R-INITIATIVE"),
        ("initiation", "Utpek prosjektansvarlig (ofte ordfører)", "",
         "programme_manager", "R-OWNER"),
        ("initiation", "Sett sammen prosjektgruppen", "",
         "project_owner", "R-INITIATIVE"),
        ("initiation", "Be Innovasjon Norges oppdragsrådgiver om forslag til konsulentmiljøer",
         "Oppdragsrådgiverne for regional omstilling kan foreslå konsulentmiljøer med "
         "erfaring fra liknende arbeid.", "board_chair", "R-ADVISER"),
        ("initiation", "Lys ut oppdraget som prosessleder på anbud",
         "Oppdraget må legges ut på anbud.", "programme_manager", "R-TENDER"),
        ("initiation", "Engasjer ekstern prosessleder for forstudium og forprosjekt",
         "En ekstern konsulent med erfaring fra liknende arbeid; gjerne en lokal konsulent "
         "ved siden av.", "board_chair", "R-CONSULTANT"),
        # pre-study
        ("pre_study", "Identifiser mulige og realistiske organisasjonsformer",
         "Former for organisering og drift av utviklingsarbeidet på fast og ordinær basis.",
         "process_leader", "R-PRESTUDY"),
        ("pre_study", "Beskriv hvordan kommunen kan legge til rette for næringsutvikling", "",
         "project_group", "R-PRESTUDY"),
        ("pre_study", "Kartlegg kompetansen som er bygd opp i programmet og hvordan den beholdes",
         "", "project_group", "R-PRESTUDY"),
        ("pre_study", "Beskriv hvordan arbeidsmåtene fra programmet kan videreføres", "",
         "project_group", "R-PRESTUDY"),
        ("pre_study", "Involver næringslivet, kommunen og andre sentrale aktører", "",
         "process_leader", "R-COOPERATE"),
        ("pre_study", "Skisser alternativer for finansiering, organisering og geografisk "
         "nedslagsfelt", "", "process_leader", "R-PRESTUDY"),
        ("pre_study", "Skriv sluttrapporten for forstudiet og legg den fram for vedtak", "",
         "process_leader", "R-PRESTUDY"),
        # pre-project
        ("pre_project", "Besøk kommuner som har lyktes", "", "project_group", "R-PREPROJECT"),
        ("pre_project", "Gjennomfør næringsanalyse", "", "process_leader", "R-PREPROJECT"),
        ("pre_project", "Utarbeid foreløpig strategisk næringsplan", "",
         "process_leader", "R-PREPROJECT"),
        ("pre_project", "Foreslå organisasjons- og eiermodell", "",
         "process_leader", "R-PREPROJECT"),
        ("pre_project", "Forhandle tjenesteavtaler med kommunen og eventuelt andre kommuner", "",
         "project_owner", "R-PREPROJECT"),
        ("pre_project", "Sett opp budsjetter og finansiering", "",
         "process_leader", "R-PREPROJECT"),
        ("pre_project", "Lag bemannings- og kompetanseplan", "",
         "process_leader", "R-PREPROJECT"),
        ("pre_project", "Lag plan for hovedprosjektet", "", "process_leader", "R-PREPROJECT"),
        ("pre_project", "Skriv forretningsplanen med én konkret løsning og legg den fram for "
         "vedtak", "Organisering, eierskap, bemanning, finansiering og gjennomføring.",
         "process_leader", "R-PREPROJECT"),
        # main project
        ("main_project", "Stift selskapet eller prosjektorganisasjonen", "",
         "project_owner", "R-MAIN"),
        ("main_project", "Velg styre", "", "project_owner", "R-MAIN"),
        ("main_project", "Start rekruttering av daglig leder", "", "project_owner", "R-MAIN"),
        ("main_project", "Lag plan for bruk av ubrukte programmidler etter handlingsplanen", "",
         "programme_manager", "R-MAIN"),
        ("main_project", "Enheten er operativ før omstillingsprogrammet avvikles", "",
         "project_owner", "R-OPERATIVE"),
    ],
}


# Estimates (optimistic, likely, pessimistic days), their basis and finish-to-start
# predecessors (template order numbers), keyed by the template order of TEMPLATE_V1.
# "assumption" marks this application's own assumption: no source gives the figure,
# and an administrator can change it in the task template.
A = "assumption"
ESTIMATES_V1 = {
    1: (14, 21, 30, A, []),
    2: (14, 30, 45, A, [1]),
    3: (3, 7, 14, A, [2]),
    4: (7, 14, 21, A, [3]),
    5: (3, 7, 14, A, [1]),
    # P-DEADLINE: 30 days is the shortest tender deadline of an open procedure; the
    # rest of the competition (evaluation, award, standstill) is assumed.
    6: (30, 45, 60, "P-DEADLINE", [2, 5]),
    7: (7, 14, 21, A, [6]),
    # Pre-study: 2–4 months in all is this application's assumption (R-DURATION).
    8: (30, 45, 60, A, [4, 7]),
    9: (30, 45, 60, A, [4, 7]),
    10: (30, 45, 60, A, [4, 7]),
    11: (30, 45, 60, A, [4, 7]),
    12: (30, 45, 60, A, [4, 7]),
    13: (14, 21, 30, A, [8]),
    14: (14, 21, 30, A, [9, 10, 11, 12, 13]),
    # Pre-project: 4–6 months in all (R-DURATION).
    15: (90, 105, 120, "R-DURATION", [14]),
    16: (90, 105, 120, "R-DURATION", [14]),
    17: (90, 105, 120, "R-DURATION", [14]),
    18: (90, 105, 120, "R-DURATION", [14]),
    19: (90, 105, 120, "R-DURATION", [14]),
    20: (90, 105, 120, "R-DURATION", [14]),
    21: (90, 105, 120, "R-DURATION", [14]),
    22: (90, 105, 120, "R-DURATION", [14]),
    23: (30, 45, 60, "R-DURATION", [15, 16, 17, 18, 19, 20, 21, 22]),
    # Main project: registration within three months of founding (O-AS) bounds the
    # founding; the other figures are assumptions.
    24: (30, 60, 90, "O-AS", [23]),
    25: (1, 7, 14, A, [24]),
    26: (60, 90, 120, A, [25]),
    27: (14, 30, 45, A, [23]),
    28: (1, 7, 14, A, [26, 27]),
}

PHASE_ESTIMATES_V1 = {
    "pre_study": {"optimistic": 60, "likely": 90, "pessimistic": 120, "basis": A},
    "pre_project": {"optimistic": 120, "likely": 150, "pessimistic": 180,
                    "basis": "R-DURATION"},
    "main_project": {"optimistic": 90, "likely": 135, "pessimistic": 180, "basis": A},
}
