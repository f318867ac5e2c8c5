from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.forms import DesignsystemetMixin

from . import filetypes
from .models import REASON_MAX


def upload_help() -> str:
    from .services import allowed_label, max_size_label

    return _("Tillatte filtyper: %(allowed)s. Høyst %(limit)s. Filtypen sjekkes ut fra "
             "innholdet, ikke navnet.") % {"allowed": allowed_label(),
                                            "limit": max_size_label()}


class UploadForm(DesignsystemetMixin, forms.Form):
    """The file, and what it belongs to (hidden: chosen by the page it is on)."""

    file = forms.FileField(
        label=_("Fil"), allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": filetypes.ACCEPT}),
        error_messages={"required": _("Velg en fil å laste opp."),
                        "invalid": _("Velg en fil å laste opp."),
                        "missing": _("Velg en fil å laste opp.")},
    )
    gate = forms.IntegerField(required=False, widget=forms.HiddenInput)
    tender = forms.IntegerField(required=False, widget=forms.HiddenInput)
    bid = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, too_large: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = upload_help()
        self.fields["file"].widget.attrs["aria-describedby"] = "file-help"
        self.too_large = too_large or {}

    def clean_file(self):
        if "file" in self.too_large:
            from .services import too_large_message

            raise forms.ValidationError(too_large_message(self.too_large["file"]))
        return self.cleaned_data.get("file")

    def full_clean(self):
        if self.is_bound and "file" in self.too_large:
            # The file was skipped for its size; say so rather than "choose a file".
            self.fields["file"].required = False
        super().full_clean()


class RemoveForm(DesignsystemetMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"), required=False, max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Valgfritt. Står i historikken sammen med filnavnet."),
    )
