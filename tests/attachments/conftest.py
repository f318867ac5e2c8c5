"""A gate decision, a tender and a bid to attach files to (attachments are stored in a
temporary directory by the autouse fixture in tests/conftest.py)."""

from datetime import date

import pytest

from videreforing.procurement import services as procurement
from videreforing.programmes import services as programmes


@pytest.fixture
def gate(owner, programme):
    programmes.start_phase(user=owner, programme=programme, kind="pre_study",
                           started_on=date(2025, 1, 6))
    return programmes.record_gate_decision(
        user=owner, programme=programme, kind="pre_study",
        deciding_body="restructuring_board", decided_on=date(2025, 3, 3),
        outcome="approved", case_number="25/12")


@pytest.fixture
def tender(owner, programme):
    return procurement.create_tender(user=owner, programme=programme, title="Prosessleder",
                                     estimated_value=450_000)


@pytest.fixture
def bid(owner, tender):
    supplier = procurement.create_supplier(user=owner, org_number="974760673",
                                           name="Alfa Råd AS")
    return procurement.register_bid(user=owner, tender=tender, supplier=supplier,
                                    price=200_000)
