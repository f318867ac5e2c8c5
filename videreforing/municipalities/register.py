"""Reading the shipped municipality register (SSB KLASS 131, Kartverket)."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REGISTER_2024 = Path(__file__).resolve().parent / "data" / "kommuner-2024.csv"
REGISTER_2024_VALID_FROM = date(2024, 1, 1)

# Name changes in KLASS 131 from 1 January 2026; no numbers changed (RULES.md, register).
NAME_CHANGES_2026 = {
    "valid_from": date(2026, 1, 1),
    "names": {
        "0301": ("Oslo", "Oslo - Oslove"),
        "5006": ("Steinkjer", "Steinkjer - Stïentje"),
        "5536": ("Lyngen", "Lyngen - Ivgu - Yykeä"),
    },
}


@dataclass(frozen=True)
class RegisterRow:
    number: str
    name: str
    county_number: str
    county_name: str


def read_register(path: Path = REGISTER_2024) -> list[RegisterRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            RegisterRow(
                number=row["kommunenummer"],
                name=row["navn"],
                county_number=row["fylkesnummer"],
                county_name=row["fylkesnavn"],
            )
            for row in csv.DictReader(fh)
        ]
