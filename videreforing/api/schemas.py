"""Schemas shared by the apps' APIs: the error answer and a warning."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: Any
    code: str | None = None


class WarningOut(Schema):
    code: str
    message: str
