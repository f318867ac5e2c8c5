"""The base of every page form of the programmes app, and its date and days fields."""

from django import forms

from videreforing.lib.bounds import DATE, DAYS, NoControlCharacters
from videreforing.lib.forms import DesignsystemetMixin


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
