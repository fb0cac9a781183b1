"""Database models."""

from thongke.models.account import ROLES, Account
from thongke.models.audit import AuditEvent
from thongke.models.unit import LEVELS, Unit

__all__ = ["LEVELS", "ROLES", "Account", "AuditEvent", "Unit"]
