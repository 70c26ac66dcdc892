"""The demo documents' tables, computed from their figures so that totals and ratios always agree."""
from __future__ import annotations

from datetime import date, timedelta

from documents.demo_pdfs.period import short_date, working_days_from
from documents.official_layout import Column, Table, vn_dec, vn_int, vn_percent


def dossier_results_table(quarter: str) -> Table:
    """Dossiers received and settled in the quarter ('quý III năm 2026'): Cao Lãnh's Q1 2020 figures, detailed."""
    # level, settled before the deadline, on the deadline, late, still within their deadline
    levels = (("Cấp huyện", 6_658, 10_657, 0, 527), ("Cấp xã", 1_650, 17_262, 0, 152))
    rows, totals = [], [0, 0, 0, 0, 0, 0]
    for name, early, on_time, late, pending in levels:
        settled = early + on_time + late
        figures = (settled + pending, settled, early, on_time, late, pending)
        totals = [t + f for t, f in zip(totals, figures)]
        rows.append((name, *map(vn_int, figures), vn_percent(early + on_time, settled)))
    rows.append(("Tổng cộng", *map(vn_int, totals), vn_percent(totals[2] + totals[3], totals[1])))
    return Table(
        columns=(Column("Cấp giải quyết", 20), Column("Tiếp nhận", 14, "R"), Column("Đã giải quyết", 15, "R"),
                 Column("Trước hạn", 13, "R"), Column("Đúng hạn", 13, "R"), Column("Trễ hạn", 10, "R"),
                 Column("Đang giải quyết", 15, "R"), Column("Đúng và trước hạn (%)", 15, "R")),
        rows=tuple(rows),
        caption=f"Bảng 1. Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính {quarter}",
        unit="Đơn vị tính: hồ sơ",
        bold_rows=frozenset({len(rows) - 1}),
    )


def public_services_table(quarter: str) -> Table:
    services = (
        ("Tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích", 1_486, "Phối hợp Bưu điện huyện"),
        ("Hẹn giờ hướng dẫn và trả kết quả tại nhà theo yêu cầu", 11, "Mô hình của huyện"),
        ("Dịch vụ công trực tuyến mức độ 3", 484, "Cổng dịch vụ công của Tỉnh"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Dịch vụ hành chính công", 52), Column("Số hồ sơ", 15, "R"),
                 Column("Ghi chú", 30)),
        rows=tuple((str(i), name, vn_int(count), note) for i, (name, count, note) in enumerate(services, 1)),
        caption=f"Bảng 2. Kết quả cung cấp dịch vụ hành chính công {quarter}",
    )


def land_use_table(year: int) -> Table:
    """Land use counted in ``year`` by the national land codes; shares computed from the areas."""
    groups = (
        ("1", "Đất nông nghiệp", "NNP", (
            ("1.1", "Đất trồng lúa", "LUA", 27_415.36),
            ("1.2", "Đất trồng cây lâu năm", "CLN", 10_218.74),
            ("1.3", "Đất nuôi trồng thủy sản", "NTS", 1_084.19),
            ("1.4", "Đất nông nghiệp còn lại", "NKH", 1_152.23),
        )),
        ("2", "Đất phi nông nghiệp", "PNN", (
            ("2.1", "Đất ở tại nông thôn và đô thị", "OTC", 2_164.85),
            ("2.2", "Đất phát triển hạ tầng", "DHT", 3_872.40),
            ("2.3", "Đất sông, ngòi, kênh, rạch, suối", "SON", 2_731.62),
            ("2.4", "Đất phi nông nghiệp còn lại", "PNK", 467.27),
        )),
        ("3", "Đất chưa sử dụng", "CSD", (("3.1", "Đất bằng chưa sử dụng", "BCS", 5.81),)),
    )
    total = sum(area for *_, parts in groups for *_, area in parts)
    rows, bold = [], set()
    for number, name, code, parts in groups:
        group_area = sum(area for *_, area in parts)
        bold.add(len(rows))
        rows.append((number, name, code, vn_dec(group_area), vn_percent(group_area, total)))
        rows.extend((n, p, c, vn_dec(a), vn_percent(a, total)) for n, p, c, a in parts)
    bold.add(len(rows))
    rows.append(("", "Tổng diện tích tự nhiên", "", vn_dec(total), "100,00"))
    return Table(
        columns=(Column("STT", 9, "C"), Column("Loại đất", 48), Column("Mã", 10, "C"),
                 Column("Diện tích (ha)", 18, "R"), Column("Cơ cấu (%)", 15, "R")),
        rows=tuple(rows),
        caption=f"Bảng 1. Hiện trạng sử dụng đất năm {year}",
        bold_rows=frozenset(bold),
    )


