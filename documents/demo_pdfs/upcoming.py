"""The documents of the upcoming regular meeting, written for the period just before it.

Each function takes the :class:`~documents.demo_pdfs.period.Period` of the meeting: the report
covers the last completed quarter, the plans are for ``period.plan_year``, every document is dated
some working days before the meeting. The figures (those of Cao Lãnh's first quarter of 2020, zero
overdue dossiers) stay the same whatever the period; legal citations keep their real dates.
"""
from __future__ import annotations

from documents.demo_pdfs.officials import (
    DISTRICT_ISSUER,
    DISTRICT_PARENT,
    HEAD_FINANCE_PLANNING,
    HEAD_NATURAL_RESOURCES,
    PILOT_COMMUNES,
    VICE_CHAIR_SOCIAL,
    bullets,
    chairman_signs,
    head_signs,
    vice_chair_signs,
)
from documents.demo_pdfs.tables import (
    dossier_results_table,
    land_conversion_table,
    land_use_table,
    paperless_budget_table,
    paperless_targets_table,
    pilot_communes_table,
    pilot_tasks_table,
    public_services_table,
)
from documents.demo_pdfs.period import Period
from documents.official_layout import DocumentSpec, Heading, Letterhead, Para, vn_int


def administrative_reform_report(period: Period) -> DocumentSpec:
    reported, ahead, year = period.reported, period.ahead, period.quarter_year
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số: 86/BC-UBND", period.issued(9)),
        kind="BÁO CÁO",
        subject=(f"Kết quả thực hiện công tác cải cách hành chính {reported}",
                 f"và phương hướng, nhiệm vụ {ahead}"),
        body=(
            Para(f"Thực hiện Kế hoạch cải cách hành chính năm {year} của Ủy ban nhân dân huyện và ý kiến kết luận "
                 "của Đoàn kiểm tra công tác cải cách hành chính Tỉnh, Ủy ban nhân dân huyện Cao Lãnh báo cáo kết "
                 f"quả thực hiện công tác cải cách hành chính {reported} như sau:"),
            Heading("I. KẾT QUẢ THỰC HIỆN"),
            Heading("1. Công tác chỉ đạo, điều hành", 2),
            Para(f"Trong quý, Ủy ban nhân dân huyện tiếp tục chỉ đạo thực hiện Kế hoạch cải cách hành chính năm "
                 f"{year}, Kế hoạch tuyên truyền cải cách hành chính và Kế hoạch kiểm tra công tác cải cách hành "
                 f"chính năm {year}; phân "
                 "công cụ thể nhiệm vụ, thời gian hoàn thành cho từng cơ quan, đơn vị, địa phương. Cải cách hành "
                 "chính được xác định là nhiệm vụ trọng tâm, được đưa vào nội dung các phiên họp thường kỳ của Ủy "
                 "ban nhân dân huyện."),
            Para(f"Qua kết quả kiểm tra công tác cải cách hành chính {reported} của Đoàn kiểm tra Tỉnh, Ủy ban "
                 "nhân dân huyện chỉ đạo Thủ trưởng các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện và Chủ "
                 "tịch Ủy ban nhân dân các xã, thị trấn thường xuyên quán triệt, nâng cao trách nhiệm của cán bộ, "
                 "công chức, viên chức trong thực hiện nhiệm vụ cải cách hành chính; khắc phục ngay những hạn chế "
                 "đã được Đoàn kiểm tra chỉ ra, đặc biệt trong giải quyết hồ sơ, thủ tục hành chính cho tổ chức, "
                 "công dân."),
            Para("Các cơ quan, đơn vị thực hiện nghiêm túc việc gửi thư xin lỗi đối với tổ chức, công dân khi phát "
                 "sinh hồ sơ trễ hạn, sai sót; chấn chỉnh lề lối, giờ giấc làm việc, kỷ luật, kỷ cương hành chính; "
                 "thực hiện tốt việc nêu gương của người đứng đầu trong thực thi công vụ và chịu trách nhiệm trước "
                 "Ủy ban nhân dân huyện về những hạn chế, sai sót trong công tác cải cách hành chính tại cơ quan, "
                 "đơn vị, địa phương mình."),
            Heading("2. Cải cách thể chế", 2),
            Para("Trong quý, Ủy ban nhân dân huyện tổ chức rà soát 14 văn bản quy phạm pháp luật do Hội đồng nhân "
                 "dân, Ủy ban nhân dân huyện ban hành còn hiệu lực; qua rà soát, kiến nghị bãi bỏ 02 văn bản không "
                 "còn phù hợp với quy định hiện hành. Công tác theo dõi tình hình thi hành pháp luật được thực hiện "
                 "thường xuyên."),
            Heading("3. Cải cách thủ tục hành chính", 2),
            Para("Ủy ban nhân dân huyện thường xuyên rà soát, kịp thời kiến nghị cấp có thẩm quyền sửa đổi, bổ sung "
                 "các thủ tục hành chính không cần thiết nhằm phục vụ tốt nhất cho người dân, doanh nghiệp; niêm yết "
                 "công khai đầy đủ 286 thủ tục hành chính cấp huyện và 112 thủ tục hành chính cấp xã tại Bộ phận "
                 "Tiếp nhận và Trả kết quả các cấp."),
            Para("Việc giải quyết thủ tục hành chính được thực hiện kịp thời, đúng quy định, không để phát sinh hồ "
                 "sơ trễ hẹn. Cụ thể, **cấp huyện tiếp nhận trên 17.800 hồ sơ**, trong đó giải quyết trước hạn trên "
                 "6.650 hồ sơ, không có hồ sơ trễ hạn; **cấp xã tiếp nhận hơn 19.000 hồ sơ**, trả kết quả trước hạn "
                 "1.650 hồ sơ, không có hồ sơ trễ hạn (chi tiết tại Bảng 1)."),
            dossier_results_table(reported),
            Para("Ủy ban nhân dân huyện phối hợp với Bưu điện huyện thực hiện tiếp nhận và trả kết quả thông qua "
                 "dịch vụ bưu chính công ích gần 1.500 hồ sơ; mô hình hẹn giờ hướng dẫn và trả kết quả tại nhà theo "
                 "yêu cầu của người dân được 11 hồ sơ; dịch vụ công trực tuyến mức độ 3 phát sinh 484 hồ sơ (chi "
                 "tiết tại Bảng 2)."),
            public_services_table(reported),
            Para("Phòng Nội vụ phối hợp với Bưu điện huyện xây dựng dự thảo Kế hoạch triển khai giai đoạn 3 (mở "
                 "rộng) Đề án thí điểm chuyển giao các nhiệm vụ, dịch vụ hành chính công sang Bưu điện văn hóa xã "
                 f"đối với Ủy ban nhân dân các xã: {PILOT_COMMUNES}; trình Ủy ban nhân dân huyện tại phiên họp "
                 "thường kỳ."),
            Heading("4. Cải cách tổ chức bộ máy hành chính nhà nước", 2),
            Para("Tiếp tục rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn, đơn vị sự nghiệp công lập thuộc "
                 "Ủy ban nhân dân huyện theo hướng tinh gọn, hoạt động hiệu lực, hiệu quả; thực hiện tinh giản biên "
                 "chế theo lộ trình đã được phê duyệt. Trong quý, giải quyết tinh giản biên chế 03 trường hợp; rà "
                 "soát, điều chỉnh đề án vị trí việc làm tại 05 đơn vị sự nghiệp công lập."),
            Heading("5. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", 2),
            Para("Thực hiện nghiêm quy định về văn hóa công vụ, quy tắc ứng xử của cán bộ, công chức, viên chức; "
                 "tăng cường kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính. Trong quý, tổ chức 04 "
                 "cuộc kiểm tra công vụ tại 02 phòng chuyên môn và 02 xã; qua kiểm tra đã nhắc nhở, chấn chỉnh 03 "
                 "trường hợp chưa chấp hành nghiêm giờ giấc làm việc."),
            Heading("6. Cải cách tài chính công", 2),
            Para("Các cơ quan, đơn vị tiếp tục thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và "
                 "kinh phí quản lý hành chính; 100% đơn vị sự nghiệp công lập đã xây dựng và thực hiện quy chế chi "
                 "tiêu nội bộ. Việc quản lý, sử dụng tài sản công được thực hiện đúng quy định."),
            Heading("7. Hiện đại hóa hành chính", 2),
            Para("Hệ thống quản lý văn bản và điều hành được sử dụng thống nhất từ huyện đến xã; tỷ lệ văn bản đi "
                 "được gửi, nhận dưới dạng điện tử có ký số đạt trên 95%, trừ văn bản mật theo quy định. Hệ thống "
                 "quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 được duy trì, áp dụng tại các cơ "
                 "quan hành chính."),
            Para("Ủy ban nhân dân huyện thực hiện sáng kiến trong triển khai công tác cải cách hành chính: **tổ chức "
                 "cuộc họp Ủy ban nhân dân huyện không giấy tờ thông qua ứng dụng phần mềm e-Cabinet**. Tài liệu "
                 "phiên họp được gửi trước cho thành viên trên máy tính bảng, góp phần giảm văn bản giấy trong phòng "
                 "họp, nâng cao hiệu quả tổ chức, điều hành, tiết kiệm thời gian và chi phí trong tổ chức phiên họp."),
            Heading("II. ĐÁNH GIÁ CHUNG"),
            Heading("1. Ưu điểm", 2),
            Para(f"Công tác cải cách hành chính {reported} được các cơ quan, đơn vị, địa phương quan tâm thực "
                 "hiện; tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng và trước hạn đạt 100%, không có hồ sơ trễ hạn "
                 "ở cả hai cấp. Các dịch vụ hành chính công mới bước đầu tạo thuận lợi cho tổ chức, công dân."),
            Heading("2. Hạn chế, nguyên nhân", 2),
            Para("Số hồ sơ phát sinh qua dịch vụ công trực tuyến mức độ 3 còn thấp so với tổng số hồ sơ tiếp nhận; "
                 "số hồ sơ thực hiện theo mô hình hẹn giờ trả kết quả tại nhà chưa nhiều. Một bộ phận người dân "
                 "còn thói quen nộp hồ sơ trực tiếp, chưa quen sử dụng dịch vụ trực tuyến; một số công chức cấp xã "
                 "chưa thành thạo kỹ năng hướng dẫn người dân sử dụng Cổng dịch vụ công."),
            Para("Việc kết nối giữa phần mềm một cửa điện tử của huyện và Cổng dịch vụ công của Tỉnh có lúc chưa "
                 "ổn định, làm chậm việc tiếp nhận hồ sơ trực tuyến; đặt ra yêu cầu phối hợp khắc phục kịp thời và "
                 "đẩy mạnh tiếp nhận hồ sơ qua dịch vụ bưu chính công ích."),
            Heading(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ {ahead.upper()}"),
            *bullets(
                "Tiếp tục quán triệt, thực hiện nghiêm các chỉ đạo của Tỉnh về cải cách hành chính; khắc phục triệt "
                "để những hạn chế qua kiểm tra của Đoàn kiểm tra cải cách hành chính Tỉnh.",
                "Tuyên truyền, vận động nâng cao tỷ lệ tổ chức, công dân sử dụng các dịch vụ hành chính công: dịch "
                "vụ bưu chính công ích, mô hình hẹn giờ hướng dẫn và trả kết quả tại nhà theo yêu cầu của người "
                "dân, dịch vụ công trực tuyến mức độ 3, mức độ 4.",
                "Giải quyết thủ tục hành chính kịp thời, đúng quy định, không để phát sinh hồ sơ trễ hạn; thực hiện "
                "nghiêm việc gửi thư xin lỗi khi có hồ sơ trễ hạn, sai sót.",
                "Nhân rộng việc tổ chức cuộc họp không giấy tờ thông qua phần mềm e-Cabinet đến các phòng, ban "
                "chuyên môn và Ủy ban nhân dân các xã, thị trấn.",
                "Triển khai Kế hoạch chuyển giao các nhiệm vụ, dịch vụ hành chính công sang Bưu điện văn hóa xã "
                "giai đoạn 3 (mở rộng) sau khi được Ủy ban nhân dân huyện thông qua.",
            ),
            Para(f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {reported} và phương hướng, "
                 f"nhiệm vụ {ahead} của Ủy ban nhân dân huyện Cao Lãnh./."),
        ),
        recipients=("- Sở Nội vụ (b/c);", "- TT/HU, TT/HĐND huyện (b/c);", "- CT, các PCT UBND huyện;",
                    "- Các phòng, ban chuyên môn huyện;", "- UBND các xã, thị trấn;", "- Lưu: VT, NV."),
        signature=vice_chair_signs(VICE_CHAIR_SOCIAL),
    )


