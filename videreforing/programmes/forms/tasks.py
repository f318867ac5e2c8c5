"""The task form: what, who, when, the estimate and the dependencies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.accounts.roles import READ_ONLY_ROLES, Role

from .. import services
from ..models import TEXT_MAX, Task
from ._base import BoundedForm, _date, _days


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
