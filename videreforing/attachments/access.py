"""Attachments are reached through their programme's access helper: outsiders get 404,
read-only users get 403 on writes. A gate decision, tender or bid named together with a
programme must belong to that programme (404 otherwise)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from videreforing.procurement.models import Bid, Tender
from videreforing.programmes.models import GateDecision, Programme

from .models import Attachment


def _pk(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        pk = int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if pk < 1 or pk > 2**63 - 1:
        raise Http404
    return pk


@dataclass(frozen=True)
class Target:
    """What an attachment is attached to: a gate decision, a tender, a bid (with its
    tender), or nothing but the programme's archive."""

    programme: Programme
    gate: GateDecision | None = None
    tender: Tender | None = None
    bid: Bid | None = None

    @property
    def code(self) -> str:
        if self.gate is not None:
            return "gate"
        if self.bid is not None:
            return "bid"
        if self.tender is not None:
            return "tender"
        return "archive"

    def label(self) -> str:
        """Where the file goes, in a sentence: "vedtaket for forstudium (3. mars 2025)"."""
        return describe_target(self.code, gate=self.gate, tender=self.tender, bid=self.bid)

    def return_url(self) -> str:
        programme_pk = self.programme.pk
        if self.gate is not None:
            return reverse("programmes:phase", args=[programme_pk, self.gate.phase.kind]) + (
                f"#attachments-gate-{self.gate.pk}")
        if self.bid is not None:
            return reverse("procurement:tender", args=[programme_pk, self.bid.tender_id]) + (
                f"#attachments-bid-{self.bid.pk}")
        if self.tender is not None:
            return reverse("procurement:tender", args=[programme_pk, self.tender.pk]) + (
                f"#attachments-tender-{self.tender.pk}")
        return reverse("attachments:archive", args=[programme_pk])

    def query(self) -> dict[str, int]:
        if self.gate is not None:
            return {"gate": self.gate.pk}
        if self.bid is not None:
            return {"bid": self.bid.pk}
        if self.tender is not None:
            return {"tender": self.tender.pk}
        return {}


def describe_target(code: str, *, gate=None, tender=None, bid=None) -> str:
    if code == "gate" and gate is not None:
        return _("vedtaket for %(phase)s (%(date)s)") % {
            "phase": str(gate.phase.get_kind_display()).lower(),
            "date": date_format(gate.decided_on, "j. F Y")}
    if code == "bid" and bid is not None:
        return _("tilbudet fra «%(supplier)s»") % {"supplier": bid.supplier.name}
    if code == "tender" and tender is not None:
        return _("konkurransen «%(title)s»") % {"title": tender.title}
    return _("dokumentarkivet")


def resolve_target(programme: Programme, *, gate=None, tender=None, bid=None) -> Target:
    """The target named by ids (from a form or the API), within `programme`.

    An id of another programme's decision, tender or bid answers 404, as an unknown id
    does. A bid gives its tender too; a tender given with a bid must be the bid's."""
    gate_pk, tender_pk, bid_pk = _pk(gate), _pk(tender), _pk(bid)
    found_gate = found_tender = found_bid = None
    if gate_pk is not None:
        found_gate = (GateDecision.objects.select_related("phase")
                      .filter(pk=gate_pk, phase__continuation__programme=programme).first())
        if found_gate is None:
            raise Http404
    if bid_pk is not None:
        found_bid = (Bid.objects.select_related("tender", "supplier")
                     .filter(pk=bid_pk, tender__programme=programme).first())
        if found_bid is None:
            raise Http404
        found_tender = found_bid.tender
    if tender_pk is not None:
        tender_obj = Tender.objects.filter(pk=tender_pk, programme=programme).first()
        if tender_obj is None:
            raise Http404
        if found_tender is not None and found_tender.pk != tender_obj.pk:
            raise ValidationError({"tender": [_("Tilbudet hører til en annen konkurranse.")]})
        found_tender = tender_obj
    if found_gate is not None and found_tender is not None:
        raise ValidationError({"gate": [
            _("Et vedlegg hører til enten et vedtak eller en anskaffelse, ikke begge.")]})
    return Target(programme=programme, gate=found_gate, tender=found_tender, bid=found_bid)


def get_attachment_for(programme: Programme, pk) -> Attachment:
    """An attachment of `programme` that has not been removed. The caller has checked
    the user's access to the programme (get_programme_for)."""
    attachment = (
        Attachment.objects.select_related("uploaded_by", "gate__phase", "tender",
                                          "bid__supplier")
        .filter(pk=_pk(pk) or 0, programme=programme, removed_at__isnull=True).first()
    )
    if attachment is None:
        raise Http404
    return attachment
