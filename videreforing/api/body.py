"""An optional JSON body: a request with no body at all is read as {}."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from .errors import message_for


def optional_body(request, schema):
    if request.content_type == "application/json":
        raw = request.body.strip()
        try:
            data = json.loads(raw) if raw else {}
        except ValueError as exc:
            raise ValidationError({"body": [_("Ugyldig JSON.")]}) from exc
    else:
        data = dict(request.POST.items())  # empty for a request without a body
    if not isinstance(data, dict):
        raise ValidationError({"body": [_("Forventet et JSON-objekt.")]})
    try:
        return schema.model_validate(data)
    except PydanticError as exc:
        errors = {}
        for error in exc.errors():
            field = str(error["loc"][-1]) if error["loc"] else "body"
            errors.setdefault(field, []).append(message_for(error))
        raise ValidationError(errors) from exc


def body_doc(schema) -> dict:
    """OpenAPI text for an optional JSON body of `schema`."""
    return {"requestBody": {"required": False, "content": {"application/json": {
        "schema": schema.model_json_schema()}}}}
