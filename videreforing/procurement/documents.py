"""The tender's documents: request for tenders, Doffin notice text, the notice of the
award to every bidder (P-NOTICE) and the procurement record (P-PROTOCOL)."""

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from videreforing.documents.rendering import render_docx, render_pdf
from videreforing.lib.numbers import plain
from videreforing.rules import procurement as rules
from videreforing.rules.mcda import round2

from .evaluation import Evaluation, EvaluationError, evaluate
from .info import _kr, regime_info
from .models import AwardCriterion, Contract, Tender
from .services import default_advantages, default_authority_name, notice_plan


def _two(value) -> str:
    """Totals with two decimals and the language's decimal sign (8,80 in Norwegian)."""
    return number_format(round2(float(value)), decimal_pos=2)


def _d(day) -> str:
    return date_format(day, "j. F Y") if day else _("ikke satt")


def _words(items) -> str:
    """A list in words: "Doffin, TED og Invitasjon til utvalgte leverandører"."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s og %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _base_context(tender: Tender) -> dict:
    programme = tender.programme
    info = regime_info(tender)
    price = tender.criteria.filter(kind=AwardCriterion.Kind.PRICE).first()
    # Read by suppliers: the price model in words, without rule ids (issue 9, point 6;
    # the formulas are P-PROP and P-LINEAR).
    # Said exactly as rules.price_points computes it: proportional points lie above 0
    # and at most 10; linear points have no lower limit (below 0 above twice the lowest).
    if price is None:
        price_text = _("Pris er ikke et eget kriterium.")
    elif price.price_model == "proportional":
        price_text = _("Prisen gis poeng forholdsmessig: laveste pris får 10 poeng, og de "
                       "andre tilbudene får 10 × laveste pris / tilbudt pris. Et tilbud med "
                       "dobbelt så høy pris som det laveste får 5 poeng. Poengene for pris "
                       "blir aldri lavere enn 0.")
    else:
        price_text = _("Prisen gis poeng lineært: laveste pris får 10 poeng, og de andre "
                       "tilbudene mister poeng i forhold til hvor mye dyrere de er: 10 − 10 "
                       "× (tilbudt pris − laveste pris) / laveste pris. Et tilbud med dobbelt "
                       "så høy pris som det laveste får 0 poeng. Poengene for pris har ingen "
                       "nedre grense: et tilbud som er mer enn dobbelt så dyrt som det "
                       "laveste, får negative poeng, og de trekker totalpoengene ned.")
    scoring_text = (_("Hvert kriterium gis fra 0 til 10 poeng. Poengene ganges med "
                      "kriteriets vekt, og summen gir tilbudets totalpoeng.")
                    if price is None else
                    _("Kriteriene utenom pris gis fra 0 til 10 poeng; pris gis poeng etter "
                      "formelen for prismodellen. Poengene for hvert kriterium ganges med "
                      "kriteriets vekt, og summen gir tilbudets totalpoeng."))
    authority = tender.authority_name or default_authority_name(programme)
    return {
        "tender": tender,
        "programme": programme,
        # The contracting authority as suppliers see it, with its organisation number.
        "authority": (_("%(name)s, org.nr. %(number)s") % {
            "name": authority, "number": tender.authority_org_number}
            if tender.authority_org_number else authority),
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
        "scoring_text": scoring_text,
        "deadline": _d(tender.tender_deadline),
        # Date and time for suppliers ("31. januar 2099 kl. 12.00").
        "deadline_at": (_("%(date)s kl. %(time)s") % {
            "date": _d(tender.tender_deadline),
            "time": tender.deadline_time.strftime("%H.%M")}
            if tender.tender_deadline and tender.deadline_time else _d(tender.tender_deadline)),
        "submission": tender.submission_address or authority,
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
        _("Oppdragsgiver: %(name)s") % {"name": _base_context(tender)["authority"]},
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
    context.update(_record_steps(tender))
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
    # Every criterion's score and justification for every bid (issue 9, point 6): the
    # price points as computed, the others as given; excluded bids with their reason.
    points = {r.bid.pk: r.points for r in (evaluation.rows if evaluation else [])}
    scores = []
    for b in tender.bids.select_related("supplier").prefetch_related("scores"):
        given = {sc.criterion_id: sc for sc in b.scores.all()}
        for c in tender.criteria.all():
            score = given.get(c.pk)
            if c.kind == AwardCriterion.Kind.PRICE and c.pk in points.get(b.pk, {}):
                shown = _two(points[b.pk][c.pk])
                why = _("Beregnet fra prisen %(price)s.") % {"price": _kr(b.price)}
            elif score is not None:
                shown, why = _two(score.score), score.justification
            else:
                shown, why = "–", ""
            scores.append({"name": b.supplier.name, "criterion": c.name, "score": shown,
                           "justification": why or "–"})
    context["scores"] = scores
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


def _channel_label(code: str) -> str:
    return str(Tender.Channel(code).label) if code in Tender.Channel.values else code


PUBLIC_CHANNELS = (Tender.Channel.DOFFIN, Tender.Channel.TED)


def _reference_label(tender: Tender) -> str:
    """What the announcement's reference is, by where it went: a notice number in Doffin
    or TED, the suppliers invited, or both."""
    channels = set(tender.announcement_channels or ())
    public = bool(channels & set(PUBLIC_CHANNELS))
    invited = Tender.Channel.INVITED in channels
    if public and invited:
        return _("Kunngjøringsnummer og inviterte leverandører")
    if public:
        return _("Kunngjøringsnummer")
    if invited:
        return _("Inviterte leverandører")
    return _("Referanse")


def announcement_text(tender: Tender) -> str:
    """The announcement in one sentence, worded by channel: "Kunngjort i Doffin 3. mars
    2026 (kunngjøringsnummer 2026-1).", "Sendt som invitasjon til utvalgte leverandører
    3. mars 2026: Alfa, Beta." or both. Empty before the announcement."""
    if tender.announced_on is None:
        return ""
    day = _d(tender.announced_on)
    channels = list(tender.announcement_channels or ())
    public = [_channel_label(c) for c in channels if c in PUBLIC_CHANNELS]
    invited = Tender.Channel.INVITED in channels
    reference = (tender.announcement_reference or "").strip().rstrip(".")
    if public and invited:
        text = _("Kunngjort i %(channels)s og sendt som invitasjon til utvalgte "
                 "leverandører %(date)s") % {"channels": _words(public), "date": day}
        return (text + " " + _("(referanse: %(reference)s).") % {"reference": reference}
                if reference else text + ".")
    if public:
        text = _("Kunngjort i %(channels)s %(date)s") % {"channels": _words(public),
                                                         "date": day}
        return (text + " " + _("(kunngjøringsnummer %(reference)s).") % {
            "reference": reference} if reference else text + ".")
    if invited:
        text = _("Sendt som invitasjon til utvalgte leverandører %(date)s") % {"date": day}
        return text + (": " + reference + "." if reference else ".")
    text = _("Kunngjort %(date)s") % {"date": day}
    return (text + " " + _("(referanse: %(reference)s).") % {"reference": reference}
            if reference else text + ".")


