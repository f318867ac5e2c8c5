"""Long lists in pages of 50 (issue 10, point 6): the portfolio and the programme list.

`paginate` gives the page and the links of its navigation (`_pagination.html`). Every
link keeps the other query parameters (filters and sort); the page parameter is `side`,
as on the history page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50
PAGE_PARAM = "side"
AROUND = 2  # page links either side of the current one


@dataclass
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str = ""
    current: bool = False


@dataclass
class Pager:
    page: Page
    links: list[PageLink] = field(default_factory=list)
    previous_url: str = ""
    next_url: str = ""

    @property
    def first_index(self) -> int:
        return self.page.start_index()

    @property
    def last_index(self) -> int:
        return self.page.end_index()

    @property
    def count(self) -> int:
        return self.page.paginator.count


def page_url(request, number: int) -> str:
    query = request.GET.copy()
    if number == 1:
        query.pop(PAGE_PARAM, None)
    else:
        query[PAGE_PARAM] = str(number)
    return f"?{query.urlencode()}" if query else request.path


def without_page(request) -> str:
    """The request's query string without the page parameter ("" or "?…")."""
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return f"?{query.urlencode()}" if query else ""


def paginate(request, items, per_page: int | None = None) -> Pager:
    """The requested page of `items` (a list or a queryset: then only the page's rows
    are read, and one count); a number out of range gives the nearest page."""
    page = Paginator(items, per_page or PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    pager = Pager(page=page)
    if not page.has_other_pages():
        return pager
    last = page.paginator.num_pages
    shown = sorted({1, last, *range(max(1, page.number - AROUND),
                                    min(last, page.number + AROUND) + 1)})
    previous = 0
    for number in shown:
        if number - previous > 1:
            pager.links.append(PageLink(None))
        pager.links.append(PageLink(number, page_url(request, number),
                                    number == page.number))
        previous = number
    if page.has_previous():
        pager.previous_url = page_url(request, page.previous_page_number())
    if page.has_next():
        pager.next_url = page_url(request, page.next_page_number())
    return pager
