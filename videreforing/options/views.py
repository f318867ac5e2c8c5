"""Pages for the pre-study's options analysis and its report."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.documents.rendering import DOCX_CONTENT_TYPE
from videreforing.lib.errors import StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.programmes.views import _context, programme_view

from . import services
from .chart import LABEL, WIDTH, bars
from .forms import AlternativeForm, AnalysisForm, CriterionForm, InputForm, TextsForm
from .models import OptionsAnalysis, OrganisationalForm, Score
from .report import generate_report, stability_lines
from .result import AnalysisError, analysis_result


def _analysis(programme, analysis_id) -> OptionsAnalysis:
    try:
        return programme.options_analyses.get(pk=int(analysis_id))
    except (OptionsAnalysis.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@programme_view()
@require_http_methods(["GET", "POST"])
def analysis_list(request, programme):
    form = AnalysisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        analysis = services.create_analysis(user=request.user, programme=programme,
                                            **form.cleaned_data)
        messages.success(request, _("Alternativvurderingen er opprettet."))
        return redirect("options:analysis", pk=programme.pk, analysis_id=analysis.pk)
    return render(request, "options/list.html", _context(
        programme, form=form, analyses=programme.options_analyses.all()))


def _page(request, programme, analysis, *, status=200, **forms):
    alternatives = list(analysis.alternatives.prefetch_related("scope_municipalities"))
    criteria = list(analysis.criteria.all())
    scores = {(s.alternative_id, s.criterion_id): s
              for s in Score.objects.filter(alternative__analysis=analysis)}
    matrix = [(a, [(c, scores.get((a.pk, c.pk))) for c in criteria]) for a in alternatives]
    result = error = None
    try:
        result = analysis_result(analysis)
    except AnalysisError as exc:
        error = exc.message
    chart, chart_height = bars(result) if result else ([], 0)
    stakeholders = list(programme.stakeholders.filter(removed_at__isnull=True))
    return render(request, "options/analysis.html", _context(
        programme, analysis=analysis, alternatives=alternatives, criteria=criteria,
        weight_sum=sum(c.weight for c in criteria), matrix=matrix, result=result,
        result_error=error, stability=stability_lines(result) if result else [],
        chart=chart, chart_height=chart_height, chart_width=WIDTH, chart_label=LABEL,
        catalogue={f.key: f for f in OrganisationalForm.objects.all()},
        inputs=analysis.inputs.select_related("stakeholder").prefetch_related("alternatives"),
        reports=programme.documents.filter(kind="pre_study_report", source_id=analysis.pk),
        alternative_form=forms.get("alternative_form") or AlternativeForm(prefix="alt"),
        criterion_form=forms.get("criterion_form") or CriterionForm(prefix="crit"),
        input_form=forms.get("input_form") or InputForm(
            stakeholders=stakeholders, alternatives=alternatives, prefix="input"),
        texts_form=forms.get("texts_form") or TextsForm(prefix="texts", initial={
            "recommendation": analysis.recommendation,
            "proposed_decision": analysis.proposed_decision, "version": analysis.version}),
        stakeholders=stakeholders, score_errors=forms.get("score_errors", []),
        weight_errors=forms.get("weight_errors", []),
    ), status=status)


@programme_view()
def analysis_detail(request, programme, analysis_id):
    return _page(request, programme, _analysis(programme, analysis_id))


def _back(programme, analysis):
    return redirect(reverse("options:analysis", args=[programme.pk, analysis.pk]))


def _submit(request, programme, analysis, form, key: str, action, success: str):
    """Validate the form, run the service, and answer like the other pages do."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return _back(programme, analysis)
    return _page(request, programme, analysis, status=400, **{key: form})


