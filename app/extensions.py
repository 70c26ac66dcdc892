"""Unbound extensions; ``create_app`` binds them. Nothing here touches the database at import time."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# async_mode is explicit: Flask-SocketIO would otherwise pick eventlet if it happened to be installed.
socketio = SocketIO(async_mode="gevent")
# Per client address (the real one behind PHONGHOP_PROXY_COUNT proxies): only the login route has a
# limit (app/auth/views.py). Storage: Redis when PHONGHOP_REDIS_URL is set, memory otherwise (config.py).
limiter = Limiter(key_func=get_remote_address)
