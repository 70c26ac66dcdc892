"""An archive of 10,000 closed meetings for the search bench, inserted in bulk through the models'
tables (one executemany per table, no per-row ORM work): five bodies, 60 people, each meeting
with eight members, three agenda items and two documents (a few KB of extracted text each), and
the search entries the indexer would have written (``fold`` of the same text, as
``meetings.archive.search_index.index_source`` does). On SQLite the FTS5 triggers fill the
full-text table; on PostgreSQL the GIN index is built by the migration."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa

from app.extensions import db
from documents.textfold import display_text, fold

BODIES = ["UBND xã Mỹ Thọ", "UBND xã Mỹ Hiệp", "UBND phường Cao Lãnh", "UBND huyện Cao Lãnh", "UBND tỉnh Đồng Tháp"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn Bình", "Thị Đào", "Minh Tuấn", "Thị Hạnh", "Quốc Việt", "Thanh Hương", "Hữu Lộc", "Ngọc Ánh"]
POSITIONS = ["Chủ tịch", "Phó Chủ tịch", "Ủy viên", "Trưởng phòng Tài chính", "Trưởng Công an", "Chỉ huy trưởng"]
TOPICS = [
    "giải phóng mặt bằng",
    "quy hoạch sử dụng đất",
    "đất đai",
    "ngân sách xã",
    "nông thôn mới",
    "thủy lợi nội đồng",
    "phòng chống dịch bệnh",
    "xây dựng trường học",
    "vùng trồng xoài",
    "lúa chất lượng cao",
    "chuyển đổi số",
    "an ninh trật tự",
    "cải cách hành chính",
    "bảo trợ xã hội",
    "đường giao thông nông thôn",
    "sạt lở bờ sông Tiền",
]
VERBS = ["thông qua", "xem xét", "cho ý kiến về", "báo cáo", "đánh giá", "triển khai", "điều chỉnh", "phê duyệt"]
FILLER = (
    "Ủy ban nhân dân thống nhất giao các phòng, ban chuyên môn phối hợp thực hiện, báo cáo kết quả "
    "trước ngày 15 hằng tháng; kinh phí từ nguồn ngân sách được giao, bảo đảm đúng quy định của pháp luật."
)
START = datetime(2015, 1, 5, 0, 30, tzinfo=UTC)


def _sentence(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    return f"Đề nghị {rng.choice(VERBS)} kế hoạch {topic} năm {rng.randint(2015, 2026)} tại ấp {rng.randint(1, 9)}."


def _text(rng: random.Random, sentences: int) -> list[str]:
    return [_sentence(rng) if i % 3 else FILLER for i in range(sentences)]


@cache
def _fold_sentence(sentence: str) -> str:
    return fold(sentence)


def _folded(parts: list[str]) -> str:
    """``fold(" ".join(parts))``, each distinct sentence folded once (the texts share most)."""
    return " ".join(_fold_sentence(p) for p in parts)


def seed_archive(meetings: int = 10_000, seed: int = 11) -> dict:
    """Insert the archive; returns counts and the ids the queries need (a member, a body)."""
    from app.models import Body, User
    from app.models.body import guess_level
    from documents.models import Document
    from meetings.models import AgendaItem, Meeting, MeetingMember, SearchEntry

    rng = random.Random(seed)
    now = datetime.now(UTC)
    session = db.session
    session.execute(sa.insert(Body), [{"name": name, "level": guess_level(name)} for name in BODIES])
    body_ids = list(session.scalars(sa.select(Body.id).order_by(Body.id)))
    password_hash = "pbkdf2:sha256:1$bench$" + "0" * 64  # no one logs in as these people
    people = [
        {
            "login": f"nguoi{i}",
            "full_name": f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 8]} {i}",
            "position": POSITIONS[i % len(POSITIONS)],
            "password_hash": password_hash,
            "system_role": "member",
        }
        for i in range(60)
    ]
    people.append(
        {"login": "luutru", "full_name": "Lê Thị Lưu", "password_hash": password_hash, "system_role": "archivist"}
    )
    session.execute(sa.insert(User), people)
    users = {
        row.login: (row.id, row.full_name, row.position)
        for row in session.execute(sa.select(User.id, User.login, User.full_name, User.position))
    }
    member_ids = [users[f"nguoi{i}"] for i in range(60)]

    meeting_rows, members, items, documents, entries = [], [], [], [], []
    for m in range(1, meetings + 1):
        held = START + timedelta(hours=7 * m + rng.randint(0, 5))
        body_id = body_ids[m % len(body_ids)]
        kind = rng.choice(["regular", "thematic", "special"])
        title = f"Phiên họp {'thường kỳ' if kind == 'regular' else 'chuyên đề'} tháng {held.month}/{held.year} số {m}"
        place = f"Phòng họp số {m % 3 + 1}, Trụ sở {BODIES[m % len(BODIES)]}"
        meeting_rows.append(
            {
                "id": m,
                "title": title,
                "body_id": body_id,
                "kind": kind,
                "state": "closed",
                "starts_at": held,
                "ends_at": held + timedelta(hours=3),
                "started_at": held + timedelta(minutes=5),
                "ended_at": held + timedelta(hours=3),
                "published_at": held - timedelta(days=7),
                "place": place,
                "created_at": held - timedelta(days=10),
            }
        )
        seated = rng.sample(member_ids, 8)
        roles = ["chair", "secretary"] + ["member"] * 6
        members += [{"meeting_id": m, "user_id": u[0], "role": r} for u, r in zip(seated, roles, strict=True)]
        people_text = "; ".join(f"{u[1]} ({u[2]})" for u in seated)
        entries.append(_entry("meeting", m, m, title, f"{BODIES[m % len(BODIES)]} · {place} · {people_text}"))
        for p in range(3):
            item_id = (m - 1) * 3 + p + 1
            item_title = f"{rng.choice(VERBS).capitalize()} {rng.choice(TOPICS)}"
            parts = _text(rng, 3)
            description = " ".join(parts)
            items.append(
                {"id": item_id, "meeting_id": m, "position": p, "title": item_title, "description": description}
            )
            entries.append(_entry("agenda", item_id, m, item_title, description, _folded(parts)))
        for d in range(2):
            doc_id = (m - 1) * 2 + d + 1
            doc_title = f"Tờ trình về {rng.choice(TOPICS)} số {doc_id}/TTr-UBND"
            parts = _text(rng, 24)
            text = " ".join(parts)
            documents.append(
                {
                    "id": doc_id,
                    "meeting_id": m,
                    "title": doc_title,
                    "filename": f"to-trinh-{doc_id}.pdf",
                    "object_key": f"bench/meetings/{m}/{doc_id}.pdf",
                    "size": 200_000,
                    "sha256": hashlib.sha256(str(doc_id).encode()).hexdigest(),
                    "page_count": 6,
                    "text": text,
                    "created_at": held - timedelta(days=5),
                }
            )
            entries.append(_entry("document", doc_id, m, doc_title, text, _folded(parts)))
    for table, rows in (
        (Meeting, meeting_rows),
        (MeetingMember, members),
        (AgendaItem, items),
        (Document, documents),
        (SearchEntry, [dict(e, indexed_at=now) for e in entries]),
    ):
        for start in range(0, len(rows), 5000):
            session.execute(sa.insert(table), rows[start : start + 5000])
    session.commit()
    return {
        "meetings": meetings,
        "agenda_items": len(items),
        "documents": len(documents),
        "search_entries": len(entries),
        "document_text_mb": sum(len(d["text"].encode()) for d in documents) / 1e6,
        "member_id": member_ids[7][0],
        "body_id": body_ids[0],
        "archivist_id": users["luutru"][0],
    }


def _entry(source: str, source_id: int, meeting_id: int, title: str, text: str, folded: str = "") -> dict:
    title, text = display_text(title)[:500], display_text(text)
    if not folded or source_id == 1:
        folded = fold(text) if not folded else folded
        assert folded == fold(text), "the bench's folding must be the indexer's"
    return {
        "source": source,
        "source_id": source_id,
        "meeting_id": meeting_id,
        "title": title,
        "text": text,
        "folded_title": fold(title)[:500],
        "folded_text": folded,
    }
