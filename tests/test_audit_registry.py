"""Audit texts live with their app: each app that writes audit entries registers how they
read (``<app>/audit.py``, from its AppConfig.ready()); the audit app imports no domain
app. Every action a service writes has a registered description in Norwegian and in
English, and the history never shows a raw dotted action."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy

from tests.test_history_texts import ACTIONS, DOTTED, _entry
from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.audit.registry import Registry, registry

ROOT = Path(__file__).resolve().parent.parent / "videreforing"
DOMAIN_APPS = ("programmes", "procurement", "options", "accounts", "attachments",
               "planning", "advisers", "portfolio", "municipalities", "documents", "api",
               "rules")


def test_every_written_action_is_registered_by_its_own_app():
    assert {a.split(".")[0] for a in ACTIONS} >= {"programmes", "procurement", "options",
                                                   "accounts", "attachments", "advisers"}
    for action in ACTIONS:
        app_label = action.split(".")[0]
        module = importlib.import_module(f"videreforing.{app_label}.audit")
        assert action in module.MESSAGES, f"{action} is not in {app_label}/audit.py"
        assert action in registry.messages
        assert app_label in registry.app_labels()


def test_each_app_registers_its_texts_when_it_is_ready():
    for app_label in sorted({a.split(".")[0] for a in ACTIONS}):
        before = {a: t for a, t in registry.messages.items() if a.startswith(app_label)}
        registry.unregister(app_label)
        try:
            assert not any(a.startswith(app_label + ".") for a in registry.messages)
        finally:
            apps.get_app_config(app_label).ready()
        assert {a for a in registry.messages if a.startswith(app_label + ".")} == set(before)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_written_action_reads_in_norwegian_and_in_english(action):
    entry = _entry(action)
    with translation.override("nb"):
        norwegian = describe(entry)
        template_nb = str(registry.messages[action])
    with translation.override("en"):
        english = describe(entry)
        template_en = str(registry.messages[action])
    assert template_en != template_nb, f"{action} has no English translation"
    assert norwegian != english
    for text in (norwegian, english):
        assert text and text != action
        assert action not in text
        assert not DOTTED.search(text), text
        assert "{" not in text and "}" not in text, text


def test_an_entry_without_data_never_shows_its_action():
    for action in ACTIONS:
        for language in ("nb", "en"):
            with translation.override(language):
                text = describe(AuditEntry(action=action, data={}))
            assert text and not DOTTED.search(text), (action, text)
            assert "{" not in text, (action, text)


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_the_audit_app_imports_no_domain_app():
    files = sorted((ROOT / "audit").glob("*.py"))
    assert {f.name for f in files} >= {"describe.py", "registry.py", "models.py"}
    offending = {
        f"{path.name}: {name}"
        for path in files for name in _imported_modules(path)
        if name.split(".")[0] == "videreforing"
        and len(name.split(".")) > 1 and name.split(".")[1] in DOMAIN_APPS
    }
    assert not offending, sorted(offending)
    # The only project code the audit app uses is the shared library.
    project = {name.split(".")[1] for path in files for name in _imported_modules(path)
               if name.startswith("videreforing.")}
    assert project <= {"lib", "audit"}, project


def test_the_import_check_sees_a_domain_import(tmp_path):
    """The check above parses imports: a domain import, even inside a function, is seen."""
    module = tmp_path / "describe.py"
    module.write_text("def f():\n    from videreforing.programmes.models import Phase\n"
                      "import videreforing.accounts.roles\n", encoding="utf-8")
    assert {"videreforing.programmes.models", "videreforing.accounts.roles"} <= \
        _imported_modules(module)


# ---------------------------------------------------------------- the registry itself


def test_an_app_registers_only_its_own_actions():
    texts = Registry()
    with pytest.raises(ImproperlyConfigured):
        texts.register("options", messages={"procurement.bid.updated": gettext_lazy("x")})
    with pytest.raises(ImproperlyConfigured):
        texts.register("options", messages={"options.a.b": gettext_lazy("x")},
                       formatters={"options.c.d": lambda entry, data, model: None})
    with pytest.raises(ImproperlyConfigured):
        texts.register("options", messages={}, number_keys={"score"},
                       amount_keys={"price"})
    assert texts.messages == {}


def test_two_apps_cannot_label_the_same_key_and_registering_again_replaces():
    texts = Registry()
    texts.register("options", messages={"options.a.b": gettext_lazy("poeng")},
                   labels={"scores": gettext_lazy("poeng")}, number_keys={"score"})
    with pytest.raises(ImproperlyConfigured):
        texts.register("procurement", messages={}, labels={"scores": gettext_lazy("poeng")})
    texts.register("procurement", messages={"procurement.a.b": gettext_lazy("poeng")},
                   number_keys={"score", "price"}, amount_keys={"price"})
    assert texts.number_keys == {"score", "price"} and texts.amount_keys == {"price"}
    texts.register("options", messages={"options.a.c": gettext_lazy("vekt")})
    assert set(texts.messages) == {"options.a.c", "procurement.a.b"}
    assert "scores" not in texts.labels and texts.number_keys == {"score", "price"}
    texts.unregister("procurement")
    assert set(texts.messages) == {"options.a.c"} and not texts.number_keys


def test_messages_are_lazy_and_translated_when_described():
    """Built once at registration; each description takes the active language."""
    message = registry.messages["programmes.task.created"]
    assert not isinstance(message, str)
    entry = AuditEntry(action="programmes.task.created", data={"title": "Ring"})
    with translation.override("nb"):
        assert describe(entry) == "la til oppgaven «Ring»"
    with translation.override("en"):
        english = describe(entry)
    assert english == "added the task “Ring”"
    assert registry.messages["programmes.task.created"] is message


def test_registered_codes_and_values_are_shown_by_their_labels():
    """Codes (phase, role, body) and a list of financing codes come from their apps."""
    gate = AuditEntry(action="programmes.gate.approved",
                      data={"phase": "pre_study", "body": "restructuring_board",
                            "date": "2024-03-05"})
    assert describe(gate) == ("registrerte vedtak for forstudium: godkjent "
                              "(Omstillingsstyret, 5. mars 2024)")
    member = AuditEntry(action="accounts.membership.created",
                        data={"email": "anne@example.no", "role": "observer"})
    assert describe(member) == "ga anne@example.no rollen observatør"
    alternative = AuditEntry(action="options.alternative.updated",
                             data={"name": "KF", "before": {"financing": ["county"]},
                                   "after": {"financing": ["county", "project_funds"]}})
    text = describe(alternative)
    assert text.startswith("endret alternativet «KF»: finansiering fra ")
    assert "county" not in text and "project_funds" not in text
    assert "finansiering fra Fylkeskommunen til Fylkeskommunen og Prosjektmidler" in text
