"""A User-Agent header as a person reads it: "Safari trên iPad", "Cốc Cốc trên Windows", "curl".

The access log keeps the whole header; the archivist's page shows this short form (the whole header
in the cell's tooltip) instead of "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36…", which says
nothing to a văn thư and squeezed the other columns on a tablet."""

from __future__ import annotations

import re

from flask_babel import gettext as _

# (token in the header, name shown): the first match wins, so the browsers that also announce
# "Chrome" or "Safari" (Cốc Cốc, Edge, Opera, Samsung Internet, Chrome on iOS) come first
BROWSERS = (
    ("coc_coc_browser", "Cốc Cốc"),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("CriOS", "Chrome"),
    ("FxiOS", "Firefox"),
    ("Firefox", "Firefox"),
    ("Chromium", "Chromium"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
# (pattern, system shown): iPadOS in desktop mode announces a Mac; it cannot be told apart here
SYSTEMS = (
    (r"iPad", "iPad"),
    (r"iPhone", "iPhone"),
    (r"Android(?!.*Mobile)", "Android tablet"),  # translated below
    (r"Android", "Android"),
    (r"CrOS", "ChromeOS"),
    (r"Windows", "Windows"),
    (r"Macintosh|Mac OS X", "macOS"),
    (r"Linux|X11", "Linux"),
)
_PRODUCT = re.compile(r"^([A-Za-z][\w.\-]*)")


def describe(user_agent: str | None) -> str:
    """The browser and system a User-Agent header names, or the program's name (an API client)."""
    header = (user_agent or "").strip()
    if not header:
        return _("Không rõ")
    if not header.startswith("Mozilla/"):
        product = _PRODUCT.match(header)  # "curl/8.5.0", "python-requests/2.32" → "curl", "python-requests"
        return product.group(1) if product else header[:40]
    browser = next((name for token, name in BROWSERS if re.search(rf"(?:\b|Headless){token}/", header)), "")
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, header)), "")
    if system == "Android tablet":
        system = _("máy tính bảng Android")
    if browser and system:
        return _("%(browser)s trên %(system)s", browser=browser, system=system)
    return browser or system or _("Trình duyệt khác")
