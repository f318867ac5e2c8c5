"""The tender's documents: request for tenders, Doffin notice text, award letters and
the procurement record (P-PROTOCOL)."""

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from videreforing.documents.rendering import render_docx, render_pdf
from videreforing.lib.numbers import plain
from videreforing.rules.mcda import round2

from .evaluation import Evaluation, EvaluationError, evaluate
from .info import _kr, regime_info
from .models import AwardCriterion, Tender


def _two(value) -> str:
    """Totals with two decimals and the language's decimal sign (8,80 in Norwegian)."""
    return number_format(round2(float(value)), decimal_pos=2)


def _d(day) -> str:
    return date_format(day, "j. F Y") if day else _("ikke satt")


def _base_context(tender: Tender) -> dict:
    programme = tender.programme
    info = regime_info(tender)
    price = tender.criteria.filter(kind=AwardCriterion.Kind.PRICE).first()
    if price is None:
        price_text = _("Pris er ikke et eget kriterium.")
    elif price.price_model == "proportional":
        price_text = _("Prisen gis poeng etter forholdsmodellen: 10 × laveste pris / "
                       "tilbudt pris (P-PROP).")
    else:
        price_text = _("Prisen gis poeng etter lineær modell: 10 − 10 × (tilbudt pris − "
                       "laveste pris) / laveste pris; poengene kan bli negative (P-LINEAR).")
    return {
        "tender": tender,
        "programme": programme,
        "municipalities": ", ".join(m.name for m in programme.municipalities.all()),
        "value": _kr(tender.estimated_value),
        "contract_period": (f"{_d(tender.contract_start)} – {_d(tender.contract_end)}"
                            if tender.contract_start or tender.contract_end
                            else _("ikke satt")),
        "regime_label": info.label,
        "procedure_label": str(tender.get_procedure_display()),
        "consequences": info.consequences,
        "requirements": [{"text": r.text, "documentation": r.documentation}
                         for r in tender.requirements.all()],
        "criteria": [{"name": c.name, "weight": plain(c.weight), "scoring": c.scoring,
                      "model": c.get_price_model_display() if c.price_model else "–"}
                     for c in tender.criteria.all()],
        "price_model_text": price_text,
        "deadline": _d(tender.tender_deadline),
        "today": _d(timezone.localdate()),
        "info": info,
    }


def tender_document_docx(tender: Tender) -> bytes:
    return render_docx("tender_document", _base_context(tender))


def doffin_notice(tender: Tender) -> str:
    info = regime_info(tender)
    kind = _("Kunngjøring (pliktig)") if info.doffin_required else _("Frivillig kunngjøring")
    lines = [
        f"{kind}: {tender.title}",
        _("Oppdragsgiver: %(name)s") % {"name": tender.programme.name},
        _("Oppdraget: %(text)s") % {"text": tender.description or "–"},
        _("Anslått verdi: %(value)s eks. mva.") % {"value": _kr(tender.estimated_value)},
        _("Prosedyre: %(procedure)s. %(regime)s.") % {
            "procedure": tender.get_procedure_display(), "regime": info.label},
        _("Tildelingskriterier: %(criteria)s.") % {"criteria": ", ".join(
            f"{c.name} {plain(c.weight)} %" for c in tender.criteria.all()) or "–"},
        _("Tilbudsfrist: %(date)s.") % {"date": _d(tender.tender_deadline)},
    ]
    if info.ted_required:
        lines.append(_("Konkurransen kunngjøres også i TED."))
    return "\n".join(lines)


def _evaluation_or_none(tender: Tender) -> Evaluation | None:
    try:
        return evaluate(tender)
    except EvaluationError:
        return None


