from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisersConfig(AppConfig):
    name = "videreforing.advisers"
    verbose_name = _("Rådgivere")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
