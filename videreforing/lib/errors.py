class DomainError(Exception):
    """A request that the current state does not allow (answers 409 in the API).

    Input that is wrong in itself raises django.core.exceptions.ValidationError
    with the field it concerns instead (answers 422)."""

    def __init__(self, message: str, *, code: str = "refused", data: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.data = data or {}


class StaleVersion(DomainError):
    """Someone else saved the object after the caller read it: no lost update."""

    def __init__(self, message: str, *, current):
        super().__init__(message, code="stale_version", data={"current_version": current.version})
        self.current = current
