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
