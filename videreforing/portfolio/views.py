"""The adviser's portfolio page and its exports (issue 10, points 2 and 5). Outsiders
(no county, not the national team) get 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from videreforing.lib.paging import PAGE_PARAM, paginate, without_page

from . import exports
from .access import check_portfolio
from .forms import PortfolioFilterForm
from .selectors import DEFAULT_SORT, RISK_THRESHOLD, portfolio_rows, portfolio_size


def _columns() -> list[tuple[str, str]]:
    return [
        # The risk right after the name, so it is seen without scrolling sideways.
        ("name", _("Program")), ("rag", _("Risiko")),
        ("municipalities", _("Kommuner")), ("county", _("Fylke")),
        ("period_end", _("Periodens slutt")), ("latest_start", _("Seneste oppstart")),
        ("status", _("Status")), ("phase", _("Fase nå")),
        ("forecast", _("Prognose operativ")), ("probability", _("Sannsynlighet i tide")),
        ("slack", _("Slakk (dager)")), ("overdue", _("Oppgaver på overtid")),
        ("gate", _("Venter på vedtak")), ("changed", _("Dager siden endring")),
    ]


def _rows(request):
    check_portfolio(request.user)
    form = PortfolioFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else dict.fromkeys(
        ("county", "status", "phase", "risk", "sort"))
    rows = portfolio_rows(request.user, **filters)
    return form, filters, rows


def _sort_headers(request, current: str) -> list[dict]:
    """Each column's header: a link that sorts by it (again: the other way)."""
    headers = []
    for key, label in _columns():
        if current == key:
            aria, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria, target = "descending", key
        else:
            aria, target = None, key
        query = request.GET.copy()
        query["sort"] = target
        query.pop(PAGE_PARAM, None)  # a new order starts on the first page
        headers.append({"key": key, "label": label, "aria_sort": aria,
                        "url": f"?{query.urlencode()}"})
    return headers


@login_required
@require_GET
def portfolio_list(request):
    """The rows in pages of 50; filters and sort apply to the whole portfolio, and the
    exports hold every row that matches the filters, in the order shown."""
    form, filters, rows = _rows(request)
    sort = filters["sort"] or DEFAULT_SORT
    pager = paginate(request, rows)
    return render(request, "portfolio/list.html", {
        "form": form, "rows": pager.page.object_list, "pager": pager, "total": len(rows),
        "headers": _sort_headers(request, sort),
        "filtered": any(filters[k] for k in ("county", "status", "phase", "risk")),
        "portfolio_empty": not rows and portfolio_size(request.user) == 0,
        "export_query": without_page(request),
        "risk_threshold_percent": round(RISK_THRESHOLD * 100),  # the legend's amber rule
    })


@login_required
@require_GET
def portfolio_csv(request):
    _form, _filters, rows = _rows(request)
    return exports.csv_response(rows)


@login_required
@require_GET
def portfolio_xlsx(request):
    _form, _filters, rows = _rows(request)
    return exports.xlsx_response(rows)
