import importlib

import pytest
from django.apps import apps as django_apps

from videreforing.municipalities.models import County, Municipality


@pytest.mark.django_db
def test_register_has_357_municipalities_in_15_counties():
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    assert Municipality.objects.filter(county_id="18").count() == 41


@pytest.mark.django_db
def test_numbers_keep_their_leading_zero():
    oslo = Municipality.objects.get(number="0301")
    assert oslo.county_id == "03"


@pytest.mark.django_db
def test_2026_name_changes_are_applied_with_their_date():
    assert Municipality.objects.get(number="0301").name == "Oslo - Oslove"
    assert Municipality.objects.get(number="5006").name == "Steinkjer - Stïentje"
    lyngen = Municipality.objects.get(number="5536")
    assert lyngen.name == "Lyngen - Ivgu - Yykeä"
    assert lyngen.name_valid_from.isoformat() == "2026-01-01"
    assert Municipality.objects.get(number="1837").name_valid_from.isoformat() == "2024-01-01"


@pytest.mark.django_db
def test_loading_the_register_again_changes_nothing():
    load = importlib.import_module(
        "videreforing.municipalities.migrations.0002_load_register_2024"
    ).load_register
    before = list(Municipality.objects.values_list("number", "county_id").order_by("number"))
    load(django_apps, None)
    after = list(Municipality.objects.values_list("number", "county_id").order_by("number"))
    assert before == after
    assert Municipality.objects.count() == 357
