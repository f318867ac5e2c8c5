"""Pages for the pre-study's options analysis and its report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.documents.rendering import DOCX_CONTENT_TYPE
from videreforing.lib.bounds import INT_COLUMN_MAX
from videreforing.lib.errors import StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.lib.numbers import plain
from videreforing.programmes.views import _context, programme_view

from . import services
from .chart import LABEL, WIDTH, bars
from .forms import (
    AlternativeEditForm,
    AlternativeForm,
    AnalysisForm,
    CriterionEditForm,
    CriterionForm,
    InputEditForm,
    InputForm,
    RemoveForm,
    ScoreMatrixForm,
    TextsForm,
    WeightsForm,
)
from .models import OptionsAnalysis, OrganisationalForm, Score
from .report import generate_report, stability_lines
from .result import AnalysisError, analysis_result


def _id(value) -> int:
    """An id from the URL that the database can look up (else 404, never a 500)."""
    try:
        pk = int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < pk <= INT_COLUMN_MAX:
        raise Http404
    return pk


def _posted(request):
    """The posted data, also when it is empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _mark_errors(form) -> None:
    """Errors added after validation: point each input at its error too."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            error_id = f"{form.add_prefix(name)}-error"
            described = attrs.get("aria-describedby", "")
            if error_id not in described.split():
                attrs["aria-describedby"] = f"{described} {error_id}".strip()


def _service_errors(form, exc: ValidationError) -> None:
    add_service_errors(form, exc)
    _mark_errors(form)


def _analysis(programme, analysis_id) -> OptionsAnalysis:
    try:
        return programme.options_analyses.get(pk=_id(analysis_id))
    except OptionsAnalysis.DoesNotExist as exc:
        raise Http404 from exc


@programme_view()
@require_http_methods(["GET", "POST"])
def analysis_list(request, programme):
    form = AnalysisForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.create_analysis(user=request.user, programme=programme,
                                                **form.cleaned_data)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Alternativvurderingen er opprettet."))
            return redirect("options:analysis", pk=programme.pk, analysis_id=analysis.pk)
    return render(request, "options/list.html", _context(
        programme, form=form, analyses=programme.options_analyses.all()),
        status=400 if form.errors else 200)


def _page(request, programme, analysis, *, status=200, **forms):
    alternatives = list(analysis.alternatives.prefetch_related("scope_municipalities"))
    criteria = list(analysis.criteria.all())
    scores = {(s.alternative_id, s.criterion_id): s
              for s in Score.objects.filter(alternative__analysis=analysis)}
    result = error = None
    try:
        result = analysis_result(analysis)
    except AnalysisError as exc:
        error = exc.message
    chart, chart_height = bars(result) if result else ([], 0)
    stakeholders = list(programme.stakeholders.filter(removed_at__isnull=True))
    weights_form = forms.get("weights_form") or WeightsForm(
        analysis=analysis, criteria=criteria, editable=programme.can_edit)
    score_form = forms.get("score_form") or ScoreMatrixForm(
        alternatives=alternatives, criteria=criteria, scores=scores,
        editable=programme.can_edit)
    reports = list(programme.documents.filter(kind="pre_study_report", source_id=analysis.pk)
                   .defer("docx", "pdf"))
    pre_study = _pre_study_phase(programme)
    pre_study_gate = pre_study.gate if _pre_study_decided(pre_study) else None
    return render(request, "options/analysis.html", _context(
        programme, analysis=analysis, alternatives=alternatives, criteria=criteria,
        weight_sum=sum(c.weight for c in criteria), result=result,
        result_error=error, stability=stability_lines(result) if result else [],
        chart=chart, chart_height=chart_height, chart_width=WIDTH, chart_label=LABEL,
        catalogue={f.key: f for f in OrganisationalForm.objects.all()},
        inputs=analysis.inputs.select_related("stakeholder").prefetch_related("alternatives"),
        reports=reports, report_outdated=analysis.report_outdated and bool(reports),
        latest_report=reports[0] if reports else None, pre_study_gate=pre_study_gate,
        alternative_form=forms.get("alternative_form") or AlternativeForm(prefix="alt"),
        criterion_form=forms.get("criterion_form") or CriterionForm(prefix="crit"),
        input_form=forms.get("input_form") or InputForm(
            stakeholders=stakeholders, alternatives=alternatives, prefix="input"),
        texts_form=forms.get("texts_form") or TextsForm(prefix="texts", initial={
            "recommendation": analysis.recommendation,
            "proposed_decision": analysis.proposed_decision, "version": analysis.version}),
        stakeholders=stakeholders, weights_form=weights_form, score_form=score_form,
        typed_sum=weights_form.typed_sum(),
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
            _service_errors(form, exc)
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
    """Save every criterion's weight (or rank) at once; on an error every typed value
    stays, each error at its input, the sum's error beside the sum."""
    analysis = _analysis(programme, analysis_id)
    form = WeightsForm(request.POST, analysis=analysis, criteria=analysis.criteria.all())
    status = 400
    if form.is_valid():
        method = form.cleaned_data["weight_method"]
        try:
            services.set_weights(user=request.user, analysis=analysis, method=method,
                                 values=form.values_for(method), versions=form.versions())
        except ValidationError as exc:
            _service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Vektene er lagret."))
            return _back(programme, analysis)
    if form.non_field_errors():
        form.weight_inputs_describedby("weights-error")
    return _page(request, programme, analysis, status=status, weights_form=form)


