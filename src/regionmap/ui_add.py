"""Adding an article in the app: paste or upload, review the proposed links, save."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from .article_view import article_html, md_escape
from .gazetteer import Gazetteer
from .ingest import IngestError, article_input, check_text, read_upload
from .linker import Linker
from .load import Dataset
from .model import Article, ArticleMeta, Link
from .store import UserStore

DRAFT = "rm_draft"
NOT_A_PLACE = "—"
CONFIDENT = 0.75


def _label(gaz: Gazetteer, eid: str) -> str:
    e = gaz.entries.get(eid)
    if e is None:
        return eid
    where = f", {e.country}" if e.country and e.type != "country" else ""
    return f"{e.name} ({e.type}{where})"


@st.cache_data(max_entries=2, show_spinner=False)
def _all_labels(_gaz: Gazetteer, key: int) -> dict[str, str]:
    return dict(sorted(((eid, _label(_gaz, eid)) for eid in _gaz.entries), key=lambda kv: kv[1]))


def _needs_review(m: dict) -> bool:
    return m["feature_id"] is None or bool(m.get("candidates")) or m["confidence"] < CONFIDENT


def _context(text: str, m: dict, width: int = 70) -> str:
    a, b = max(0, m["start"] - width), min(len(text), m["end"] + width)
    return (
        f"…{escape(text[a:m['start']])}<mark>{escape(m['surface'])}</mark>{escape(text[m['end']:b])}…".replace("\n", " ")
    )


def _preview(text: str, mentions: list[dict], layer_of: dict[str, str]) -> str:
    meta = ArticleMeta(id="draft", title="draft", publisher="draft", published="2000-01-01", body={"start": 0, "end": len(text)})
    links = [Link(feature=m["feature_id"], quote=m["surface"], start=m["start"], end=m["end"], article="draft")
             for m in mentions if m["feature_id"]]  # fmt: skip
    lo = {lk.feature: layer_of.get(lk.feature, "places") for lk in links}
    return article_html(Article(meta=meta, text=text), links, lo)


def _read_form(ds: Dataset) -> tuple[str, object] | None:
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
    if not st.button("Find places", type="primary", key="rm_add_go"):
        return None
    try:
        if upload is not None:
            text = read_upload(upload.name, upload.getvalue())
        elif pasted is not None:
            text = check_text(pasted)
        else:
            raise IngestError("choose a file to upload first")
        inp = article_input(title=title, publisher=publisher, date=date, author=author or None, url=url or None)
    except IngestError as exc:
        st.error(md_escape(str(exc)))
        return None
    taken = {" ".join(a.meta.title.split()).casefold() for a in ds.articles.values()}
    if " ".join(inp.title.split()).casefold() in taken:
        st.error(f"An article titled “{md_escape(inp.title)}” already exists; give this one another title.")
        return None
    return text, inp


def add_article_panel(ds: Dataset, gaz: Gazetteer, linker: Linker, store: UserStore, on_saved: Callable[[str], None]) -> None:
    """The whole add-an-article flow; calls ``on_saved(article_id)`` after a successful save."""
    got = _read_form(ds)
    if got is not None:
        text, inp = got
        mentions = [m.to_json() for m in linker.link(text)]
        st.session_state[DRAFT] = {"text": text, "input": inp.model_dump(mode="json"), "mentions": mentions}
    draft = st.session_state.get(DRAFT)
    if not draft:
        return
    text, mentions = draft["text"], draft["mentions"]
    review = [i for i, m in enumerate(mentions) if _needs_review(m)]
    sure = [i for i in range(len(mentions)) if i not in set(review)]
    st.html(
        f"<div><b>{escape(draft['input']['title'])}</b> — {len(mentions)} place mention(s) found: "
        f"{len(sure)} linked with confidence, {len(review)} for you to decide.</div>"
    )
    with st.expander("Preview with the proposed links", expanded=False):
        st.html(f'<div style="white-space:pre-wrap;max-height:360px;overflow:auto">{_preview(text, [mentions[i] for i in sure], ds.features["layer"].to_dict())}</div>')
    labels = _all_labels(gaz, id(gaz))
    decisions: dict[int, str | None] = {}
    if review:
        st.markdown("**Decide these** (choose the place meant, or “—” if it is not a place):")
    for i in review:
        m = mentions[i]
        # the candidates when the linker had some; the whole gazetteer (searchable) when it had none
        options = [c["feature_id"] for c in m.get("candidates", [])] or ([m["feature_id"]] if m["feature_id"] else [])
        if len(options) < 2:
            options = [*options, *(o for o in labels if o not in options)]
        c1, c2 = st.columns([3, 2])
        c1.html(f'<div style="font-size:.9rem">{_context(text, m)}</div>')
        default = options.index(m["feature_id"]) if m["feature_id"] in options else None
        choice = c2.selectbox("Place", [NOT_A_PLACE, *options], index=None if default is None else default + 1,
                              key=f"rm_fix_{i}_{m['start']}", format_func=lambda o: labels.get(o, o),
                              label_visibility="collapsed", placeholder="Choose…")  # fmt: skip
        decisions[i] = choice
    keep = {i: True for i in sure}
    if sure:
        with st.expander(f"{len(sure)} confident link(s): untick any that is wrong"):
            for i in sure:
                m = mentions[i]
                keep[i] = st.checkbox(md_escape(f"{m['surface']} → {labels.get(m['feature_id'], m['feature_id'])}"), value=True,
                                      key=f"rm_keep_{i}_{m['start']}")  # fmt: skip
    c1, c2 = st.columns(2)
    if c2.button("Discard", key="rm_add_discard"):
        del st.session_state[DRAFT]
        st.rerun()
    if not c1.button("Save article", type="primary", key="rm_add_save"):
        return
    links, pending = [], []
    for i, m in enumerate(mentions):
        fid = m["feature_id"] if i in keep and keep[i] else decisions.get(i) if i in decisions else None
        if i in decisions and decisions[i] is None:  # not decided yet: keep it for later
            pending.append({k: m[k] for k in ("start", "end", "surface", "feature_id", "candidates") if k in m})
        elif fid and fid != NOT_A_PLACE:
            links.append({"feature": fid, "kind": "mention", "quote": m["surface"], "start": m["start"], "end": m["end"]})
    try:
        inp = article_input(**{k: v for k, v in draft["input"].items()})
        aid = store.save(inp, text, links, existing_titles=[a.meta.title for a in ds.articles.values()], review=pending)
    except IngestError as exc:
        st.error(md_escape(str(exc)))
        return
    del st.session_state[DRAFT]
    on_saved(aid)


def review_panel(ds: Dataset, gaz: Gazetteer, store: UserStore, on_saved: Callable[[str], None]) -> None:
    """Mentions left undecided in saved articles, each fixed with one choice and saved with the article."""
    pending = {aid: items for aid, items in ds.review.items() if items and aid in ds.user_articles}
    if not pending:
        return
    st.markdown("#### Saved articles with mentions to decide")
    labels = _all_labels(gaz, id(gaz))
    for aid, items in pending.items():
        art = ds.articles[aid]
        with st.expander(md_escape(f"{art.meta.title} — {len(items)} to decide")):
            choices = {}
            for j, m in enumerate(items):
                if not {"start", "end", "surface"} <= set(m):
                    continue
                options = [c["feature_id"] for c in m.get("candidates", []) if isinstance(c, dict)] or list(labels)
                c1, c2 = st.columns([3, 2])
                c1.html(f'<div style="font-size:.9rem">{_context(art.text, m)}</div>')
                choices[j] = c2.selectbox("Place", [NOT_A_PLACE, *options], index=None, key=f"rm_rev_{aid}_{j}",
                                          format_func=lambda o: labels.get(o, o), label_visibility="collapsed",
                                          placeholder="Choose…")  # fmt: skip
            if st.button("Save decisions", key=f"rm_rev_save_{aid}"):
                links = [{"feature": lk.feature, "kind": lk.kind.value, "quote": lk.quote, "start": lk.start, "end": lk.end}
                         for lk in ds.links if lk.article == aid]  # fmt: skip
                left = []
                for j, m in enumerate(items):
                    choice = choices.get(j)
                    if choice is None:
                        left.append(m)
                    elif choice != NOT_A_PLACE:
                        links.append({"feature": choice, "kind": "mention", "quote": m["surface"],
                                      "start": m["start"], "end": m["end"]})  # fmt: skip
                try:
                    store.update_links(aid, links, review=left)
                except IngestError as exc:
                    st.error(md_escape(str(exc)))
                    return
                on_saved(aid)
