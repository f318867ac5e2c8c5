"""How the attachment entries read in the history (registered from
AttachmentsConfig.ready(); see videreforing/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from videreforing.audit.registry import register

MESSAGES = {
    "attachments.attachment.uploaded": _("lastet opp «{name}» ({size}) til {where}"),
    "attachments.attachment.removed": _("fjernet vedlegget «{name}» ({size}) fra {where}"),
}


def register_texts() -> None:
    register("attachments", messages=MESSAGES,
             models={"attachments.attachment": "attachments.Attachment"})
