"""The demo CA (demo/ca.py): ``flask demo ca LOGIN…`` gives users certificates under it, and
verification trusts it because the testing configuration names its certificate's key — not
because the product knows about the demo."""

from __future__ import annotations

from cryptography import x509

from app.config import DEMO_CA_CERT_KEY
from documents.credentials import decrypt_secret, open_pkcs12
from documents.storage import get_store
from meetings.services.minutes_records import credential_of, trust_roots_pem
from tests.support.factories import create_user


def test_flask_demo_ca_issues_certificates_under_the_demo_ca(app):
    user, other = create_user(full_name="Lê Hoàng Nam"), create_user()
    result = app.test_cli_runner().invoke(args=["demo", "ca", user.login])
    assert result.exit_code == 0, result.output
    assert "1 người dùng có chứng thư số" in result.output

    credential = credential_of(user)
    assert credential is not None and credential_of(other) is None  # only the logins named
    _key, cert, chain = open_pkcs12(decrypt_secret(credential.encrypted_p12), app.config["DEMO_PASSWORD"])
    ca = x509.load_pem_x509_certificate(get_store().read_bytes(DEMO_CA_CERT_KEY))
    assert cert.issuer == ca.subject and [c.subject for c in chain] == [ca.subject]
    assert "Lê Hoàng Nam" in cert.subject.rfc4514_string()


def test_the_demo_ca_is_trusted_only_where_the_configuration_names_it(app, monkeypatch):
    from demo.ca import ensure_demo_ca

    ensure_demo_ca()
    demo_root = get_store().read_bytes(DEMO_CA_CERT_KEY)
    assert demo_root in trust_roots_pem()
    monkeypatch.setitem(app.config, "SIGNING_TRUST_ROOT_KEYS", ())  # as in production
    assert demo_root not in trust_roots_pem()
    monkeypatch.setitem(app.config, "SIGNING_TRUST_ROOT_KEYS", ("pki/nothing-here.pem", DEMO_CA_CERT_KEY))
    assert trust_roots_pem() == [demo_root]  # a key not (yet) written is skipped


def test_flask_demo_ca_refuses_without_a_demo_password(app, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_PASSWORD", None)
    result = app.test_cli_runner().invoke(args=["demo", "ca"])
    assert result.exit_code != 0 and "môi trường phát triển" in result.output


def test_a_stored_root_made_after_2019_is_replaced_only_when_a_2020_certificate_needs_it(app):
    """A store kept from before the demo dated its 2020 signatures holds a root valid from the day it
    was made: the 2020 signers' certificates get a root valid since 2019; other callers keep the root."""
    import io
    from datetime import UTC, datetime

    from demo.ca import _PURPOSE, DEMO_CA_KEY_KEY, ensure_demo_ca, issue_demo_credential
    from documents.credentials import cert_pem, create_demo_ca, encrypt_secret, key_pem

    store = get_store()
    ensure_demo_ca()
    kept = {key: store.read_bytes(key) for key in (DEMO_CA_CERT_KEY, DEMO_CA_KEY_KEY)}
    try:
        key, cert = create_demo_ca()  # as before: valid from yesterday
        for name, blob in (
            (DEMO_CA_CERT_KEY, cert_pem(cert)),
            (DEMO_CA_KEY_KEY, encrypt_secret(key_pem(key), _PURPOSE)),
        ):
            store.put_stream(name, io.BytesIO(blob), length=len(blob))
        assert ensure_demo_ca()[1] == cert  # no time asked for: the stored root stays
        issued = datetime(2019, 7, 1, tzinfo=UTC)
        user = create_user(full_name="Lê Hoàng Nam")
        credential = issue_demo_credential(user, app.config["DEMO_PASSWORD"], issued_at=issued)
        root = x509.load_pem_x509_certificate(store.read_bytes(DEMO_CA_CERT_KEY))
        assert root != cert and root.not_valid_before_utc <= issued
        _key, mine, chain = open_pkcs12(decrypt_secret(credential.encrypted_p12), app.config["DEMO_PASSWORD"])
        assert chain == [root] and mine.not_valid_before_utc == issued and credential.created_at == issued
        assert mine.not_valid_after_utc.year == 2029
    finally:
        for name, blob in kept.items():
            store.put_stream(name, io.BytesIO(blob), length=len(blob))
