"""Refused and missing pages answer in Norwegian with a way on, also with DEBUG off."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from videreforing.procurement import services as procurement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_debug(settings):
    settings.DEBUG = False


def test_missing_page_is_norwegian_with_a_link_home(client, owner):
    client.force_login(owner)
    response = client.get("/program/999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Siden finnes ikke" in text
    assert 'href="/"' in text


def test_outsider_sees_the_same_missing_page(client, outsider, programme):
    client.force_login(outsider)
    response = client.get(f"/program/{programme.pk}/")
    assert response.status_code == 404
    assert "Siden finnes ikke" in response.content.decode()


def test_read_only_write_is_refused_in_norwegian(client, owner, reader, programme):
    supplier = procurement.create_supplier(user=owner, org_number="974760673", name="Alfa")
    client.force_login(reader)
    response = client.get(f"/leverandorer/{supplier.pk}/endre/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Du har ikke tilgang til dette" in text
    assert "Mine programmer" in text


def test_server_error_page_is_norwegian_and_says_nothing_was_stored():
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    text = response.content.decode()
    assert "Noe gikk galt" in text
    assert "ikke lagret" in text
