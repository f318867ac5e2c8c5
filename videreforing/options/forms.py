"""Forms of the options analysis. Every form checks its values against the model's
declared bounds (lib.bounds) as well as its own, so that every error shows at once, at
its field; the multi-row forms (weights, scores) are real forms too, so that on an error
every value typed stays in the page."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _p
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import COUNT, DATE, PERCENT, SCORE, check_values
from videreforing.lib.forms import DesignsystemetMixin
from videreforing.lib.numbers import plain

from .models import (
    Alternative,
    Criterion,
    Financing,
    FormKey,
    OptionsAnalysis,
    Scope,
    StakeholderInput,
)

REASON_MAX_LENGTH = 2000


class ModelChecksMixin:
    """Run the model's own checks (bounds, lengths, control characters) on the cleaned
    values, so they show together with the form's other errors."""

    check_model: type | None = None
    check_exclude = ("version",)

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]
        if self.check_model is None:
            return
        values = {k: v for k, v in self.cleaned_data.items()  # type: ignore[attr-defined]
                  if k in self.fields and k not in self.errors  # type: ignore[attr-defined]
                  and k not in self.check_exclude}
        try:
            check_values(self.check_model, values)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields:  # type: ignore[attr-defined]
                    for message in messages:
                        self.add_error(field, message)  # type: ignore[attr-defined]


