"""Page forms. Each value's bounds come from lib/bounds.py (the same as the model and
the API); each form's cross-field rules come from the service, so that one post shows
every error at once, each at its field."""

from collections import defaultdict

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from videreforing.accounts.roles import READ_ONLY_ROLES, Role
from videreforing.lib.bounds import DATE, DATE_MAX, DATE_MIN, DAYS, NoControlCharacters
from videreforing.lib.forms import DesignsystemetMixin
from videreforing.lib.phone import validate_phone
from videreforing.municipalities.models import Municipality

from . import services
from .models import REASON_MAX, TEXT_MAX, DecidingBody, GateDecision, Stakeholder, Task


def municipality_choices():
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in Municipality.objects.select_related("county").order_by("county_id", "name"):
        groups[str(m.county)].append((m.number, f"{m.name} ({m.number})"))
    return list(groups.items())


class BoundedForm(DesignsystemetMixin, forms.Form):
    """No control characters in any text; service rules added at their fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                    field, forms.EmailField):
                field.validators.append(NoControlCharacters(
                    multiline=isinstance(field.widget, forms.Textarea)))

    def add_error(self, field, error):
        # A service's errors arrive after validation: mark those fields too, so that
        # every error is tied to its field (aria-invalid, aria-describedby).
        super().add_error(field, error)
        for name in self._errors or {}:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            error_id = f"{self.add_prefix(name)}-error"
            described = attrs.get("aria-describedby", "")
            if error_id not in described.split():
                attrs["aria-describedby"] = f"{described} {error_id}".strip()

    def add_rule_errors(self, errors: dict[str, list]) -> None:
        """Errors from a service's own rules, each at its field unless that field
        already has one (the first problem with a value is the one to fix)."""
        for field, messages in errors.items():
            name = field if field in self.fields else None
            if name is not None and name in self.errors:
                continue
            for message in messages:
                self.add_error(name, message)


def _days(label, **kwargs):
    return DAYS.form_field(label=label, required=False, **kwargs)


def _date(label, *, required=False, **kwargs):
    return DATE.form_field(label=label, required=required, **kwargs)


class ProgrammeForm(BoundedForm):
    name = forms.CharField(label=_("Navn på programmet"), max_length=200)
    municipalities = forms.MultipleChoiceField(
        label=_("Kommuner"),
        help_text=_("Et regionalt program har flere kommuner. Hold Ctrl (Cmd på Mac) nede for å "
                    "velge flere."),
    )
    period_start = _date(_("Omstillingsperiodens start"), required=True)
    period_end = _date(
        _("Omstillingsperiodens slutt"), required=True,
        help_text=_("Seneste oppstart for videreføringen regnes ut som to år før slutten "
                    "(R-START)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = municipality_choices()
        self.fields["municipalities"].widget.attrs["size"] = 10

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_rule_errors({"period_end": [
                _("Slutten av omstillingsperioden må komme etter starten.")]})
        return data


class StartPhaseForm(BoundedForm):
    override_reason = forms.CharField(
        label=_("Begrunnelse for å starte før forrige beslutningspunkt er godkjent"),
        required=False, max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kreves bare når forrige fase ikke har et godkjent vedtak. Begrunnelsen "
                    "lagres i historikken."),
    )


class PhaseStartCorrectionForm(BoundedForm):
    started_on = _date(_("Startdato"), required=True)
    reason = forms.CharField(
        label=_("Begrunnelse for endringen"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken sammen med datoen før og etter."),
    )


class UndoStartForm(BoundedForm):
    reason = forms.CharField(
        label=_("Begrunnelse for å angre oppstarten"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken."),
    )


class PhasePlanForm(BoundedForm):
    planned_start = _date(_("Planlagt start"))
    planned_end = _date(_("Planlagt slutt"))
    optimistic_days = _days(
        _("Optimistisk varighet (dager)"),
        help_text=_("Estimatet for fasen som helhet brukes så lenge fasen ikke har oppgaver."),
    )
    likely_days = _days(_("Mest sannsynlig varighet (dager)"))
    pessimistic_days = _days(_("Pessimistisk varighet (dager)"))

    def clean(self):
        data = super().clean()
        errors: dict[str, list] = {}
        services.clean_phase_plan(dict(data), errors)
        self.add_rule_errors(errors)
        return data


def _not_in_future(day):
    # A date outside the bounds gets only the bound's message (DATE), not this one too.
    if day and DATE_MIN <= day <= DATE_MAX and day > timezone.localdate():
        raise forms.ValidationError(_("Vedtaksdatoen kan ikke være i framtiden."))


class GateForm(BoundedForm):
    deciding_body = forms.ChoiceField(label=_("Vedtaksorgan"), choices=DecidingBody.choices)
    decided_on = _date(_("Vedtaksdato"), required=True, validators=[_not_in_future])
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=GateDecision.Outcome.choices, widget=forms.RadioSelect
    )
    case_number = forms.CharField(
        label=_("Saksnummer"), required=False, max_length=50,
        help_text=_("Kommunens arkivreferanse, for eksempel 2026/1234."),
    )
    note = forms.CharField(label=_("Merknad"), required=False, max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.ChoiceField(
        label=_("Dokumentet vedtaket gjelder"), required=False,
        help_text=_("For forstudiet: versjonen av forstudierapporten som ble lagt fram."))

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in documents}
        if documents:
            self.fields["document"].choices = [("", _("Ingen dokument"))] + [
                (str(d.pk), f"{d.title} – v{d.version} ({d.created_at:%d.%m.%Y})")
                for d in documents]
            self.fields["document"].initial = str(documents[0].pk)
        else:
            del self.fields["document"]

    def cleaned_document(self):
        return self.documents.get(self.cleaned_data.get("document") or "")


class GateCorrectionForm(GateForm):
    """Correct a recorded decision: the same fields, a required reason, the version."""

    reason = forms.CharField(
        label=_("Begrunnelse for endringen"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva var feil? Begrunnelsen lagres i historikken sammen med verdiene "
                    "før og etter."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.GATE_FIELDS}


class GateWithdrawForm(BoundedForm):
    reason = forms.CharField(
        label=_("Begrunnelse for å trekke vedtaket tilbake"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TaskForm(BoundedForm):
    phase = forms.ChoiceField(label=_("Fase"), choices=Task.Stage.choices)
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False, max_length=TEXT_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    responsible_role = forms.ChoiceField(
        label=_("Ansvarlig rolle"), required=False,
        choices=[("", _("Ingen rolle valgt"))] + list(Role.choices),
    )
    assignee = forms.ChoiceField(label=_("Ansvarlig person"), required=False)
    due_date = _date(_("Frist"))
    done = forms.BooleanField(label=_("Utført"), required=False)
    started_on = _date(_("Startet"))
    duration_days = _days(
        _("Varighet (dager)"),
        help_text=_("Ett tall, eller fyll ut de tre estimatene under for å regne med "
                    "usikkerhet."),
    )
    optimistic_days = _days(_("Optimistisk (dager)"))
    likely_days = _days(_("Mest sannsynlig (dager)"))
    pessimistic_days = _days(_("Pessimistisk (dager)"))
    depends_on = forms.MultipleChoiceField(
        label=_("Avhenger av"), required=False,
        help_text=_("Oppgaven starter når disse er ferdige. Hold Ctrl (Cmd på Mac) nede for å "
                    "velge flere."),
    )
    # A wait after the predecessors, never an overlap: 0–3650 days (DAYS).
    lag_days = _days(_("Forsinkelse etter forgjengerne (dager)"), initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members=(), tasks=(), current_assignee=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only members who may edit can be responsible for a task: observers (read-only)
        # and advisers (not members) are left out. A task already assigned to someone
        # who has since lost that role keeps them as a choice until it is changed.
        assignable = [m for m in members if m.role not in READ_ONLY_ROLES]
        self.members = {str(m.user_id): m.user for m in assignable}
        choices = [("", _("Ingen person valgt"))] + [
            (str(m.user_id), f"{m.user.display_name} – {m.get_role_display()}")
            for m in assignable
        ]
        if current_assignee is not None and str(current_assignee.pk) not in self.members:
            self.members[str(current_assignee.pk)] = current_assignee
            choices.append((str(current_assignee.pk), current_assignee.display_name))
        self.fields["assignee"].choices = choices
        self.tasks = {str(t.pk): t for t in tasks}
        stages = dict(Task.Stage.choices)
        self.fields["depends_on"].choices = [
            (str(t.pk), f"{stages[t.phase]}: {t.title}") for t in tasks
        ]
        self.fields["depends_on"].widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        errors: dict[str, list] = {}
        services.clean_estimate({k: data.get(k) for k in services.ESTIMATE_FIELDS
                                 if k in data}, errors)
        self.add_rule_errors(errors)
        return data

    def cleaned_assignee(self):
        value = self.cleaned_data.get("assignee")
        return self.members.get(value) if value else None

    def cleaned_dependencies(self):
        lag = self.cleaned_data.get("lag_days") or 0
        return [(self.tasks[pk], lag) for pk in self.cleaned_data.get("depends_on", [])
                if pk in self.tasks]

    def estimate_values(self):
        return {k: self.cleaned_data.get(k) for k in (
            "started_on", "duration_days", "optimistic_days", "likely_days", "pessimistic_days")}


class MemberForm(BoundedForm):
    email = forms.EmailField(
        label=_("E-postadresse"), max_length=254,
        help_text=_("Har personen ingen konto, får de en e-post med lenke for å velge passord."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class MemberRoleForm(BoundedForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class StakeholderForm(BoundedForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Stakeholder.Kind.choices)
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"), required=False, max_length=20,
        help_text=_("Ni siffer, valgfritt."),
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False, max_length=254)
    contact_phone = forms.CharField(
        label=_("Telefon"), required=False, max_length=30,
        help_text=_("For eksempel 22 33 44 55 eller +47 22 33 44 55."),
        widget=forms.TextInput(attrs={"type": "tel"}))
    notes = forms.CharField(label=_("Notater"), required=False, max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_contact_phone(self):
        # The model field's validator (lib/phone.py), here too so that it is reported
        # with the form's other errors; after the length and control-character checks,
        # so that one value gets one message.
        value = self.cleaned_data.get("contact_phone") or ""
        validate_phone(value.strip())
        return value

    def clean_org_number(self):
        # Checked here as well as in the service, so that a wrong number is reported
        # together with every other error of the form, not on the next attempt.
        value = self.cleaned_data.get("org_number") or ""
        if value:
            try:
                services.clean_stakeholder({"org_number": value})
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["org_number"]) from exc
        return value
