from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OptionsConfig(AppConfig):
    name = "videreforing.options"
    verbose_name = _("Alternativvurdering")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
