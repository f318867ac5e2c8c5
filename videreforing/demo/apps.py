from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo users and programmes (`manage.py load_demo`). It uses every app, so it sits
    above them all: no app imports it."""

    name = "videreforing.demo"
    verbose_name = _("Demodata")
