"""Uploads, pasted text and form fields: every bad input gets one clear IngestError."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from regionmap.ingest import (
    MAX_BYTES,
    ArticleInput,
    IngestError,
    article_id,
    article_input,
    check_text,
    html_to_text,
    read_upload,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
GOOD = {"title": "Envoy visits Dushanbe", "publisher": "Caspian Policy Center", "date": "2020-10-30"}


def one_line(exc: pytest.ExceptionInfo) -> str:
    msg = str(exc.value)
    assert msg and "\n" not in msg
    return msg


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_upload(data):
    with pytest.raises(IngestError, match="notes.txt contains no text"):
        read_upload("notes.txt", data)


@pytest.mark.parametrize("text", ["", "  \n\r\n\t "])
def test_empty_paste(text):
    with pytest.raises(IngestError, match="contains no text"):
        check_text(text)


def test_html_without_visible_text_is_empty():
    with pytest.raises(IngestError, match="contains no text"):
        read_upload(
            "page.html", b"<html><head><title>x</title></head><body><script>a()</script></body></html>"
        )


@pytest.mark.parametrize(
    "data",
    [PNG, os.urandom(4096) + b"\x00", bytes(range(1, 9)) * 20 + b"abc"],
    ids=["png", "random", "controls"],
)
def test_binary_upload(data):
    with pytest.raises(IngestError, match="looks like a binary file") as exc:
        read_upload("image.txt", data)
    one_line(exc)


def test_binary_paste():
    with pytest.raises(IngestError, match="looks like a binary file"):
        check_text("abc\x00def")
    with pytest.raises(IngestError, match="looks like a binary file"):
        check_text("\x01\x02\x03 some text")


def test_utf16_gets_its_own_message():
    with pytest.raises(IngestError, match="UTF-16"):
        read_upload("a.txt", "\ufeffhello".encode("utf-16"))


def test_latin1_names_the_offset():
    data = "Café in Dushanbe".encode("latin-1")
    with pytest.raises(IngestError, match="not UTF-8") as exc:
        read_upload("article.txt", data)
    assert "offset 3" in one_line(exc) and "0xE9" in str(exc.value)


def test_latin1_offset_counts_the_bom():
    with pytest.raises(IngestError, match="offset 5"):
        read_upload("a.md", b"\xef\xbb\xbfab\xe9")


def test_bom_stripped_and_newlines_normalised():
    assert read_upload("a.TXT", b"\xef\xbb\xbfline one\r\nline two\rthree\n") == "line one\nline two\nthree\n"
    assert check_text("\ufeffa\r\nb") == "a\nb"


def test_too_large():
    with pytest.raises(IngestError, match=r"big.txt is 2.5 MB; the limit is 2 MB") as exc:
        read_upload("big.txt", b"a" * (MAX_BYTES * 5 // 4))
    one_line(exc)
    with pytest.raises(IngestError, match=r"over 2 MB"):
        read_upload("big.txt", b"a" * (MAX_BYTES + 1))
    assert read_upload("edge.txt", b"a" * MAX_BYTES) == "a" * MAX_BYTES
    # pasted text is measured in UTF-8 bytes, not characters
    with pytest.raises(IngestError, match="limit is 2 MB"):
        check_text("é" * (MAX_BYTES // 2 + 1))


@pytest.mark.parametrize("name", ["report.pdf", "report.docx", "README", "x.txt.exe", "photo.PNG"])
def test_wrong_extension(name):
    with pytest.raises(IngestError) as exc:
        read_upload(name, b"plain words")
    msg = one_line(exc)
    assert "unsupported file type" in msg and ".txt" in msg and ".html" in msg


def test_lone_surrogate_paste():
    with pytest.raises(IngestError, match="invalid character at position 1"):
        check_text("a\ud800b")


HTML = """<!DOCTYPE html>
<html><head><title>Page title</title><style>p { color: red; } .secret {}</style>
<script>var leaked = "SCRIPT";</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<h1>Pipelines &amp; Power</h1>
<p>First   paragraph with <b>bold</b>
   and &lt;angle&gt; entities &quot;quoted&quot;.</p>
