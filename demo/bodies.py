"""The demo's bodies under the two-level local government (since 1 July 2025): the province of
Đồng Tháp (merged with Tiền Giang, Resolution 1663/NQ-UBTVQH15 of 16 June 2025) and some of its
102 commune-level People's Committees, and the former UBND huyện Cao Lãnh, dissolved on 30 June
2025, whose March 2020 meeting stays in the archive.

Successor of the district: UBND tỉnh Đồng Tháp. The district's territory went to several new
communes (Mỹ Thọ, Ba Sao, Mỹ Hiệp, Bình Hàng Trung …), none of which alone continues it, while its
records — minutes, decisions, the archive this product keeps — pass to the province, which keeps
the records of the dissolved district-level bodies (its historical archive). So the province is the
body an archivist follows from the district's records."""

from __future__ import annotations

from datetime import date

from app.extensions import db
from app.models import Body, BodyLevel, BodyMember, BodyOffice, User
from app.models.body import DISTRICTS_DISSOLVED_ON
from demo.people import PAST_LOGINS

PROVINCE = "UBND tỉnh Đồng Tháp"
DISTRICT = "UBND huyện Cao Lãnh"
COMMUNES = ("UBND xã Mỹ Thọ", "UBND phường Cao Lãnh", "UBND xã Ba Sao", "UBND xã Bình Hàng Trung", "UBND xã Mỹ Hiệp")
COMMUNE = "UBND xã Mỹ Thọ"  # the body of the upcoming and the draft meetings
# The district's People's Committee of the 2016–2021 term, as it met in March 2020: their own
# historical accounts (demo/people.py ``HISTORICAL_USERS``).
DISTRICT_MEMBERS = {
    PAST_LOGINS["chutich"]: BodyOffice.chairman,
    PAST_LOGINS["phochutich1"]: BodyOffice.vice_chairman,
    PAST_LOGINS["phochutich2"]: BodyOffice.vice_chairman,
    PAST_LOGINS["uyvien1"]: BodyOffice.member,
    PAST_LOGINS["uyvien2"]: BodyOffice.member,
    PAST_LOGINS["uyvien3"]: BodyOffice.member,
}
TERM_START = date(2016, 7, 1)
# UBND xã Mỹ Thọ in 2026, in office since the new commune began on 1 July 2025 (demo/people.py).
COMMUNE_MEMBERS = {
    "chutich": BodyOffice.chairman,
    "phochutich1": BodyOffice.vice_chairman,
    "phochutich2": BodyOffice.vice_chairman,
    "uyvien1": BodyOffice.member,
    "uyvien2": BodyOffice.member,
    "uyvien3": BodyOffice.member,
    "uyvien4": BodyOffice.member,
    "uyvien5": BodyOffice.member,
}
COMMUNE_TERM_START = date(2025, 7, 1)


def seed_bodies(users: dict[str, User]) -> dict[str, Body]:
    """The province, its communes (xã Mỹ Thọ with its 2026 members), and the dissolved district with
    its members of the 2020 term."""
    province = Body(name=PROVINCE, short_code="DT", level=BodyLevel.province)
    bodies = {PROVINCE: province}
    for n, name in enumerate(COMMUNES, 1):
        bodies[name] = Body(name=name, short_code=f"DT-X{n:02d}", level=BodyLevel.commune, parent=province)
    district = Body(
        name=DISTRICT,
        short_code="DT-HCL",
        level=BodyLevel.district,
        parent=province,
        dissolved_on=DISTRICTS_DISSOLVED_ON,
        successor=province,
    )
    bodies[DISTRICT] = district
    for login, office in DISTRICT_MEMBERS.items():
        district.members.append(
            BodyMember(user=users[login], office=office, starts_on=TERM_START, ends_on=DISTRICTS_DISSOLVED_ON)
        )
    for login, office in COMMUNE_MEMBERS.items():
        bodies[COMMUNE].members.append(BodyMember(user=users[login], office=office, starts_on=COMMUNE_TERM_START))
    db.session.add_all(bodies.values())
    db.session.flush()
    return bodies
