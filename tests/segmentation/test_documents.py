"""Reading uploaded files and pasted text into documents; bad input is refused."""

import pytest

from annotations.documents import MAX_BYTES, DocumentError, read_document, read_text
from annotations.segmentation import segment


def test_txt_keeps_crlf_and_drops_the_bom():
    data = "\ufeffHeadline Here\r\n\r\nThe army left. It said so.\r\n".encode()
    document = read_document(data, "story.txt")
    assert document.body == "Headline Here\r\n\r\nThe army left. It said so.\r\n"
    assert document.title == "Headline Here"
    spans = segment(document.body)
    assert [(s.kind, s.text) for s in spans] == [
        ("title", "Headline Here"),
        ("sentence", "The army left."),
        ("sentence", "It said so."),
    ]


def test_markdown_heading_list_items_exclude_their_markers():
    body = (
        "# The Title\n\nBy Jane Doe\n\nFirst point. Second.\n\n## Background\n\n- one item\n* two\n"
    )
    document = read_document(body.encode(), "story.md")
    assert document.title == "The Title"
    assert document.byline == "By Jane Doe"
    kinds = [(s.kind, s.text) for s in segment(document.body)]
    assert kinds == [
        ("title", "The Title"),
        ("byline", "By Jane Doe"),
        ("sentence", "First point."),
        ("sentence", "Second."),
        ("heading", "Background"),
        ("list_item", "one item"),
        ("list_item", "two"),
    ]


def test_html_keeps_main_text_headings_and_paragraphs_only():
    html = (
        "<html><head><title>Big News | Site</title><style>p{color:red}</style>"
        "<script>var tracking = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Big News</h1><p>The U.N. said on Feb. 7 that 44 percent of aid was lost."
        " Officials were alarmed by the figure, which was higher than expected.</p>"
        "<h2>What Happens Next</h2><p>Donors meet in Geneva next week to discuss the"
        " shortfall and the plans for the rest of the year.</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    document = read_document(html.encode(), "page.html")
    assert document.title == "Big News"
    assert "tracking" not in document.body and "color:red" not in document.body
    assert "Home" not in document.body
    kinds = [(s.kind, s.text) for s in segment(document.body)]
    assert ("title", "Big News") in kinds
    assert ("heading", "What Happens Next") in kinds
    assert ("sentence", "The U.N. said on Feb. 7 that 44 percent of aid was lost.") in kinds


def test_html_words_are_stored_as_written_without_markdown_marks():
    paragraph = (
        "<p>The port will spend <b>four years</b> and <i>$2m</i> on dredging, 2*3 = 6 and"
        " <code>x_y</code> &amp; more, officials said on Monday in a statement.<br>A second"
        " line follows.</p>"
    )
    html = (
        "<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>"
        f"{paragraph * 3}<h2>Next <b>steps</b></h2><ul><li>One <strong>item</strong></li>"
        "<li>Two</li></ul><table><tr><td>Year</td><td>Cost</td></tr><tr><td>2024</td>"
        "<td>$2m</td></tr></table></article></body></html>"
    )
    document = read_document(html.encode(), "page.html")
    assert "**" not in document.body and "\\" not in document.body
    assert "`" not in document.body
    assert "spend four years and $2m on dredging, 2*3 = 6 and x_y & more" in document.body
    kinds = [(s.kind, s.text) for s in segment(document.body)]
    assert kinds[0] == ("title", "Harbour plan")
    assert ("heading", "Next steps") in kinds
    assert ("list_item", "One item") in kinds and ("list_item", "Two") in kinds
    assert ("sentence", "A second line follows.") in kinds
    assert "Year | Cost\n2024 | $2m" in document.body


@pytest.mark.parametrize(
    "head", ["", "<head><title>Headline Alpha</title></head>"], ids=["h1", "title-and-h1"]
)
def test_html_headline_outside_an_article_is_the_title_once(head):
    html = (
        f"<html>{head}<body><h1>Headline Alpha</h1><p>The river rose 21 cm in 2019. It was"
        " the highest level since records began.</p></body></html>"
    )
    document = read_document(html.encode(), "page.html")
    assert document.title == "Headline Alpha"
    assert document.body.count("Headline Alpha") == 1
    kinds = [(s.kind, s.text) for s in segment(document.body)]
    assert kinds == [
        ("title", "Headline Alpha"),
        ("sentence", "The river rose 21 cm in 2019."),
        ("sentence", "It was the highest level since records began."),
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "empty"),
        (b" \r\n\t ", "a.txt", "empty"),
        (b"\x01\x02\x03", "a.txt", "empty"),
        (b"abc\xff\xfedef", "a.txt", "not valid UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "a.txt", "binary"),
        (b"<html><script>x()</script><style>p{}</style></html>", "a.html", "no"),
        (b"hello", "a.pdf", "unsupported"),
        (b"a" * (MAX_BYTES + 1), "a.txt", "too large"),
    ],
)
def test_bad_input_gets_a_clear_one_line_error(data, filename, message):
    with pytest.raises(DocumentError) as error:
        read_document(data, filename)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_pasted_text_is_validated_the_same_way():
    assert read_text("\ufeffThe army left.").body == "The army left."
    with pytest.raises(DocumentError):
        read_text("   ")
    with pytest.raises(DocumentError, match="empty"):
        read_text("\u0001\u0002\u0003")
    with pytest.raises(DocumentError):
        read_text("a\x00b")
