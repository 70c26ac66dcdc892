"""English is the second language: every string the code marks for translation has an English
text in the catalog, and the catalog compiles (checked by extracting the strings afresh)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

CATALOG = PROJECT_ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_every_marked_string_has_an_english_text(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")  # the same command as `make translations-update`
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "notice",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        timeout=300,
    )
    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with CATALOG.open("rb") as f:
        english = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(f) if m.id}
    missing = sorted(i for i in wanted if i not in english or not _translated(english[i]))
    assert not missing, f"{len(missing)} strings without English (run `make translations-update`): {missing[:10]}"
    assert len(wanted) > 500  # the extraction really read the code and templates
