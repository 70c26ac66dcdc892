"""The server entry point imports the lazily imported document libraries before serving."""

import os
import subprocess
import sys


def test_the_wsgi_module_imports_the_lazy_libraries_before_serving():
    probe = (
        "import sys, wsgi; from documents.warmup import LAZY_LIBRARIES; "
        "missing = [n for n in LAZY_LIBRARIES if n not in sys.modules]; print(missing)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    # and nothing else imports them first: without the warm-up a bare app leaves some of them out
    bare = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app import create_app; create_app(); print('pypdfium2' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert bare.stdout.strip().splitlines()[-1] == "False"


def test_flask_commands_do_not_pay_for_the_warm_up():
    """A `flask --app wsgi …` command serves nothing: it imports only what it uses (seconds of CPU
    per command otherwise — the bench and the operators run many)."""
    probe = "import sys, wsgi; print('pypdfium2' in sys.modules, 'pyhanko.sign.signers' in sys.modules)"
    env = {**os.environ, "FLASK_RUN_FROM_CLI": "true"}  # what Flask's command line sets
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "False False"
