from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessPlanConfig(AppConfig):
    name = "videreforing.businessplan"
    label = "businessplan"
    verbose_name = _("Forretningsplan")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
