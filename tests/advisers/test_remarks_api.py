"""The remarks through the API: the same rules and the same errors as the pages."""

import json

import pytest

from videreforing.accounts.roles import Role
from videreforing.advisers import services
from videreforing.advisers.models import Remark, RemarkReply
from videreforing.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _call(client, token, method, path, body=None):
    kwargs = dict(token)
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return client.generic(method, "/api/v1" + path, **kwargs)


@pytest.fixture
def manager(programme):
    member = programme.memberships.get(user__email="alice@example.com")
    member.role = Role.PROGRAMME_MANAGER
    member.save()
    return member.user


def test_adviser_posts_and_members_list_remarks(client, token_for, programme, adviser,
                                                manager, reader, mailoutbox,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(client, token_for(adviser), "POST",
                         f"/programmes/{programme.pk}/remarks", {"text": "Vurder et AS."})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == "Vurder et AS." and body["version"] == 1
    assert body["author"] == adviser.email and body["replies"] == []
    assert Remark.objects.get().pk == body["id"]
    assert AuditEntry.objects.filter(action="advisers.remark.created").count() == 1
    assert [m.to for m in mailoutbox] == [[manager.email]]
    listed = _call(client, token_for(reader), "GET", f"/programmes/{programme.pk}/remarks")
    assert listed.status_code == 200
    assert [r["text"] for r in listed.json()] == ["Vurder et AS."]


def test_a_member_gets_403_and_an_outsider_404(client, token_for, programme, owner, outsider):
    path = f"/programmes/{programme.pk}/remarks"
    assert _call(client, token_for(owner), "POST", path, {"text": "x"}).status_code == 403
    assert _call(client, token_for(outsider), "POST", path, {"text": "x"}).status_code == 404
    assert _call(client, token_for(outsider), "GET", path).status_code == 404
    assert not Remark.objects.exists()


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "a\x00b"}, {"text": "x" * 4001},
                                  {}])
def test_bad_input_answers_422_naming_the_field(client, token_for, programme, adviser, body):
    response = _call(client, token_for(adviser), "POST",
                     f"/programmes/{programme.pk}/remarks", body)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert any(item["loc"][-1] == "text" for item in detail), detail
    assert not Remark.objects.exists()


def test_reply_mails_the_author(client, token_for, programme, adviser, owner, mailoutbox,
                                django_capture_on_commit_callbacks):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(client, token_for(owner), "POST", f"/remarks/{remark.pk}/replies",
                         {"text": "Godt innspill."})
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Godt innspill."
    assert RemarkReply.objects.get().author == owner
    assert [m.to for m in mailoutbox] == [[adviser.email]]
    assert "Godt innspill." in mailoutbox[0].body


def test_an_observer_cannot_reply(client, token_for, programme, adviser, reader):
    remark = services.create_remark(user=adviser, programme=programme, text="Vurder et AS.")
    response = _call(client, token_for(reader), "POST", f"/remarks/{remark.pk}/replies",
                     {"text": "Hei"})
    assert response.status_code == 403
    assert not RemarkReply.objects.exists()


def test_correction_with_a_stale_version_answers_409(client, token_for, programme, adviser):
    remark = services.create_remark(user=adviser, programme=programme, text="Første")
    token = token_for(adviser)
    ok = _call(client, token, "PATCH", f"/remarks/{remark.pk}", {"version": 1,
                                                                  "text": "Andre"})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _call(client, token, "PATCH", f"/remarks/{remark.pk}", {"version": 1,
                                                                     "text": "Tredje"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and stale.json()["code"] == "stale_version"
    remark.refresh_from_db()
    assert remark.text == "Andre"
