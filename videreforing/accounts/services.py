"""Writes to memberships: add, change role, remove."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.bounds import check_values
from videreforing.lib.errors import DomainError

from .models import Membership, User
from .roles import EDIT_ROLES, Role


def _clean_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError({"role": [_("Velg en rolle fra listen.")]})
    return role


def _send_invitation(*, inviter, member: User, programme, new_user: bool) -> None:
    link = ""
    if new_user:
        uid = urlsafe_base64_encode(force_bytes(member.pk))
        token = default_token_generator.make_token(member)
        link = settings.SITE_URL + reverse(
            "accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token}
        )
    body = _(
        "Hei!\n\n%(inviter)s har gitt deg tilgang til omstillingsprogrammet «%(programme)s» "
        "i Videreføring.\n\n"
    ) % {"inviter": inviter.display_name, "programme": programme.name}
    if link:
        body += _("Velg et passord her for å logge inn:\n%(link)s\n") % {"link": link}
    else:
        login_url = settings.SITE_URL + reverse("accounts:login")
        body += _("Logg inn her: %(url)s\n") % {"url": login_url}
    send_mail(
        subject=_("Du har fått tilgang til %(programme)s") % {"programme": programme.name},
        message=body,
        from_email=None,
        recipient_list=[member.email],
    )


@transaction.atomic
def split_name(name: str) -> tuple[str, str]:
    """"Per Ola Prosessleder" → ("Per Ola", "Prosessleder"); one word is a first name."""
    words = (name or "").split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


def add_member(*, user, programme, email: str, role: str, name: str = "") -> Membership:
    """Give a person a role in the programme. A new address gets an account and an
    e-mail with a link to choose a password; `name` (optional, "first … last") becomes
    the new account's name. An existing account's name is left as it is."""
    email = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Skriv inn en gyldig e-postadresse.")]
    else:
        try:
            check_values(User, {"email": email})
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if role not in Role.values:
        errors["role"] = [_("Velg en rolle fra listen.")]
    if errors:
        raise ValidationError(errors)
    existing = User.objects.filter(email__iexact=email).first()
    new_user = existing is None
    if existing is None:
        first, last = split_name(name)
        member = User.objects.create_user(email=email, password=None,
                                          first_name=first[:150], last_name=last[:150])
    else:
        member = existing
    if Membership.objects.filter(programme=programme, user=member).exists():
        raise ValidationError({"email": [_("%(email)s er allerede med i programmet.") % {
            "email": email}]})
    membership = Membership.objects.create(programme=programme, user=member, role=role)
    log_action(
        action="accounts.membership.created", actor=user, programme=programme, obj=membership,
        data={"email": member.email, "role": role, "new_user": new_user},
    )
    transaction.on_commit(
        lambda: _send_invitation(inviter=user, member=member, programme=programme,
                                 new_user=new_user)
    )
    return membership


def _ensure_editor_remains(programme, leaving: Membership) -> None:
    others = Membership.objects.filter(programme=programme, role__in=EDIT_ROLES).exclude(
        pk=leaving.pk
    )
    if not others.exists():
        raise DomainError(
            _("Programmet må ha minst én person som kan redigere. Gi en annen en redigerende "
              "rolle først."),
            code="last_editor",
        )


@transaction.atomic
def change_member_role(*, user, membership: Membership, role: str) -> Membership:
    role = _clean_role(role)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role not in EDIT_ROLES and membership.role in EDIT_ROLES:
        _ensure_editor_remains(membership.programme, membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        action="accounts.membership.updated", actor=user, programme=membership.programme,
        obj=membership, data={"email": membership.user.email, "role": role, "before": before},
    )
    return membership


@transaction.atomic
def remove_member(*, user, membership: Membership) -> None:
    membership = Membership.objects.select_for_update().select_related("user").get(
        pk=membership.pk
    )
    if membership.role in EDIT_ROLES:
        _ensure_editor_remains(membership.programme, membership)
    log_action(
        action="accounts.membership.removed", actor=user, programme=membership.programme,
        obj=membership, data={"email": membership.user.email, "role": membership.role},
    )
    membership.delete()