<script>alert(1)</script><noscript>enable JS</noscript>
<p>Second paragraph.<br>Its second line.</p>
<ul><li>one</li><li>two</li></ul>
<svg><text>vector</text></svg><form><label>Email</label><input></form>
<footer>Copyright</footer></body></html>"""


def test_html_to_text_drops_markup_and_furniture():
    text = read_upload("page.htm", HTML.encode())
    for gone in ("alert", "SCRIPT", "color", "secret", "enable JS", "Home", "vector", "Email", "Copyright",
                 "Page title"):  # fmt: skip
        assert gone not in text
    # the only "<" left is the one the page escaped as &lt;
    assert text.count("<") == 1 and "</" not in text and "<!" not in text
    assert "&amp;" not in text and "Pipelines & Power" in text
    assert 'First paragraph with bold and <angle> entities "quoted".' in text
    assert text == html_to_text(HTML)


def test_html_to_text_keeps_paragraphs_and_lines():
    text = html_to_text(HTML)
    assert text.split("\n\n") == [
        "Pipelines & Power",
        'First paragraph with bold and <angle> entities "quoted".',
        "Second paragraph.\nIts second line.",
        "one\ntwo",
    ]


def test_html_pre_keeps_its_spacing():
    assert html_to_text("<p>a</p><pre>x = 1\n    y  = 2</pre>") == "a\n\nx = 1\n    y  = 2"


def test_html_deep_nesting_within_the_limit():
    # deeper nesting is refused with a message (tests/test_hostile_input.py)
    assert html_to_text("<span>" * 500 + "deep" + "</span>" * 500) == "deep"


def test_markdown_kept_as_text():
    md = "# Heading\n\nSome *emphasis* and a [link](https://example.org).\n\n- item <b>\n"
    assert read_upload("notes.markdown", md.encode()) == md
    assert read_upload("notes.md", md.encode()) == md


def test_metadata_ok_and_stripped():
    inp = article_input(title="  Envoy visits  ", publisher="CPC", date="2020-10-30", author=" ", url="")
    assert inp == ArticleInput(title="Envoy visits", publisher="CPC", date=dt.date(2020, 10, 30))
    assert article_input(**{**GOOD, "date": dt.date(2020, 1, 2)}).date == dt.date(2020, 1, 2)
    assert article_input(**GOOD, url="HTTPS://example.org/a?b=1").url == "HTTPS://example.org/a?b=1"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": ""}, "title", "empty"),
        ({"title": "   "}, "title", "empty"),
        ({"title": "x" * 301}, "title", "300"),
        ({"title": "two\nlines"}, "title", "control"),
        ({"publisher": ""}, "publisher", "empty"),
        ({"date": "12/09/2020"}, "date", "YYYY-MM-DD"),
        ({"date": "2020-02-30"}, "date", "not a real date"),
        ({"date": 1600000000}, "date", "YYYY-MM-DD"),
        ({"url": "javascript:alert(1)"}, "url", "http://"),
        ({"url": "ftp://example.org"}, "url", "http://"),
        ({"url": "https://" + "a" * 2000}, "url", "2000"),
        ({"author": "x" * 201}, "author", "200"),
    ],
)
def test_metadata_errors_name_the_field(change, field, words):
    with pytest.raises(IngestError) as exc:
        article_input(**{**GOOD, **change})
    msg = one_line(exc)
    assert msg.startswith(f"{field}:") and words in msg


def test_metadata_several_errors_on_one_line():
    with pytest.raises(IngestError) as exc:
        article_input(title="", date="12/09/2020", url="javascript:alert(1)", extra=1)
    msg = one_line(exc)
    for field in ("title:", "publisher: is required", "date:", "url:", "extra:"):
        assert field in msg


def test_article_id_stable_and_valid():
    title = "U.S. Envoy Visits Dushanbe — Ça va? " * 4
    aid = article_id(title, "some text")
    assert aid == article_id(title, "some text")
    assert aid != article_id(title, "other text")
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", aid)
    slug, digest = aid.rsplit("-", 1)
    assert len(slug) <= 60 and not slug.endswith("-") and re.fullmatch(r"[0-9a-f]{8}", digest)
    assert aid.startswith("u-s-envoy-visits-dushanbe-ca-va-")
    assert article_id("Привет, мир", "x").startswith("article-")
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", article_id("../../etc/passwd", "x"))
