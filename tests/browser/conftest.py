"""Playwright driving Debian's Chromium. Under CI=true a missing browser fails the run."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from videreforing.municipalities.models import Municipality

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A 2-core machine running the live server, the browser and the test in one go can be
# slow to re-render a page; wait as long for an expectation as for an action.
expect.set_options(timeout=15000)

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: browser tests must run in CI")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="nb-NO",
                                   viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


DATA_MIGRATIONS = [
    ("videreforing.municipalities.migrations.0002_load_register_2024", "load_register"),
    ("videreforing.municipalities.migrations.0003_rename_municipalities_2026", "apply_names"),
    ("videreforing.programmes.migrations.0002_task_template_v1", "create_template"),
    ("videreforing.programmes.migrations.0004_template_v1_estimates", "apply_estimates"),
    ("videreforing.procurement.migrations.0002_thresholds", "load"),
    ("videreforing.procurement.migrations.0010_standstill_periods", "seed"),
]


@pytest.fixture
def register(transactional_db):
    """The data the migrations load (a flush between transactional tests empties it)."""
    if not Municipality.objects.exists():
        from importlib import import_module

        from django.apps import apps

        for module, function in DATA_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)


_axe = Axe()


def assert_accessible(page):
    """No serious or critical axe-core violations on the page as it stands."""
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )


def log_in(page, user, password: str) -> None:
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(user.email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def open_details(page, summary: str) -> None:
    """Open the folded form under `summary` (idempotent, unlike a click on the summary,
    which closes it again if it is already open)."""
    details = page.locator("details", has=page.locator("summary", has_text=summary)).first
    details.evaluate("d => { d.open = true; }")
    expect(details).to_have_attribute("open", "")


def pytest_collection_modifyitems(items):
    """A browser test drives a live server and Chromium on a 2-core machine: a click that
    lands while a page is still being replaced can be lost. Such a test is run again (at
    most twice) before it counts as failed; the rerun is reported in the summary."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=1))
