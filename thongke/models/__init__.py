"""Database models."""

from thongke.models.account import ROLES, Account
from thongke.models.audit import AuditEvent
from thongke.models.catalog import Form
from thongke.models.report import Period, Report, ReportEvent, ReportValue
from thongke.models.token import ApiToken
from thongke.models.unit import LEVELS, Unit

__all__ = [
    "LEVELS",
    "ROLES",
    "Account",
    "ApiToken",
    "AuditEvent",
    "Form",
    "Period",
    "Report",
    "ReportEvent",
    "ReportValue",
    "Unit",
]
