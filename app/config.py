"""Configuration classes. Everything can be overridden from the environment with the
``PHONGHOP_`` prefix (``PHONGHOP_DATABASE_URL``, ``PHONGHOP_S3_ENDPOINT`` …); see docs/configuration.md."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Where the demo seed (demo/ca.py) keeps its CA certificate in the object store: development and
# testing trust it; the demo writes there, the product only reads what the configuration names.
DEMO_CA_CERT_KEY = "pki/demo-ca.pem"


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe or incomplete for the chosen environment."""


class BaseConfig:
    ENV_NAME = "base"
    INSTANCE_DIR = str(PROJECT_ROOT / "instance")
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Object storage (S3 API; MinIO in production, the embedded `weed mini` in development).
    S3_ENDPOINT: str | None = None  # host:port, or http(s)://host:port
    S3_ACCESS_KEY: str | None = None
    S3_SECRET_KEY: str | None = None
    S3_BUCKET = "phonghop"
    S3_REGION = "us-east-1"
    S3_SECURE = False
    S3_TIMEOUT_SECONDS = 5  # the longest one store call waits (connect, and each read); docs/reliability.md
    S3_PROBE_SECONDS = 0.5  # /healthz's probe of the store: the whole HEAD of the bucket
    HEALTH_BUDGET_SECONDS = 0.8  # /healthz answers after at most this long, whatever part hangs
    PRESIGNED_EXPIRY_SECONDS = 120

    REDIS_URL: str | None = None
    JOBS_QUEUE = "phonghop"  # the RQ queue of background jobs and reminder sweeps (docs/jobs.md)
    SOCKETIO_CHANNEL = "phonghop-socketio"  # the Redis pub/sub channel the processes of one deployment share
    # Origins (scheme://host[:port]) whose pages may open a Socket.IO connection; unset: only the
    # origin of the request itself. A list, or a comma-separated string.
    SOCKETIO_ORIGINS: list[str] | None = None
    # Every this many seconds each server process re-reads the tokens and accounts of its open
    # sockets (a revocation from the command line reaches them without Redis); 0: never.
    SOCKET_RECHECK_SECONDS = 10
    # Each process holding live connections says it is alive this often; one silent for
    # PRESENCE_TTL_SECONDS (default: three beats) is taken for dead and its presence swept
    # (meetings/services/live_servers.py, docs/reliability.md "Processes").
    PRESENCE_HEARTBEAT_SECONDS = 10
    PRESENCE_TTL_SECONDS: float | None = None

    # E-mail copies of notifications; off unless SMTP_HOST is set.
    SMTP_HOST: str | None = None
    SMTP_PORT = 25
    SMTP_STARTTLS = False
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_FROM = "phonghop@localhost"
    SMTP_TIMEOUT_SECONDS = 10
    PORT = 5000

    # Behind a reverse proxy (nginx): how many proxies set X-Forwarded-For/-Proto in front of the app.
    # 0 = none: the headers are ignored (anyone could forge them); see docs/configuration.md.
    PROXY_COUNT = 0
    # Failed logins allowed per client address (Flask-Limiter notation); docs/security.md, "Login".
    LOGIN_RATE_LIMIT = "20 per 10 minutes;200 per day"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_SWALLOW_ERRORS = True  # a Redis outage must not stop people logging in
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Socket.IO commands allowed per user, meeting and class of event (`limits` notation, moving
    # windows, counted in the login limiter's storage: Redis when REDIS_URL is set; "" = no limit).
    # Marks: 20 a second on average, in bursts of up to 100 (a tablet flushing its offline outbox);
    # every other command (meeting.join included): 30 a second. docs/security.md, "Socket rate limits".
    SOCKET_MARK_RATE_LIMIT = "100 per second;1200 per minute"
    SOCKET_COMMAND_RATE_LIMIT = "30 per second;1800 per minute"
    # Live marks one person may keep on one document (deleted ones do not count); 0 = no cap.
    MARKS_PER_DOCUMENT = 5000

    MAX_UPLOAD_MB = 100
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    DEMO_PASSWORD: str | None = None  # only development sets this

    # Minutes signatures: an RFC 3161 timestamp authority (PAdES B-T when set), a PEM bundle of
    # CA certificates trusted when verifying, and object-store keys of further trusted PEM roots
    # (development and testing: the demo CA's certificate, which the demo seed writes there).
    TSA_URL: str | None = None
    # Minutes are rendered and signed in the job worker's process when one is alive (docs/jobs.md,
    # "A job the request waits for"); the server signs itself otherwise.
    SIGNING_IN_WORKER = True
    SIGNING_JOB_PICKUP_SECONDS = 5  # no worker started the job by then: the server signs itself
    SIGNING_JOB_TIMEOUT_SECONDS = 90  # a worker took it but sent nothing back by then: 503, nothing kept
    SIGNING_JOB_TTL_SECONDS = 120  # a sealed signing order older than this is refused by the worker
    SIGNING_JOB_NICENESS = 10  # the signing job's process gives way to the server's on a shared core
    SIGNING_JOB_SCHED_IDLE = True  # Linux: the signing job runs only on a core nothing else wants (docs/jobs.md)
    SIGNING_TRUST_ROOTS: str | None = None
    SIGNING_TRUST_ROOT_KEYS: tuple[str, ...] = ()

    @classmethod
    def finalize(cls, config: dict) -> None:
        """Derive settings after the environment was read."""
        if not config.get("DATABASE_URL"):
            instance = Path(config["INSTANCE_DIR"])
            config["DATABASE_URL"] = f"sqlite:///{instance / 'phonghop.sqlite3'}"
        config["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(config["DATABASE_URL"])
        config["MAX_CONTENT_LENGTH"] = (int(config["MAX_UPLOAD_MB"]) + 1) * 1024 * 1024
        keys = config.get("SIGNING_TRUST_ROOT_KEYS") or ()  # one key from the environment is a plain string
        config["SIGNING_TRUST_ROOT_KEYS"] = (keys,) if isinstance(keys, str) else tuple(keys)
        config["SOCKETIO_ORIGINS"] = socketio_origins(config.get("SOCKETIO_ORIGINS"))
        # the login limiter counts in Redis when the deployment has one (shared by every process)
        if not config.get("RATELIMIT_STORAGE_URI"):
            config["RATELIMIT_STORAGE_URI"] = config.get("REDIS_URL") or "memory://"
        config.setdefault("RATELIMIT_KEY_PREFIX", config.get("SOCKETIO_CHANNEL") or "phonghop")
        count = config.get("PROXY_COUNT")
        if isinstance(count, str) and count.strip().isdigit():
            count = int(count)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ConfigError(f"PHONGHOP_PROXY_COUNT must be a whole number ≥ 0 (got {count!r}).")
        config["PROXY_COUNT"] = count
        socket_limits(config)


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"
    SECRET_KEY = "phonghop-dev-only-secret-key-not-for-production"
    DEMO_PASSWORD = "phonghop2026"
    SIGNING_TRUST_ROOT_KEYS = (DEMO_CA_CERT_KEY,)

    @classmethod
    def finalize(cls, config: dict) -> None:
        # `make run` writes the embedded S3 server's address and keys under instance/; use them
        # when the environment names no other store, so `flask --app wsgi …` finds the same data.
        if not config.get("S3_ENDPOINT"):
            from documents.embedded_s3 import read_embedded_s3_settings

            settings = read_embedded_s3_settings(config["INSTANCE_DIR"])
            if settings:
                config.update(settings)
        super().finalize(config)


class TestingConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "phonghop-testing-secret"
    WTF_CSRF_ENABLED = False
    DEMO_PASSWORD = "phonghop2026"
    SIGNING_TRUST_ROOT_KEYS = (DEMO_CA_CERT_KEY,)
    SOCKET_RECHECK_SECONDS = 0  # tests call realtime.access.recheck_connections() themselves
    PRESENCE_HEARTBEAT_SECONDS = 0  # no background heartbeat in the tests' in-process server
    # The socket counters live as long as the process while the tests' rolled-back databases reuse
    # ids: off here, set by the tests that are about them (tests/hostile/test_socket_limits.py).
    SOCKET_MARK_RATE_LIMIT = ""
    SOCKET_COMMAND_RATE_LIMIT = ""


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def finalize(cls, config: dict) -> None:
        missing = [
            f"PHONGHOP_{key}"
            for key in ("SECRET_KEY", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "DATABASE_URL")
            if not config.get(key)
        ]
        if missing:
            raise ConfigError(
                "Production refuses to start without: "
                + ", ".join(missing)
                + " (set them in the environment; see docs/configuration.md)."
            )
        if config["SECRET_KEY"] in (DevelopmentConfig.SECRET_KEY, TestingConfig.SECRET_KEY):
            raise ConfigError("PHONGHOP_SECRET_KEY is the development secret: production needs its own.")
        if len(config["SECRET_KEY"]) < 32:
            raise ConfigError("PHONGHOP_SECRET_KEY must be at least 32 characters in production.")
        config["DEMO_PASSWORD"] = None
        config["SIGNING_TRUST_ROOT_KEYS"] = ()  # production trusts only the PEM bundle SIGNING_TRUST_ROOTS
        super().finalize(config)


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}


def config_name_from_env() -> str:
    return os.environ.get("PHONGHOP_ENV", "development")


def socketio_origins(value) -> list[str] | None:
    """PHONGHOP_SOCKETIO_ORIGINS as a list of origins (None: the request's own origin only)."""
    if value in (None, "", []):
        return None
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise ConfigError(
            "PHONGHOP_SOCKETIO_ORIGINS must be a list of origins such as https://phonghop.example.gov.vn."
        )
    origins = [i.strip().rstrip("/") for i in items if i.strip()]
    for origin in origins:
        scheme, _, rest = origin.partition("://")
        if scheme not in ("http", "https") or not rest or "/" in rest or "*" in rest:
            raise ConfigError(
                f"PHONGHOP_SOCKETIO_ORIGINS: {origin!r} is not an origin like https://host[:port] "
                "(no path, no wildcard)."
            )
    return origins or None


def socket_limits(config: dict) -> None:
    """Check the socket rate limits and the mark cap when the application starts, not at the first mark."""
    from limits import parse_many

    for key in ("SOCKET_MARK_RATE_LIMIT", "SOCKET_COMMAND_RATE_LIMIT"):
        value = config.get(key, getattr(BaseConfig, key)) or ""
        try:
            if not isinstance(value, str) or (value.strip() and not parse_many(value)):
                raise ValueError(value)
        except ValueError:
            raise ConfigError(
                f"PHONGHOP_{key} must be limits such as '100 per second;1200 per minute' (got {value!r})."
            ) from None
        config[key] = value
    cap = config.get("MARKS_PER_DOCUMENT", BaseConfig.MARKS_PER_DOCUMENT)
    if isinstance(cap, str) and cap.strip().isdigit():
        cap = int(cap)
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
        raise ConfigError(f"PHONGHOP_MARKS_PER_DOCUMENT must be a whole number ≥ 0 (got {cap!r}).")
    config["MARKS_PER_DOCUMENT"] = cap


def normalise_db_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the operator gave."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
