"""`make run` acceptance: the launcher starts the embedded S3 server, migrates, loads the demo
data once, serves on gevent; Ctrl-C stops the S3 server too; a second start reuses the data."""

import json
import socket

import pytest
import urllib3
from minio import Minio

from tests.support.databases import fresh_database
from tests.support.live_server import start_live_server

pytestmark = pytest.mark.live


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_run_serves_demo_from_s3_stops_cleanly_and_reuses_data(tmp_path):
    with fresh_database(tmp_path, "run") as url:
        instance = tmp_path / "instance"
        server = start_live_server(instance, url)
        try:
            log = server.log()
            assert "Đã nạp dữ liệu mẫu" in log and "chutich" in log and "phonghop2026" in log
            settings = json.loads((instance / "s3-server.json").read_text())
            # the demo documents are objects in the S3 server, not files beside the app
            s3 = Minio(f"127.0.0.1:{settings['s3_port']}", settings["access_key"], settings["secret_key"], secure=False)
            everything = [o.object_name for o in s3.list_objects("phonghop", recursive=True)]
            # the demo CA (certificate, encrypted key) under pki/; documents, page images and signed
            # minutes under meetings/
            assert {k for k in everything if k.startswith("pki/")} == {"pki/demo-ca.pem", "pki/demo-ca-key.enc"}
            everything = [k for k in everything if not k.startswith("pki/")]
            keys = [k for k in everything if k.endswith(".pdf")]
            thumbs = [k for k in everything if k.endswith(".jpg")]  # page images beside each PDF
            assert len(keys) >= 4 and all(k.startswith("meetings/") for k in everything)
            assert len(thumbs) + len(keys) == len(everything) and len(thumbs) >= len(keys)
            head = s3.get_object("phonghop", keys[0]).read(5)
            assert head == b"%PDF-"
            assert not list(instance.glob("**/*.pdf"))
            # weed mini listens on loopback only and anonymous access is refused
            http = urllib3.PoolManager()
            assert http.request("GET", f"http://127.0.0.1:{settings['s3_port']}/phonghop/{keys[0]}").status == 403
            assert "Using worker: gevent" in log  # the production server, not a dev server
        finally:
            code = server.stop()
        assert code == 0
        assert not _port_open(settings["s3_port"]), "Ctrl-C must stop the S3 server too"

        again = start_live_server(instance, url)
        try:
            assert "Dữ liệu mẫu đã có" in again.log()
            users = again.flask("users", "list").stdout
            logins = [line.split()[0] for line in users.splitlines()[1:]]
            assert logins.count("chutich") == 1 and len(logins) == len(set(logins))
            assert {"chutich", "thuky", "uyvien1", "uyvien2", "luutru", "admin", "ngoai"} <= set(logins)
            s3 = Minio(f"127.0.0.1:{settings['s3_port']}", settings["access_key"], settings["secret_key"], secure=False)
            assert sorted(
                o.object_name
                for o in s3.list_objects("phonghop", recursive=True)
                if not o.object_name.startswith("pki/")
            ) == sorted(everything)
        finally:
            again.stop()
