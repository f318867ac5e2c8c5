"""Schemas of the municipality register's API (videreforing.municipalities.api)."""

from ninja import Schema


class MunicipalityOut(Schema):
    number: str
    name: str
    county_number: str
    county_name: str