def land_conversion_table(year: int) -> Table:
    targets = (
        ("1", "Đất nông nghiệp chuyển sang đất phi nông nghiệp", 86.45),
        ("", "Trong đó: đất trồng lúa", 52.30),
        ("2", "Chuyển đổi cơ cấu cây trồng trên đất trồng lúa sang cây lâu năm", 312.40),
        ("3", "Đất phi nông nghiệp không phải đất ở chuyển sang đất ở", 4.15),
        ("4", "Đất thu hồi để thực hiện công trình, dự án", 38.92),
    )
    return Table(
        columns=(Column("STT", 9, "C"), Column("Chỉ tiêu", 70), Column("Diện tích (ha)", 21, "R")),
        rows=tuple((n, name, vn_dec(area)) for n, name, area in targets),
        caption=f"Bảng 2. Chỉ tiêu chuyển mục đích sử dụng đất năm {year}",
    )


def pilot_communes_table(days: tuple[date, date, date]) -> Table:
    first, second, third = map(short_date, days)
    handovers = (
        ("Ba Sao", first), ("Nhị Mỹ", first), ("Tân Hội Trung", second),
        ("Bình Hàng Tây", second), ("Bình Hàng Trung", third),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Ủy ban nhân dân xã", 28), Column("Điểm Bưu điện văn hóa xã", 40),
                 Column("Thời điểm chuyển giao", 24, "C")),
        rows=tuple((str(i), commune, f"Bưu điện văn hóa xã {commune}", when)
                   for i, (commune, when) in enumerate(handovers, 1)),
        caption="Bảng 1. Địa bàn và thời điểm chuyển giao",
    )


def pilot_tasks_table(meeting_day: date, handovers: tuple[date, date, date]) -> Table:
    """Deadlines between the meeting and the first hand-over; the review six months after it."""
    listed = working_days_from(meeting_day, 5)
    agreed = handovers[0] - timedelta(days=1)
    review = handovers[0] + timedelta(days=183)
    tasks = (
        ("Rà soát, trình phê duyệt danh mục thủ tục hành chính chuyển giao", "Phòng Nội vụ",
         f"Trước {short_date(listed)}"),
        ("Ký thỏa thuận phối hợp giữa Ủy ban nhân dân xã và Bưu điện huyện", "UBND 05 xã",
         f"Trước {short_date(agreed)}"),
        ("Tập huấn nghiệp vụ cho nhân viên Bưu điện văn hóa xã", "Phòng Nội vụ, Bưu điện huyện",
         f"Tháng {agreed.month}/{agreed.year}"),
        ("Tuyên truyền trên Đài Truyền thanh huyện và hệ thống loa các ấp", "Phòng Văn hóa và Thông tin",
         "Thường xuyên"),
        ("Sơ kết, đánh giá kết quả thực hiện giai đoạn 3", "Phòng Nội vụ", f"Tháng {review.month}/{review.year}"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Nội dung công việc", 50), Column("Đơn vị chủ trì", 25),
                 Column("Thời gian", 17, "C")),
        rows=tuple((str(i), *task) for i, task in enumerate(tasks, 1)),
        caption="Bảng 2. Phân công thực hiện",
    )


def paperless_targets_table(quarter: str, year: int) -> Table:
    """What the reported quarter ('Quý III/2026') achieved, and the targets of the plan's ``year``."""
    targets = (
        ("Phiên họp UBND huyện tổ chức không giấy tờ qua e-Cabinet", "3/3 phiên", "100%"),
        ("Tài liệu họp đưa lên hệ thống trước phiên họp ít nhất 03 ngày làm việc", "85%", "100%"),
        ("Hồ sơ dịch vụ công trực tuyến mức độ 3", "484 hồ sơ", "2.500 hồ sơ"),
        ("Văn bản đi được ký số, gửi nhận điện tử (trừ văn bản mật)", "95%", "100%"),
        ("Xã, thị trấn tổ chức họp không giấy tờ", "0/18", "18/18"),
    )
    return Table(
        columns=(Column("STT", 8, "C"), Column("Chỉ tiêu", 56), Column(quarter, 18, "C"),
                 Column(f"Mục tiêu năm {year}", 18, "C")),
        rows=tuple((str(i), *row) for i, row in enumerate(targets, 1)),
        caption=f"Bảng 1. Chỉ tiêu ứng dụng công nghệ thông tin năm {year}",
    )


