from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "videreforing.attachments"
    verbose_name = _("Vedlegg")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