def _record_steps(tender: Tender) -> dict:
    """The tender's steps for the record (issue 9, point 5): the announcement (when,
    where, reference), the award, the notice and its standstill (P-NOTICE) and the
    signed contract."""
    steps: dict[str, Any] = {
        "announced_on": _d(tender.announced_on) if tender.announced_on
        else _("ikke kunngjort"),
        "announced_in": _words(_channel_label(c) for c in tender.announcement_channels or [])
        or "–",
        "announcement_reference": tender.announcement_reference or "–",
        "reference_label": _reference_label(tender),
        "awarded_on": _d(tender.awarded_on) if tender.awarded_on
        else _("ikke besluttet"),
        "advantages": _lines(tender.winner_advantages),
        "notice_sent_on": _d(tender.notice_sent_on) if tender.notice_sent_on
        else _("ikke sendt"),
    }
    if tender.notice_sent_on is None:
        steps["standstill"] = "–"
    elif tender.standstill_ends is None:
        # P-NOTICE: no standstill in part I and below the regulation.
        steps["standstill"] = (
            _("Ingen karensperiode (under terskelverdien for regelverket)")
            if tender.regime == Tender.Regime.BELOW else
            _("Ingen karensperiode (konkurransen følger del I av forskriften)"))
    else:
        steps["standstill"] = ngettext(
            "%(days)s dag, til og med %(date)s",
            "%(days)s dager, til og med %(date)s",
            tender.standstill_days or 0) % {"days": tender.standstill_days or 0,
                                            "date": _d(tender.standstill_ends)}
    try:
        contract = tender.contract
    except Contract.DoesNotExist:
        contract = None
    steps["contract"] = None if contract is None else {
        "signed_on": _d(contract.signed_on),
        "value": _kr(contract.value),
        "period": (f"{_d(contract.period_start)} – {_d(contract.period_end)}"
                   if contract.period_start or contract.period_end else _("ikke satt")),
        "contact": ", ".join(p for p in (contract.contact_name, contract.contact_email)
                             if p) or "–",
    }
    return steps


