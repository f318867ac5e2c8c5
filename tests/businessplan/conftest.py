import pytest

from videreforing.businessplan import services


@pytest.fixture
def plan(programme, owner):
    return services.create_plan(user=owner, programme=programme)
