from app.models.api_token import ApiToken
from app.models.user import SystemRole, User

__all__ = ["ApiToken", "SystemRole", "User"]
