"""Adding an article in the app: paste or upload, decide the proposed links name by name, save.

Work per run is bounded whatever the article: undecided mentions are grouped by name (one
decision per distinct surface), a page of :data:`~regionmap.limits.REVIEW_PAGE` names is shown
at a time, each choice lists only the linker's ranked candidates, and the gazetteer is searched
only when the user types a name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from html import escape
from typing import Any, Final

import streamlit as st

from .article_view import context, context_html, md_escape
from .gazetteer import Gazetteer
from .ingest import ArticleInput, IngestError, article_input, check_mentions, check_text, read_upload
from .lang import LANGUAGES, detect
from .limits import MAX_MENTIONS, MAX_TEXT_BYTES, REVIEW_PAGE
from .linker import Linker
from .load import Dataset
from .model import Article, ArticleMeta, Link
from .review import GazetteerSearch, NameGroup, entry_label, group_by_name
from .storage import CorpusStore
from .store_checks import mention_link, title_key
from .ui_add_events import events_section, proposals, save_chosen
from .ui_data import draft_article_html

DRAFT = "rm_draft"
DRAFT_N = "rm_draft_n"
NOT_A_PLACE = "—"
KEEP: Final = "page"  # widget values survive while the tab is closed or the page is turned


def name_key(surface: str) -> str:
    """A short stable key for one name, for widget keys that survive paging and saves."""
    return hashlib.sha1(surface.encode("utf-8", "surrogatepass")).hexdigest()[:10]


@st.cache_resource(max_entries=2, show_spinner=False)
def _search(_gaz: Gazetteer, key: int) -> GazetteerSearch:
    return GazetteerSearch(_gaz)


def _article(text: str, fmt: str = "text") -> Article:
    meta = ArticleMeta(id="draft", title="draft", publisher="draft", published="2000-01-01",
                       body={"start": 0, "end": len(text)}, format=fmt)  # fmt: skip
    return Article(meta=meta, text=text)


def _context(art: Article, g: NameGroup) -> str:
    start, end = g.first
    link = Link(feature="x", quote=g.surface, start=start, end=end)
    more = len(g.spans) - 1
    tail = f'<div class="rm-sub">and {more:,} more time(s) in the text</div>' if more else ""
    return context_html(context(art, link, limit=120), "#ffd400") + tail


def _preview(text: str, mentions: list[dict], layer_of: dict[str, str], fmt: str = "text") -> str:
    links = tuple(Link(feature=m["feature_id"], quote=m["surface"], start=m["start"], end=m["end"], article="draft")
                  for m in mentions if m["feature_id"])  # fmt: skip
    lo = {lk.feature: layer_of.get(lk.feature, "places") for lk in links}
    key = hash((text, fmt, tuple((lk.feature, lk.start, lk.end) for lk in links)))
    return draft_article_html(_article(text, fmt), links, lo, key)


def _read_form(ds: Dataset) -> tuple[str, ArticleInput] | None:
    mode = st.radio(
        "Text", ["Upload a file", "Paste text"], horizontal=True, key="rm_add_mode", persist_state=KEEP
    )
    upload = pasted = None
    mb = MAX_TEXT_BYTES // 2**20
    if mode == "Upload a file":
        upload = st.file_uploader(f"A .txt, .md or .html file, at most {mb} MB and {MAX_MENTIONS:,} place mentions",
                                  type=["txt", "md", "markdown", "html", "htm"], key="rm_add_file",
                                  max_upload_size=mb)  # fmt: skip
    else:
        pasted = st.text_area("Article text", height=200, key="rm_add_text", persist_state=KEEP,
                              max_chars=MAX_TEXT_BYTES)  # fmt: skip
    c1, c2 = st.columns(2)
    title = c1.text_input("Title", key="rm_add_title", persist_state=KEEP)
    publisher = c2.text_input("Publisher", key="rm_add_publisher", persist_state=KEEP)
    date = c1.text_input("Date (YYYY-MM-DD)", key="rm_add_date", placeholder="2024-05-31", persist_state=KEEP)
    author = c2.text_input("Author (optional)", key="rm_add_author", persist_state=KEEP)
    url = st.text_input("URL (optional)", key="rm_add_url", persist_state=KEEP)
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
            title=title, publisher=publisher, date=date, author=author or None, url=url or None,
            format=fmt, language=language,
        )  # fmt: skip
        if inp.language is None:
            inp = inp.model_copy(update={"language": detect(text)})
    except IngestError as exc:
        st.error(md_escape(str(exc)))
        return None
    if title_key(inp.title) in {title_key(a.meta.title) for a in ds.articles.values()}:
        st.error(f"An article titled “{md_escape(inp.title)}” already exists; give this one another title.")
        return None
    return text, inp


def _page(groups: Sequence[NameGroup], key: str, what: str) -> Sequence[NameGroup]:
    """The names on the page the user is at; a pager and a count when there is more than a page."""
    if len(groups) <= REVIEW_PAGE:
        return groups
    pages = -(-len(groups) // REVIEW_PAGE)
    page = st.pagination(pages, key=key, persist_state=KEEP)
    first = (page - 1) * REVIEW_PAGE
    shown = groups[first : first + REVIEW_PAGE]
    st.caption(f"{what} {first + 1:,}–{first + len(shown):,} of {len(groups):,}: each choice applies to every "
               "time the name occurs.")  # fmt: skip
    return shown


def _choose(gaz: Gazetteer, art: Article, g: NameGroup, key: str, default: str | None) -> None:
    """One row: the name in its context, a search box and the place it means."""
    c1, c2 = st.columns([3, 2])
    with c1:
        st.html(_context(art, g))
    with c2:
        query = st.text_input("Search the gazetteer", key=f"{key}_q", persist_state=KEEP, label_visibility="collapsed",
                              placeholder="Another place? Type its name")  # fmt: skip
        options = [NOT_A_PLACE, *g.candidates]
        if query:
            options += [e for e in _search(gaz, hash(tuple(gaz.entries)))(query) if e not in options]
        current = st.session_state.get(key, default)
        if current is not None and current not in options:
            options.append(current)
        st.selectbox("Place", options, index=options.index(current) if current in options else None, key=key,
                     format_func=lambda o: o if o == NOT_A_PLACE else entry_label(gaz, o), persist_state=KEEP,
                     label_visibility="collapsed", placeholder="Choose…")  # fmt: skip


def _choice(key: str, default: Any) -> Any:
    # a name on a page never opened keeps its default
    return st.session_state.get(key, default)


def add_article_panel(
    ds: Dataset, gaz: Gazetteer, linker: Linker, store: CorpusStore, on_saved: Callable[[str], None]
) -> None:
    """The whole add-an-article flow; calls ``on_saved(article_id)`` after a successful save."""
    got = _read_form(ds)
    if got is not None:
        text, inp = got
        found = linker.link(text, lang=inp.language)
        try:
            check_mentions(len(found))
        except IngestError as exc:
            st.error(md_escape(str(exc)))
            return
        n = st.session_state[DRAFT_N] = st.session_state.get(DRAFT_N, 0) + 1
        mentions = [{**m.to_json(), "needs_review": m.needs_review} for m in found]
        st.session_state[DRAFT] = {
            "n": n,
            "text": text,
            "input": inp.model_dump(mode="json"),
            "mentions": mentions,
            "events": proposals(text, ds, inp.date, found),  # issue 11: reviewed below, saved if ticked
        }
    draft = st.session_state.get(DRAFT)
    if not draft:
        return
    text, mentions, n = draft["text"], draft["mentions"], draft["n"]
    art = _article(text)
    review = group_by_name(m for m in mentions if m["needs_review"])
    sure = group_by_name(m for m in mentions if not m["needs_review"])
    n_review = sum(len(g.spans) for g in review)
    st.html(
        f"<div><b>{escape(draft['input']['title'])}</b> — {len(mentions):,} place mention(s) found: "
        f"{len(mentions) - n_review:,} linked with confidence, {n_review:,} for you to decide "
        f"({len(review):,} distinct name(s)).</div>"
    )
    preview = st.expander("Preview with the proposed links", key=f"rm_add_preview_{n}", on_change="rerun")
    with preview:
        if preview.open:  # built once per draft, and only when asked for
            if "preview" not in draft:
                draft["preview"] = _preview(text, [m for m in mentions if not m["needs_review"]],
                                            ds.features["layer"].to_dict(), draft["input"].get("format", "text"))  # fmt: skip
            st.html(
                f'<div style="white-space:pre-wrap;max-height:360px;overflow:auto">{draft["preview"]}</div>'
            )
    if review:
        st.markdown("**Decide these** (choose the place meant, or “—” if it is not a place):")
    for g in _page(review, f"rm_fix_page_{n}", "Names"):
        _choose(gaz, art, g, f"rm_fix_{n}_{name_key(g.surface)}", g.proposed)
    if sure:
        with st.expander(f"{len(sure):,} name(s) linked with confidence: untick any that is wrong"):
            for g in _page(sure, f"rm_keep_page_{n}", "Names"):
                label = f"{g.surface} → {entry_label(gaz, g.proposed or '')}" + (
                    f" ({len(g.spans):,} times)" if len(g.spans) > 1 else ""
                )
                st.checkbox(
                    md_escape(label), value=True, key=f"rm_keep_{n}_{name_key(g.surface)}", persist_state=KEEP
                )
    events_section(ds, gaz, draft.get("events", []), n)
    c1, c2 = st.columns(2)
    if c2.button("Discard", key="rm_add_discard"):
        del st.session_state[DRAFT]
        st.rerun()
    if not c1.button("Save article", type="primary", key="rm_add_save"):
        return
    links, pending = _decided(mentions, review, sure, n)
    try:
        inp = article_input(**draft["input"])
        aid = store.save(
            inp, text, links, existing_titles=[a.meta.title for a in ds.articles.values()], review=pending
        )
    except (IngestError, OSError) as exc:
        st.error(md_escape(f"Not saved: {exc}"))
        return
    del st.session_state[DRAFT]
    try:
        save_chosen(store, ds, aid, draft.get("events", []), n, links, inp.date)
    except (IngestError, OSError) as exc:
        st.error(md_escape(f"The article is saved, but its events are not: {exc}"))
        return
    on_saved(aid)


def _decided(
    mentions: list[dict], review: list[NameGroup], sure: list[NameGroup], n: int
) -> tuple[list[dict], list[dict]]:
    """Links to save and mentions left to decide, from the choices made name by name."""
    by_span = {(m["start"], m["end"]): m for m in mentions}
    links, pending = [], []
    for g in sure:
        if _choice(f"rm_keep_{n}_{name_key(g.surface)}", True):
            for span in g.spans:  # each occurrence keeps the feature the linker gave it
                links.append(mention_link(by_span[span]["feature_id"], g.surface, *span))
    for g in review:
        fid = _choice(f"rm_fix_{n}_{name_key(g.surface)}", g.proposed)
        for span in g.spans:
            if fid is None:  # not decided yet: kept for later
                m = by_span[span]
                pending.append(
                    {k: m[k] for k in ("start", "end", "surface", "feature_id", "candidates") if k in m}
                )
            elif fid != NOT_A_PLACE:
                links.append(mention_link(fid, g.surface, *span))
    links.sort(key=lambda lk: lk["start"])
    return links, pending


def review_panel(ds: Dataset, gaz: Gazetteer, store: CorpusStore, on_saved: Callable[[str], None]) -> None:
    """Mentions left undecided in saved articles, decided name by name, one article at a time."""
    pending = {aid: items for aid, items in ds.review.items() if items and aid in ds.user_articles}
    if not pending:
        return
    st.markdown("#### Saved articles with mentions to decide")
    order = sorted(pending, key=lambda a: (ds.articles[a].meta.published, a), reverse=True)
    aid = order[0]
    if len(order) > 1:
        aid = st.selectbox("Article", order, key="rm_rev_article", persist_state=KEEP,
                           format_func=lambda a: f"{ds.articles[a].meta.title} — {len(pending[a]):,} to decide")  # fmt: skip
        aid = aid if aid in pending else order[0]
    art = ds.articles[aid]
    groups = group_by_name(pending[aid])
    st.caption(
        md_escape(f"{art.meta.title}: {len(pending[aid]):,} mention(s) of {len(groups):,} name(s) to decide.")
    )
    for g in _page(groups, f"rm_rev_page_{aid}", "Names"):
        _choose(gaz, art, g, f"rm_rev_{aid}_{name_key(g.surface)}", None)
    if st.button("Save decisions", key=f"rm_rev_save_{aid}"):
        decided = {}
        for g in groups:
            c = _choice(f"rm_rev_{aid}_{name_key(g.surface)}", None)
            if c is not None:
                decided[g.surface] = None if c == NOT_A_PLACE else c
        if not decided:
            st.warning("Choose a place (or “—”) for at least one name first.")
            return
        try:
            store.decide_by_name(aid, decided)
        except (IngestError, OSError) as exc:
            st.error(md_escape(f"Not saved: {exc}"))
            return
        on_saved(aid)


def language_select() -> str:
    """The add form's language box: detected by default, or English, Russian, Dari/Persian by hand."""
    options = ["auto", *LANGUAGES]
    names = {"auto": "Detect from the text", **LANGUAGES}
    return str(
        st.selectbox(
            "Language", options, format_func=names.__getitem__, key="rm_add_language", persist_state=KEEP
        )
    )
