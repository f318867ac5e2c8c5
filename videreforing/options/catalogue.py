"""The catalogue of organisational forms as first loaded (RULES.md, O-UNIT … O-EXISTING).

Texts are Norwegian (they are shown to users as data). Where the sources give no figure
(typical cost and time to establish for most forms), the field is left empty and the
page says so; administrators fill it in. `checked_on` stays empty until someone has
checked the facts against the sources."""

EXAMPLES = {
    "as": "Sunndal Næringsselskap AS koordinerte all næringsutvikling etter programmet. "
          "Flakstad Utvikling AS (stiftet 2012) eies av et næringsforum (51 %), kommunen "
          "(24 %) og andre. Karmøy Omstillingsselskap AS. Meråker Utvikling AS ble avviklet "
          "i 2018 og arbeidet flyttet inn i kommunen.",
    "kf": "Meløy Utvikling KF og Kapp omstilling i Nordkapp KF.",
    "municipal_unit": "Meråker: arbeidet ble flyttet inn i kommunen da Meråker Utvikling AS "
                      "ble avviklet i 2018.",
    "inter_municipal": "Vestre Toten videreførte arbeidet gjennom regionalt samarbeid.",
}

FORMS = [
    {
        "key": "municipal_unit", "rule_id": "O-UNIT",
        "name": "Enhet i kommunens administrasjon (næringsavdeling/-enhet)",
        "legal_basis": "Kommuneloven: del av kommunens administrasjon.",
        "owners": "Kommunen alene.",
        "liability": "Ingen egen juridisk person; kommunen har ansvaret.",
        "minimum_capital": "Ingen.",
        "board_rules": "Intet eget styre; enheten ligger under kommunedirektøren.",
        "registration": "Ingen egen registrering.",
        "sources": "kommuneloven",
    },
    {
        "key": "kf", "rule_id": "O-KF", "name": "Kommunalt foretak (KF)",
        "legal_basis": "Kommuneloven; Prop. 46 L (2017–2018) kap. 12.",
        "owners": "Kommunen (foretaket er en del av kommunen som juridisk person).",
        "liability": "Ingen egen økonomi: kommunen dekker underskudd.",
        "minimum_capital": "Ingen.",
        "board_rules": "Eget styre valgt av kommunestyret; daglig leder. De ansatte er "
                       "kommunalt ansatte.",
        "registration": "",
        "sources": "Prop. 46 L (2017–2018) kap. 12; KS Bedrift",
    },
    {
        "key": "iks", "rule_id": "O-IKS", "name": "Interkommunalt selskap (IKS)",
        "legal_basis": "IKS-loven §§ 1, 3, 4 (lov 1999-01-29-6).",
        "owners": "Bare kommuner, fylkeskommuner eller andre IKS (ingen private eiere).",
        "liability": "Ubegrenset ansvar for eierne, fordelt etter eierandel.",
        "minimum_capital": "",
        "board_rules": "Skriftlig selskapsavtale vedtatt av hvert kommunestyre selv; "
                       "representantskapet er eierorganet. Kravet om begge kjønn i styret "
                       "gjelder IKS-styrer (G-611A, G-MUNI).",
        "registration": "",
        "sources": "IKS-loven (lovdata 1999-01-29-6); regjeringen.no",
    },
    {
        "key": "inter_municipal", "rule_id": "O-KO",
        "name": "Kommunalt oppgavefellesskap / vertskommune",
        "legal_basis": "Kommuneloven § 17-1, kap. 19 og kap. 20. Et interkommunalt politisk "
                       "råd (kap. 18) er et politisk forum som ikke produserer tjenester.",
        "owners": "Kommunene som samarbeider.",
        "liability": "", "minimum_capital": "", "board_rules": "", "registration": "",
        "sources": "regjeringen.no, Veileder om interkommunalt samarbeid",
    },
    {
        "key": "as", "rule_id": "O-AS", "name": "Aksjeselskap (AS)",
        "legal_basis": "Aksjeloven; stiftelsesdokument etter § 2-3 med vedtekter.",
        "owners": "Kommuner, andre offentlige og private aksjeeiere.",
        "liability": "Aksjeeierne hefter med innskutt kapital; styremedlemmene har personlig "
                     "ansvar (aksjeloven § 17-1), styreansvarsforsikring anbefales.",
        "minimum_capital": "Aksjekapital minst 30 000 kr.",
        "board_rules": "Kjønnsbalanse kreves når kommuner/fylkeskommuner eier minst to "
                       "tredjedeler (aksjeloven § 20-6, G-611A, G-MUNI). Nye regler fases inn "
                       "for andre AS etter størrelse (G-2024); et nytt, lite utviklingsselskap "
                       "er vanligvis under grensene.",
        "registration": "Registreres i Foretaksregisteret innen tre måneder etter at "
                        "stiftelsesdokumentet er signert.",
        "sources": "NOU 2016:22 kap. 7; brreg.no «Vedtekter for AS»; aksjeloven",
    },
    {
        "key": "sa", "rule_id": "O-SA", "name": "Samvirkeforetak (SA)",
        "legal_basis": "Samvirkelova.",
        "owners": "Minst to stiftere/medlemmer.",
        "liability": "",
        "minimum_capital": "Ingen minstekapital.",
        "board_rules": "",
        "registration": "Navnet slutter på «SA»; registreres innen tre måneder.",
        "sources": "altinn.no; brreg.no",
    },
    {
        "key": "foundation", "rule_id": "O-STIFT", "name": "Stiftelse",
        "legal_basis": "Stiftelsesloven §§ 14, 22.",
        "owners": "Ingen eiere: stiftelsen eier seg selv.",
        "liability": "",
        "minimum_capital": "Grunnkapital minst 100 000 kr; næringsdrivende stiftelse minst "
                           "200 000 kr.",
        "board_rules": "",
        "registration": "Registreres innen tre måneder.",
        "sources": "stiftelsesloven §§ 14, 22",
    },
    {
        "key": "existing_body", "rule_id": "O-EXISTING",
        "name": "Videreføring i en eksisterende aktør (næringsselskap, næringshage, "
                "regionråd) med tjenesteavtale",
        "legal_basis": "Tjenesteavtaler med kommunen, utarbeidet i forprosjektet.",
        "owners": "Den eksisterende aktørens eiere.",
        "liability": "", "minimum_capital": "", "board_rules": "", "registration": "",
        "sources": "Innovasjon Norge, «Mer om forprosjektet»",
    },
]
