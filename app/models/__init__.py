from app.models.api_token import ApiToken
from app.models.audit import AuditEntry, AuditHead
from app.models.user import SystemRole, User

__all__ = ["ApiToken", "AuditEntry", "AuditHead", "SystemRole", "User"]
