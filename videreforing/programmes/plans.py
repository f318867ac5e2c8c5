"""The port through which the programme's own pages (the list and the overview) read
the plan's schedule and stored forecasts.

The planning app computes and stores them and depends on programmes; programmes must
not import planning (docs/architecture.md). So planning plugs its readers in here when
it is ready (PlanningConfig.ready), and the views call these functions."""

from collections.abc import Callable
from typing import Any

_readers: dict[str, Callable[..., Any]] = {}


def register(*, forecasts_for: Callable[..., Any], list_facts: Callable[..., Any],
             plan_for_page: Callable[..., Any]) -> None:
    _readers.update(forecasts_for=forecasts_for, list_facts=list_facts,
                    plan_for_page=plan_for_page)


def _reader(name: str) -> Callable[..., Any]:
    try:
        return _readers[name]
    except KeyError:
        raise RuntimeError("The planning app has not registered its plan readers "
                           "(is it in INSTALLED_APPS?)") from None


def forecasts_for(programmes) -> Any:
    """Stored forecasts of `programmes` in one query (planning.forecasts.forecasts_for)."""
    return _reader("forecasts_for")(programmes)


def list_facts(forecasts) -> Any:
    """The plan facts of each programme (planning.forecasts.list_facts)."""
    return _reader("list_facts")(forecasts)


def plan_for_page(programme, **kwargs) -> Any:
    """The schedule with the stored risk for one programme's page
    (planning.forecasts.plan_for_page)."""
    return _reader("plan_for_page")(programme, **kwargs)
