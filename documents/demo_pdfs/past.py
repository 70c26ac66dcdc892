"""The documents of the closed regular meeting of March 2020."""
from __future__ import annotations

from datetime import date

from documents.demo_pdfs.officials import (
    DISTRICT_ISSUER,
    VICE_CHAIR_ECONOMY,
    VICE_CHAIR_SOCIAL,
    bullets,
    vice_chair_signs,
)
from documents.demo_pdfs.tables import economy_q1_table, inspection_schedule_table
from documents.official_layout import DocumentSpec, Heading, Letterhead, Para


def socio_economic_report_q1_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số: 71/BC-UBND", date(2020, 3, 20)),
        kind="BÁO CÁO",
        subject=("Tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020",
                 "và nhiệm vụ trọng tâm tháng 4 năm 2020"),
        body=(
            Heading("I. TÌNH HÌNH KINH TẾ – XÃ HỘI QUÝ I NĂM 2020"),
            Heading("1. Sản xuất nông nghiệp", 2),
            Para("Vụ lúa Đông Xuân 2019 - 2020 toàn huyện xuống giống 23.480 ha, đạt 100,3% kế hoạch; đến ngày 18 "
                 "tháng 3 năm 2020 đã thu hoạch 21.950 ha, năng suất bình quân ước 7,6 tấn/ha; giá lúa tươi tại "
                 "ruộng từ 5.100 đến 5.500 đồng/kg, nông dân có lãi khá. Vụ lúa Hè Thu 2020 đã xuống giống 1.820 ha "
                 "tại các xã có điều kiện thủy lợi thuận lợi."),
            Para("Diện tích cây ăn trái toàn huyện khoảng 8.600 ha, trong đó xoài khoảng 5.900 ha; các tổ hợp tác, "
                 "hợp tác xã tiếp tục liên kết tiêu thụ xoài theo hướng xuất khẩu. Do ảnh hưởng của dịch bệnh "
                 "Covid-19, giá xoài giảm so với cùng kỳ, có thời điểm tiêu thụ chậm; Ủy ban nhân dân huyện đã chỉ "
                 "đạo các ngành kết nối doanh nghiệp thu mua, hỗ trợ nông dân tiêu thụ sản phẩm."),
            Para("Chăn nuôi được kiểm soát tốt, không phát sinh ổ dịch cúm gia cầm; bệnh dịch tả heo châu Phi cơ bản "
                 "được khống chế, việc tái đàn thực hiện theo hướng dẫn của ngành thú y. Các xã chủ động phương án "
                 "phòng, chống hạn, bảo đảm nước tưới cho cây ăn trái trong mùa khô."),
            economy_q1_table(),
            Heading("2. Công nghiệp – Thương mại – Dịch vụ", 2),
            Para("Giá trị sản xuất công nghiệp – tiểu thủ công nghiệp ước đạt 612 tỷ đồng, tăng 6,8% so với cùng "
                 "kỳ. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ ước đạt 1.235 tỷ đồng; thị trường hàng hóa ổn "
                 "định, không có tình trạng găm hàng, tăng giá đột biến; các cửa hàng thuốc, vật tư y tế được kiểm "
                 "tra việc niêm yết và bán đúng giá khẩu trang, dung dịch sát khuẩn."),
            Heading("3. Tài chính – Ngân sách, đầu tư xây dựng", 2),
            Para("Thu ngân sách nhà nước trên địa bàn ước đạt 48.620 triệu đồng, đạt 27,4% dự toán Tỉnh giao; chi "
                 "ngân sách địa phương ước 112.480 triệu đồng, bảo đảm kịp thời các nhiệm vụ chi thường xuyên và chi "
                 "phòng, chống dịch bệnh. Giải ngân vốn đầu tư công đạt 21,6% kế hoạch; Ủy ban nhân dân huyện yêu cầu "
                 "các chủ đầu tư đẩy nhanh tiến độ thi công, nghiệm thu, thanh toán khối lượng hoàn thành."),
            Heading("4. Tài nguyên – Môi trường", 2),
            Para("Cấp 1.126 Giấy chứng nhận quyền sử dụng đất; giải quyết 214 hồ sơ chuyển mục đích sử dụng đất, "
                 "đúng hạn 100%. Kiểm tra, xử lý 06 trường hợp vi phạm pháp luật về đất đai và 03 trường hợp vi phạm "
                 "về bảo vệ môi trường."),
            Heading("5. Văn hóa – Xã hội", 2),
            Para("Triển khai quyết liệt các biện pháp phòng, chống dịch bệnh Covid-19 theo chỉ đạo của Thủ tướng "
                 "Chính phủ và Ủy ban nhân dân Tỉnh; kiện toàn Ban Chỉ đạo phòng, chống dịch của huyện và 18 xã, "
                 "thị trấn; theo dõi sức khỏe người từ vùng có dịch trở về địa phương."),
            Para("Học sinh các cấp tiếp tục nghỉ học để phòng, chống dịch theo hướng dẫn của ngành giáo dục; các "
                 "trường giao bài tập, tổ chức ôn tập qua mạng. Chi trả trợ cấp cho người có công, đối tượng bảo trợ "
                 "xã hội kịp thời, đúng đối tượng."),
            Heading("6. Cải cách hành chính, quốc phòng – an ninh", 2),
            Para("Giải quyết thủ tục hành chính đúng và trước hạn, không có hồ sơ trễ hạn; tiếp tục tổ chức phiên "
                 "họp Ủy ban nhân dân huyện không giấy tờ thông qua phần mềm e-Cabinet. Tổ chức Lễ giao nhận quân "
                 "năm 2020 an toàn, đạt 100% chỉ tiêu. Tình hình an ninh chính trị ổn định, trật tự an toàn xã hội "
                 "được giữ vững; tai nạn giao thông giảm cả ba tiêu chí so với cùng kỳ."),
            Heading("II. NHIỆM VỤ TRỌNG TÂM THÁNG 4 NĂM 2020"),
            *bullets(
                "Tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch bệnh Covid-19; chủ động phương án ứng "
                "phó khi dịch bệnh diễn biến phức tạp.",
                "Hướng dẫn nông dân xuống giống vụ Hè Thu 2020 theo lịch thời vụ, né rầy; chăm sóc, xử lý ra hoa "
                "xoài nghịch vụ; hỗ trợ tiêu thụ nông sản.",
                "Đẩy nhanh tiến độ giải ngân vốn đầu tư công; tập trung thu ngân sách, chống thất thu.",
                "Hoàn thành báo cáo kết quả cải cách hành chính quý I năm 2020; khắc phục hạn chế qua kiểm tra của "
                "Đoàn kiểm tra cải cách hành chính Tỉnh.",
                "Giữ vững an ninh chính trị, trật tự an toàn xã hội; bảo đảm trật tự an toàn giao thông.",
            ),
            Para("Trên đây là báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh quý I năm 2020 và nhiệm vụ "
                 "trọng tâm tháng 4 năm 2020 của Ủy ban nhân dân huyện Cao Lãnh./."),
        ),
        recipients=("- UBND Tỉnh (b/c);", "- TT/HU, TT/HĐND huyện (b/c);", "- CT, các PCT UBND huyện;",
                    "- Thành viên UBND huyện;", "- Lưu: VT, TH."),
        signature=vice_chair_signs(VICE_CHAIR_ECONOMY),
    )