def _standstill_text(tender: Tender) -> str:
    """Parts II and III: the contract is not signed before the standstill ends, and its
    last day (P-NOTICE; FOA §§ 10-1, 25-1, 4-5 g). Part I and below: no standstill."""
    if not rules.notice_required(tender.regime):
        return ""
    first = _("Kontrakt vil ikke bli inngått før karensperioden er ute.")
    if tender.notice_sent_on is not None:
        if tender.standstill_ends is None:
            return first
        return " ".join([first, _("Karensperioden løper til og med %(date)s.") % {
            "date": _d(tender.standstill_ends)}])
    # Not sent yet (a draft of the letter): the end if it is sent today.
    days, ends = notice_plan(tender, timezone.localdate())
    if ends is None:
        return first
    return " ".join([first, ngettext(
        "Karensperioden er %(days)s dag regnet fra dagen meddelelsen sendes. Sendes den "
        "i dag, løper karensperioden til og med %(date)s.",
        "Karensperioden er %(days)s dager regnet fra dagen meddelelsen sendes. Sendes den "
        "i dag, løper karensperioden til og med %(date)s.", days) % {
            "days": days, "date": _d(ends)}])


def award_letter_context(tender: Tender, bid) -> dict:
    """The notice of the award (meddelelse) to one bidder (P-NOTICE): read by suppliers,
    so nothing meant only for the buyer (no rule ids, no guidance, no internal notes;
    issue 9, point 6). The reasons: each criterion with the winner's and this bid's
    points, the totals, the winner's relative advantages, the reason for choosing
    another than the first-ranked, the reason for an exclusion; parts II and III the
    standstill."""
    evaluation = evaluate(tender)
    rows = {r.bid.pk: r for r in evaluation.rows}
    winner = tender.winner
    won = winner is not None and bid.pk == winner.pk
    row = rows.get(bid.pk)
    winner_row = rows.get(winner.pk) if winner else None
    if not bid.excluded:
        exclusion = ""
    elif bid.rejected:
        exclusion = _("Tilbudet ditt er avvist og ble derfor ikke evaluert. Begrunnelse: "
                      "%(reason)s") % {"reason": bid.rejection_reason or "–"}
    else:
        exclusion = _("Leverandøren oppfyller ikke kvalifikasjonskravene, og tilbudet ble "
                      "derfor ikke evaluert. Begrunnelse: %(reason)s") % {
            "reason": bid.rejection_reason or "–"}
    context = _base_context(tender) | {
        "heading": _("Melding om tildeling") if won else _("Melding om valg av leverandør"),
        "letter_date": _d(tender.notice_sent_on or timezone.localdate()),
        "supplier": bid.supplier,
        "body": (_("Vi har valgt ditt tilbud i konkurransen og tar kontakt om kontrakten.")
                 if won else _("Vi har valgt en annen leverandør i konkurransen. Takk for "
                               "tilbudet.")),
        "winner": winner.supplier.name if winner else "–",
        "winner_org_number": winner.supplier.org_number if winner else "–",
        "winner_total": _two(winner_row.total) if winner_row else "–",
        "evaluated": row is not None,
        "rank": row.rank if row else "–",
        "total": _two(row.total) if row else "–",
        # Each criterion: weight, the winner's points and this bid's (0–10 before
        # weighting; price points as computed).
        "comparison": [{
            "name": c.name, "weight": plain(c.weight),
            "winner": _two(winner_row.points[c.pk]) if winner_row else "–",
            "own": _two(row.points[c.pk]) if row else "–",
        } for c in evaluation.criteria],
        "advantages": _lines(tender.winner_advantages or default_advantages(tender)),
        "award_reason": (_("Begrunnelse for valget: %(reason)s") % {
            "reason": tender.award_reason} if tender.award_reason else ""),
        "exclusion": exclusion,
        "standstill": _standstill_text(tender),
    }
    # The result in words, the same in Word, PDF and the e-mail: the chosen supplier
    # with its organisation number, and this bid's points and rank. The winner is told
    # once that its bid was chosen, not twice with the same points.
    if won:
        context["winner_line"] = ""
        context["own_line"] = (_("Ditt tilbud er valgt, med %(total)s poeng (rang %(rank)s).")
                               % {"total": context["total"], "rank": context["rank"]}
                               if row else _("Ditt tilbud er valgt."))
    else:
        context["winner_line"] = (
            _("Valgt leverandør: %(name)s (org.nr. %(number)s) med %(total)s poeng.") % {
                "name": context["winner"], "number": context["winner_org_number"],
                "total": context["winner_total"]} if winner else "")
        context["own_line"] = (_("Ditt tilbud: rang %(rank)s med %(total)s poeng.") % {
            "rank": context["rank"], "total": context["total"]} if row else "")
    context["won"] = won
    # Kept for templates that an administrator uploaded before the notice had its parts.
    context["reason"] = exclusion or context["award_reason"]
    return context


