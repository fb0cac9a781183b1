"""Domain errors: each carries a Vietnamese message fit to show the user."""


class DomainError(Exception):
    """A rule of the domain refused an operation; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDenied(DomainError):
    """The actor may not do this, or may not see the record."""


class ValidationFailed(DomainError):
    """The input is not acceptable; `field` names the input when known."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
