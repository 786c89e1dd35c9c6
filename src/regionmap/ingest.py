"""Turn uploaded files, pasted text and form fields into checked article text and metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import PurePath
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from .htmltext import HtmlTooComplex, html_to_text
from .limits import MAX_MENTIONS, MAX_TEXT_BYTES

MAX_BYTES = MAX_TEXT_BYTES
TEXT_TYPES = (".txt", ".md", ".markdown")
HTML_TYPES = (".html", ".htm")
ARTICLE_ID = re.compile(r"^[A-Za-z0-9_.-]+$")

# tab, newline, vertical tab, form feed and carriage return occur in real text; other C0/C1 codes do not
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_BINARY_SHARE = 0.01
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Cf characters that real writing needs: ZWNJ and ZWJ are part of Persian, Dari, Pashto and Indic spelling
_JOINERS = {"\u200c", "\u200d"}


class IngestError(ValueError):
    """One user-facing sentence saying what is wrong with an input."""


def check_mentions(count: int) -> None:
    """Refuse an article with more than :data:`~regionmap.limits.MAX_MENTIONS` place mentions.

    Raises
    ------
    IngestError
        ``"the text has 8,534 place mentions; the limit is 5,000 per article …"``.
    """
    if count > MAX_MENTIONS:
        raise IngestError(
            f"the text has {count:,} place mentions; the limit is {MAX_MENTIONS:,} per article "
            "(split it into shorter articles)"
        )


def _limit_size(label: str, size: int) -> None:
    if size > MAX_BYTES:
        shown = f"{size / 2**20:.1f}"
        # 2 MB plus a few bytes would read "2.0 MB; the limit is 2 MB"
        shown = f"{shown} MB" if float(shown) > MAX_BYTES / 2**20 else "over 2 MB"
        raise IngestError(f"{label} is {shown}; the limit is {MAX_BYTES // 2**20} MB")


def _finish(text: str, label: str) -> str:
    if "\x00" in text or len(_CONTROL.findall(text)) > len(text) * _BINARY_SHARE:
        raise IngestError(f"{label} looks like a binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{label} contains no text")
    return text


def read_upload(name: str, data: bytes) -> str:
    """Decode an uploaded ``.txt``, ``.md``, ``.markdown``, ``.html`` or ``.htm`` file.

    Parameters
    ----------
    name
        The file's name; its extension (any case) picks the format.
    data
        The file's bytes: UTF-8, at most :data:`MAX_BYTES`; a byte order mark is dropped.

    Returns
    -------
    str
        The text with ``"\\n"`` newlines; HTML is reduced to readable text.

    Raises
    ------
    IngestError
        One sentence naming the problem: type, size, binary content, encoding or no text.
    """
    label = PurePath(str(name)).name or "the file"
    suffix = PurePath(label).suffix.lower()
    if suffix not in TEXT_TYPES + HTML_TYPES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise IngestError(f"{label}: unsupported file type {shown}; use .txt, .md, .markdown, .html or .htm")
    try:
        data = bytes(data)
    except TypeError:
        raise IngestError(f"{label}: the upload holds no file content") from None
    _limit_size(label, len(data))
    if data.startswith(_UTF16_BOMS):
        raise IngestError(f"{label} is UTF-16 text; save it as UTF-8 and try again")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    # checked on the bytes first so a binary file is called that, not "invalid UTF-8 at byte 0"
    if b"\x00" in data or controls > len(data) * _BINARY_SHARE:
        raise IngestError(f"{label} looks like a binary file, not text")
    try:
        text = data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(_BOM) if data.startswith(_BOM) else 0)
        raise IngestError(
            f"{label} is not UTF-8 text (byte 0x{data[offset]:02X} at offset {offset} is invalid); "
            "save it as UTF-8 and try again"
        ) from None
    _finish(text, label)  # control characters are judged before HTML parsing can hide them
    try:
        return _finish(html_to_text(text) if suffix in HTML_TYPES else text, label)
    except HtmlTooComplex as exc:
        raise IngestError(str(exc)) from None


def check_text(text: str) -> str:
    """Check pasted text the way :func:`read_upload` checks a file.

    Parameters
    ----------
    text
        The pasted text: at most :data:`MAX_BYTES` in UTF-8, not binary, not blank.

    Returns
    -------
    str
        The text with ``"\\n"`` newlines and no leading byte order mark.

    Raises
    ------
    IngestError
        One sentence naming the problem.
    """
    if not isinstance(text, str):
        raise IngestError(f"the text must be a string, not {type(text).__name__}")
    try:
        _limit_size("the text", len(text.encode("utf-8")))
    except UnicodeEncodeError as exc:
        # lone surrogates cannot be stored as UTF-8
        raise IngestError(f"the text has an invalid character at position {exc.start}") from None
    return _finish(text.removeprefix("\ufeff"), "the text")


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def article_id(title: str, text: str) -> str:
    """A stable, file-name-safe id: the title's slug and the start of the text's SHA-256.

    Parameters
    ----------
    title, text
        The article's title and verbatim text.

    Returns
    -------
    str
        ``slug(title)[:60] + "-" + sha256(text)[:8]``, matching ``^[A-Za-z0-9_.-]+$``.
    """
    slug = _slug(title)[:60].strip("-") or "article"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}"


_LIMITS = {"title": 300, "publisher": 200, "author": 200}


class ArticleInput(BaseModel):
    """Article details as typed into the upload form, stripped and checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    publisher: str
    date: dt.date
    author: str | None = None
    url: str | None = None
    format: Literal["text", "markdown"] = "text"  # how the reader lays out the text (.md uploads)
    language: str | None = None  # en, ru or fa (Dari/Persian); None: detected from the text when saved

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, v: Any) -> str | None:
        from .lang import LanguageError, check

        if v is None or (isinstance(v, str) and v.strip().lower() in ("", "auto")):
            return None
        try:
            return check(str(v))
        except LanguageError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("title", "publisher", "author", mode="before")
    @classmethod
    def _plain(cls, v: Any, info: ValidationInfo) -> str | None:
        if info.field_name == "author" and (v is None or isinstance(v, str) and not v.strip()):
            return None
        if not isinstance(v, str):
            raise ValueError("must be text")
        v, limit = v.strip(), _LIMITS[str(info.field_name)]
        if not v:
            raise ValueError("must not be empty")
        if len(v) > limit:
            raise ValueError(f"must be at most {limit} characters (got {len(v)})")
        if any(unicodedata.category(c) == "Cc" for c in v):
            raise ValueError("must not contain control characters such as line breaks or tabs")
        # bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) can make a title read as
        # another; zero-width and other format characters make look-alike titles
        hidden = [(i, c) for i, c in enumerate(v) if unicodedata.category(c) == "Cf" and c not in _JOINERS]
        if hidden:
            i, c = hidden[0]
            raise ValueError(
                f"must not contain invisible formatting characters (U+{ord(c):04X} at position {i + 1})"
            )
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> dt.date:
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
            try:
                return dt.date.fromisoformat(v.strip())
            except ValueError:
                raise ValueError(f"{v.strip()!r} is not a real date") from None
        raise ValueError(f"must be a date written YYYY-MM-DD (got {v!r})")

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, v: Any) -> str | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if not isinstance(v, str):
            raise ValueError("must be text")
        v = v.strip()
        if len(v) > 2000:
            raise ValueError(f"must be at most 2000 characters (got {len(v)})")
        if any(c.isspace() or unicodedata.category(c) == "Cc" for c in v):
            raise ValueError("must not contain spaces or control characters")
        try:
            parts = urlsplit(v)
        except ValueError:  # e.g. a malformed [IPv6] host
            parts = None
        if not parts or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValueError("must be a web address starting with http:// or https://")
        return v


def article_input(**fields: Any) -> ArticleInput:
    """Build :class:`ArticleInput`, turning every validation failure into one line.

    Parameters
    ----------
    **fields
        ``title``, ``publisher``, ``date`` and optionally ``author`` and ``url``.

    Returns
    -------
    ArticleInput

    Raises
    ------
    IngestError
        One line such as ``"title: must not be empty; date: must be a date written YYYY-MM-DD"``.
    """
    try:
        return ArticleInput(**fields)
    except ValidationError as exc:
        plain = {"missing": "is required", "extra_forbidden": "is not a known field"}
        problems = [
            f"{'.'.join(map(str, e['loc'])) or 'article'}: "
            + plain.get(e["type"], e["msg"].removeprefix("Value error, "))
            for e in exc.errors(include_url=False)
        ]
        raise IngestError(" ".join("; ".join(problems).split())) from None
