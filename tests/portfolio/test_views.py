"""The portfolio page and its exports: access, content, filters, sort, exports and a
query count that does not grow with the number of programmes."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from videreforing.planning.models import Forecast
from videreforing.portfolio.selectors import portfolio_rows

pytestmark = pytest.mark.django_db

URL = "/portefolje/"


def test_urls():
    assert reverse("portfolio:list") == URL
    assert reverse("portfolio:export-csv") == "/portefolje/eksport.csv"
    assert reverse("portfolio:export-xlsx") == "/portefolje/eksport.xlsx"


@pytest.mark.parametrize("who", ["owner", "reader", "outsider"])
def test_people_without_a_portfolio_get_404(client, request, programme, who):
    client.force_login(request.getfixturevalue(who))
    for url in (URL, URL + "eksport.csv", URL + "eksport.xlsx"):
        assert client.get(url).status_code == 404
    page = client.get(reverse("programmes:list")).content.decode()
    assert 'href="/portefolje/"' not in page


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_adviser_sees_their_counties_and_the_nav_link(client, adviser, programme,
                                                      oslo_programme):
    client.force_login(adviser)
    page = client.get(URL).content.decode()
    assert 'href="/portefolje/"' in page  # the main navigation
    assert "Omstilling Meløy" in page and "Omstilling Oslo" not in page
    assert f'href="/program/{programme.pk}/"' in page
    assert '<th scope="row"' in page and '<th scope="col"' in page and "<caption" in page
    assert "beregnes" in page  # no stored forecast yet


def test_national_user_sees_every_programme(client, national, programme, oslo_programme):
    client.force_login(national)
    page = client.get(URL).content.decode()
    assert "Omstilling Meløy" in page and "Omstilling Oslo" in page


def test_row_shows_the_figures_and_the_risk_in_words(client, adviser, owner, make_programme):
    programme = make_programme("Sent ute", period_end=date(2027, 6, 30))
    Forecast.objects.filter(programme=programme).update(
        forecast_operative=date(2027, 8, 1), slack_days=-32, probability_on_time=0.37)
    client.force_login(adviser)
    page = client.get(URL).content.decode()
    assert "30.06.2027" in page  # period end, localised
    assert "01.08.2027" in page  # forecast
    assert "37 %" in page
    assert "-32" in page
    assert 'data-color="danger"' in page and ">Rød<" in page  # colour and text
    assert "Prognosen for operativ enhet er 32 dager etter fristen 30. juni 2027" in page


def test_filter_form_has_labels_and_filters(client, national, programme, oslo_programme):
    client.force_login(national)
    page = client.get(URL, {"county": "03"}).content.decode()
    for name in ("county", "status", "phase", "risk"):
        assert f'for="id_{name}"' in page
    assert "Omstilling Oslo" in page and "Omstilling Meløy" not in page


def test_invalid_filter_shows_an_error_and_filters_nothing(client, national, programme):
    client.force_login(national)
    response = client.get(URL, {"risk": "purple"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "Omstilling Meløy" in page


def test_sort_links_and_aria_sort(client, national, programme, oslo_programme):
    client.force_login(national)
    page = client.get(URL, {"sort": "name", "county": ""}).content.decode()
    assert 'aria-sort="ascending"' in page
    assert "sort=-name" in page  # sorting again turns it round
    assert page.index("Omstilling Meløy") < page.index("Omstilling Oslo")
    page = client.get(URL, {"sort": "-name"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert page.index("Omstilling Oslo") < page.index("Omstilling Meløy")


def test_empty_portfolio_says_what_to_do(client, adviser):
    client.force_login(adviser)
    page = client.get(URL).content.decode()
    assert "Ingen programmer i porteføljen ennå" in page
    assert "ber du en administrator legge det til" in page


def test_no_match_says_how_to_see_more(client, adviser, programme):
    client.force_login(adviser)
    page = client.get(URL, {"risk": "green"}).content.decode()
    assert "Ingen programmer passer til filtrene" in page
    assert "Fjern filtrene" in page


# ---------------------------------------------------------------- exports


@pytest.fixture
def shown(national, make_programme, oslo_programme):
    red = make_programme("Meløy", numbers=["1837"], period_end=date(2027, 6, 30))
    Forecast.objects.filter(programme=red).update(
        forecast_operative=date(2027, 8, 1), slack_days=-32, probability_on_time=0.37)
    green = make_programme("Bodø", numbers=["1804"], period_end=date(2031, 6, 30),
                           period_start=date(2026, 1, 1))
    Forecast.objects.filter(programme=green).update(
        forecast_operative=date(2030, 1, 1), slack_days=500, probability_on_time=0.99)
    return red, green


def test_csv_has_exactly_the_rows_shown(client, national, shown):
    client.force_login(national)
    query = {"county": "18", "sort": "-name"}
    response = client.get(URL + "eksport.csv", query)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Program", "Kommuner", "Fylke", "Periodens slutt",
                           "Seneste oppstart"]
    assert [r[0] for r in rows[1:]] == [r.name for r in portfolio_rows(national, **query)]
    assert [r[0] for r in rows[1:]] == ["Meløy", "Bodø"]
    meloy = rows[1]
    assert meloy[3] == "2027-06-30" and meloy[9] == "2027-08-01"
    assert meloy[10] == "37" and meloy[11] == "-32"
    assert meloy[15] == "Rød" and "32 dager etter fristen" in meloy[16]


def test_xlsx_has_exactly_the_rows_shown_with_real_dates(client, national, shown):
    client.force_login(national)
    response = client.get(URL + "eksport.xlsx", {"risk": "red"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Program" and rows[0][15] == "Risiko"
    assert [r[0] for r in rows[1:]] == ["Meløy"]
    meloy = rows[1]
    assert meloy[3].date() == date(2027, 6, 30)  # a real date, not text
    assert meloy[9].date() == date(2027, 8, 1)
    assert meloy[10] == pytest.approx(0.37) and meloy[11] == -32
    assert sheet.cell(row=2, column=4).number_format == "DD.MM.YYYY"
    assert meloy[15] == "Rød"


def test_export_buttons_keep_the_filters_and_sort(client, national, shown):
    client.force_login(national)
    page = client.get(URL, {"risk": "red", "sort": "-name"}).content.decode()
    assert "/portefolje/eksport.csv?risk=red&amp;sort=-name" in page
    assert "/portefolje/eksport.xlsx?risk=red&amp;sort=-name" in page


# ---------------------------------------------------------------- query count


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add(make_programme, count, start):
    for i in range(start, start + count):
        programme = make_programme(f"Program {i:02}", numbers=["1837", "1804"][i % 2:][:1],
                                   forecast=i % 3 != 0)
        if i % 4 == 0:
            programme.continuation.tasks.filter(phase="initiation").update(
                due_date=date(2020, 1, 1))


@pytest.mark.parametrize("url", [URL, URL + "?side=2", URL + "eksport.csv",
                                 URL + "eksport.xlsx"])
def test_query_count_does_not_grow_with_the_programmes(client, adviser, make_programme,
                                                       url, monkeypatch):
    from videreforing.lib import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)  # 30 programmes: 15 pages
    client.force_login(adviser)
    _add(make_programme, 3, 0)
    client.get(url)  # warm the session
    small = _queries(client, url)
    _add(make_programme, 27, 3)
    assert len(portfolio_rows(adviser)) == 30
    assert _queries(client, url) == small


# ---------------------------------------------------------------- pages (issue 10, point 6)


@pytest.fixture
def five(national, make_programme):
    """Five programmes in Nordland, and pages of two rows."""
    for name in ("Alta", "Bodø", "Fauske", "Meløy", "Narvik"):
        make_programme(name, numbers=["1837"])
    return ["Alta", "Bodø", "Fauske", "Meløy", "Narvik"]


@pytest.fixture
def pages_of_two(monkeypatch):
    from videreforing.lib import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)


def _shown(page: str, names) -> list[str]:
    return [n for n in names if f">{n}</a>" in page]


def test_pages_show_every_row_once_with_an_accessible_nav(client, national, five,
                                                          pages_of_two):
    client.force_login(national)
    query = {"county": "18", "sort": "name"}
    first = client.get(URL, query).content.decode()
    assert _shown(first, five) == ["Alta", "Bodø"]
    assert "5 programmer, viser 1–2 (side 1 av 3)" in first
    assert 'class="ds-pagination pagination" aria-label="Sider i porteføljen"' in first
    assert 'aria-current="true"><span class="ds-sr-only">Side </span>1</a>' in first
    # The links keep the filters and the sort.
    assert 'href="?county=18&amp;sort=name&amp;side=2" rel="next"' in first
    second = client.get(URL, {**query, "side": "2"}).content.decode()
    assert _shown(second, five) == ["Fauske", "Meløy"]
    assert 'aria-current="true"><span class="ds-sr-only">Side </span>2</a>' in second
    assert 'href="?county=18&amp;sort=name" rel="prev"' in second
    third = client.get(URL, {**query, "side": "3"}).content.decode()
    assert _shown(third, five) == ["Narvik"]
    # Out of range: the last page.
    assert _shown(client.get(URL, {**query, "side": "99"}).content.decode(), five) == [
        "Narvik"]


def test_sorting_covers_every_page_and_starts_again_on_the_first(client, national, five,
                                                                 pages_of_two):
    client.force_login(national)
    page = client.get(URL, {"sort": "-name"}).content.decode()
    assert _shown(page, five) == ["Meløy", "Narvik"]  # the last names of all five
    assert page.index(">Narvik<") < page.index(">Meløy<")
    # A column header sorts the whole portfolio and leads to its first page.
    page = client.get(URL, {"sort": "name", "side": "2"}).content.decode()
    assert 'href="?sort=-name"' in page and "side=2&amp;sort" not in page


def test_export_has_every_filtered_row_whatever_the_page(client, national, five,
                                                         pages_of_two, oslo_programme):
    client.force_login(national)
    page = client.get(URL, {"county": "18", "sort": "-name", "side": "2"}).content.decode()
    assert "/portefolje/eksport.csv?county=18&amp;sort=-name" in page
    assert "eksport.csv?county=18&amp;sort=-name&amp;side" not in page
    assert "Nedlastingen har alle 5 rader som passer filteret, i rekkefølgen som vises." in page
    response = client.get(URL + "eksport.csv", {"county": "18", "sort": "-name"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Narvik", "Meløy", "Fauske", "Bodø", "Alta"]
    sheet = load_workbook(io.BytesIO(client.get(
        URL + "eksport.xlsx", {"county": "18", "sort": "-name"}).content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Narvik", "Meløy", "Fauske", "Bodø", "Alta"]


def test_one_page_has_no_pagination(client, national, five):
    client.force_login(national)
    page = client.get(URL).content.decode()
    assert _shown(page, five) == five
    assert "ds-pagination" not in page and "5 programmer</p>" in page


def test_risk_column_follows_the_programme_and_the_legend_explains_it(
        client, adviser, make_programme):
    make_programme("Ikke startet")
    client.force_login(adviser)
    page = client.get(URL).content.decode()
    headers = page.split("<thead>")[1].split("</thead>")[0]
    assert headers.index(">Program") < headers.index(">Risiko") < headers.index(">Kommuner")
    row = page.split("<tbody>")[1]
    assert row.index('data-label="Risiko"') < row.index('data-label="Kommuner"')
    assert "Slik leser du tabellen" in page
    assert "minst slakk først" in page
    assert "Dager fra prognosen for operativ enhet til fristen" in page
    assert "under 50 %" in page  # the amber threshold of the reminders, in the legend
    assert "Alle omstillingsprogrammene du følger som rådgiver" in page


def test_forecast_of_an_unstarted_continuation_says_if_started_today(
        client, adviser, owner, make_programme):
    from videreforing.planning.forecasts import current_forecast
    from videreforing.programmes import services

    programme = make_programme("Sent ute", period_end=date(2027, 6, 30))
    client.force_login(adviser)
    page = client.get(URL).content.decode()
    assert 'class="if-started-today">hvis dere starter i dag<' in page
    # Started (after the latest start 30.06.2025): the forecast is the plan's own.
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    current_forecast(programme)
    page = client.get(URL).content.decode()
    assert 'class="if-started-today"' not in page
    assert "Startet 05.01.2026, etter fristen" in page


def test_national_user_reads_the_national_wording(client, national, programme):
    client.force_login(national)
    page = client.get(URL).content.decode()
    assert "Alle omstillingsprogrammer (nasjonalt team)" in page
    assert "du følger som rådgiver" not in page
