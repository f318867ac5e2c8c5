"""Portfolio fixtures: a national-team user, and programmes in two counties."""

from datetime import date

import pytest

from tests.conftest import make_user
from videreforing.planning.forecasts import current_forecast
from videreforing.programmes import services


@pytest.fixture
def national(db):
    return make_user("nora@example.com", first_name="Nora", national_access=True)


@pytest.fixture
def oslo_programme(owner):
    """A programme in Oslo (county 03), outside the Nordland adviser's portfolio."""
    return services.create_programme(
        user=owner, name="Omstilling Oslo", municipality_numbers=["0301"],
        period_start=date(2022, 1, 1), period_end=date(2029, 6, 30),
    )


@pytest.fixture
def make_programme(owner):
    def make(name: str, *, numbers=("1837",), period_end=date(2028, 12, 31),
             period_start=date(2023, 1, 1), forecast: bool = True, today=None):
        programme = services.create_programme(
            user=owner, name=name, municipality_numbers=list(numbers),
            period_start=period_start, period_end=period_end,
        )
        if forecast:
            current_forecast(programme, today=today)
        return programme

    return make