def paperless_budget_table(year: int) -> tuple[Table, int]:
    items = (
        ("Máy tính bảng cho thành viên UBND huyện, lãnh đạo các phòng, ban", "Cái", 30, 9_500_000),
        ("Nâng cấp mạng không dây Phòng họp số 1", "Gói", 1, 46_000_000),
        ("Tập huấn sử dụng hệ thống cho thành viên và thư ký", "Lớp", 2, 12_500_000),
        ("Tuyên truyền dịch vụ công trực tuyến", "Gói", 1, 18_000_000),
    )
    rows = [(str(i), name, unit, vn_int(qty), vn_int(price), vn_int(qty * price))
            for i, (name, unit, qty, price) in enumerate(items, 1)]
    total = sum(qty * price for *_, qty, price in items)
    rows.append(("", "Tổng cộng", "", "", "", vn_int(total)))
    table = Table(
        columns=(Column("STT", 7, "C"), Column("Nội dung", 41), Column("ĐVT", 9, "C"), Column("Số lượng", 11, "R"),
                 Column("Đơn giá", 15, "R"), Column("Thành tiền", 17, "R")),
        rows=tuple(rows),
        caption=f"Bảng 1. Dự toán kinh phí bổ sung năm {year}",
        unit="Đơn vị tính: đồng",
        bold_rows=frozenset({len(rows) - 1}),
    )
    return table, total


def economy_q1_table() -> Table:
    # indicator, unit, estimated Q1 2020, same period of 2019, decimals
    indicators = (
        ("Diện tích lúa Đông Xuân xuống giống", "ha", 23_480, 23_415, 0),
        ("Năng suất lúa Đông Xuân bình quân", "tấn/ha", 7.60, 7.45, 2),
        ("Giá trị sản xuất công nghiệp – TTCN", "tỷ đồng", 612, 573, 0),
        ("Thu ngân sách nhà nước trên địa bàn", "triệu đồng", 48_620, 45_310, 0),
        ("Chi ngân sách địa phương", "triệu đồng", 112_480, 104_920, 0),
    )
    rows = tuple(
        (str(i), name, unit, vn_dec(now, places) if places else vn_int(now),
         vn_dec(before, places) if places else vn_int(before), vn_percent(now, before))
        for i, (name, unit, now, before, places) in enumerate(indicators, 1)
    )
    return Table(
        columns=(Column("STT", 7, "C"), Column("Chỉ tiêu", 40), Column("ĐVT", 14, "C"),
                 Column("Ước quý I/2020", 14, "R"), Column("Cùng kỳ 2019", 13, "R"), Column("So sánh (%)", 12, "R")),
        rows=rows,
        caption="Bảng 1. Một số chỉ tiêu chủ yếu quý I năm 2020",
    )


def inspection_schedule_table() -> Table:
    schedule = (
        ("Phòng Tài nguyên và Môi trường", "Tháng 4/2020"),
        ("Phòng Lao động – Thương binh và Xã hội", "Tháng 5/2020"),
        ("Ủy ban nhân dân xã Ba Sao", "Tháng 6/2020"),
        ("Ủy ban nhân dân xã Nhị Mỹ", "Tháng 7/2020"),
        ("Ủy ban nhân dân xã Tân Hội Trung", "Tháng 8/2020"),
        ("Ủy ban nhân dân xã Bình Hàng Tây", "Tháng 9/2020"),
        ("Ủy ban nhân dân xã Bình Hàng Trung", "Tháng 10/2020"),
        ("Ủy ban nhân dân thị trấn Mỹ Thọ", "Tháng 10/2020"),
    )
    return Table(
        columns=(Column("STT", 10, "C"), Column("Cơ quan, đơn vị được kiểm tra", 62), Column("Thời gian", 28, "C")),
        rows=tuple((str(i), unit, when) for i, (unit, when) in enumerate(schedule, 1)),
        caption="Bảng 1. Lịch kiểm tra theo kế hoạch",
    )
