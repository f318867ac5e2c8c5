"""JSON API under /api/v1/: the NinjaAPI object with its authentication and error
handlers. Each app owns its endpoints and schemas (`<app>/api.py`, `<app>/schemas.py`);
this module only assembles their routers. Shared schemas are in `schemas.py`."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from videreforing.advisers.api import router as advisers_router
from videreforing.attachments.api import router as attachments_router
from videreforing.businessplan.api import router as businessplan_router
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.municipalities.api import router as municipalities_router
from videreforing.options.api import router as options_router
from videreforing.planning.api import router as planning_router
from videreforing.portfolio.api import router as portfolio_router
from videreforing.procurement.api import router as procurement_router
from videreforing.programmes.api import router as programmes_router

from .auth import BearerToken
from .errors import translated

# The module each app's endpoints were in before the apps owned their API (issue 11):
# the operation ids are made from it, so that clients generated from the document keep
# their names.
OPERATION_ID_MODULES = {
    "videreforing.municipalities.api": "videreforing.api.api",
    "videreforing.programmes.api": "videreforing.api.api",
    "videreforing.planning.api": "videreforing.api.api",
    "videreforing.procurement.api": "videreforing.api.procurement",
    "videreforing.options.api": "videreforing.api.options",
    "videreforing.advisers.api": "videreforing.api.advisers",
    "videreforing.portfolio.api": "videreforing.api.portfolio",
}


class VidereforingAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        module = operation.view_func.__module__
        module = OPERATION_ID_MODULES.get(module, module)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = VidereforingAPI(
    title="Videreføring API",
    version="1",
    description="Programmes, the continuation process, tasks, people and stakeholders.",
    auth=BearerToken(),
    docs_url=None,  # the interactive docs load scripts from a CDN; the spec is enough
    urls_namespace="api",
)
api.add_router("", municipalities_router)
api.add_router("", programmes_router)
api.add_router("", planning_router)
api.add_router("", procurement_router)
api.add_router("", options_router)
api.add_router("", attachments_router)
api.add_router("", businessplan_router)
api.add_router("", portfolio_router)
api.add_router("", advisers_router)


# ---------------------------------------------------------------- errors


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Ikke funnet.")}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("Du har bare lesetilgang til dette programmet.")}, status=403
    )


@api.exception_handler(StaleVersion)
def _stale(request, exc: StaleVersion):
    return api.create_response(
        request,
        {"detail": exc.message, "code": exc.code, "current_version": exc.current.version},
        status=409,
    )


@api.exception_handler(DomainError)
def _refused(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=409)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        detail = []
        for field, errors in exc.error_dict.items():
            for error in errors:
                item = {"loc": ["body", field], "msg": " ".join(error.messages),
                        "type": error.code or "value_error"}
                if error.code == "cycle" and error.params:
                    item["tasks"] = error.params["cycle"]
                detail.append(item)
    else:
        detail = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request, exc: NinjaValidationError):
    return api.create_response(request, {"detail": translated(exc.errors)}, status=422)
