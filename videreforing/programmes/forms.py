from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.accounts.roles import Role
from videreforing.lib.forms import DateInput, DesignsystemetMixin
from videreforing.municipalities.models import Municipality

from .models import DecidingBody, GateDecision, Stakeholder, Task


def municipality_choices():
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in Municipality.objects.select_related("county").order_by("county_id", "name"):
        groups[str(m.county)].append((m.number, f"{m.name} ({m.number})"))
    return list(groups.items())


class ProgrammeForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn på programmet"), max_length=200)
    municipalities = forms.MultipleChoiceField(
        label=_("Kommuner"),
        help_text=_("Et regionalt program har flere kommuner. Hold Ctrl (Cmd på Mac) nede for å "
                    "velge flere."),
    )
    period_start = forms.DateField(label=_("Omstillingsperiodens start"), widget=DateInput())
    period_end = forms.DateField(
        label=_("Omstillingsperiodens slutt"), widget=DateInput(),
        help_text=_("Seneste oppstart for videreføringen regnes ut som to år før slutten "
                    "(R-START)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = municipality_choices()
        self.fields["municipalities"].widget.attrs["size"] = 10


class StartPhaseForm(DesignsystemetMixin, forms.Form):
    override_reason = forms.CharField(
        label=_("Begrunnelse for å starte før forrige beslutningspunkt er godkjent"),
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kreves bare når forrige fase ikke har et godkjent vedtak. Begrunnelsen "
                    "lagres i historikken."),
    )


class PhasePlanForm(DesignsystemetMixin, forms.Form):
    planned_start = forms.DateField(label=_("Planlagt start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planlagt slutt"), required=False, widget=DateInput())
    optimistic_days = forms.IntegerField(
        label=_("Optimistisk varighet (dager)"), required=False, min_value=0, max_value=3650,
        help_text=_("Estimatet for fasen som helhet brukes så lenge fasen ikke har oppgaver."),
    )
    likely_days = forms.IntegerField(label=_("Mest sannsynlig varighet (dager)"),
                                     required=False, min_value=0, max_value=3650)
    pessimistic_days = forms.IntegerField(label=_("Pessimistisk varighet (dager)"),
                                          required=False, min_value=0, max_value=3650)


class GateForm(DesignsystemetMixin, forms.Form):
    deciding_body = forms.ChoiceField(label=_("Vedtaksorgan"), choices=DecidingBody.choices)
    decided_on = forms.DateField(label=_("Vedtaksdato"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=GateDecision.Outcome.choices, widget=forms.RadioSelect
    )
    case_number = forms.CharField(
        label=_("Saksnummer"), required=False, max_length=50,
        help_text=_("Kommunens arkivreferanse, for eksempel 2026/1234."),
    )
    note = forms.CharField(label=_("Merknad"), required=False,
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


class TaskForm(DesignsystemetMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=Task.Stage.choices)
    title = forms.CharField(label=_("Tittel"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    responsible_role = forms.ChoiceField(
        label=_("Ansvarlig rolle"), required=False,
        choices=[("", _("Ingen rolle valgt"))] + list(Role.choices),
    )
    assignee = forms.ChoiceField(label=_("Ansvarlig person"), required=False)
    due_date = forms.DateField(label=_("Frist"), required=False, widget=DateInput())
    done = forms.BooleanField(label=_("Utført"), required=False)
    started_on = forms.DateField(label=_("Startet"), required=False, widget=DateInput())
    duration_days = forms.IntegerField(
        label=_("Varighet (dager)"), required=False, min_value=0, max_value=3650,
        help_text=_("Ett tall, eller fyll ut de tre estimatene under for å regne med "
                    "usikkerhet."),
    )
    optimistic_days = forms.IntegerField(label=_("Optimistisk (dager)"), required=False,
                                         min_value=0, max_value=3650)
    likely_days = forms.IntegerField(label=_("Mest sannsynlig (dager)"), required=False,
                                     min_value=0, max_value=3650)
    pessimistic_days = forms.IntegerField(label=_("Pessimistisk (dager)"), required=False,
                                          min_value=0, max_value=3650)
    depends_on = forms.MultipleChoiceField(
        label=_("Avhenger av"), required=False,
        help_text=_("Oppgaven starter når disse er ferdige. Hold Ctrl (Cmd på Mac) nede for å "
                    "velge flere."),
    )
    lag_days = forms.IntegerField(
        label=_("Forsinkelse etter forgjengerne (dager)"), required=False, min_value=0,
        max_value=3650, initial=0,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members=(), tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.user_id): m.user for m in members}
        self.fields["assignee"].choices = [("", _("Ingen person valgt"))] + [
            (str(m.user_id), f"{m.user.display_name} ({m.get_role_display()})") for m in members
        ]
        self.tasks = {str(t.pk): t for t in tasks}
        stages = dict(Task.Stage.choices)
        self.fields["depends_on"].choices = [
            (str(t.pk), f"{stages[t.phase]}: {t.title}") for t in tasks
        ]
        self.fields["depends_on"].widget.attrs["size"] = 8

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


class MemberForm(DesignsystemetMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-postadresse"),
        help_text=_("Har personen ingen konto, får de en e-post med lenke for å velge passord."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class MemberRoleForm(DesignsystemetMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class StakeholderForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Stakeholder.Kind.choices)
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"), required=False, max_length=20,
        help_text=_("Ni siffer, valgfritt."),
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    notes = forms.CharField(label=_("Notater"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
