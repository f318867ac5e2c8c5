"""Date arithmetic that cannot overflow: pure Python, kept in `rules.dates` so that the
rules use it without importing anything above them; re-exported here for the rest."""

from videreforing.rules.dates import FAR_FUTURE, FAR_PAST, clamp, safe_add, safe_sub

__all__ = ["FAR_FUTURE", "FAR_PAST", "clamp", "safe_add", "safe_sub"]
