"""The Times-like Unicode serif the minutes are set in, as Decree 30/2020 asks: Liberation Serif
(Debian ``fonts-liberation2``), else Noto Serif (``fonts-noto-core``), in four styles."""

from __future__ import annotations

from pathlib import Path

FONT_CANDIDATES = (
    (
        Path("/usr/share/fonts/truetype/liberation2"),
        {
            "": "LiberationSerif-Regular.ttf",
            "B": "LiberationSerif-Bold.ttf",
            "I": "LiberationSerif-Italic.ttf",
            "BI": "LiberationSerif-BoldItalic.ttf",
        },
    ),
    (
        Path("/usr/share/fonts/truetype/noto"),
        {
            "": "NotoSerif-Regular.ttf",
            "B": "NotoSerif-Bold.ttf",
            "I": "NotoSerif-Italic.ttf",
            "BI": "NotoSerif-BoldItalic.ttf",
        },
    ),
)


class MinutesFontMissing(RuntimeError):
    pass


def font_files() -> dict[str, Path]:
    for directory, files in FONT_CANDIDATES:
        paths = {style: directory / name for style, name in files.items()}
        if all(p.is_file() for p in paths.values()):
            return paths
    raise MinutesFontMissing(
        "Thiếu phông chữ Liberation Serif hoặc Noto Serif: cài gói Debian fonts-liberation2 hoặc fonts-noto-core."
    )