def reform_inspection_plan_2020() -> DocumentSpec:
    return DocumentSpec(
        letterhead=Letterhead(DISTRICT_ISSUER, "Số:        /KH-UBND", date(2020, 3, 16)),
        kind="KẾ HOẠCH",
        subject=("Kiểm tra công tác cải cách hành chính năm 2020",),
        draft=True,
        body=(
            Para("Thực hiện Kế hoạch cải cách hành chính năm 2020 của Ủy ban nhân dân huyện, Ủy ban nhân dân huyện "
                 "Cao Lãnh xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm 2020 như sau:"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            *bullets(
                "Đánh giá đúng thực chất kết quả thực hiện nhiệm vụ cải cách hành chính tại các cơ quan, đơn vị, địa "
                "phương; kịp thời phát hiện, chấn chỉnh những hạn chế, sai sót, nhất là trong giải quyết thủ tục "
                "hành chính cho tổ chức, công dân.",
                "Việc kiểm tra bảo đảm khách quan, công khai, đúng quy định, không gây phiền hà, không làm ảnh hưởng "
                "đến hoạt động bình thường của đơn vị được kiểm tra.",
            ),
            Heading("II. NỘI DUNG KIỂM TRA"),
            *bullets(
                "Việc ban hành và tổ chức thực hiện kế hoạch cải cách hành chính; công tác tuyên truyền cải cách "
                "hành chính.",
                "Việc niêm yết công khai thủ tục hành chính; tiếp nhận, giải quyết và trả kết quả hồ sơ; việc gửi "
                "thư xin lỗi khi hồ sơ trễ hạn.",
                "Việc chấp hành kỷ luật, kỷ cương hành chính, giờ giấc làm việc, văn hóa công sở; việc nêu gương "
                "của người đứng đầu.",
                "Ứng dụng công nghệ thông tin: hệ thống quản lý văn bản và điều hành, chữ ký số, phần mềm một cửa "
                "điện tử, dịch vụ công trực tuyến.",
            ),
            Heading("III. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA"),
            inspection_schedule_table(),
            Para("Ngoài lịch trên, Đoàn kiểm tra tiến hành kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành "
                 "chính tại các cơ quan, đơn vị, địa phương khi có phản ánh của tổ chức, công dân."),
            Heading("IV. THÀNH PHẦN ĐOÀN KIỂM TRA"),
            Para("Trưởng đoàn: Phó Chủ tịch Ủy ban nhân dân huyện; Phó Trưởng đoàn: Trưởng phòng Nội vụ; thành viên "
                 "gồm đại diện lãnh đạo Văn phòng HĐND và UBND huyện, Phòng Tư pháp, Phòng Văn hóa và Thông tin và "
                 "công chức Phòng Nội vụ (thư ký Đoàn)."),
            Heading("V. TỔ CHỨC THỰC HIỆN"),
            *bullets(
                "Phòng Nội vụ tham mưu Quyết định thành lập Đoàn kiểm tra, thông báo lịch kiểm tra trước ít nhất 05 "
                "ngày làm việc; tổng hợp kết quả, báo cáo Ủy ban nhân dân huyện sau mỗi đợt kiểm tra.",
                "Các cơ quan, đơn vị, địa phương được kiểm tra chuẩn bị báo cáo, hồ sơ, tài liệu liên quan; bố trí "
                "lãnh đạo làm việc với Đoàn kiểm tra.",
            ),
            Para("Yêu cầu Thủ trưởng các phòng, ban chuyên môn, Chủ tịch Ủy ban nhân dân các xã, thị trấn triển "
                 "khai thực hiện nghiêm túc Kế hoạch này./."),
        ),
        recipients=("- Sở Nội vụ;", "- CT, các PCT UBND huyện;", "- Các phòng, ban chuyên môn huyện;",
                    "- UBND các xã, thị trấn;", "- Lưu: VT, NV."),
        signature=vice_chair_signs(VICE_CHAIR_SOCIAL),
    )
