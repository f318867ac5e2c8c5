from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "videreforing.planning"
    verbose_name = _("Planlegging")

    def ready(self) -> None:
        from . import signals

        signals.connect()
