import pytest

from videreforing.options import services


@pytest.fixture
def analysis(owner, programme):
    return services.create_analysis(user=owner, programme=programme)


@pytest.fixture
def scored(owner, analysis):
    """Two alternatives, three criteria, every score given."""
    kf = services.add_alternative(user=owner, analysis=analysis, name="Meløy Utvikling KF",
                                  organisational_form="kf",
                                  financing=["municipal_contribution", "project_funds"],
                                  scope="municipality")
    aksje = services.add_alternative(user=owner, analysis=analysis, name="Utviklingsselskap AS",
                                     organisational_form="as", financing="Kommunen og "
                                     "næringslivet deler kostnadene", scope="Meløy og Rødøy")
    control = services.add_criterion(user=owner, analysis=analysis, name="Styring", weight=50)
    business = services.add_criterion(user=owner, analysis=analysis, name="Næringsliv",
                                      weight=30)
    cost = services.add_criterion(user=owner, analysis=analysis, name="Kostnad", weight=20)
    points = {(kf, control): 9, (kf, business): 4, (kf, cost): 7,
              (aksje, control): 6, (aksje, business): 9, (aksje, cost): 7}
    for (alternative, criterion), score in points.items():
        services.set_score(user=owner, analysis=analysis, alternative=alternative,
                           criterion=criterion, score=score, reason="Vurdert i prosjektgruppen")
    return {"analysis": analysis, "kf": kf, "as": aksje, "control": control,
            "business": business, "cost": cost}