def award_letter_text(context: dict) -> str:
    """The notice as plain text, for the e-mail body (the PDF is attached)."""
    lines = [
        context["heading"], "",
        context["authority"], context["letter_date"], "",
        _("Til: %(name)s (org.nr. %(number)s)") % {
            "name": context["supplier"].name, "number": context["supplier"].org_number},
        _("Konkurranse: %(title)s") % {"title": context["tender"].title}, "",
        context["body"], "",
    ]
    lines += [line for line in (context["winner_line"], context["own_line"]) if line]
    if context["exclusion"]:
        lines.append(context["exclusion"])
    lines += ["", _("Poeng per kriterium før vekting:")]
    for c in context["comparison"]:
        lines.append(_("%(name)s (%(weight)s %%): valgt leverandør %(winner)s, ditt tilbud "
                       "%(own)s") % c)
    lines.append(_("Totalpoeng (vektet): valgt leverandør %(winner)s, ditt tilbud %(own)s")
                 % {"winner": context["winner_total"], "own": context["total"]})
    lines.append(context["scoring_text"])
    if context["advantages"]:
        lines += ["", _("Det valgte tilbudets relative fordeler:")]
        lines += [f"- {line}" for line in context["advantages"]]
    if context["award_reason"]:
        lines += ["", context["award_reason"]]
    if context["standstill"]:
        lines += ["", context["standstill"]]
    lines += ["", _("Meddelelsen er vedlagt som PDF."), "", context["authority"]]
    return "\n".join(lines) + "\n"


def award_letter_docx(tender: Tender, bid) -> bytes:
    return render_docx("award_letter", award_letter_context(tender, bid))


def award_letter_pdf(tender: Tender, bid) -> bytes:
    return render_pdf("procurement/letter_pdf.html", award_letter_context(tender, bid))
