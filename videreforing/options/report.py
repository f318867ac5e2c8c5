"""The pre-study report (forstudierapport) as DOCX and PDF, stored as numbered versions
so that the gate decision can refer to the version it decided on (R-PRESTUDY)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.documents.models import GeneratedDocument
from videreforing.documents.rendering import render_docx, render_pdf
from videreforing.lib.numbers import plain
from videreforing.rules.mcda import round2

from .models import FormKey, OptionsAnalysis, Scope, Score
from .result import Result, analysis_result

QUESTIONS = [
    "Hvordan kan kommunen legge til rette for næringsutvikling?",
    "Hvilken kompetanse er bygd opp i omstillingsperioden?",
    "Hvordan kan denne kompetansen beholdes?",
    "Hvordan kan arbeidsmåtene fra omstillingsarbeidet videreføres?",
]


def stability_lines(result: Result) -> list[str]:
    lines: list[str] = []
    leader = result.leader.name if result.leader else "–"
    for s in result.stability:
        if s.smallest_change is None:
            lines.append(_("%(name)s (%(weight)s %%): «%(leader)s» ligger først uansett vekt "
                           "fra 0 til 100 %%.") % {"name": s.criterion.name,
                                                   "weight": plain(s.weight), "leader": leader})
        else:
            lines.append(_("%(name)s (%(weight)s %%): «%(leader)s» ligger først så lenge vekten "
                           "er mellom %(low)s og %(high)s %%; minste endring som endrer "
                           "resultatet er %(change)s prosentpoeng.") % {
                "name": s.criterion.name, "weight": plain(s.weight), "leader": leader,
                "low": plain(s.min_weight), "high": plain(s.max_weight),
                "change": plain(s.smallest_change)})
    return lines


def default_decision(result: Result) -> str:
    assert result.leader is not None  # a result always has a ranking
    return _("Omstillingsstyret tar forstudierapporten til etterretning og ber om at "
             "forprosjektet utarbeider en forretningsplan for alternativet «%(leader)s» "
             "(R-PREPROJECT).") % {"leader": result.leader.name}


def report_context(analysis: OptionsAnalysis, version: int) -> dict:
    result = analysis_result(analysis)
    leader = result.leader
    assert leader is not None  # a result always has a ranking
    programme = analysis.programme
    forms = dict(FormKey.choices)
    scopes = dict(Scope.choices)
    two = lambda v: number_format(round2(float(v)), decimal_pos=2)  # noqa: E731
    scores = {(s.alternative_id, s.criterion_id): s
              for s in Score.objects.filter(alternative__analysis=analysis)}
    return {
        "programme": programme,
        "municipalities": ", ".join(m.name for m in programme.municipalities.all()),
        "version": version,
        "today": date_format(timezone.localdate(), "j. F Y"),
        "background": _(
            "Omstillingsperioden varer fra %(start)s til %(end)s. Enheten som skal videreføre "
            "arbeidet, må være operativ innen %(deadline)s (R-OPERATIVE). Forstudiet "
            "identifiserer mulige og realistiske former for organisering og drift av "
            "kommunens utviklingsarbeid på fast og ordinær basis, og skisserer de mest "
            "relevante alternativene for finansiering, organisering og geografisk "
            "nedslagsfelt (R-PRESTUDY).") % {
            "start": date_format(programme.period_start, "j. F Y"),
            "end": date_format(programme.period_end, "j. F Y"),
            "deadline": date_format(programme.operative_deadline, "j. F Y")},
        "questions": QUESTIONS,
        "alternatives": [{
            "name": a.name, "form": str(forms.get(a.organisational_form, "")),
            "financing": ", ".join(a.financing_labels() + ([a.financing_note]
                                                           if a.financing_note else [])) or "–",
            "scope": ", ".join(filter(None, [str(scopes.get(a.scope, "")), a.scope_note] + [
                m.name for m in a.scope_municipalities.all()])),
            "description": a.description or "–",
        } for a in result.alternatives],
        "weight_method": (_("Vektene er satt ut fra en rangering etter rangsummetoden: "
                            "vekt = (n − rang + 1) / summen av (n − rang + 1).")
                          if analysis.weight_method == "ranking"
                          else _("Vektene er satt direkte i prosent og summerer seg til 100.")),
        "criteria": [{"name": c.name, "weight": plain(c.weight),
                      "description": c.description} for c in result.criteria],
        "scores": [{"alternative": a.name, "criterion": c.name,
                    "score": plain(scores[(a.pk, c.pk)].score),
                    "reason": scores[(a.pk, c.pk)].reason}
                   for a in result.alternatives for c in result.criteria],
        "ranking": [{"rank": r.rank, "name": r.alternative.name, "total": two(r.total)}
                    for r in result.ranking],
        "stability": stability_lines(result),
        "close_call_text": (_("De to beste alternativene ligger innenfor 5 %% av hverandre; "
                              "rangeringen bør leses med forsiktighet.")
                            if result.close_call else ""),
        "inputs": [f"{i.held_on:%d.%m.%Y} {i.stakeholder.name} ({i.get_kind_display()}): "
                   f"{i.summary}" for i in analysis.inputs.select_related("stakeholder")]
                  or [_("Ingen innspill registrert.")],
        "recommendation": analysis.recommendation or _(
            "Prosjektgruppen anbefaler alternativet «%(leader)s», som har høyest totalpoeng "
            "(%(total)s).") % {"leader": leader.name,
                               "total": two(result.ranking[0].total)},
        "proposed_decision": analysis.proposed_decision or default_decision(result),
        "result": result,
    }


@transaction.atomic
def generate_report(*, user, analysis: OptionsAnalysis) -> GeneratedDocument:
    """Store a new numbered version of the report (the analysis must be complete)."""
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    kind = GeneratedDocument.Kind.PRE_STUDY_REPORT
    version = (GeneratedDocument.objects.filter(kind=kind, source_id=analysis.pk)
               .aggregate(m=Max("version"))["m"] or 0) + 1
    context = report_context(analysis, version)
    result = context.pop("result")
    document = GeneratedDocument.objects.create(
        programme=analysis.programme, kind=kind, source_id=analysis.pk, version=version,
        title=_("Forstudierapport: %(name)s") % {"name": analysis.programme.name},
        docx=render_docx("pre_study_report", context),
        pdf=render_pdf("options/report_pdf.html", context),
        data={"ranking": [{"alternative": r.alternative.pk, "name": r.alternative.name,
                           "total": str(round2(float(r.total))), "rank": r.rank}
                          for r in result.ranking]},
        created_by=user)
    # The new version holds every change so far; the older versions stay as they were.
    analysis.report_outdated = False
    analysis.save(update_fields=["report_outdated"])
    log_action(action="options.report.generated", actor=user, programme=analysis.programme,
               obj=document, data={"analysis": analysis.title, "version": version,
                                   "leader": result.leader.name})
    return document
