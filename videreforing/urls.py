from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from videreforing.api.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programmes:list", permanent=False), name="home"),
    path("konto/", include("videreforing.accounts.urls")),
    path("program/", include("videreforing.programmes.urls")),
    path("", include("videreforing.planning.urls")),
    path("", include("videreforing.procurement.urls")),
    path("", include("videreforing.options.urls")),
    path("", include("videreforing.attachments.urls")),
    path("", include("videreforing.businessplan.urls")),
    path("", include("videreforing.portfolio.urls")),
    path("", include("videreforing.advisers.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