def _reason_field(label=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Begrunnelse for endringen"), required=False,
        max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Valgfritt. Står i historikken sammen med verdiene før og etter."))


class AnalysisForm(DesignsystemetMixin, ModelChecksMixin, forms.Form):
    check_model = OptionsAnalysis
    title = forms.CharField(label=_("Tittel"), max_length=200,
                            initial=_("Alternativvurdering i forstudiet"))
    weight_method = forms.ChoiceField(label=_("Vektmetode"),
                                      choices=OptionsAnalysis.WeightMethod.choices)


class AlternativeForm(DesignsystemetMixin, ModelChecksMixin, forms.Form):
    check_model = Alternative
    name = forms.CharField(label=_("Navn på alternativet"), max_length=200)
    organisational_form = forms.ChoiceField(label=_("Organisasjonsform"),
                                            choices=FormKey.choices)
    financing = forms.MultipleChoiceField(label=_("Finansiering"), required=False,
                                          choices=Financing.choices,
                                          widget=forms.CheckboxSelectMultiple)
    financing_note = forms.CharField(label=_("Om finansieringen"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.ChoiceField(label=_("Geografisk nedslagsfelt"), choices=Scope.choices)
    scope_note = forms.CharField(label=_("Hvilke kommuner eller hvilken region"),
                                 required=False, max_length=300)
    description = forms.CharField(label=_("Kort beskrivelse"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class AlternativeEditForm(AlternativeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = _reason_field()


class CriterionForm(DesignsystemetMixin, ModelChecksMixin, forms.Form):
    check_model = Criterion
    name = forms.CharField(label=_("Navn på kriteriet"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False)
    weight = PERCENT.form_field(label=_("Vekt (%)"), required=False, localize=True)


class CriterionEditForm(DesignsystemetMixin, ModelChecksMixin, forms.Form):
    """Name and description; the weight under the percent method, the rank under the
    ranking method (the weights follow from the ranks)."""

    check_model = Criterion
    name = forms.CharField(label=_("Navn på kriteriet"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    weight = PERCENT.form_field(label=_("Vekt (%)"), required=False, localize=True)
    rank = COUNT.form_field(label=_("Rang (1 er viktigst)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = _reason_field()

    def __init__(self, *args, ranking: bool, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["weight" if ranking else "rank"]


class RemoveForm(DesignsystemetMixin, forms.Form):
    reason = _reason_field(_("Begrunnelse for å fjerne"))


class InputForm(DesignsystemetMixin, ModelChecksMixin, forms.Form):
    check_model = StakeholderInput
    stakeholder = forms.ChoiceField(label=_("Interessent"))
    kind = forms.ChoiceField(label=_("Type"), choices=StakeholderInput.Kind.choices)
    held_on = DATE.form_field(label=_("Dato"))
    summary = forms.CharField(label=_("Hva kom fram"), widget=forms.Textarea(attrs={"rows": 3}))
    alternatives = forms.MultipleChoiceField(label=_("Gjelder alternativene"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, stakeholders=(), alternatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholders = {str(s.pk): s for s in stakeholders}
        self.alternative_objects = {str(a.pk): a for a in alternatives}
        self.fields["stakeholder"].choices = [(k, s.name) for k, s in self.stakeholders.items()]
        self.fields["alternatives"].choices = [(k, a.name) for k, a in
                                               self.alternative_objects.items()]


class InputEditForm(InputForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = _reason_field()


class TextsForm(DesignsystemetMixin, ModelChecksMixin, forms.Form):
    check_model = OptionsAnalysis
    recommendation = forms.CharField(
        label=_("Anbefaling"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tomt: rapporten anbefaler alternativet med høyest totalpoeng."))
    proposed_decision = forms.CharField(
        label=_("Forslag til vedtak"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vedtaket omstillingsstyret bes om å fatte."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# ---------------------------------------------------------------- multi-row forms


def _shown(value) -> str:
    """A stored number as the user would type it (no trailing zeros, decimal comma)."""
    return "" if value is None else plain(value)


class WeightsForm(DesignsystemetMixin, forms.Form):
    """One input per criterion: the weight (percent method) or the rank (ranking
    method), named `weight_<id>` / `rank_<id>`, with the version each row was read at.
    The inputs are those of the method the analysis has; choosing the other method
    keeps each criterion's stored weight or rank."""

    weight_method = forms.ChoiceField(label=_("Vektmetode"),
                                      choices=OptionsAnalysis.WeightMethod.choices)

    def __init__(self, *args, analysis: OptionsAnalysis, criteria, editable: bool = True,
                 **kwargs):
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("initial", {})
        self.criteria = list(criteria)
        self.ranking = analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING
        kwargs["initial"].setdefault("weight_method", analysis.weight_method)
        for c in self.criteria:
            if self.ranking:
                kwargs["initial"].setdefault(f"rank_{c.pk}", c.rank)
            else:
                kwargs["initial"].setdefault(f"weight_{c.pk}", _shown(c.weight))
            kwargs["initial"].setdefault(f"cversion_{c.pk}", c.version)
        super_fields = {}
        for c in self.criteria:
            if self.ranking:
                super_fields[f"rank_{c.pk}"] = COUNT.form_field(
                    label=_p("Rang for %(name)s") % {"name": c.name}, required=False,
                    disabled=not editable)
            else:
                field = PERCENT.form_field(
                    label=_p("Vekt for %(name)s") % {"name": c.name}, required=False,
                    localize=True, disabled=not editable)
                field.widget.attrs["inputmode"] = "decimal"
                super_fields[f"weight_{c.pk}"] = field
            super_fields[f"cversion_{c.pk}"] = forms.CharField(
                widget=forms.HiddenInput, required=False)
        # Per-instance fields, there before DesignsystemetMixin styles them.
        self.base_fields = {**type(self).base_fields, **super_fields}  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        if not editable:
            self.fields["weight_method"].disabled = True

    def clean(self):
        data = super().clean()
        if self.ranking:
            for c in self.criteria:
                rank = data.get(f"rank_{c.pk}")
                if rank is not None and rank < 1:
                    self.add_error(f"rank_{c.pk}", _(
                        "Rangeringen er et helt tall fra 1 (viktigst)."))
        return data

    @property
    def prefix_name(self) -> str:
        return "rank" if self.ranking else "weight"

    def rows(self):
        return [(c, self[f"{self.prefix_name}_{c.pk}"], self[f"cversion_{c.pk}"])
                for c in self.criteria]

    def typed_sum(self) -> Decimal | None:
        """The sum of the weights as typed, when every one of them is a number."""
        if self.ranking or not self.is_bound or not hasattr(self, "cleaned_data"):
            return None
        values = [self.cleaned_data.get(f"weight_{c.pk}") for c in self.criteria]
        numbers = [v for v in values if isinstance(v, Decimal)]
        if len(numbers) != len(values):
            return None
        return sum(numbers, Decimal(0))

    def values_for(self, method: str) -> dict[int, object]:
        """What to give `services.set_weights`: the typed values if they are of the
        chosen method (otherwise every criterion keeps its stored weight or rank)."""
        if (method == OptionsAnalysis.WeightMethod.RANKING) != self.ranking:
            return {}
        return {c.pk: self.cleaned_data.get(f"{self.prefix_name}_{c.pk}")
                for c in self.criteria}

    def versions(self) -> dict[int, object]:
        return {c.pk: self.cleaned_data.get(f"cversion_{c.pk}") or None
                for c in self.criteria}

    def weight_inputs_describedby(self, error_id: str) -> None:
        """The sum error belongs to every weight input."""
        for c in self.criteria:
            field = self.fields.get(f"weight_{c.pk}")
            if field is not None:
                described = field.widget.attrs.get("aria-describedby", "")
                if error_id not in described:
                    field.widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class ScoreMatrixForm(DesignsystemetMixin, forms.Form):
    """The whole score matrix: `score_<alternative>_<criterion>`, `reason_…` and the
    version each score was read at (`version_…`). A cell left as it was is not saved;
    a changed cell needs both a score and a reason."""

    def __init__(self, *args, alternatives, criteria, scores: dict, editable: bool = True,
                 **kwargs):
        kwargs.setdefault("auto_id", "%s")
        self.alternatives = list(alternatives)
        self.criteria = list(criteria)
        self.stored = scores
        initial = {}
        fields = {}
        for a in self.alternatives:
            for c in self.criteria:
                key = f"{a.pk}_{c.pk}"
                s = scores.get((a.pk, c.pk))
                initial[f"score_{key}"] = _shown(s.score) if s else ""
                initial[f"reason_{key}"] = s.reason if s else ""
                initial[f"version_{key}"] = s.version if s else ""
                score = SCORE.form_field(
                    label=_p("%(alternative)s – %(criterion)s: poeng") % {
                        "alternative": a.name, "criterion": c.name},
                    required=False, localize=True, disabled=not editable)
                score.widget.attrs["inputmode"] = "decimal"
                fields[f"score_{key}"] = score
                fields[f"reason_{key}"] = forms.CharField(
                    label=_p("%(alternative)s – %(criterion)s: begrunnelse") % {
                        "alternative": a.name, "criterion": c.name},
                    required=False, disabled=not editable)
                fields[f"version_{key}"] = forms.CharField(widget=forms.HiddenInput,
                                                           required=False)
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        # Per-instance fields, there before DesignsystemetMixin styles them.
        self.base_fields = fields  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def rows(self):
        return [(a, [(c, self.stored.get((a.pk, c.pk)), self[f"score_{a.pk}_{c.pk}"],
                      self[f"reason_{a.pk}_{c.pk}"], self[f"version_{a.pk}_{c.pk}"])
                     for c in self.criteria]) for a in self.alternatives]

    def clean(self):
        data = super().clean()
        self.changed_cells = []
        for a in self.alternatives:
            for c in self.criteria:
                key = f"{a.pk}_{c.pk}"
                if f"score_{key}" in self.errors:
                    continue
                score = data.get(f"score_{key}")
                reason = (data.get(f"reason_{key}") or "").strip()
                old = self.stored.get((a.pk, c.pk))
                if score is None and not reason:
                    if old is not None:
                        self.add_error(f"score_{key}", _(
                            "Poengene kan ikke stå tomme. Bruk «Fjern» ved poengene for å "
                            "fjerne dem."))
                    continue
                if old is not None and score == old.score and reason == old.reason:
                    continue
                if score is None:
                    self.add_error(f"score_{key}", _("Oppgi poeng fra 0 til 10."))
                if not reason:
                    self.add_error(f"reason_{key}", _("Skriv en begrunnelse for poengene."))
                self.changed_cells.append({
                    "alternative": a, "criterion": c, "score": score, "reason": reason,
                    "version": data.get(f"version_{key}") or None})
        return data