def post_office_handover_plan_phase_3(period: Period) -> DocumentSpec:
    handovers = period.handover_days()
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số:        /KH-UBND", period.issued(7)),
        kind="KẾ HOẠCH",
        subject=("Triển khai Đề án thí điểm chuyển giao một số nhiệm vụ, dịch vụ hành chính công",
                 "sang Bưu điện văn hóa xã giai đoạn 3 (mở rộng) trên địa bàn huyện Cao Lãnh"),
        draft=True,
        body=(
            Para("Căn cứ Quyết định số 45/2016/QĐ-TTg ngày 19 tháng 10 năm 2016 của Thủ tướng Chính phủ về việc "
                 "tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích;"),
            Para("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một "
                 "cửa, một cửa liên thông trong giải quyết thủ tục hành chính;"),
            Para("Căn cứ Đề án thí điểm chuyển giao một số nhiệm vụ, dịch vụ hành chính công sang Bưu điện văn hóa "
                 "xã của Ủy ban nhân dân Tỉnh và kết quả thực hiện giai đoạn 1, giai đoạn 2 trên địa bàn huyện,"),
            Para("Ủy ban nhân dân huyện Cao Lãnh ban hành Kế hoạch triển khai giai đoạn 3 (mở rộng) như sau:"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Heading("1. Mục đích", 2),
            *bullets(
                "Chuyển giao một số nhiệm vụ hỗ trợ, dịch vụ hành chính công đang do công chức cấp xã đảm nhận sang "
                "nhân viên Bưu điện văn hóa xã thực hiện, giảm áp lực công việc cho Bộ phận Tiếp nhận và Trả kết "
                "quả cấp xã, tạo điều kiện để công chức tập trung vào công tác chuyên môn.",
                "Đưa dịch vụ hành chính công đến gần người dân hơn, giảm thời gian đi lại, chi phí giao dịch; góp "
                "phần nâng cao mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính "
                "nhà nước.",
                "Đánh giá kết quả các giai đoạn trước, rút kinh nghiệm để nhân rộng mô hình trên toàn huyện.",
            ),
            Heading("2. Yêu cầu", 2),
            *bullets(
                "Việc chuyển giao bảo đảm đúng quy định của pháp luật, không làm phát sinh thêm thủ tục, chi phí cho "
                "tổ chức, công dân; không để xảy ra hồ sơ trễ hạn do khâu trung gian.",
                "Phân công trách nhiệm cụ thể giữa Ủy ban nhân dân xã và Bưu điện huyện; nhân viên Bưu điện văn hóa "
                "xã được tập huấn nghiệp vụ trước khi nhận nhiệm vụ.",
            ),
            Heading("II. PHẠM VI, ĐỐI TƯỢNG"),
            Para(f"Giai đoạn 3 (mở rộng) được triển khai tại Ủy ban nhân dân 05 xã: {PILOT_COMMUNES} và các điểm "
                 "Bưu điện văn hóa xã tương ứng thuộc Bưu điện huyện Cao Lãnh (chi tiết tại Bảng 1)."),
            pilot_communes_table(handovers),
            Heading("III. NỘI DUNG CHUYỂN GIAO"),
            Heading("1. Nhiệm vụ hỗ trợ", 2),
            *bullets(
                "Hướng dẫn tổ chức, công dân kê khai, hoàn thiện hồ sơ; nhập thông tin hồ sơ vào phần mềm một cửa "
                "điện tử; quét, số hóa thành phần hồ sơ.",
                "Tiếp nhận hồ sơ, thu phí, lệ phí (nếu có), chuyển hồ sơ về Bộ phận Tiếp nhận và Trả kết quả của Ủy "
                "ban nhân dân xã; nhận kết quả và trả cho tổ chức, công dân.",
            ),
            Heading("2. Dịch vụ hành chính công", 2),
            *bullets(
                "Tiếp nhận, trả kết quả giải quyết thủ tục hành chính thuộc các lĩnh vực hộ tịch, chứng thực, lao "
                "động – thương binh và xã hội, đất đai (đối với hồ sơ chuyển lên cấp huyện) theo danh mục do Ủy ban "
                "nhân dân huyện phê duyệt.",
                "Hướng dẫn người dân đăng ký tài khoản, nộp hồ sơ trực tuyến mức độ 3, mức độ 4 trên Cổng dịch vụ "
                "công và thanh toán phí, lệ phí trực tuyến.",
            ),
            Heading("IV. TỔ CHỨC THỰC HIỆN"),
            pilot_tasks_table(period.meeting_day, handovers),
            Para("**1. Phòng Nội vụ:** là cơ quan thường trực, tham mưu Ủy ban nhân dân huyện theo dõi, hướng dẫn, "
                 "kiểm tra việc thực hiện Kế hoạch; tổng hợp, báo cáo kết quả định kỳ hằng quý."),
            Para("**2. Bưu điện huyện Cao Lãnh:** bố trí nhân viên có trình độ phù hợp tại các điểm Bưu điện văn hóa "
                 "xã; bảo đảm cơ sở vật chất, đường truyền, thiết bị phục vụ tiếp nhận hồ sơ; tiếp nhận, chuyển "
                 "phát và trả kết quả đúng thời gian quy định."),
            Para("**3. Phòng Tài chính – Kế hoạch:** tham mưu bố trí kinh phí hỗ trợ thực hiện Đề án từ nguồn chi "
                 f"thường xuyên năm {handovers[0].year} của các xã."),
            Para(f"**4. Ủy ban nhân dân các xã {PILOT_COMMUNES}:** Chủ tịch Ủy ban nhân dân xã chịu trách nhiệm "
                 "trước Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện tại địa phương; phối hợp chặt chẽ với "
                 "Bưu điện huyện, không để hồ sơ trễ hạn."),
            Para("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương kịp thời "
                 "phản ánh về Ủy ban nhân dân huyện (qua Phòng Nội vụ) để được hướng dẫn, giải quyết./."),
        ),
        recipients=("- Sở Nội vụ, Bưu điện Tỉnh;", "- TT/HU, TT/HĐND huyện;", "- CT, các PCT UBND huyện;",
                    "- Bưu điện huyện Cao Lãnh;", "- Các phòng: NV, TC-KH, VH-TT;", "- UBND 05 xã (thực hiện);",
                    "- Lưu: VT, NV."),
        signature=vice_chair_signs(VICE_CHAIR_SOCIAL),
    )


