import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Fjordnett-2031!"


def ask(client, email):
    return client.post(reverse("accounts:password-reset"), {"email": email}, follow=True)


def link_in(message) -> str:
    found = re.search(r"http://\S+/konto/passord/\S+/", message.body)
    assert found, message.body
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def test_login_page_links_to_forgotten_password(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Glemt passord?" in page and reverse("accounts:password-reset") in page


def test_known_address_gets_one_norwegian_email(client, owner, settings):
    settings.SITE_URL = "https://videreforing.kommune.no"
    form = client.get(reverse("accounts:password-reset"))
    assert "E-postadresse" in form.content.decode()
    response = ask(client, "ALICE@example.com ")
    assert response.redirect_chain[-1][0] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert message.subject == "Velg nytt passord i Videreføring"
    assert "Hei!" in message.body and "velge nytt passord for alice@example.com" in message.body
    assert "Lenken virker i 3 dager og kan brukes én gang." in message.body
    assert "https://videreforing.kommune.no/konto/passord/" in message.body
    assert "<" not in message.body  # plain text, nothing escaped as HTML
    assert not message.alternatives


def test_unknown_address_gets_no_email_and_the_same_page(client, owner):
    known = ask(client, owner.email)
    mail.outbox.clear()
    unknown = ask(client, "nobody@example.com")
    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert strip.sub("", unknown.content.decode()) == strip.sub("", known.content.decode())
    assert "Hvis adressen har en konto hos oss" in unknown.content.decode()


def test_inactive_user_gets_no_email(client, owner):
    owner.is_active = False
    owner.save()
    ask(client, owner.email)
    assert mail.outbox == []


def test_invalid_address_is_an_error_at_the_field(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "ikke en adresse"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="email-error"' in html and 'value="ikke en adresse"' in html
    assert mail.outbox == []


def test_link_sets_a_new_password_and_the_user_logs_in(client, owner):
    ask(client, owner.email)
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert mismatch.status_code == 200 and 'aria-invalid="true"' in mismatch.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:password-reset-complete")
    assert "Passordet er lagret" in done.content.decode()
    assert not client.login(username=owner.email, password=PASSWORD)
    assert client.login(username=owner.email, password=NEW)
    # The link is used up.
    client.logout()
    again = client.get(link_in(mail.outbox[0]), follow=True)
    assert not again.context["validlink"]


def test_invalid_link_says_so_and_offers_a_new_one(client, owner):
    page = client.get(reverse("accounts:password-reset-confirm",
                              kwargs={"uidb64": "MQ", "token": "feil-token"}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lenken er ugyldig, utløpt eller allerede brukt." in html
    assert reverse("accounts:password-reset") in html


def test_invited_person_without_password_can_ask_for_a_link(client, owner):
    from videreforing.accounts.models import User

    invited = User.objects.create_user(email="ny@meloy.kommune.no", password=None)
    ask(client, invited.email)
    assert len(mail.outbox) == 1
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert client.login(username=invited.email, password=NEW)


def test_every_password_page_leads_back_to_the_login(client, owner):
    login = f'href="{reverse("accounts:login")}"'
    assert "Tilbake til innlogging" in client.get(
        reverse("accounts:password-reset")).content.decode()
    ask(client, owner.email)
    done = client.get(reverse("accounts:password-reset-done")).content.decode()
    assert "Tilbake til innlogging" in done and login in done
    choose = client.get(link_in(mail.outbox[0]), follow=True).content.decode()
    assert "Velg passord" in choose
    assert "Tilbake til innlogging" in choose and login in choose
    broken = client.get(reverse("accounts:password-reset-confirm",
                                kwargs={"uidb64": "MQ", "token": "feil"})).content.decode()
    assert "Lenken virker ikke" in broken
    assert "Tilbake til innlogging" in broken and login in broken


def test_empty_address_says_what_to_fix_before_continuing(client):
    response = client.post(reverse("accounts:password-reset"), {"email": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Noe må rettes før du kan fortsette" in text
    assert "Noe må rettes før du kan lagre" not in text
    assert text.count("ds-error-summary") == 1
    assert len(mail.outbox) == 0


def test_choose_password_errors_keep_the_default_heading(client, owner):
    ask(client, owner.email)
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "a", "new_password2": "b"})
    text = response.content.decode()
    assert "Noe må rettes før du kan lagre" in text
    assert "Tilbake til innlogging" in text
