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


class ReplyForm(DesignsystemetMixin, forms.Form):
    text = forms.CharField(label=_("Svar"), max_length=REMARK_MAX,
                           validators=text_validators(),
                           widget=forms.Textarea(attrs={"rows": 3}))
