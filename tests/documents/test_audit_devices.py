"""The access log names the device as a person reads it ("Safari trên iPad", "Cốc Cốc trên Windows",
"curl"), the whole User-Agent header kept in the cell's tooltip; it used to print the header's first
60 characters, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36…", for every row."""

import pytest

from app.models import SystemRole
from app.useragent import describe
from tests.conftest import login
from tests.support.factories import create_document, create_meeting, create_user

IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
COC_COC = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/136.0.178 Chrome/130.0.0.0 Safari/537.36"
)
ANDROID_TABLET = (
    "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
ANDROID_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36"
)
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0"


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        (IPAD, "Safari trên iPad"),
        (COC_COC, "Cốc Cốc trên Windows"),
        (ANDROID_TABLET, "Chrome trên máy tính bảng Android"),
        (ANDROID_PHONE, "Chrome trên Android"),
        (EDGE, "Edge trên Windows"),
        (HEADLESS, "Chrome trên Linux"),
        (FIREFOX_MAC, "Firefox trên macOS"),
        ("curl/8.5.0", "curl"),
        ("python-requests/2.32.3", "python-requests"),
        ("", "Không rõ"),
        (None, "Không rõ"),
    ],
)
def test_a_header_reads_as_browser_and_system(app, header, shown):
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        assert describe(header) == shown


def test_english_names_the_system_in_english(app):
    with app.test_request_context("/?lang=en", headers={"Accept-Language": "en"}):
        from flask_babel import refresh

        refresh()
        assert describe(ANDROID_TABLET) == "Chrome on Android tablet"
        assert describe("") == "Unknown"


def test_the_access_log_shows_the_device_and_keeps_the_header(app, store):
    secretary, member = create_user(full_name="Lê Hoàng Nam"), create_user(full_name="Võ Thị Hoa")
    meeting = create_meeting({secretary: "secretary", member: "member"}, title="Phiên họp tháng Mười Hai")
    document = create_document(meeting, secretary, pages=1, title="Báo cáo quý IV")
    reader = app.test_client()
    reader.environ_base["HTTP_USER_AGENT"] = IPAD  # the session is bound to the browser that signed in
    login(reader, member)
    assert reader.get(f"/documents/{document.id}/download").status_code == 200

    archivist = app.test_client()
    login(archivist, create_user(role=SystemRole.archivist))
    html = archivist.get(f"/audit?meeting_id={meeting.id}&action=download").get_data(as_text=True)
    assert html.count('class="audit-row"') == 1
    assert f'title="{IPAD}">Safari trên iPad</td>' in html
    assert "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15…" not in html
