from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "videreforing.planning"
    verbose_name = _("Planlegging")

    def ready(self) -> None:
        from videreforing.programmes import plans

        from . import forecasts, signals

        signals.connect()
        # The programme list and overview read the plan through this port
        # (programmes must not import planning).
        plans.register(forecasts_for=forecasts.forecasts_for,
                       list_facts=forecasts.list_facts,
                       plan_for_page=forecasts.plan_for_page)