def land_use_plan_submission(period: Period) -> DocumentSpec:
    year, counted = period.plan_year, period.statistics_year
    return DocumentSpec(
        letterhead=Letterhead(("PHÒNG TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"), "Số: 52/TTr-TNMT", period.issued(10),
                              parent=DISTRICT_PARENT, author=HEAD_NATURAL_RESOURCES.unit),
        kind="TỜ TRÌNH",
        subject=(f"Về việc thông qua Kế hoạch sử dụng đất năm {year} và giải pháp",
                 "tăng cường quản lý nhà nước về đất đai trên địa bàn huyện"),
        addressee="Kính gửi: Ủy ban nhân dân huyện Cao Lãnh.",
        body=(
            Para("Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;"),
            Para("Căn cứ Nghị định số 43/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ quy định chi tiết thi "
                 "hành một số điều của Luật Đất đai; Nghị định số 01/2017/NĐ-CP ngày 06 tháng 01 năm 2017 của Chính "
                 "phủ sửa đổi, bổ sung một số nghị định quy định chi tiết thi hành Luật Đất đai;"),
            Para("Căn cứ Thông tư số 29/2014/TT-BTNMT ngày 02 tháng 6 năm 2014 của Bộ Tài nguyên và Môi trường quy "
                 "định chi tiết việc lập, điều chỉnh quy hoạch, kế hoạch sử dụng đất,"),
            Para("Phòng Tài nguyên và Môi trường kính trình Ủy ban nhân dân huyện xem xét, thông qua Kế hoạch sử "
                 f"dụng đất năm {year} của huyện Cao Lãnh và các giải pháp tăng cường quản lý nhà nước về đất đai, cụ "
                 "thể như sau:"),
            Heading("I. HIỆN TRẠNG SỬ DỤNG ĐẤT"),
            Para(f"Theo kết quả thống kê đất đai năm {counted}, tổng diện tích tự nhiên của huyện là 49.112,47 ha; đất "
                 "nông nghiệp chiếm tỷ trọng lớn, chủ yếu là đất trồng lúa và đất trồng cây lâu năm (xoài, cây ăn "
                 f"quả có múi); đất phi nông nghiệp tăng so với năm {counted - 1} do đầu tư xây dựng các công trình "
                 "giao "
                 "thông, thủy lợi và khu dân cư (chi tiết tại Bảng 1)."),
            land_use_table(counted),
            Para("Công tác quản lý nhà nước về đất đai từng bước đi vào nề nếp; việc giao đất, cho thuê đất, chuyển "
                 "mục đích sử dụng đất cơ bản theo quy hoạch, kế hoạch được duyệt. Tuy nhiên, tình trạng tự ý chuyển "
                 "mục đích sử dụng đất trồng lúa, xây dựng nhà ở trên đất nông nghiệp vẫn còn xảy ra ở một số xã; "
                 "hồ sơ địa chính ở một số nơi chưa được cập nhật, chỉnh lý kịp thời."),
            Heading(f"II. KẾ HOẠCH SỬ DỤNG ĐẤT NĂM {year}"),
            Para(f"Kế hoạch sử dụng đất năm {year} được xây dựng trên cơ sở nhu cầu sử dụng đất của các ngành, các "
                 f"xã, thị trấn, bảo đảm phù hợp với {land_use_master_plan(year)} của huyện đã được Ủy "
                 "ban nhân dân Tỉnh phê duyệt (chi tiết tại Bảng 2)."),
            land_conversion_table(year),
            Para(f"Danh mục công trình, dự án thực hiện trong năm {year} gồm 27 công trình, dự án với tổng diện tích "
                 "124,68 ha, trong đó có 09 công trình phải thu hồi đất với diện tích 38,92 ha, tập trung vào các dự "
                 "án nâng cấp đường giao thông nông thôn, đê bao chống lũ, mở rộng khu dân cư và cụm công nghiệp."),
            Heading("III. GIẢI PHÁP TĂNG CƯỜNG QUẢN LÝ NHÀ NƯỚC VỀ ĐẤT ĐAI"),
            *bullets(
                f"Công khai Kế hoạch sử dụng đất năm {year} tại trụ sở Ủy ban nhân dân huyện, các xã, thị trấn và trên "
                "Trang thông tin điện tử của huyện để người dân biết, giám sát.",
                "Chỉ giao đất, cho thuê đất, cho phép chuyển mục đích sử dụng đất đối với các trường hợp có trong kế "
                "hoạch sử dụng đất đã được phê duyệt; không giải quyết các trường hợp không phù hợp.",
                "Tăng cường kiểm tra, phát hiện và xử lý kịp thời các trường hợp vi phạm pháp luật về đất đai như "
                "lấn chiếm, sử dụng đất sai mục đích, tự ý chuyển mục đích sử dụng đất trồng lúa; xác định trách "
                "nhiệm của Chủ tịch Ủy ban nhân dân cấp xã khi để xảy ra vi phạm kéo dài.",
                "Đẩy nhanh tiến độ cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
                "liền với đất lần đầu; phối hợp với Chi nhánh Văn phòng Đăng ký đất đai giải quyết hồ sơ đăng ký "
                "biến động đúng hạn, không để phát sinh hồ sơ trễ hạn.",
                "Phối hợp với Bưu điện huyện tiếp nhận, trả kết quả hồ sơ đất đai qua dịch vụ bưu chính công ích; "
                "hướng dẫn người dân nộp hồ sơ đăng ký đất đai trực tuyến.",
                "Cập nhật, chỉnh lý hồ sơ địa chính, từng bước xây dựng cơ sở dữ liệu đất đai của huyện.",
            ),
            Heading("IV. KIẾN NGHỊ"),
            Para("Phòng Tài nguyên và Môi trường kính trình Ủy ban nhân dân huyện xem xét, thông qua Kế hoạch sử "
                 f"dụng đất năm {year} và các giải pháp nêu trên để trình Ủy ban nhân dân Tỉnh phê duyệt theo quy "
                 "định./."),
        ),
        recipients=("- Như trên;", "- PCT UBND huyện (phụ trách);", "- Chi nhánh VP Đăng ký đất đai;",
                    "- Lưu: VT, TNMT."),
        signature=head_signs(HEAD_NATURAL_RESOURCES),
    )


