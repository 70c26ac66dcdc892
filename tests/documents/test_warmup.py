"""The server entry point imports the lazily imported document libraries before serving."""

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
