from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("program/<int:pk>/tidslinje/", views.timeline, name="timeline"),
    path("program/<int:pk>/kalender.ics", views.programme_ics, name="programme-ics"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("konto/innstillinger/", views.account_settings, name="settings"),
    path("konto/kalender/ny/", views.feed_create, name="feed-create"),
    path("konto/kalender/slett/", views.feed_revoke, name="feed-revoke"),
]