def paperless_meetings_plan(period: Period) -> DocumentSpec:
    year = period.plan_year
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số:        /KH-UBND", period.issued(6)),
        kind="KẾ HOẠCH",
        subject=("Ứng dụng phần mềm e-Cabinet tổ chức phiên họp không giấy",
                 f"và đẩy mạnh cung cấp dịch vụ công trực tuyến năm {year}"),
        draft=True,
        body=(
            Para(digital_government_basis(year)),
            Para("Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Thủ tướng Chính phủ về việc gửi, "
                 "nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà nước;"),
            Para("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư,"),
            Para("Ủy ban nhân dân huyện Cao Lãnh ban hành Kế hoạch ứng dụng phần mềm e-Cabinet tổ chức phiên họp "
                 f"không giấy và đẩy mạnh cung cấp dịch vụ công trực tuyến năm {year} như sau:"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            *bullets(
                "Nhân rộng sáng kiến tổ chức cuộc họp Ủy ban nhân dân huyện không giấy tờ thông qua ứng dụng phần "
                "mềm e-Cabinet đến các phòng, ban chuyên môn và Ủy ban nhân dân các xã, thị trấn; giảm văn bản giấy "
                "trong phòng họp, tiết kiệm thời gian và chi phí tổ chức phiên họp.",
                "Tăng tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết qua dịch vụ công trực tuyến mức độ 3, "
                "mức độ 4; bảo đảm an toàn, an ninh thông tin trong quá trình vận hành.",
            ),
            Heading("II. CHỈ TIÊU"),
            paperless_targets_table(period.reported_short, year),
            Heading("III. NHIỆM VỤ, GIẢI PHÁP"),
            Heading("1. Hoàn thiện hạ tầng, thiết bị", 2),
            *bullets(
                "Trang bị máy tính bảng cho thành viên Ủy ban nhân dân huyện và lãnh đạo các phòng, ban chuyên môn; "
                "nâng cấp mạng không dây tại Phòng họp số 1, Trụ sở Ủy ban nhân dân huyện.",
                "Bố trí máy chủ lưu trữ tài liệu họp, sao lưu định kỳ; phân quyền truy cập tài liệu theo từng phiên "
                "họp, từng thành viên.",
            ),
            Heading("2. Quy trình tổ chức phiên họp không giấy", 2),
            *bullets(
                "Văn phòng HĐND và UBND huyện tiếp nhận, kiểm tra tài liệu do các cơ quan trình, đưa lên hệ thống "
                "chậm nhất 03 ngày làm việc trước phiên họp và thông báo cho thành viên qua hệ thống.",
                "Thành viên nghiên cứu tài liệu, ghi chú, đăng ký phát biểu và biểu quyết trên máy tính bảng; thư "
                "ký phiên họp ghi biên bản, dự thảo thông báo kết luận trên hệ thống.",
                "Biên bản, thông báo kết luận phiên họp được ký số và lưu trữ điện tử theo quy định tại Nghị định "
                "số 30/2020/NĐ-CP.",
            ),
            Heading("3. Đẩy mạnh dịch vụ công trực tuyến", 2),
            *bullets(
                "Rà soát, đăng ký bổ sung danh mục thủ tục hành chính cung cấp trực tuyến mức độ 3, mức độ 4; công "
                "chức Bộ phận Tiếp nhận và Trả kết quả hỗ trợ người dân nộp hồ sơ trực tuyến ngay tại chỗ.",
                "Tuyên truyền lợi ích của dịch vụ công trực tuyến trên Đài Truyền thanh huyện, Trang thông tin điện "
                "tử, mạng xã hội và tại các buổi sinh hoạt ấp, khóm.",
            ),
            Heading("4. Bảo đảm an toàn thông tin", 2),
            *bullets(
                "Tài khoản truy cập hệ thống được cấp cho từng cá nhân, không dùng chung; thành viên có trách nhiệm "
                "bảo mật mật khẩu và máy tính bảng được giao.",
                "Tài liệu mật không đưa lên hệ thống; tài liệu phiên họp chỉ được chia sẻ cho người được mời dự họp.",
            ),
            Heading("IV. KINH PHÍ"),
            Para(paperless_funding(period)),
            Heading("V. TỔ CHỨC THỰC HIỆN"),
            *bullets(
                "Văn phòng HĐND và UBND huyện chủ trì tổ chức thực hiện Kế hoạch; quản trị hệ thống, hướng dẫn sử "
                "dụng; tổng hợp, báo cáo kết quả 06 tháng và năm.",
                "Phòng Nội vụ đưa tiêu chí ứng dụng công nghệ thông tin vào đánh giá, chấm điểm chỉ số cải cách hành "
                "chính của các cơ quan, đơn vị, địa phương.",
                "Phòng Văn hóa và Thông tin hướng dẫn bảo đảm an toàn thông tin; tuyên truyền về dịch vụ công trực "
                "tuyến.",
                "Phòng Tài chính – Kế hoạch tham mưu bố trí kinh phí thực hiện.",
                "Ủy ban nhân dân các xã, thị trấn xây dựng lộ trình tổ chức họp không giấy tờ tại địa phương, hoàn "
                f"thành trước ngày 31 tháng 12 năm {year}.",
            ),
            Para("Yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân các xã, thị trấn triển khai thực "
                 "hiện nghiêm túc Kế hoạch này./."),
        ),
        recipients=("- Sở Thông tin và Truyền thông;", "- TT/HU, TT/HĐND huyện;", "- CT, các PCT UBND huyện;",
                    "- Các phòng, ban chuyên môn huyện;", "- UBND các xã, thị trấn;", "- Lưu: VT, VP."),
        signature=chairman_signs(),
    )


