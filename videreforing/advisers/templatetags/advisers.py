"""`{% adviser_remarks programme %}`: the section "Merknader fra rådgiver" on the
programme page, with what the signed-in user may write (advisers/_remarks.html)."""

from django import template

from videreforing.advisers.access import can_reply, is_adviser_of
from videreforing.advisers.forms import RemarkForm
from videreforing.advisers.selectors import remarks_of
from videreforing.programmes.access import EDIT

register = template.Library()


@register.inclusion_tag("advisers/_remarks_section.html", takes_context=True)
def adviser_remarks(context, programme) -> dict:
    user = context.get("user") or getattr(context.get("request"), "user", None)
    adviser = is_adviser_of(user, programme)
    # The access level the page's access helper found for this user (programmes.access
    # sets it): the rule of access.can_reply without reading the membership again.
    level = getattr(programme, "access", "")
    reply = (level == EDIT or adviser) if level else can_reply(user, programme)
    return {
        "programme": programme,
        "remarks": remarks_of(programme),
        "user": user,
        "remark_form": RemarkForm(auto_id="id_remark_%s") if adviser else None,
        "can_reply": reply,
        "csrf_token": context.get("csrf_token"),
    }
