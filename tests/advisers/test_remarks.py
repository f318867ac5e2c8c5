"""Advisers' remarks on a programme: written by the advisers of the programme's
counties (and the national team), read by its members, mailed to the programme manager,
answered by editors and advisers, corrected by their author with a version."""

import pytest
from django.urls import reverse

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.advisers import services
from videreforing.advisers.models import Remark, RemarkReply
from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(programme):
    """The owner (alice) is the programme manager (omstillingsleder)."""
    member = programme.memberships.get(user__email="alice@example.com")
    member.role = Role.PROGRAMME_MANAGER
    member.save()
    return member.user


def _create_url(programme):
    return reverse("advisers:remark-create", args=[programme.pk])


def test_adviser_writes_a_remark_the_manager_gets_it_by_mail(
        client, programme, adviser, manager, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_create_url(programme),
                               {"text": "Husk å forankre forstudiet i kommunestyret."})
    assert response.status_code == 302
    remark = Remark.objects.get()
    assert (remark.programme, remark.author, remark.version) == (programme, adviser, 1)
    entry = AuditEntry.objects.filter(action="advisers.remark.created").get()
    assert entry.programme == programme and entry.actor == adviser
    assert describe(entry) == ("skrev en merknad som rådgiver: «Husk å forankre forstudiet i "
                               "kommunestyret.»")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [manager.email]
    assert "Omstilling Meløy" in mail.subject
    assert "Husk å forankre forstudiet i kommunestyret." in mail.body


def test_members_see_the_remark_on_the_programme_page(client, programme, adviser, reader):
    services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    client.force_login(reader)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert "Merknader fra rådgiver" in html and "Vurder et AS." in html
    # An observer neither writes nor answers.
    assert f'action="{_create_url(programme)}"' not in html
    assert "/svar/" not in html


def test_the_adviser_sees_the_form_and_the_owner_the_reply_form(client, programme, adviser,
                                                                 owner):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    client.force_login(adviser)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert f'action="{_create_url(programme)}"' in html
    assert reverse("advisers:remark-edit", args=[programme.pk, remark.pk]) in html
    client.force_login(owner)
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert reverse("advisers:remark-reply", args=[programme.pk, remark.pk]) in html
    assert f'action="{_create_url(programme)}"' not in html


def test_a_member_who_is_not_an_adviser_gets_403_and_nothing_is_stored(
        client, programme, owner, reader, mailoutbox):
    for user in (owner, reader):
        client.force_login(user)
        response = client.post(_create_url(programme), {"text": "Merknad"})
        assert response.status_code == 403
    assert not Remark.objects.exists() and not mailoutbox


def test_outsider_and_adviser_of_another_county_get_404(client, programme, outsider,
                                                        other_adviser):
    for user in (outsider, other_adviser):
        client.force_login(user)
        assert client.post(_create_url(programme), {"text": "Merknad"}).status_code == 404
    assert not Remark.objects.exists()


def test_a_national_user_writes_a_remark(client, programme, outsider):
    outsider.national_access = True
    outsider.save()
    client.force_login(outsider)
    assert client.post(_create_url(programme), {"text": "Fra det nasjonale teamet"}
                       ).status_code == 302
    assert Remark.objects.get().author == outsider


@pytest.mark.parametrize("text,message", [
    ("", "påkrevet"),
    ("   ", "påkrevet"),
    ("Null\x00tegn", "Null-tegn"),
    ("Bjelle\x07tegn", "kontrolltegn"),
    ("x" * 4001, "4000"),
])
def test_bad_input_shows_the_error_at_the_field_and_stores_nothing(
        client, programme, adviser, manager, mailoutbox, text, message):
    client.force_login(adviser)
    response = client.post(_create_url(programme), {"text": text})
    assert response.status_code == 400
    form = response.context["form"]
    assert "text" in form.errors and message in " ".join(form.errors["text"])
    assert not Remark.objects.exists() and not AuditEntry.objects.filter(
        action__startswith="advisers.").exists()
    assert not mailoutbox


def test_the_service_refuses_control_characters_naming_the_field(programme, adviser):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.create_remark(user=adviser, programme=programme, text="a\x07b")
    assert "text" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.create_remark(user=adviser, programme=programme, text="  ")
    assert info.value.message_dict["text"] == ["Skriv en tekst."]
    assert not Remark.objects.exists()