def paperless_budget_submission(period: Period) -> DocumentSpec:
    budget, plan = period.budget_year, period.plan_year
    budget_table, total = paperless_budget_table(budget)
    return DocumentSpec(
        letterhead=Letterhead(("PHÒNG TÀI CHÍNH –", "KẾ HOẠCH"), "Số: 38/TTr-TCKH", period.issued(7),
                              parent=DISTRICT_PARENT, author=HEAD_FINANCE_PLANNING.unit),
        kind="TỜ TRÌNH",
        subject=("Về việc bổ sung dự toán kinh phí triển khai phòng họp không giấy",
                 f"và dịch vụ công trực tuyến năm {budget}"),
        addressee="Kính gửi: Ủy ban nhân dân huyện Cao Lãnh.",
        body=(
            Para("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"),
            Para("Căn cứ Nghị định số 163/2016/NĐ-CP ngày 21 tháng 12 năm 2016 của Chính phủ quy định chi tiết thi "
                 "hành một số điều của Luật Ngân sách nhà nước;"),
            Para(f"Căn cứ Nghị quyết của Hội đồng nhân dân huyện về dự toán thu, chi ngân sách huyện năm {budget};"),
            Para("Xét đề nghị của Văn phòng HĐND và UBND huyện về kinh phí triển khai Kế hoạch ứng dụng phần mềm "
                 f"e-Cabinet tổ chức phiên họp không giấy và đẩy mạnh cung cấp dịch vụ công trực tuyến năm {plan},"),
            Para("Phòng Tài chính – Kế hoạch kính trình Ủy ban nhân dân huyện xem xét, bổ sung dự toán năm "
                 f"{budget} như "
                 "sau:"),
            Heading("I. SỰ CẦN THIẾT"),
            Para("Việc tổ chức cuộc họp Ủy ban nhân dân huyện không giấy tờ thông qua phần mềm e-Cabinet trong "
                 f"{period.reported} đã góp phần giảm văn bản giấy, tiết kiệm thời gian và chi phí tổ chức phiên "
                 "họp, được Đoàn "
                 "kiểm tra cải cách hành chính Tỉnh ghi nhận là sáng kiến. Để nhân rộng mô hình và bảo đảm điều kiện "
                 "vận hành ổn định, cần trang bị bổ sung thiết bị, nâng cấp hạ tầng mạng và tập huấn cho người sử "
                 "dụng; các nội dung này chưa được bố trí trong dự toán đầu năm."),
            Heading("II. NỘI DUNG DỰ TOÁN"),
            budget_table,
            Para(f"Tổng kinh phí đề nghị bổ sung: **{vn_int(total)} đồng** (Bằng chữ: Ba trăm bảy mươi bốn triệu "
                 "đồng). Đơn giá thiết bị được xác định trên cơ sở báo giá của ba nhà cung cấp và giá thị trường tại "
                 "thời điểm lập dự toán; việc mua sắm thực hiện theo quy định về đấu thầu."),
            Heading("III. NGUỒN KINH PHÍ"),
            Para(f"Từ nguồn tiết kiệm chi thường xuyên năm {budget} và nguồn kết dư ngân sách huyện năm "
                 f"{budget - 1}. Sau khi được Ủy ban "
                 "nhân dân huyện thống nhất, Phòng Tài chính – Kế hoạch phối hợp với Văn phòng HĐND và UBND huyện "
                 "hoàn chỉnh thủ tục, thực hiện mua sắm và thanh quyết toán theo quy định."),
            Heading("IV. KIẾN NGHỊ"),
            Para("Phòng Tài chính – Kế hoạch kính trình Ủy ban nhân dân huyện xem xét, quyết định bổ sung dự toán "
                 "kinh phí nêu trên./."),
        ),
        recipients=("- Như trên;", "- Văn phòng HĐND và UBND huyện;", "- Lưu: VT, TCKH."),
        signature=head_signs(HEAD_FINANCE_PLANNING),
    )


