"""GET /api/v1/portfolio: the page's rows, its access, paging and 422 on bad values."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from videreforing.planning.models import Forecast

pytestmark = pytest.mark.django_db

URL = "/api/v1/portfolio"
KEYS = {"programme", "name", "municipalities", "county_numbers", "period_end",
        "latest_start", "status", "current_phase", "forecast_operative",
        "probability_on_time", "slack_days", "overdue_tasks", "gate_pending", "rag",
        "rag_reason", "updated_at"}


def test_adviser_gets_their_counties_in_the_exact_shape(client, token_for, adviser,
                                                        make_programme, oslo_programme):
    programme = make_programme("Meløy", period_end=date(2027, 6, 30))
    Forecast.objects.filter(programme=programme).update(
        forecast_operative=date(2027, 8, 1), slack_days=-32, probability_on_time=0.37)
    body = client.get(URL, **token_for(adviser)).json()
    assert set(body) == {"count", "page", "page_size", "results"}
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 50)
    row = body["results"][0]
    assert set(row) == KEYS
    assert row["programme"] == programme.pk and row["name"] == "Meløy"
    assert row["municipalities"] == ["Meløy"] and row["county_numbers"] == ["18"]
    assert row["period_end"] == "2027-06-30" and row["latest_start"] == "2025-06-30"
    assert row["forecast_operative"] == "2027-08-01"
    assert row["probability_on_time"] == pytest.approx(0.37)
    assert row["slack_days"] == -32 and row["rag"] == "red"
    assert "32 dager etter fristen" in row["rag_reason"]
    assert row["gate_pending"] is False and row["overdue_tasks"] == 0


def test_national_user_gets_every_programme(client, token_for, national, programme,
                                            oslo_programme):
    body = client.get(URL, **token_for(national)).json()
    assert {r["name"] for r in body["results"]} == {"Omstilling Meløy", "Omstilling Oslo"}


@pytest.mark.parametrize("who", ["owner", "reader", "outsider"])
def test_people_without_a_portfolio_get_403(client, token_for, request, programme, who):
    response = client.get(URL, **token_for(request.getfixturevalue(who)))
    assert response.status_code == 403
    assert "rådgivere" in response.json()["detail"]


def test_without_token_401(client):
    assert client.get(URL).status_code == 401


def test_filters(client, token_for, national, programme, oslo_programme):
    auth = token_for(national)
    assert [r["name"] for r in client.get(URL, {"county": "03"}, **auth).json()["results"]
            ] == ["Omstilling Oslo"]
    assert client.get(URL, {"status": "in_progress"}, **auth).json()["count"] == 0
    assert client.get(URL, {"phase": "none", "risk": "unknown"}, **auth).json()["count"] == 2


def test_pages(client, token_for, national, programme, oslo_programme):
    auth = token_for(national)
    first = client.get(URL, {"page_size": 1}, **auth).json()
    second = client.get(URL, {"page_size": 1, "page": 2}, **auth).json()
    assert first["count"] == second["count"] == 2
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["name"] != second["results"][0]["name"]
    assert client.get(URL, {"page": 3, "page_size": 1}, **auth).json()["results"] == []


@pytest.mark.parametrize("name,value", [("county", "1"), ("status", "late"),
                                        ("phase", "study"), ("risk", "purple"),
                                        ("page", "0"), ("page_size", "501")])
def test_bad_values_answer_422_naming_the_field(client, token_for, national, name, value):
    response = client.get(URL, {name: value}, **token_for(national))
    assert response.status_code == 422
    assert any(item["loc"][-1] == name for item in response.json()["detail"])


def test_query_count_does_not_grow(client, token_for, adviser, make_programme):
    auth = token_for(adviser)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, **auth).status_code == 200
        return len(ctx.captured_queries)

    for i in range(3):
        make_programme(f"P{i}", forecast=i != 0)
    small = count()
    for i in range(3, 30):
        make_programme(f"P{i}", forecast=i % 2 == 0)
    assert count() == small
