"""The project's URLs plus the floor page of the bench: a page that renders only the
base template, behind the same middleware and login as the real pages. It gives the
cost that every page pays (session, user, middleware, base template), against which
the real pages are compared. Only the bench settings (bench/settings.py) load it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from videreforing.urls import urlpatterns as project_urlpatterns

FLOOR_PATH = "/__bench__/floor/"

_floor = engines["django"].from_string('{% extends "base.html" %}')


@login_required
def floor(request):
    return HttpResponse(_floor.render({}, request))


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench-floor"),
               *project_urlpatterns]
