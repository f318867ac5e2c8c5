"""Reads of the advisers' remarks, for a programme the caller has already reached
through the access helpers."""

from django.db.models import Prefetch

from videreforing.programmes.models import Programme

from .models import Remark, RemarkReply


def remarks_of(programme: Programme) -> list[Remark]:
    return list(programme.adviser_remarks.select_related("author").prefetch_related(
        Prefetch("replies", queryset=RemarkReply.objects.select_related("author"))))
