"""weed mini's admin server must get a real free port: with -admin.port=0 and port 10000 taken
(another weed on the machine), weed exits fatally about two minutes after starting."""

from documents.embedded_s3 import GRPC_OFFSET, EmbeddedS3Server, _port_free, load_or_create_settings


def test_admin_server_gets_a_free_port_and_grpc_companion(tmp_path):
    command = EmbeddedS3Server(load_or_create_settings(tmp_path)).command()
    admin = [arg for arg in command if arg.startswith("-admin.port=")]
    assert len(admin) == 1
    port = int(admin[0].split("=", 1)[1])
    assert port > 0 and _port_free(port) and _port_free(port + GRPC_OFFSET)
    assert "-admin.ui=false" in command
