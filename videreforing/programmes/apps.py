from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "videreforing.programmes"
    verbose_name = _("Omstillingsprogrammer")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
