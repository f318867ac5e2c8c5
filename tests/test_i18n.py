"""The interface in English, and the Norwegian catalogue complete."""

import pytest
from django.conf import settings
from django.core.management import call_command

from videreforing.accounts.models import User
from videreforing.options.models import OptionsAnalysis
from videreforing.procurement.models import Tender
from videreforing.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_main_pages_render_in_english(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    client.force_login(User.objects.get(email="omstillingsleder@videreforing.example"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    programme = Programme.objects.get(name="Demo: Omstillingsprogrammet i Meløy")
    p = f"/program/{programme.pk}"
    tender = Tender.objects.get(programme=programme)
    analysis = OptionsAnalysis.objects.get(programme=programme)
    expectations = {
        f"{p}/": ["Latest start", "Deadline for an operative unit", "Next steps"],
        f"{p}/faser/pre_study/": ["Tasks", "Gate"],
        f"{p}/tidslinje/": ["Timeline and forecast", "Critical path"],
        f"{p}/anskaffelser/{tender.pk}/": ["Rules that apply", "Award criteria"],
        f"{p}/alternativvurdering/{analysis.pk}/": ["Criteria and weights",
                                                     "What would change the result?"],
        f"{p}/historikk/": ["History"],
    }
    for url, phrases in expectations.items():
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == 200, url
        assert '<html lang="en"' in text
        for phrase in phrases:
            assert phrase in text, (url, phrase)
    overview = client.get(f"{p}/").content.decode()
    assert "Seneste oppstart" not in overview and "Neste steg" not in overview


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    from pathlib import Path

    po = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    blocks = text.split("\n\n")[1:]  # the first block is the header
    empty = [b for b in blocks if 'msgstr ""\n' in b + "\n" and b.rstrip().endswith('msgstr ""')]
    assert not empty, empty[:3]
