"""The programme page's cached parts (issue 10, point 6): the next steps, the forecast
card, the phases and the history are cached by content version, so the page changes
right after any write or plan change, and reads the same for everyone only where it
should."""

import html
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from videreforing.planning.models import Forecast
from videreforing.programmes import selectors
from videreforing.programmes.models import Programme, Task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache(settings):
    cache.clear()
    yield
    cache.clear()
    # A page in English leaves English active in this thread: back to the default.
    translation.activate(settings.LANGUAGE_CODE)


def _page(client, programme) -> str:
    response = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _steps(page: str) -> str:
    section = page[page.index('class="ds-card next-steps"'):]
    return section[:section.index("</section>")]


def _open_initiation_tasks(programme) -> int:
    return programme.continuation.tasks.filter(phase="initiation", done=False,
                                               removed_at__isnull=True).count()


def test_second_view_reads_the_cached_parts(client, owner, programme):
    client.force_login(owner)
    url = reverse("programmes:detail", args=[programme.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        page = html.unescape(client.get(url).content.decode())
    assert len(second.captured_queries) < len(first.captured_queries)
    sql = " ".join(q["sql"] for q in second.captured_queries)
    assert "programmes_phase" not in sql and "programmes_task" not in sql
    assert 'data-step="finish_tasks"' in page and 'data-testid="forecast"' in page
    version = selectors.page_version(Programme.objects.get(pk=programme.pk),
                                     timezone.localdate())
    for name in ("programme-overview", "programme-history"):
        assert cache.get(make_template_fragment_key(name, [version])) is not None


def test_ticking_a_task_changes_the_next_steps_at_once(client, owner, programme):
    client.force_login(owner)
    count = _open_initiation_tasks(programme)
    assert f"Fullfør {count} åpne oppgaver i oppstarten." in _steps(_page(client, programme))
    task = programme.continuation.tasks.filter(phase="initiation").first()
    response = client.post(reverse("programmes:task-toggle", args=[programme.pk, task.pk]),
                           {"version": task.version, "done": "on"})
    assert response.status_code == 302
    assert _open_initiation_tasks(programme) == count - 1
    page = _page(client, programme)
    assert f"Fullfør {count - 1} åpne oppgaver i oppstarten." in _steps(page)
    # The history shows the tick too.
    history = page[page.index('id="hist-heading"'):]
    assert task.title in history


def test_a_plan_change_without_a_history_entry_changes_the_forecast(client, owner,
                                                                     programme):
    client.force_login(owner)
    before = re.search(r'data-testid="forecast">([^<]+)<', _page(client, programme))[1]
    # Saved past the services (no history entry): the plan version alone moves on.
    task = Task.objects.filter(continuation__programme=programme, done=False).first()
    task.optimistic_days, task.likely_days, task.pessimistic_days = 2000, 2000, 2000
    task.save()
    programme.refresh_from_db()
    after = re.search(r'data-testid="forecast">([^<]+)<', _page(client, programme))[1]
    assert after != before
    stored = Forecast.objects.get(programme=programme)
    assert stored.plan_version == programme.plan_version
    assert after.startswith(str(stored.forecast_operative.day))


def test_a_new_period_changes_the_deadlines_at_once(client, owner, programme):
    client.force_login(owner)
    assert "31. desember 2026" in _page(client, programme)  # latest start
    response = client.post(reverse("programmes:edit", args=[programme.pk]), {
        "name": programme.name, "municipalities": ["1837"], "period_start": "2023-01-01",
        "period_end": "2029-06-30", "version": programme.version})
    assert response.status_code == 302
    page = _page(client, programme)
    assert "30. juni 2027" in page and "31. desember 2026" not in page


def test_readers_and_editors_see_their_own_header(client, owner, reader, programme):
    client.force_login(owner)
    assert "Du har lesetilgang til dette programmet." not in _page(client, programme)
    client.force_login(reader)
    page = _page(client, programme)
    assert "Du har lesetilgang til dette programmet." in page
    assert "Endre programmet" not in page
    client.force_login(owner)
    assert "Endre programmet" in _page(client, programme)


def test_each_language_has_its_own_cached_parts(client, owner, programme):
    client.force_login(owner)
    assert "Neste steg" in _page(client, programme)
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    page = _page(client, programme)
    assert "Next steps" in page and "Neste steg" not in page


def test_the_version_counts_the_day_the_history_and_the_plan(owner, programme):
    today = date(2026, 3, 1)
    version = selectors.page_version(programme, today)
    assert selectors.page_version(programme, date(2026, 3, 2)) != version
    programme.plan_version += 1
    assert selectors.page_version(programme, today) != version
    programme.plan_version -= 1
    from videreforing.audit.services import log_action

    log_action(action="programmes.programme.updated", actor=owner, programme=programme)
    assert selectors.page_version(programme, today) != version
