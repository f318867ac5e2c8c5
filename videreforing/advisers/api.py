"""API for the advisers' remarks on a programme (issue 10). The same services and access
helpers as the pages: advisers and national users write remarks; members with an
editing role and advisers reply; the author corrects a remark with the version read."""

from datetime import datetime

from ninja import Router, Schema, Status

from videreforing.advisers import services
from videreforing.advisers.access import (
    check_can_remark,
    check_can_reply,
    check_is_author,
    get_any_remark_for,
)
from videreforing.advisers.models import Remark, RemarkReply
from videreforing.advisers.selectors import remarks_of
from videreforing.api.schemas import ErrorOut
from videreforing.programmes.access import get_programme_for

router = Router(tags=["advisers"])


class RemarkIn(Schema):
    text: str


class RemarkPatch(Schema):
    """The corrected text and the version read (a stale one answers 409)."""

    version: int | None = None
    text: str


class ReplyIn(Schema):
    text: str


class ReplyOut(Schema):
    id: int
    remark: int
    author: str | None
    text: str
    created_at: datetime


class RemarkOut(Schema):
    id: int
    programme: int
    author: str | None
    text: str
    created_at: datetime
    updated_at: datetime | None
    version: int
    replies: list[ReplyOut]


def _reply_out(reply: RemarkReply) -> dict:
    return {"id": reply.pk, "remark": reply.remark_id,
            "author": reply.author.email if reply.author else None,
            "text": reply.text, "created_at": reply.created_at}


def _remark_out(remark: Remark) -> dict:
    return {"id": remark.pk, "programme": remark.programme_id,
            "author": remark.author.email if remark.author else None,
            "text": remark.text, "created_at": remark.created_at,
            "updated_at": remark.updated_at, "version": remark.version,
            "replies": [_reply_out(r) for r in remark.replies.all()]}


@router.get("/programmes/{int:programme_id}/remarks", response=list[RemarkOut])
def list_remarks(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return [_remark_out(r) for r in remarks_of(programme)]


@router.post("/programmes/{int:programme_id}/remarks", response={201: RemarkOut})
def create_remark(request, programme_id: int, payload: RemarkIn):
    """Advisers of the programme's counties and national users; 403 for members."""
    programme = get_programme_for(request.auth, programme_id)
    check_can_remark(request.auth, programme)
    remark = services.create_remark(user=request.auth, programme=programme,
                                    text=payload.text)
    return Status(201, _remark_out(remark))


@router.patch("/remarks/{int:remark_id}", response={200: RemarkOut, 409: ErrorOut})
def patch_remark(request, remark_id: int, payload: RemarkPatch):
    """The author corrects the remark; 403 for everyone else."""
    remark = get_any_remark_for(request.auth, remark_id)
    check_is_author(request.auth, remark)
    remark = services.update_remark(user=request.auth, remark=remark,
                                    expected_version=payload.version, text=payload.text)
    return _remark_out(remark)


@router.post("/remarks/{int:remark_id}/replies", response={201: ReplyOut})
def reply_to_remark(request, remark_id: int, payload: ReplyIn):
    """Members with an editing role, advisers and national users; 403 for observers."""
    remark = get_any_remark_for(request.auth, remark_id)
    check_can_reply(request.auth, remark.programme)
    reply = services.reply_to_remark(user=request.auth, remark=remark, text=payload.text)
    return Status(201, _reply_out(reply))
