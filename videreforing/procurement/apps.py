from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "videreforing.procurement"
    verbose_name = _("Anskaffelser")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
