"""Adding an article in the app: paste or upload, review the proposed links, save."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from .article_view import context, context_html, md_escape
from .gazetteer import Gazetteer
from .ingest import ArticleInput, IngestError, article_input, check_text, read_upload
from .lang import LANGUAGES, detect
from .linker import Linker
from .load import Dataset
from .model import Article, ArticleMeta, Link
from .store import UserStore, mention_link, title_key
from .ui_data import draft_article_html

DRAFT = "rm_draft"
NOT_A_PLACE = "—"


def _label(gaz: Gazetteer, eid: str) -> str:
    e = gaz.entries.get(eid)
    if e is None:
        return eid
    where = f", {e.country}" if e.country and e.type != "country" else ""
    return f"{e.name} ({e.type}{where})"


@st.cache_resource(max_entries=2, show_spinner=False)
def _all_labels(_gaz: Gazetteer, key: int) -> dict[str, str]:
    return dict(sorted(((eid, _label(_gaz, eid)) for eid in _gaz.entries), key=lambda kv: kv[1]))


def _context(text: str, m: dict) -> str:
    art = Article(meta=ArticleMeta(id="x", title="x", publisher="x", published="2000-01-01",
                                   body={"start": 0, "end": len(text)}), text=text)  # fmt: skip
    link = Link(feature="x", quote=m["surface"], start=m["start"], end=m["end"])
    return context_html(context(art, link, limit=120), "#ffd400")


def _choices(m: dict, labels: dict[str, str]) -> list[str]:
    """The linker's candidates; the whole gazetteer (searchable) when it had fewer than two."""
    options = [c["feature_id"] for c in m.get("candidates") or []] or (
        [m["feature_id"]] if m.get("feature_id") else []
    )
    if len(options) < 2:
        options = [*options, *(o for o in labels if o not in options)]
    return [NOT_A_PLACE, *options]


def _preview(text: str, mentions: list[dict], layer_of: dict[str, str], fmt: str = "text") -> str:
    meta = ArticleMeta(
        id="draft",
        title="draft",
        publisher="draft",
        published="2000-01-01",
        body={"start": 0, "end": len(text)},
        format=fmt,
    )
    links = tuple(Link(feature=m["feature_id"], quote=m["surface"], start=m["start"], end=m["end"], article="draft")
                  for m in mentions if m["feature_id"])  # fmt: skip
    lo = {lk.feature: layer_of.get(lk.feature, "places") for lk in links}
    key = hash((text, fmt, tuple((lk.feature, lk.start, lk.end) for lk in links)))
    return draft_article_html(Article(meta=meta, text=text), links, lo, key)


def _read_form(ds: Dataset) -> tuple[str, ArticleInput] | None:
    mode = st.radio("Text", ["Upload a file", "Paste text"], horizontal=True, key="rm_add_mode")
    upload = pasted = None
    if mode == "Upload a file":
        upload = st.file_uploader("A .txt, .md or .html file, at most 2 MB", type=["txt", "md", "markdown", "html", "htm"],
                                  key="rm_add_file")  # fmt: skip
    else:
        pasted = st.text_area("Article text", height=200, key="rm_add_text")
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", key="rm_add_title")
    publisher = c2.text_input("Publisher", key="rm_add_publisher")
    date = c1.text_input("Date (YYYY-MM-DD)", key="rm_add_date", placeholder="2024-05-31")
    author = c2.text_input("Author (optional)", key="rm_add_author")
    url = st.text_input("URL (optional)", key="rm_add_url")
    language = language_select()
    if not st.button("Find places", type="primary", key="rm_add_go"):
        return None
    try:
        fmt = "text"
        if upload is not None:
            text = read_upload(upload.name, upload.getvalue())
            fmt = "markdown" if upload.name.lower().endswith((".md", ".markdown")) else "text"
        elif pasted is not None:
            text = check_text(pasted)
        else:
            raise IngestError("choose a file to upload first")
        inp = article_input(
            title=title,
            publisher=publisher,
            date=date,
            author=author or None,
            url=url or None,
            format=fmt,
            language=language,
        )
        if inp.language is None:
            inp = inp.model_copy(update={"language": detect(text)})
    except IngestError as exc:
        st.error(md_escape(str(exc)))
        return None
    if title_key(inp.title) in {title_key(a.meta.title) for a in ds.articles.values()}:
        st.error(f"An article titled “{md_escape(inp.title)}” already exists; give this one another title.")
        return None
    return text, inp


def _pick_place(m: dict, labels: dict[str, str], key: str, preselect: bool) -> str | None:
    options = _choices(m, labels)
    index = options.index(m["feature_id"]) if preselect and m.get("feature_id") in options else None
    return st.selectbox("Place", options, index=index, key=key, format_func=lambda o: labels.get(o, o),
                        label_visibility="collapsed", placeholder="Choose…")  # fmt: skip


