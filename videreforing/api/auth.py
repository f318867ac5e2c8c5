from django.utils import timezone
from ninja.security import HttpBearer

from videreforing.accounts.models import ApiToken, hash_token


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`; only the token's hash is stored."""

    def authenticate(self, request, token: str):
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user
