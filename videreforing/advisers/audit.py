"""How the adviser remark entries read in the history (registered from
AdvisersConfig.ready(); see videreforing/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from videreforing.audit.registry import register

MESSAGES = {
    "advisers.remark.created": _("skrev en merknad som rådgiver: «{text}»"),
    "advisers.remark.updated": _("rettet rådgivermerknaden: {fields}"),
    "advisers.remark.answered": _("svarte på rådgivermerknaden: «{text}»"),
}


def register_texts() -> None:
    register("advisers", messages=MESSAGES)