def sensitivity_lines(evaluation: Evaluation) -> list[str]:
    lines = []
    for s in evaluation.sensitivity:
        if s.smallest_change is None:
            lines.append(_("%(name)s (%(weight)s %%): ingen vekt fra 0 til 100 %% endrer "
                           "vinneren.") % {"name": s.criterion.name,
                                           "weight": plain(s.criterion.weight)})
        else:
            lines.append(_("%(name)s (%(weight)s %%): vinneren er den samme mellom %(low)s og "
                           "%(high)s %%; vekten må endres med %(change)s prosentpoeng for at "
                           "en annen skal vinne.") % {
                "name": s.criterion.name, "weight": plain(s.criterion.weight),
                "low": plain(s.min_weight), "high": plain(s.max_weight),
                "change": plain(s.smallest_change)})
    return lines


def record_context(tender: Tender) -> dict:
    context = _base_context(tender)
    evaluation = _evaluation_or_none(tender)
    info = context["info"]
    context["announcement"] = (
        _("Doffin og TED") if info.ted_required else
        _("Doffin") if info.doffin_required else _("ikke pliktig (del I eller under)"))
    climate = tender.criteria.filter(kind=AwardCriterion.Kind.CLIMATE).first()
    context["climate_text"] = (
        _("Klima og miljø er vektet %(weight)s %%. Begrunnelse for unntak: %(reason)s") % {
            "weight": plain(climate.weight), "reason": tender.climate_exception}
        if climate and tender.climate_exception else "")
    context["bids"] = [{
        "name": b.supplier.name, "org_number": b.supplier.org_number, "price": _kr(b.price),
        "status": (_("Avvist: %(reason)s") % {"reason": b.rejection_reason} if b.rejected
                   else _("Ikke kvalifisert: %(reason)s") % {"reason": b.rejection_reason}
                   if not b.qualified else _("Med i evalueringen")),
    } for b in tender.bids.select_related("supplier")]
    context["ranking"] = [{"rank": r.rank, "name": r.bid.supplier.name,
                           "total": _two(r.total)}
                          for r in (evaluation.rows if evaluation else [])]
    context["sensitivity"] = sensitivity_lines(evaluation) if evaluation else []
    winner = tender.winner
    context["winner"] = (f"{winner.supplier.name} ({winner.supplier.org_number})"
                         if winner else _("ikke valgt ennå"))
    context["award_text"] = (
        _("Begrunnelse for å velge et annet tilbud enn det som er rangert først: %(reason)s")
        % {"reason": tender.award_reason} if tender.award_reason
        else _("Tilbudet som er rangert først, er valgt.") if winner else "")
    context["evaluation"] = evaluation
    return context


def procurement_record_docx(tender: Tender) -> bytes:
    return render_docx("procurement_record", record_context(tender))


def procurement_record_pdf(tender: Tender) -> bytes:
    return render_pdf("procurement/record_pdf.html", record_context(tender))


def award_letter_context(tender: Tender, bid) -> dict:
    evaluation = evaluate(tender)
    rows = {r.bid.pk: r for r in evaluation.rows}
    winner = tender.winner
    won = winner is not None and bid.pk == winner.pk
    row = rows.get(bid.pk)
    context = _base_context(tender) | {
        "heading": _("Melding om tildeling") if won else _("Melding om valg av leverandør"),
        "supplier": bid.supplier,
        "body": (_("Vi har valgt ditt tilbud i konkurransen og tar kontakt om kontrakten.")
                 if won else _("Vi har valgt en annen leverandør i konkurransen. Takk for "
                               "tilbudet.")),
        "winner": winner.supplier.name if winner else "–",
        "winner_total": _two(rows[winner.pk].total) if winner else "–",
        "rank": row.rank if row else "–",
        "total": _two(row.total) if row else "–",
        "reason": (_("Tilbudet ble ikke evaluert: %(reason)s") % {
            "reason": bid.rejection_reason} if bid.excluded else tender.award_reason),
    }
    return context


def award_letter_docx(tender: Tender, bid) -> bytes:
    return render_docx("award_letter", award_letter_context(tender, bid))


def award_letter_pdf(tender: Tender, bid) -> bytes:
    return render_pdf("procurement/letter_pdf.html", award_letter_context(tender, bid))
