"""Checks of the records a store takes: titles compared as people read them, links against their text."""

from __future__ import annotations

import json
import unicodedata
from typing import Any, NamedTuple

from .ingest import IngestError
from .model import LinkKind


def title_key(title: str) -> str:
    """What two titles must share to count as the same.

    Compatibility forms (NFKC: fullwidth letters, ligatures, NFD accents), format characters
    (Unicode category Cf: zero-width spaces, joiners, bidi controls), case and spacing are ignored.
    """
    t = "".join(c for c in unicodedata.normalize("NFKC", title) if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", t.casefold()).split())


def mention_link(feature: str, quote: str, start: int, end: int) -> dict[str, Any]:
    """A mention link in the stored form."""
    return {"feature": feature, "kind": "mention", "quote": quote, "start": start, "end": end}


def short(s: str, limit: int = 60) -> str:
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")


def check_link_list(text: str, links: Any) -> list[dict[str, Any]]:
    """Check links against the text and return them in the stored form.

    Parameters
    ----------
    text
        The article's text.
    links
        Dicts with ``feature``, ``quote``, ``start``, ``end`` and optionally ``kind``
        (``"mention"`` or ``"passage"``, default ``"mention"``); other keys are dropped.

    Returns
    -------
    list of dict
        ``{"feature", "kind", "quote", "start", "end"}`` for each link, in the given order.

    Raises
    ------
    IngestError
        Naming the first bad link.
    """
    if not isinstance(links, (list, tuple)):
        raise IngestError(f"links must be a list, not {type(links).__name__}")
    out = []
    for i, raw in enumerate(links):
        item = f"link #{i + 1}"
        if not isinstance(raw, dict):
            raise IngestError(f"{item} must be a dict, not {type(raw).__name__}")
        feature, quote = raw.get("feature"), raw.get("quote")
        if not isinstance(feature, str) or not feature.strip():
            raise IngestError(f"{item} has no feature")
        item = f"{item} ({feature})"
        kind = raw.get("kind", LinkKind.MENTION.value)
        if kind not in {k.value for k in LinkKind}:
            raise IngestError(f"{item}: kind must be 'mention' or 'passage', not {kind!r}")
        start, end = raw.get("start"), raw.get("end")
        # bool is an int subclass, but True as an offset is surely a mistake
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise IngestError(f"{item}: start and end must be whole numbers")
        if not isinstance(quote, str) or not quote:
            raise IngestError(f"{item} has no quote")
        assert isinstance(start, int) and isinstance(end, int)  # checked just above; tells mypy
        if not 0 <= start < end <= len(text):
            raise IngestError(f"{item}: span {start}..{end} is outside the text ({len(text)} characters)")
        if text[start:end] != quote:
            raise IngestError(
                f"{item}: quote {short(quote)} does not match the text at {start}..{end} "
                f"({short(text[start:end])})"
            )
        out.append({"feature": feature, "kind": str(kind), "quote": quote, "start": start, "end": end})
    return out


def link_record(aid: str, links: list[dict[str, Any]], review: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"article": aid, "links": links}
    if review:
        if not isinstance(review, (list, tuple)) or not all(isinstance(r, dict) for r in review):
            raise IngestError("review must be a list of dicts")
        try:
            json.dumps(review)
        except (TypeError, ValueError, RecursionError) as exc:
            raise IngestError(f"review cannot be stored as JSON ({exc})") from None
        out["review"] = list(review)
    return out


def checked_save(
    text: str, links: list[dict[str, Any]], review: list[dict[str, Any]] | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """What every store checks before a save: normalised text, sound links, bounded mentions.

    Returns the links in stored form and the link record (without its ``article``).
    """
    from .ingest import check_mentions, check_text

    if check_text(text) != text:
        raise IngestError("the text must come from read_upload or check_text (newlines not normalised)")
    check_mentions(len(links) + len(review or ()))
    stored = check_link_list(text, links)
    return stored, link_record("", stored, review)


def article_meta(inp: Any, aid: str, text: str, note: str) -> Any:
    """The :class:`~regionmap.model.ArticleMeta` of a new article (language detected when not given)."""
    import hashlib

    from pydantic import ValidationError

    from .lang import detect
    from .model import ArticleMeta

    try:
        return ArticleMeta(
            id=aid, title=inp.title, author=inp.author, publisher=inp.publisher, published=inp.date,
            url=inp.url, language=inp.language or detect(text),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), body={"start": 0, "end": len(text)},
            note=note, format=inp.format,
        )  # fmt: skip
    except ValidationError as exc:
        raise IngestError(f"cannot build the article's metadata: {exc.errors()[0]['msg']}") from None


def check_article_id(article_id: Any) -> str:
    """The id if it is one a store could hold, else :class:`IngestError`."""
    from .ingest import ARTICLE_ID

    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        raise IngestError(f"{article_id!r} is not an article id")
    return article_id


def checked_events(article_id: str, events: list[dict[str, Any]], text: str, published: Any) -> None:
    """Refuse events that are not sound records of this article (quotes, ids, planned when later)."""
    import datetime as dt

    from pydantic import ValidationError

    from .events import EventRecord
    from .model import Status

    try:
        for raw in events:
            EventRecord.model_validate({**raw, "article": article_id})
    except ValidationError as exc:
        raise IngestError(f"an event cannot be recorded: {exc.errors()[0]['msg']}") from None
    ids = [e["id"] for e in events]
    if len(set(ids)) != len(ids):
        raise IngestError("two events have the same id")
    published = dt.date.fromisoformat(str(published))
    for ev in events:
        later = ev.get("date") and dt.date.fromisoformat(ev["date"]["start"]) > published
        if later and ev.get("status") != Status.PLANNED:
            raise IngestError(
                f"event {ev['id']} is after the article's date {published}: it can only be planned"
            )
        for p in ev["passages"]:
            if text[p["start"] : p["end"]] != p["quote"]:
                raise IngestError(
                    f"event {ev['id']}: the quote at {p['start']}..{p['end']} is not the text's"
                )


def decided(current: dict[str, Any], decisions: dict[tuple[int, int], str | None]) -> tuple[list, list]:
    """The links and review lists after settling ``decisions`` (span → feature id or None)."""
    links = list(current.get("links") or [])
    review = []
    for r in current.get("review") or []:
        span = (r.get("start"), r.get("end")) if isinstance(r, dict) else None
        if span not in decisions:
            review.append(r)
        elif fid := decisions[span]:
            links.append(mention_link(fid, r["surface"], *span))
    return links, review


def spans_of_names(
    current: dict[str, Any], decisions: dict[str, str | None]
) -> dict[tuple[int, int], str | None]:
    """Name decisions as span decisions, for every undecided occurrence of each name."""
    return {
        (r["start"], r["end"]): decisions[r["surface"]]
        for r in current.get("review") or []
        if isinstance(r, dict) and isinstance(r.get("surface"), str) and r["surface"] in decisions
    }


class Imported(NamedTuple):
    """An article checked for :meth:`~regionmap.storage.CorpusStore.import_article`."""

    meta: Any  # ArticleMeta
    links: dict[str, Any]


def check_import(meta: Any, text: str, links: dict[str, Any] | None) -> Imported:
    """Check an article moved from another store: metadata, sha256, links and review against the text."""
    import hashlib

    from pydantic import ValidationError

    from .model import ArticleMeta

    try:
        m = ArticleMeta.model_validate(meta)
    except ValidationError as exc:
        raise IngestError(f"the article's metadata is not sound: {exc.errors()[0]['msg']}") from None
    if m.sha256 and hashlib.sha256(text.encode("utf-8")).hexdigest() != m.sha256:
        raise IngestError(f"article {m.id!r}: the text differs from its recorded sha256")
    links = links or {}
    stored = check_link_list(text, links.get("links") or [])
    return Imported(m, {**link_record(m.id, stored, links.get("review")), "article": m.id})