def _decide_row(text: str, m: dict, labels: dict[str, str], key: str, preselect: bool) -> str | None:
    c1, c2 = st.columns([3, 2])
    with c1:
        st.html(_context(text, m))
    with c2:
        return _pick_place(m, labels, key, preselect)


def add_article_panel(
    ds: Dataset, gaz: Gazetteer, linker: Linker, store: UserStore, on_saved: Callable[[str], None]
) -> None:
    """The whole add-an-article flow; calls ``on_saved(article_id)`` after a successful save."""
    got = _read_form(ds)
    if got is not None:
        text, inp = got
        mentions = [
            {**m.to_json(), "needs_review": m.needs_review} for m in linker.link(text, lang=inp.language)
        ]
        st.session_state[DRAFT] = {"text": text, "input": inp.model_dump(mode="json"), "mentions": mentions}
    draft = st.session_state.get(DRAFT)
    if not draft:
        return
    text, mentions = draft["text"], draft["mentions"]
    review = [i for i, m in enumerate(mentions) if m["needs_review"]]
    sure = [i for i, m in enumerate(mentions) if not m["needs_review"]]
    st.html(
        f"<div><b>{escape(draft['input']['title'])}</b> — {len(mentions)} place mention(s) found: "
        f"{len(sure)} linked with confidence, {len(review)} for you to decide.</div>"
    )
    with st.expander("Preview with the proposed links", expanded=False):
        fmt = draft["input"].get("format", "text")
        preview = _preview(text, [mentions[i] for i in sure], ds.features["layer"].to_dict(), fmt)
        st.html(f'<div style="white-space:pre-wrap;max-height:360px;overflow:auto">{preview}</div>')
    labels = _all_labels(gaz, hash(tuple(gaz.entries)))
    if review:
        st.markdown("**Decide these** (choose the place meant, or “—” if it is not a place):")
    decisions = {
        i: _decide_row(text, mentions[i], labels, f"rm_fix_{i}_{mentions[i]['start']}", True) for i in review
    }
    keep = {}
    if sure:
        with st.expander(f"{len(sure)} confident link(s): untick any that is wrong"):
            for i in sure:
                m = mentions[i]
                label = md_escape(f"{m['surface']} → {labels.get(m['feature_id'], m['feature_id'])}")
                keep[i] = st.checkbox(label, value=True, key=f"rm_keep_{i}_{m['start']}")
    c1, c2 = st.columns(2)
    if c2.button("Discard", key="rm_add_discard"):
        del st.session_state[DRAFT]
        st.rerun()
    if not c1.button("Save article", type="primary", key="rm_add_save"):
        return
    links, pending = [], []
    for i, m in enumerate(mentions):
        fid = m["feature_id"] if keep.get(i) else decisions.get(i)
        if i in decisions and fid is None:  # not decided yet: kept for later
            pending.append(
                {k: m[k] for k in ("start", "end", "surface", "feature_id", "candidates") if k in m}
            )
        elif fid and fid != NOT_A_PLACE:
            links.append(mention_link(fid, m["surface"], m["start"], m["end"]))
    try:
        inp = article_input(**draft["input"])
        aid = store.save(
            inp, text, links, existing_titles=[a.meta.title for a in ds.articles.values()], review=pending
        )
    except (IngestError, OSError) as exc:
        st.error(md_escape(f"Not saved: {exc}"))
        return
    del st.session_state[DRAFT]
    on_saved(aid)


def review_panel(ds: Dataset, gaz: Gazetteer, store: UserStore, on_saved: Callable[[str], None]) -> None:
    """Mentions left undecided in saved articles, each fixed with one choice and saved with the article."""
    pending = {aid: items for aid, items in ds.review.items() if items and aid in ds.user_articles}
    if not pending:
        return
    st.markdown("#### Saved articles with mentions to decide")
    labels = _all_labels(gaz, hash(tuple(gaz.entries)))
    for aid, items in pending.items():
        art = ds.articles[aid]
        with st.expander(md_escape(f"{art.meta.title} — {len(items)} to decide")):
            choices = {(m["start"], m["end"]): _decide_row(art.text, m, labels, f"rm_rev_{aid}_{j}", False)
                       for j, m in enumerate(items)}  # fmt: skip
            if st.button("Save decisions", key=f"rm_rev_save_{aid}"):
                decided = {
                    span: (None if c == NOT_A_PLACE else c) for span, c in choices.items() if c is not None
                }
                try:
                    store.decide(aid, decided)
                except (IngestError, OSError) as exc:
                    st.error(md_escape(f"Not saved: {exc}"))
                    return
                on_saved(aid)


def language_select() -> str:
    """The add form's language box: detected by default, or English, Russian, Dari/Persian by hand."""
    options = ["auto", *LANGUAGES]
    names = {"auto": "Detect from the text", **LANGUAGES}
    return str(st.selectbox("Language", options, format_func=names.__getitem__, key="rm_add_language"))
