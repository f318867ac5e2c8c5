from datetime import date

import pytest

from tests.procurement.helpers import pass_deadline
from videreforing.procurement import services


@pytest.fixture
def suppliers(owner):
    # Valid MOD11 organisation numbers (checked by python-stdnum)
    return {
        "a": services.create_supplier(user=owner, org_number="974760673", name="Alfa Råd AS",
                                      contact_name="Anne Alfa",
                                      contact_email="anne@alfa.example"),
        "b": services.create_supplier(user=owner, org_number="988077917", name="Beta Analyse AS",
                                      contact_email="post@beta.example"),
        "c": services.create_supplier(user=owner, org_number="971526157", name="Gamma Konsult AS"),
    }


@pytest.fixture
def tender(owner, programme):
    return services.create_tender(
        user=owner, programme=programme, title="Prosessleder forstudium og forprosjekt",
        description="Lede forstudiet og forprosjektet.", estimated_value=450_000,
        tender_deadline=date(2099, 1, 31))


@pytest.fixture
def scored_tender(owner, tender, suppliers):
    price = services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                   weight=40, price_model="linear")
    quality = services.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                     kind="quality", weight=60)
    a = services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                              price=200_000, scores={quality.pk: (8, "God erfaring")},
                              contact_email="anne@alfa.example")
    b = services.register_bid(user=owner, tender=tender, supplier=suppliers["b"],
                              price=250_000, scores={quality.pk: (9, "Svært god erfaring")})
    c = services.register_bid(user=owner, tender=tender, supplier=suppliers["c"],
                              price=150_000, qualified=False,
                              rejection_reason="Mangler skatteattest",
                              scores={quality.pk: (10, "")})
    return {"tender": tender, "price": price, "quality": quality, "a": a, "b": b, "c": c}


@pytest.fixture
def closed_tender(scored_tender):
    """The scored tender after its deadline: it may be awarded (issue 9, point 5), and
    its criteria are locked (P-CRITERIA)."""
    pass_deadline(scored_tender["tender"])
    return scored_tender