def land_use_master_plan(year: int) -> str:
    """The district master plan a yearly land-use plan must agree with."""
    if year <= 2020:
        return "điều chỉnh quy hoạch sử dụng đất đến năm 2020"
    return "quy hoạch sử dụng đất thời kỳ 2021 - 2030"


def digital_government_basis(year: int) -> str:
    """The national programme a plan for ``year`` rests on (real texts, cited with their own dates)."""
    if year <= 2020:
        return ("Căn cứ Nghị quyết số 17/NQ-CP ngày 07 tháng 3 năm 2019 của Chính phủ về một số nhiệm vụ, giải "
                "pháp trọng tâm phát triển Chính phủ điện tử giai đoạn 2019 - 2020, định hướng đến 2025;")
    return ("Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt "
            "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;")


def paperless_funding(period: Period) -> str:
    """Where the e-Cabinet plan's money comes from: the supplementary estimate of the running year,
    then, for a plan of the next year, that year's budget."""
    if period.plan_year == period.budget_year:
        return (f"Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách huyện năm {period.plan_year} theo đề nghị "
                "của Phòng Tài chính – Kế hoạch; các xã, thị trấn bố trí từ nguồn chi thường xuyên của địa phương.")
    return (f"Kinh phí trang bị thiết bị, nâng cấp hạ tầng được bổ sung vào dự toán ngân sách huyện năm "
            f"{period.budget_year} theo đề nghị của Phòng Tài chính – Kế hoạch; kinh phí vận hành năm "
            f"{period.plan_year} được bố trí trong dự toán ngân sách huyện; các xã, thị trấn bố trí từ nguồn chi "
            "thường xuyên của địa phương.")
