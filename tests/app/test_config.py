import pytest

from app import create_app
from app.config import ConfigError


def test_production_refuses_to_start_without_secrets(monkeypatch):
    for key in ("SECRET_KEY", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(f"PHONGHOP_{key}", raising=False)
    with pytest.raises(ConfigError) as info:
        create_app("production")
    message = str(info.value)
    assert "PHONGHOP_SECRET_KEY" in message and "PHONGHOP_S3_ACCESS_KEY" in message


def test_production_refuses_a_short_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("PHONGHOP_SECRET_KEY", "short")
    monkeypatch.setenv("PHONGHOP_S3_ENDPOINT", "minio.example:9000")
    monkeypatch.setenv("PHONGHOP_S3_ACCESS_KEY", "a")
    monkeypatch.setenv("PHONGHOP_S3_SECRET_KEY", "b")
    monkeypatch.setenv("PHONGHOP_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(ConfigError):
        create_app("production")


def test_production_starts_with_everything_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PHONGHOP_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PHONGHOP_S3_ENDPOINT", "https://minio.example:9000")
    monkeypatch.setenv("PHONGHOP_S3_ACCESS_KEY", "12345")  # numeric on purpose: must stay a string
    monkeypatch.setenv("PHONGHOP_S3_SECRET_KEY", "secret")
    monkeypatch.setenv("PHONGHOP_DATABASE_URL", "postgresql://u:p@db.example/phonghop")
    monkeypatch.setenv("PHONGHOP_INSTANCE_DIR", str(tmp_path))
    app = create_app("production")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert app.config["S3_ACCESS_KEY"] == "12345"
    assert app.config["DEMO_PASSWORD"] is None
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_config_name():
    with pytest.raises(ConfigError):
        create_app("staging-typo")


def test_socketio_is_gevent(app):
    from app.extensions import socketio

    assert socketio.async_mode == "gevent"


def test_development_and_testing_trust_the_demo_ca_production_never(monkeypatch, tmp_path):
    from app.config import DEMO_CA_CERT_KEY
    from demo.ca import DEMO_CA_CERT_KEY as written_by_the_demo

    assert written_by_the_demo == DEMO_CA_CERT_KEY
    monkeypatch.setenv("PHONGHOP_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("PHONGHOP_S3_ENDPOINT", "127.0.0.1:9")
    for name in ("development", "testing"):
        assert create_app(name).config["SIGNING_TRUST_ROOT_KEYS"] == (DEMO_CA_CERT_KEY,)
    monkeypatch.setenv("PHONGHOP_SIGNING_TRUST_ROOT_KEYS", "pki/other-root.pem")  # one key: a plain string
    assert create_app("testing").config["SIGNING_TRUST_ROOT_KEYS"] == ("pki/other-root.pem",)
    monkeypatch.setenv("PHONGHOP_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PHONGHOP_S3_ACCESS_KEY", "a")
    monkeypatch.setenv("PHONGHOP_S3_SECRET_KEY", "b")
    monkeypatch.setenv("PHONGHOP_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    assert create_app("production").config["SIGNING_TRUST_ROOT_KEYS"] == ()