def test_the_owner_answers_and_the_adviser_gets_a_mail(
        client, programme, adviser, owner, mailoutbox, django_capture_on_commit_callbacks):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    client.force_login(owner)
    url = reverse("advisers:remark-reply", args=[programme.pk, remark.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Vi tar det opp i styret."})
    assert response.status_code == 302
    reply = RemarkReply.objects.get()
    assert (reply.remark, reply.author, reply.text) == (remark, owner,
                                                         "Vi tar det opp i styret.")
    entry = AuditEntry.objects.filter(action="advisers.remark.answered").get()
    assert entry.actor == owner and "Vi tar det opp i styret." in describe(entry)
    assert [m.to for m in mailoutbox] == [[adviser.email]]
    assert "Vi tar det opp i styret." in mailoutbox[0].body
    html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert "Vi tar det opp i styret." in html


def test_the_adviser_answers_too_but_an_observer_gets_403(client, programme, adviser, reader):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    url = reverse("advisers:remark-reply", args=[programme.pk, remark.pk])
    client.force_login(reader)
    assert client.post(url, {"text": "Jeg vil svare"}).status_code == 403
    client.force_login(adviser)
    assert client.post(url, {"text": "Et tillegg"}).status_code == 302
    assert list(RemarkReply.objects.values_list("text", flat=True)) == ["Et tillegg"]


def test_an_empty_reply_is_refused_at_the_field(client, programme, adviser, owner,
                                                mailoutbox):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    client.force_login(owner)
    response = client.post(reverse("advisers:remark-reply", args=[programme.pk, remark.pk]),
                           {"text": ""})
    assert response.status_code == 400 and "text" in response.context["form"].errors
    assert not RemarkReply.objects.exists() and not mailoutbox


def test_the_author_corrects_the_remark(client, programme, adviser):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    client.force_login(adviser)
    url = reverse("advisers:remark-edit", args=[programme.pk, remark.pk])
    form = client.get(url)
    assert form.status_code == 200
    # A correction is not mailed, and the form does not promise it.
    assert "Rettelsen sendes ikke på e-post" in form.content.decode()
    assert "får den på e-post" not in form.content.decode()
    response = client.post(url, {"text": "Vurder et aksjeselskap.", "version": 1})
    assert response.status_code == 302
    remark.refresh_from_db()
    assert (remark.text, remark.version) == ("Vurder et aksjeselskap.", 2)
    assert remark.updated_at is not None
    entry = AuditEntry.objects.filter(action="advisers.remark.updated").get()
    assert describe(entry) == ("rettet rådgivermerknaden: merknad fra «Vurder et AS.» til "
                               "«Vurder et aksjeselskap.»")


def test_a_stale_correction_is_refused_and_the_other_text_kept(client, programme, adviser):
    remark = services.create_remark(user=adviser, programme=programme, text="Første")
    services.update_remark(user=adviser, remark=remark, expected_version=1, text="Andre")
    client.force_login(adviser)
    response = client.post(reverse("advisers:remark-edit", args=[programme.pk, remark.pk]),
                           {"text": "Tredje", "version": 1})
    assert response.status_code == 409
    assert "endret etter at du åpnet den" in response.content.decode()
    assert "Andre" in response.content.decode()
    remark.refresh_from_db()
    assert (remark.text, remark.version) == ("Andre", 2)
    assert AuditEntry.objects.filter(action="advisers.remark.updated").count() == 1


def test_only_the_author_corrects(client, programme, adviser, owner):
    remark = services.create_remark(user=adviser, programme=programme, text="Første")
    other = Membership.objects.get(programme=programme, user=owner).user
    client.force_login(other)
    url = reverse("advisers:remark-edit", args=[programme.pk, remark.pk])
    assert client.post(url, {"text": "Kapret", "version": 1}).status_code == 403
    remark.refresh_from_db()
    assert remark.text == "Første"


def test_a_remark_of_another_programme_is_404(client, programme, adviser, owner):
    from datetime import date

    from videreforing.programmes import services as programmes

    other = programmes.create_programme(
        user=owner, name="Omstilling Rødøy", municipality_numbers=["1836"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    remark = services.create_remark(user=adviser, programme=other, text="Annet program")
    client.force_login(adviser)
    url = reverse("advisers:remark-edit", args=[programme.pk, remark.pk])
    assert client.get(url).status_code == 404


def test_every_remark_action_has_a_description():
    """tests/test_history_texts.py scans the apps it names; these are this app's."""
    from videreforing.audit.describe import _messages

    for action in ("advisers.remark.created", "advisers.remark.updated",
                   "advisers.remark.answered"):
        text = describe(AuditEntry(action=action, data={"text": "Vurder et AS."},
                                   object_type="advisers.remark"))
        assert action in _messages() and text and "advisers" not in text and "{" not in text


@pytest.mark.parametrize("action", ["advisers.remark.created", "advisers.remark.updated",
                                    "advisers.remark.answered"])
def test_remark_actions_read_as_sentences_with_the_shared_samples(action):
    """The same check as tests/test_history_texts.py, whose source scan does not list
    this app."""
    from tests.test_history_texts import DOTTED, _entry

    text = describe(_entry(action))
    assert text and text != action and not DOTTED.search(text)
    assert "{" not in text and "2.50" not in text
