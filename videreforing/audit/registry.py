"""How each app's audit entries read, registered by the app itself.

The audit app imports no domain app: every app that writes audit entries registers, from
its ``AppConfig.ready()`` (in its own ``audit.py``), what the history needs to turn its
entries into sentences:

- ``messages``: action ("programmes.task.updated") → message template, a lazy translation
  (``gettext_lazy``) made once at registration and translated when an entry is described;
- ``models``: action prefix ("programmes.task") → "app_label.Model" whose fields the
  before/after keys name (their labels are the fields' verbose names);
- ``labels``: data keys that are not model fields → their lazy labels;
- ``codes``: data keys holding a stored code (a phase, a role) → a callable that gives the
  code's label (see ``choice_label``);
- ``values``: before/after keys whose values need a text of their own (a list of codes)
  → a callable giving the text, or None to fall back to the generic one;
- ``number_keys`` / ``amount_keys``: top-level data keys holding numbers / amounts;
- ``no_reason``: actions whose "reason" in the data is a code, not a reason to show;
- ``formatters``: actions whose data has a shape of its own → a callable that prepares
  the data for the template (``formatter(entry, data, model)``, changing ``data``).

The generic parts (dates, numbers, changed fields, reasons, the fallback sentence) are
``describe.py``'s."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

# formatter(entry, data, model): prepares ``data`` (a copy of the entry's data) in place.
Formatter = Callable[[Any, dict[str, Any], Any], None]
CodeLabel = Callable[[Any], str]
ValueText = Callable[[Any], str | None]


@dataclass(frozen=True)
class AppTexts:
    """What one app registered."""

    app_label: str
    messages: Mapping[str, Any] = field(default_factory=dict)
    models: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, Any] = field(default_factory=dict)
    codes: Mapping[str, CodeLabel] = field(default_factory=dict)
    values: Mapping[str, ValueText] = field(default_factory=dict)
    number_keys: frozenset[str] = frozenset()
    amount_keys: frozenset[str] = frozenset()
    no_reason: frozenset[str] = frozenset()
    formatters: Mapping[str, Formatter] = field(default_factory=dict)


class Registry:
    """Every app's registered texts, merged for lookups."""

    def __init__(self) -> None:
        self._apps: dict[str, AppTexts] = {}
        self._merge()

    def register(
        self,
        app_label: str,
        *,
        messages: Mapping[str, Any],
        models: Mapping[str, str] | None = None,
        labels: Mapping[str, Any] | None = None,
        codes: Mapping[str, CodeLabel] | None = None,
        values: Mapping[str, ValueText] | None = None,
        number_keys: Iterable[str] = (),
        amount_keys: Iterable[str] = (),
        no_reason: Iterable[str] = (),
        formatters: Mapping[str, Formatter] | None = None,
    ) -> None:
        """Register (or register again, replacing) one app's texts."""
        texts = AppTexts(
            app_label=app_label, messages=dict(messages), models=dict(models or {}),
            labels=dict(labels or {}), codes=dict(codes or {}), values=dict(values or {}),
            number_keys=frozenset(number_keys),
            amount_keys=frozenset(amount_keys),
            no_reason=frozenset(no_reason), formatters=dict(formatters or {}))
        self._check(texts)
        self._apps[app_label] = texts
        self._merge()

    def unregister(self, app_label: str) -> None:
        self._apps.pop(app_label, None)
        self._merge()

    def _check(self, texts: AppTexts) -> None:
        prefix = texts.app_label + "."
        own = [*texts.messages, *texts.models, *texts.no_reason, *texts.formatters]
        foreign = sorted(a for a in own if not a.startswith(prefix))
        if foreign:
            raise ImproperlyConfigured(
                f"{texts.app_label} registers audit texts of another app: {foreign}")
        if not texts.amount_keys <= texts.number_keys:
            raise ImproperlyConfigured(
                f"{texts.app_label}: amount keys must be number keys too")
        unknown = sorted((texts.formatters.keys() | texts.no_reason) - texts.messages.keys())
        if unknown:
            raise ImproperlyConfigured(
                f"{texts.app_label}: formatters/no_reason for actions without a message: "
                f"{unknown}")
        # Data keys are shared by every app's entries: one app owns each.
        for other in self._apps.values():
            if other.app_label == texts.app_label:
                continue
            for kind in ("labels", "codes", "values"):
                clash = getattr(texts, kind).keys() & getattr(other, kind).keys()
                if clash:
                    raise ImproperlyConfigured(
                        f"{texts.app_label} and {other.app_label} both register audit "
                        f"{kind} for {sorted(clash)}")

    def _merge(self) -> None:
        apps = list(self._apps.values())
        self.messages: dict[str, Any] = {k: v for a in apps for k, v in a.messages.items()}
        self.models: dict[str, str] = {k: v for a in apps for k, v in a.models.items()}
        self.labels: dict[str, Any] = {k: v for a in apps for k, v in a.labels.items()}
        self.codes: dict[str, CodeLabel] = {k: v for a in apps for k, v in a.codes.items()}
        self.values: dict[str, ValueText] = {k: v for a in apps for k, v in a.values.items()}
        self.number_keys: frozenset[str] = frozenset().union(*(a.number_keys for a in apps))
        self.amount_keys: frozenset[str] = frozenset().union(*(a.amount_keys for a in apps))
        self.no_reason: frozenset[str] = frozenset().union(*(a.no_reason for a in apps))
        self.formatters: dict[str, Formatter] = {
            k: v for a in apps for k, v in a.formatters.items()}

    def app_labels(self) -> list[str]:
        return sorted(self._apps)


registry = Registry()


def register(app_label: str, **kwargs: Any) -> None:
    """Register one app's audit texts (from its ``AppConfig.ready()``)."""
    registry.register(app_label, **kwargs)


def choice_label(*choices: Iterable[tuple[Any, Any]], lower: bool = False) -> CodeLabel:
    """A code's label from one or more lists of choices (later lists win); lowercased
    when the label stands inside a sentence. Unknown codes are shown as stored."""
    names: dict[Any, Any] = {}
    for group in choices:
        names.update(dict(group))

    def shown(code: Any) -> str:
        text = str(names.get(code, code))
        return text.lower() if lower else text

    return shown


def choice_list(choices: Iterable[tuple[Any, Any]]) -> ValueText:
    """A list of codes as "a, b og c" by their labels (None for anything but a list)."""
    names = dict(choices)

    def shown(value: Any) -> str | None:
        if not isinstance(value, list):
            return None
        return get_text_list([str(names.get(v, v)) for v in value], _("og"))

    return shown
