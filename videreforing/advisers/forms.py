from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import text_validators
from videreforing.lib.forms import DesignsystemetMixin

from .models import REMARK_MAX


class RemarkForm(DesignsystemetMixin, forms.Form):
    text = forms.CharField(label=_("Merknad"), max_length=REMARK_MAX,
                           validators=text_validators(),
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Leses av programmets medlemmer. Omstillingslederen "
                                       "får den på e-post."))


class RemarkEditForm(RemarkForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Correcting a remark sends no mail (services.update_remark): only the new
        # remark is mailed to the process leader.
        self.fields["text"].help_text = _("Leses av programmets medlemmer. Rettelsen "
                                          "sendes ikke på e-post.")


class ReplyForm(DesignsystemetMixin, forms.Form):
    text = forms.CharField(label=_("Svar"), max_length=REMARK_MAX,
                           validators=text_validators(),
                           widget=forms.Textarea(attrs={"rows": 3}))
