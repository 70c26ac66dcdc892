"""Folding Vietnamese for search, and snippets cut from the original text."""

from documents.textfold import display_text, fold, match_spans, query_tokens, snippet


def test_fold_strips_diacritics_and_maps_d_stroke():
    assert fold("Cao Lãnh") == "cao lanh"
    assert fold("ĐẤT ĐAI  đất\tđai") == "dat dai dat dai"
    assert fold("Ủy ban nhân dân huyện") == "uy ban nhan dan huyen"
    assert fold("Nghị định 30/2020/NĐ-CP") == "nghi dinh 30/2020/nd-cp"
    # decomposed input (as some PDFs give) folds the same as precomposed
    assert fold("Cao La\u0303nh") == "cao lanh"


def test_query_tokens_fold_and_deduplicate():
    assert query_tokens("  Cao  LÃNH cao ") == ["cao", "lanh"]
    assert query_tokens("đất, đai!") == ["dat", "dai"]
    assert query_tokens("<script>") == ["script"]
    assert query_tokens("—") == []


def test_match_spans_point_at_original_characters():
    text = "Huyện Cao Lãnh, tỉnh Đồng Tháp: quản lý đất đai"
    spans = match_spans(text, ["lanh", "dat"])
    assert [text[s:e] for s, e in spans] == ["Lãnh", "đất"]
    # prefix of a word, not the middle of one
    assert [text[s:e] for s, e in match_spans(text, ["on"])] == []
    assert [text[s:e] for s, e in match_spans(text, ["don"])] == ["Đồn"]


def test_decomposed_text_keeps_its_marks_inside_the_highlight():
    text = display_text("Cao La\u0303nh")  # NFC first: "Lãnh"
    assert str(snippet(text, ["lanh"]).html) == "Cao <mark>Lãnh</mark>"


def test_snippet_shows_original_diacritics_highlighted_and_escaped():
    text = "Báo cáo <script>alert(1)</script>   về   quản lý đất đai tại huyện Cao Lãnh."
    result = snippet(text, ["cao", "lanh"])
    html = str(result.html)
    assert "<mark>Cao</mark> <mark>Lãnh</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "   " not in html  # pypdf's doubled spaces collapsed
    assert result.matches == 3  # "cáo" also starts with "cao"


def test_snippet_windows_long_text_around_the_matches():
    text = ("mở đầu " * 200) + "kết luận về đất đai " + ("phần cuối " * 200)
    html = str(snippet(text, ["dat"], width=120).html)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>đất</mark>" in html
    assert len(html) < 220


def test_snippet_without_match_is_the_beginning():
    html = str(snippet("Tờ trình & phụ lục", ["xyz"]).html)
    assert html == "Tờ trình &amp; phụ lục"
