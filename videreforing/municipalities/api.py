"""JSON API of the municipality register."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Router

from videreforing.municipalities.models import Municipality
from videreforing.municipalities.schemas import MunicipalityOut

router = Router()


@router.get("/municipalities", response=list[MunicipalityOut], tags=["municipalities"])
def list_municipalities(request, county: str | None = None):
    qs = Municipality.objects.select_related("county").order_by("number")
    if county:
        if not (len(county) == 2 and county.isdigit()):
            raise DjangoValidationError(
                {"county": [_("Fylkesnummer har to siffer, for eksempel 18.")]}
            )
        qs = qs.filter(county_id=county)
    return [
        {"number": m.number, "name": m.name, "county_number": m.county_id,
         "county_name": m.county.name}
        for m in qs
    ]
