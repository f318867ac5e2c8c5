from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "videreforing.accounts"
    verbose_name = _("Brukere og tilgang")

    def ready(self) -> None:
        from . import audit

        audit.register_texts()
