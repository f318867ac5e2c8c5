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
