"""Form helpers shared by the page views."""

from django import forms
from django.core.exceptions import ValidationError


class DesignsystemetMixin:
    """Give widgets the Designsystemet classes and accessible attributes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            widget.attrs.setdefault("class", "ds-input")
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"{self.add_prefix(name)}-help")

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)


def mark_invalid(form: forms.BaseForm) -> None:
    """aria-invalid on every field with an error, described by its error message."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["aria-invalid"] = "true"
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"{form.add_prefix(name)}-error"
            if error_id not in described.split():
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
    mark_invalid(form)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