@programme_view(write=True)
@require_POST
def scores(request, programme, analysis_id):
    """Save the score matrix, all cells or none; each changed cell needs a score and a
    reason. On an error every typed score and reason stays, each error at its input."""
    analysis = _analysis(programme, analysis_id)
    stored = {(s.alternative_id, s.criterion_id): s
              for s in Score.objects.filter(alternative__analysis=analysis)}
    form = ScoreMatrixForm(request.POST, alternatives=analysis.alternatives.all(),
                           criteria=analysis.criteria.all(), scores=stored)
    status = 400
    if form.is_valid():
        try:
            saved = services.set_scores(user=request.user, analysis=analysis,
                                        cells=form.changed_cells)
        except ValidationError as exc:
            _service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            for name in exc.data.get("fields", []):
                if name in form.fields:
                    form.add_error(name, _("Endret av noen andre etter at du åpnet siden."))
            _mark_errors(form)
            status = 409
        else:
            if saved:
                messages.success(request, ngettext(
                    "%(count)s poeng er lagret.", "%(count)s poeng er lagret.",
                    len(saved)) % {"count": len(saved)})
            else:
                messages.info(request, _("Ingen poeng var endret; ingenting ble lagret."))
            return _back(programme, analysis)
    return _page(request, programme, analysis, status=status, score_form=form)


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
        messages.success(request, _report_made_message(programme, document))
    return _back(programme, analysis)


def _pre_study_phase(programme):
    return programme.continuation.phases.get(kind="pre_study")


def _pre_study_decided(phase) -> bool:
    """The pre-study's gate is decided: no new decision can be recorded (R-PHASES).
    After "må bearbeides" the phase is still in progress and a new one can."""
    return phase.status in (phase.Status.COMPLETED, phase.Status.STOPPED)


def _report_made_message(programme, document) -> str:
    """What the new report version can be used for, as things stand. A recorded
    decision's document cannot be changed by correcting it (the correction form has
    no document field), so the message says which version it refers to."""
    made = _("Versjon %(version)s av forstudierapporten er laget.") % {
        "version": document.version}
    phase = _pre_study_phase(programme)
    if not _pre_study_decided(phase):
        later = _("Den kan velges når vedtaket for forstudiet registreres.")
        return f"{made} {later}"
    gate = phase.gate
    if gate is not None and gate.document_id:
        linked = _("Vedtaket for forstudiet er allerede registrert og viser til versjon "
                   "%(linked)s.") % {"linked": gate.document.version}
        return f"{made} {linked}"
    unlinked = _("Vedtaket for forstudiet er allerede registrert, uten henvisning til en "
                 "versjon av rapporten.")
    return f"{made} {unlinked}"


def _item_form_page(request, programme, analysis, form, *, title: str, status=200):
    return render(request, "options/item_form.html", _context(
        programme, analysis=analysis, form=form, title=title,
        cancel_url=reverse("options:analysis", args=[programme.pk, analysis.pk])),
        status=status)