@programme_view(write=True)
@require_POST
def alternative_add(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    return _submit(
        request, programme, analysis, AlternativeForm(request.POST, prefix="alt"),
        "alternative_form",
        lambda data: services.add_alternative(user=request.user, analysis=analysis, **data),
        _("Alternativet er lagt til."))


@programme_view(write=True)
@require_POST
def criterion_add(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    return _submit(
        request, programme, analysis, CriterionForm(request.POST, prefix="crit"),
        "criterion_form",
        lambda data: services.add_criterion(user=request.user, analysis=analysis, **data),
        _("Kriteriet er lagt til."))


@programme_view(write=True)
@require_POST
def criteria_suggested(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    created = services.add_suggested_criteria(user=request.user, analysis=analysis)
    messages.success(request, _("%(count)s foreslåtte kriterier er lagt til. Sett vektene.")
                     % {"count": len(created)})
    return _back(programme, analysis)


@programme_view(write=True)
@require_POST
def weights(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    method = request.POST.get("weight_method", analysis.weight_method)
    prefix = "rank_" if method == "ranking" else "weight_"
    values = {}
    for criterion in analysis.criteria.all():
        raw = (request.POST.get(f"{prefix}{criterion.pk}") or "").replace(",", ".").strip()
        values[criterion.pk] = raw or None
    try:
        services.set_weights(user=request.user, analysis=analysis, method=method,
                             values={k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        return _page(request, programme, analysis, status=400, weight_errors=exc.messages)
    messages.success(request, _("Vektene er lagret."))
    return _back(programme, analysis)


def _same_number(value: Decimal, raw: str) -> bool:
    try:
        return value == Decimal(raw)
    except InvalidOperation:
        return False


@programme_view(write=True)
@require_POST
def scores(request, programme, analysis_id):
    """Save the whole score matrix; each changed cell needs a score and a reason."""
    analysis = _analysis(programme, analysis_id)
    alternatives = {a.pk: a for a in analysis.alternatives.all()}
    criteria = {c.pk: c for c in analysis.criteria.all()}
    existing = {(s.alternative_id, s.criterion_id): s
                for s in Score.objects.filter(alternative__analysis=analysis)}
    errors = []
    for a in alternatives.values():
        for c in criteria.values():
            raw = (request.POST.get(f"score_{a.pk}_{c.pk}") or "").replace(",", ".").strip()
            reason = (request.POST.get(f"reason_{a.pk}_{c.pk}") or "").strip()
            old = existing.get((a.pk, c.pk))
            if not raw and not reason:
                continue
            if old and old.reason == reason and _same_number(old.score, raw):
                continue
            try:
                services.set_score(user=request.user, analysis=analysis, alternative=a,
                                   criterion=c, score=raw, reason=reason)
            except ValidationError as exc:
                errors += [f"{a.name} / {c.name}: {m}" for m in exc.messages]
    if errors:
        return _page(request, programme, analysis, status=400, score_errors=errors)
    messages.success(request, _("Poengene er lagret."))
    return _back(programme, analysis)


@programme_view(write=True)
@require_POST
def input_add(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    form = InputForm(request.POST, prefix="input",
                     stakeholders=list(programme.stakeholders.filter(removed_at__isnull=True)),
                     alternatives=list(analysis.alternatives.all()))

    def action(data):
        services.add_input(
            user=request.user, analysis=analysis,
            stakeholder=form.stakeholders[data["stakeholder"]], kind=data["kind"],
            held_on=data["held_on"], summary=data["summary"],
            alternatives=[form.alternative_objects[k] for k in data["alternatives"]])

    return _submit(request, programme, analysis, form, "input_form", action,
                   _("Innspillet er registrert."))


@programme_view(write=True)
@require_POST
def texts(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    form = TextsForm(request.POST, prefix="texts")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_texts(user=request.user, analysis=analysis,
                                  expected_version=data["version"],
                                  recommendation=data["recommendation"],
                                  proposed_decision=data["proposed_decision"])
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Anbefalingen er lagret."))
            return _back(programme, analysis)
    return _page(request, programme, analysis, status=status, texts_form=form)


@programme_view(write=True)
@require_POST
def report_generate(request, programme, analysis_id):
    analysis = _analysis(programme, analysis_id)
    try:
        document = generate_report(user=request.user, analysis=analysis)
    except AnalysisError as exc:
        messages.error(request, _("Rapporten kan ikke lages ennå: %(reason)s") % {
            "reason": exc.message})
    else:
        messages.success(request, _("Versjon %(version)s av forstudierapporten er laget. Den "
                                    "kan velges når vedtaket for forstudiet registreres.")
                         % {"version": document.version})
    return _back(programme, analysis)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def remove_item(request, programme, analysis_id, kind, item_id):
    analysis = _analysis(programme, analysis_id)
    manager = {"alternativ": analysis.alternatives, "kriterium": analysis.criteria}.get(kind)
    item = manager.filter(pk=item_id).first() if manager is not None else None
    if item is None:
        raise Http404
    if request.method == "POST":
        if kind == "alternativ":
            services.remove_alternative(user=request.user, alternative=item)
        else:
            services.remove_criterion(user=request.user, criterion=item)
        messages.success(request, _("«%(name)s» er fjernet.") % {"name": item.name})
        return _back(programme, analysis)
    return render(request, "programmes/confirm.html", _context(
        programme, title=_("Fjerne «%(name)s»?") % {"name": item.name},
        question=_("Vil du fjerne «%(name)s» og poengene som er gitt for det? Fjerningen står "
                   "i historikken.") % {"name": item.name},
        confirm_label=_("Fjern"),
        cancel_url=reverse("options:analysis", args=[programme.pk, analysis.pk])))


def _document(programme, document_id):
    document = programme.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


@programme_view()
def document_docx(request, programme, document_id):
    document = _document(programme, document_id)
    response = HttpResponse(bytes(document.docx), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="forstudierapport-v{document.version}.docx"')
    return response


@programme_view()
def document_pdf(request, programme, document_id):
    document = _document(programme, document_id)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="forstudierapport-v{document.version}.pdf"')
    return response


@login_required
def catalogue(request):
    return render(request, "options/catalogue.html",
                  {"forms": OrganisationalForm.objects.all()})
