"""Bulk ingest: link and save every article file of a folder, in a pool of linking processes."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ingest import HTML_TYPES, TEXT_TYPES, IngestError
from .store_checks import title_key

if TYPE_CHECKING:
    from .linker import Linker
    from .storage import CorpusStore

SUFFIXES = TEXT_TYPES + HTML_TYPES
DEFAULT_PUBLISHER = "Unknown publisher"
SIDECAR_KEYS = ("title", "publisher", "date", "author", "url")
TITLE_CHARS = 300


def default_workers() -> int:
    """``min(2, os.cpu_count())``: linking processes for :func:`ingest_folder`."""
    return max(1, min(2, os.cpu_count() or 1))


@dataclasses.dataclass
class IngestReport:
    """What :func:`ingest_folder` did: ids saved, files already saved, ``(file, message)`` errors, seconds."""

    saved: list[str] = dataclasses.field(default_factory=list)
    already: list[Path] = dataclasses.field(default_factory=list)
    errors: list[tuple[Path, str]] = dataclasses.field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """New articles per second."""
        return len(self.saved) / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """``ingested N new, K already saved, E errors in S s (R articles/s)``."""
        return (
            f"ingested {len(self.saved)} new, {len(self.already)} already saved, {len(self.errors)} errors "
            f"in {self.seconds:.1f} s ({self.rate:.1f} articles/s)"
        )


def article_files(folder: Path | str) -> list[Path]:
    """Every ``.txt``, ``.md``, ``.markdown``, ``.html`` and ``.htm`` file under ``folder``, sorted.

    Hidden files and folders (a leading dot) are left out.
    """
    root = Path(folder)
    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root).parts
        if p.suffix.lower() in SUFFIXES and p.is_file() and not any(s.startswith(".") for s in rel):
            out.append(p)
    return sorted(out)


def first_line_title(text: str) -> str:
    """The first non-empty line of ``text`` on one line (Markdown ``#`` dropped), at most 300 characters."""
    for line in text.split("\n"):
        line = " ".join(line.strip().lstrip("#").split())
        if line:
            return line[:TITLE_CHARS].rstrip()
    return ""


def read_sidecar(path: Path) -> dict[str, Any]:
    """The ``<file>.json`` beside an article file: some of title, publisher, date, author, url ({} if none).

    Raises
    ------
    IngestError
        If it exists but is not a JSON object of those keys with text values.
    """
    from . import safejson

    side = path.with_name(path.name + ".json")
    if not side.is_file():
        return {}
    try:
        data = safejson.read(side)
    except (OSError, safejson.JsonError) as exc:
        raise IngestError(f"its sidecar {side.name} cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise IngestError(f"its sidecar {side.name} does not hold an object")
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise IngestError(f"its sidecar {side.name} has unknown keys: {', '.join(unknown)}")
    bad = [k for k, v in data.items() if v is not None and not isinstance(v, str)]
    if bad:
        raise IngestError(f"its sidecar {side.name}: {bad[0]} must be text")
    return {k: v for k, v in data.items() if v is not None}


# --------------------------------------------------------------------------- the worker side

_LINKER: Linker | None = None
_KNOWN: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def _init_worker(data_dir: str, titles: frozenset[str], shas: frozenset[str]) -> None:
    """Each linking process loads the cached linker once (unless forked with it) and learns what is saved."""
    global _KNOWN
    if _LINKER is None or _LINKER_DATA != data_dir:
        _load(data_dir)
    _KNOWN = (titles, shas)


_LINKER_DATA: str | None = None


def _load(data_dir: str) -> None:
    global _LINKER, _LINKER_DATA
    from .linker_cache import load_linker

    _LINKER, _LINKER_DATA = load_linker(data_dir), data_dir


def _prepare(job: tuple[str, str | None, str | None]) -> dict[str, Any]:
    """Read, check and link one file; never raises (a message comes back instead)."""
    name, publisher, date = job
    path = Path(name)
    try:
        return _prepare_file(path, publisher, date)
    except IngestError as exc:
        return {"path": name, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return {"path": name, "error": f"{type(exc).__name__}: {exc}"}


def _prepare_file(path: Path, publisher: str | None, date: str | None) -> dict[str, Any]:
    from .ingest import article_input, read_upload
    from .lang import detect
    from .store_checks import mention_link

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    text = read_upload(path.name, data)
    side = read_sidecar(path)
    title = side.get("title") or first_line_title(text)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out: dict[str, Any] = {"path": str(path), "title": title, "sha256": sha}
    if title_key(title) in _KNOWN[0] or sha in _KNOWN[1]:
        return {**out, "already": True}
    if not date and "date" not in side:
        date = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    inp = article_input(
        title=title, publisher=side.get("publisher") or publisher or DEFAULT_PUBLISHER,
        date=side.get("date") or date, author=side.get("author"), url=side.get("url"),
        format="markdown" if path.suffix.lower() in (".md", ".markdown") else "text",
    )  # fmt: skip
    inp = inp.model_copy(update={"language": inp.language or detect(text)})
    assert _LINKER is not None, "the worker was started without its linker"
    mentions = _LINKER.link(text, lang=inp.language)
    links = [mention_link(m.feature_id, m.surface, m.start, m.end)
             for m in mentions if m.feature_id and not m.needs_review]  # fmt: skip
    review = [m.to_json() for m in mentions if m.needs_review]
    return {**out, "input": inp.model_dump(mode="json"), "text": text, "links": links, "review": review}


# --------------------------------------------------------------------------- the parent side


def curated_titles(data_dir: Path | str) -> list[str]:
    """Titles of the curated articles (``data/articles/*.json``), which saved ones may not repeat."""
    from . import safejson

    out = []
    for p in sorted(Path(data_dir).glob("articles/*.json")):
        try:
            title = safejson.read(p).get("title")
        except (OSError, safejson.JsonError, AttributeError):
            continue
        if isinstance(title, str):
            out.append(title)
    return out


def saved_keys(store: CorpusStore) -> tuple[set[str], set[str]]:
    """The title keys and text sha256 of every article in ``store``."""
    titles, shas = set(), set()
    for rec in store.articles():
        if isinstance(rec.meta, dict):
            if isinstance(rec.meta.get("title"), str):
                titles.add(title_key(rec.meta["title"]))
            if isinstance(rec.meta.get("sha256"), str):
                shas.add(rec.meta["sha256"])
    return titles, shas


def _results(jobs: list[tuple[str, str | None, str | None]], data_dir: Path, workers: int,
             known: tuple[set[str], set[str]]) -> Iterator[dict[str, Any]]:  # fmt: skip
    init = (str(data_dir), frozenset(known[0]), frozenset(known[1]))
    if not jobs:
        return
    # loaded here first: a cold cache is built once, not by every worker, and forked workers inherit it
    _load(str(data_dir))
    if workers <= 1 or len(jobs) <= 1:  # no pool: a single file, or one worker asked for
        _init_worker(*init)
        yield from map(_prepare, jobs)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                                initargs=init) as pool:  # fmt: skip
        # in file order, a few files per task: the parent saves while the workers link
        yield from pool.map(_prepare, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))


def _save(res: dict[str, Any], store: CorpusStore, curated: list[str], titles: set[str], shas: set[str],
          report: IngestReport) -> None:  # fmt: skip
    """Save one prepared file unless it failed or is saved already; the outcome goes into ``report``."""
    from .ingest import ArticleInput

    path = Path(res["path"])
    if "error" in res:
        report.errors.append((path, res["error"]))
        return
    key = title_key(res["title"])
    if res.get("already") or key in titles or res["sha256"] in shas:
        report.already.append(path)
        return
    try:
        inp = ArticleInput.model_validate(res["input"])
        aid = store.save(inp, res["text"], res["links"], existing_titles=curated, review=res["review"])
    except (IngestError, OSError, ValueError) as exc:
        report.errors.append((path, str(exc)))
        return
    titles.add(key)
    shas.add(res["sha256"])
    report.saved.append(aid)


def ingest_folder(
    folder: Path | str,
    store: CorpusStore,
    data_dir: Path | str,
    workers: int = 2,
    publisher: str | None = None,
    date: str | None = None,
    progress: bool = True,
) -> IngestReport:
    """Link and save every article file under ``folder`` (see :func:`article_files`) into ``store``.

    Files are read, checked and linked in ``workers`` processes (each loads the cached linker
    once); the parent saves them in file order through the one store, so the store sees one
    writer. A file whose title (compared by :func:`~regionmap.store_checks.title_key`) or text is
    saved already, in the store, in the curated data or earlier in this run, is counted as
    already saved, so running it again adds nothing.

    Parameters
    ----------
    folder
        Searched recursively; a ``<file>.json`` sidecar may give ``title``, ``publisher``,
        ``date``, ``author`` and ``url``.
    store
        Where the articles are saved.
    data_dir
        The curated data: its gazetteer links the articles, its titles may not be repeated.
    workers
        Linking processes; 1 links in this process.
    publisher, date
        For files whose sidecar does not say: default ``"Unknown publisher"`` and the file's
        modification date.
    progress
        Show a ``tqdm`` progress bar on stderr.

    Returns
    -------
    IngestReport
        Ids saved, files already saved and one message per file that could not be saved.
    """
    from tqdm import tqdm

    t0 = time.perf_counter()
    data_dir = Path(data_dir)
    report = IngestReport()
    curated = curated_titles(data_dir)
    titles, shas = saved_keys(store)
    titles |= {title_key(t) for t in curated}
    jobs = [(str(p), publisher, date) for p in article_files(folder)]
    done = 0
    with tqdm(total=len(jobs), disable=not progress, unit="file", desc="ingest", leave=False) as bar:
        try:
            for res in _results(jobs, data_dir, workers, (titles, shas)):
                done += 1
                bar.update(1)
                _save(res, store, curated, titles, shas, report)
        except concurrent.futures.BrokenExecutor:  # a worker killed (out of memory, say)
            for name, _, _ in jobs[done:]:
                report.errors.append((Path(name), "not linked: a linking process died"))
    report.seconds = time.perf_counter() - t0
    return report