def _edit(request, programme, analysis, form, action, *, title: str, success: str):
    """Validate, call the correcting service, and answer: a stale version keeps what
    was typed and says so (409)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                action(data)
            except ValidationError as exc:
                _service_errors(form, exc)
            except StaleVersion as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, success)
                return _back(programme, analysis)
    return _item_form_page(request, programme, analysis, form, title=title, status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def alternative_edit(request, programme, analysis_id, alternative_id):
    analysis = _analysis(programme, analysis_id)
    alternative = analysis.alternatives.filter(pk=_id(alternative_id)).first()
    if alternative is None:
        raise Http404
    form = AlternativeEditForm(_posted(request), initial={
        "name": alternative.name, "organisational_form": alternative.organisational_form,
        "financing": alternative.financing, "financing_note": alternative.financing_note,
        "scope": alternative.scope, "scope_note": alternative.scope_note,
        "description": alternative.description, "version": alternative.version})

    def action(data):
        version = data.pop("version")
        reason = data.pop("reason")
        services.update_alternative(user=request.user, alternative=alternative,
                                    expected_version=version, reason=reason, **data)

    return _edit(request, programme, analysis, form, action,
                 title=_("Endre alternativet «%(name)s»") % {"name": alternative.name},
                 success=_("Endringene i alternativet er lagret."))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def criterion_edit(request, programme, analysis_id, criterion_id):
    analysis = _analysis(programme, analysis_id)
    criterion = analysis.criteria.filter(pk=_id(criterion_id)).first()
    if criterion is None:
        raise Http404
    ranking = analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING
    form = CriterionEditForm(_posted(request), ranking=ranking, initial={
        "name": criterion.name, "description": criterion.description,
        "weight": plain(criterion.weight), "rank": criterion.rank,
        "version": criterion.version})

    def action(data):
        version = data.pop("version")
        reason = data.pop("reason")
        services.update_criterion(user=request.user, criterion=criterion,
                                  expected_version=version, reason=reason, **data)

    return _edit(request, programme, analysis, form, action,
                 title=_("Endre kriteriet «%(name)s»") % {"name": criterion.name},
                 success=_("Endringene i kriteriet er lagret."))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def input_edit(request, programme, analysis_id, input_id):
    analysis = _analysis(programme, analysis_id)
    item = (analysis.inputs.select_related("stakeholder")
            .filter(pk=_id(input_id)).first())
    if item is None:
        raise Http404
    stakeholders = list(programme.stakeholders.filter(removed_at__isnull=True))
    if item.stakeholder not in stakeholders:
        stakeholders.insert(0, item.stakeholder)  # kept even if since removed
    form = InputEditForm(_posted(request), stakeholders=stakeholders,
                         alternatives=list(analysis.alternatives.all()), initial={
                             "stakeholder": str(item.stakeholder_id), "kind": item.kind,
                             "held_on": item.held_on, "summary": item.summary,
                             "alternatives": [str(a.pk) for a in item.alternatives.all()],
                             "version": item.version})

    def action(data):
        services.update_input(
            user=request.user, item=item, expected_version=data["version"],
            reason=data["reason"], stakeholder=form.stakeholders[data["stakeholder"]],
            kind=data["kind"], held_on=data["held_on"], summary=data["summary"],
            alternatives=[form.alternative_objects[k] for k in data["alternatives"]])

    return _edit(request, programme, analysis, form, action,
                 title=_("Endre innspillet fra «%(name)s»") % {"name": item.stakeholder.name},
                 success=_("Endringene i innspillet er lagret."))


def _removable(analysis, kind: str, item_id: int):
    """The item to remove, what to call it, and the question to ask."""
    if kind == "alternativ":
        item = analysis.alternatives.filter(pk=item_id).first()
        if item is not None:
            return item, item.name, _(
                "Vil du fjerne alternativet «%(name)s» og poengene som er gitt for det? "
                "Fjerningen står i historikken.") % {"name": item.name}
    elif kind == "kriterium":
        item = analysis.criteria.filter(pk=item_id).first()
        if item is not None:
            return item, item.name, _(
                "Vil du fjerne kriteriet «%(name)s» og poengene som er gitt på det? "
                "Fjerningen står i historikken.") % {"name": item.name}
    elif kind == "innspill":
        item = analysis.inputs.select_related("stakeholder").filter(pk=item_id).first()
        if item is not None:
            name = _("innspillet fra «%(name)s» (%(date)s)") % {
                "name": item.stakeholder.name, "date": date_format(item.held_on,
                                                                    "SHORT_DATE_FORMAT")}
            return item, name, _("Vil du fjerne %(name)s? Fjerningen står i historikken.") % {
                "name": name}
    elif kind == "poeng":
        item = (Score.objects.select_related("alternative", "criterion")
                .filter(pk=item_id, alternative__analysis=analysis).first())
        if item is not None:
            name = _("poengene for «%(alternative)s» på «%(criterion)s»") % {
                "alternative": item.alternative.name, "criterion": item.criterion.name}
            return item, name, _(
                "Vil du fjerne %(name)s (%(score)s poeng)? Resultatet kan ikke regnes ut "
                "før alternativet har fått nye poeng på kriteriet. Fjerningen står i "
                "historikken.") % {"name": name, "score": plain(item.score)}
    raise Http404


def _quoted(kind: str, name: str) -> str:
    return f"«{name}»" if kind in ("alternativ", "kriterium") else name


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def remove_item(request, programme, analysis_id, kind, item_id):
    """Confirmation page, then the removal (with an optional reason for the history)."""
    analysis = _analysis(programme, analysis_id)
    item, name, question = _removable(analysis, kind, _id(item_id))
    form = RemoveForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            remove = {"alternativ": lambda: services.remove_alternative(
                          user=request.user, alternative=item, reason=reason),
                      "kriterium": lambda: services.remove_criterion(
                          user=request.user, criterion=item, reason=reason),
                      "innspill": lambda: services.remove_input(
                          user=request.user, item=item, reason=reason),
                      "poeng": lambda: services.remove_score(
                          user=request.user, score=item, reason=reason)}[kind]
            try:
                remove()
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s er fjernet.") % {
                    "name": capfirst(_quoted(kind, name))})
                return _back(programme, analysis)
    return render(request, "options/confirm_remove.html", _context(
        programme, title=_("Fjerne %(name)s?") % {"name": _quoted(kind, name)},
        question=question, form=form, confirm_label=_("Fjern"),
        cancel_url=reverse("options:analysis", args=[programme.pk, analysis.pk])),
        status=status)


def _document(programme, document_id):
    document = programme.documents.filter(pk=_id(document_id)).first()
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
