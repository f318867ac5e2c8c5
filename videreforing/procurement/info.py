"""What the rules mean for one tender, in plain Norwegian."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from videreforing.rules import procurement as rules

from .models import Tender
from .services import current_limits

TAX_CERTIFICATE_FROM = Decimal(500_000)  # P-QUAL: usual for contracts over 500 000


def _kr(amount: Decimal) -> str:
    try:
        whole = int(amount)
    except (ValueError, OverflowError, TypeError):  # never fail on what is stored
        return f"{amount} kr"
    return f"{whole:,}".replace(",", "\u00a0") + " kr"


@dataclass
class RegimeInfo:
    regime: str
    label: str
    doffin_required: bool
    ted_required: bool
    min_tender_days: int | None
    min_request_days: int | None
    consequences: list[str] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)


def regime_info(tender: Tender) -> RegimeInfo:
    regime = tender.regime
    limits = current_limits()
    days = rules.min_days(regime, tender.procedure)
    info = RegimeInfo(
        regime=regime, label=str(Tender.Regime(regime).label),
        doffin_required=rules.doffin_required(regime), ted_required=rules.ted_required(regime),
        min_tender_days=days["tender"], min_request_days=days["request"],
    )
    c = info.consequences
    if regime == rules.BELOW_REGULATION:
        c.append(_("Anslått verdi er under grensen der anskaffelsesregelverket gjelder "
                   "(P-100K). Oppdraget skal likevel legges ut på anbud (R-TENDER)."))
    if regime == rules.PART_1:
        c.append(_("Del I gjelder: konkurranse så langt det er mulig, og plikt til å "
                   "dokumentere de viktigste beslutningene (P-100K, FOA § 7-1)."))
        c.append(_("Kunngjøring i Doffin er frivillig. Det vanlige er å invitere tre eller "
                   "flere konsulentmiljøer."))
    if regime == rules.PART_2:
        c.append(_("Del II gjelder: konkurransen skal kunngjøres i Doffin (P-NAT)."))
    if regime == rules.PART_3:
        c.append(_("Del III gjelder: konkurransen skal kunngjøres i Doffin og TED (P-EEA)."))
    if info.min_tender_days or info.min_request_days:
        parts = []
        if info.min_request_days:
            parts.append(_("%(days)s dager for forespørsler om å delta") % {
                "days": info.min_request_days})
        if info.min_tender_days:
            parts.append(_("%(days)s dager for tilbud") % {"days": info.min_tender_days})
        c.append(_("Minstefrist: %(parts)s (P-DEADLINE).") % {"parts": " og ".join(parts)})
    elif regime != rules.BELOW_REGULATION:
        c.append(_("Ingen fast minstefrist: sett en rimelig frist ut fra hvor sammensatt "
                   "oppdraget er (P-DEADLINE)."))
    if regime != rules.BELOW_REGULATION:
        c.append(_("Før anskaffelsesprotokoll over de viktigste beslutningene (P-PROTOCOL)."))
    if regime == rules.PART_3:
        c.append(_("Oppbevar dokumentasjonen i minst tre år (P-PROTOCOL)."))
    if tender.estimated_value > TAX_CERTIFICATE_FROM:
        c.append(_("Skatteattest er vanlig som kvalifikasjonskrav for kontrakter over "
                   "500 000 kr (P-QUAL)."))
    for threshold in rules.near_thresholds(tender.estimated_value, limits):
        info.warnings.append({
            "code": "near_threshold",
            "message": _("Anslått verdi er innenfor 10 %% av terskelen på %(amount)s. Anslå "
                         "hele oppdragets verdi ærlig, med alle opsjoner og forlengelser; "
                         "oppdraget kan ikke deles opp for å komme under terskelen.")
            % {"amount": _kr(threshold.amount)},
        })
    return info
