from app.models.api_token import ApiToken
from app.models.audit import AuditEntry, AuditHead
from app.models.body import Body, BodyLevel, BodyMember, BodyOffice
from app.models.user import SystemRole, User

__all__ = ["ApiToken", "AuditEntry", "AuditHead", "Body", "BodyLevel", "BodyMember", "BodyOffice", "SystemRole", "User"]
