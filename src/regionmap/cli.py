"""Command line: ``regionmap validate | export | import-geojson | link | add | evaluate | events | actors``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import default_data_dir

if TYPE_CHECKING:
    from .linker import Linker
    from .load import Dataset


def load_dataset(*args, **kwargs) -> Dataset:
    # imported on use: geopandas alone takes longer to import than a cached `regionmap link` takes to run
    from .load import load_dataset as load

    return load(*args, **kwargs)


def summary(ds: Dataset) -> str:
    """A one-screen account of a sound dataset."""
    f = ds.features
    lines = [f"{len(f)} features in {ds.root}"]
    for layer, n in f["layer"].value_counts().sort_index().items():
        lines.append(f"  {layer:13s} {n:3d}")
    kinds = Counter(lk.kind.value for lk in ds.links)
    linked = {lk.feature for lk in ds.links}
    lines.append(f"{len(ds.articles)} article(s), {len(ds.links)} links "
                 f"({kinds['mention']} mentions, {kinds['passage']} passages)")  # fmt: skip
    lines.append(f"{len(linked)} features linked to a passage; {len(f) - len(linked)} are context only")
    for col in ("precision", "status"):
        counts = ", ".join(f"{k} {v}" for k, v in f[col].value_counts().sort_index().items())
        lines.append(f"{col}: {counts}")
    lines.append(f"{len(ds.sources)} geometry sources: {', '.join(sorted(ds.sources))}")
    return "\n".join(lines)


def _report_problems(ds: Dataset, closing: str) -> bool:
    """Print one line per problem and a closing line to stderr; True if there were any."""
    for p in ds.problems:
        print(p, file=sys.stderr)
    if ds.problems:
        print(closing.format(n=len(ds.problems)), file=sys.stderr)
    return bool(ds.problems)


def cmd_validate(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .gazetteer import build_gazetteer
    from .storage import database_url, open_store
    from .store import UserStore, default_user_dir

    # the configured user data directory is checked whenever it exists; one named with
    # --userdata must exist
    user = args.userdata or default_user_dir()
    if args.userdata is not None and not args.userdata.is_dir():
        print(f"{args.userdata}: user data directory not found", file=sys.stderr)
        return 1
    checked_user = args.userdata is not None or (user / "articles").is_dir()
    if database_url(args.database):
        store = open_store(args.database, data_dir=args.data_dir)
        ds = load_corpus(args.data_dir, store=store)
        if _report_problems(ds, f"{{n}} problem(s) in {args.data_dir} and {store.location}"):
            return 1
        print(summary(ds))
        print(f"saved articles in {store.location}: {len(ds.user_articles)}")
        return 0
    ds = load_corpus(args.data_dir, user if checked_user else None)
    where = f"{args.data_dir}" + (f" and {user}" if checked_user else "")
    if _report_problems(ds, f"{{n}} problem(s) in {where}"):
        return 1
    # features added for saved articles keep their gazetteer ids, so the count is the curated one
    gaz = build_gazetteer(args.data_dir, ds.features)
    print(summary(ds))
    print(f"gazetteer: {len(gaz.entries)} places, {len(gaz.forms)} names and spellings")
    if checked_user:
        line = f"user data in {user}: {len(ds.user_articles)} saved article(s)"
        try:
            left = UserStore(user).leftovers()
        except ValueError:  # pointed at the curated data: nothing of its own to report
            left = []
        if left:
            line += f"; {len(left)} file(s) left by interrupted saves (ignored, removed on the next save)"
        print(line)
    print("OK")
    return 0


def _linker(data_dir: Path) -> Linker:
    from .linker_cache import load_linker

    return load_linker(data_dir)


def _read_article_file(path: Path) -> str:
    from .ingest import read_upload

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SystemExit(f"{path}: cannot read: {exc.strerror or exc}") from None
    return read_upload(path.name, data)


def cmd_link(args: argparse.Namespace) -> int:
    import json

    from .ingest import IngestError

    try:
        text = _read_article_file(args.file)
    except IngestError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    linker = _linker(args.data)
    lang = None if args.language == "auto" else args.language
    print("\n".join(json.dumps(m.to_json(), ensure_ascii=False) for m in linker.link(text, lang=lang)))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from .ingest import IngestError, article_input
    from .storage import open_store
    from .store import default_user_dir, mention_link

    try:
        text = _read_article_file(args.file)
        inp = article_input(
            title=args.title, publisher=args.publisher, date=args.date, author=args.author, url=args.url,
            format="markdown" if str(args.file).lower().endswith((".md", ".markdown")) else "text",
            language=args.language,
        )  # fmt: skip
        from .lang import detect

        if inp.language is None:  # detected once, linked and stored with the article
            inp = inp.model_copy(update={"language": detect(text)})
        ds, linker = load_dataset(args.data), _linker(args.data)
        mentions = linker.link(text, lang=inp.language)
        links = [
            mention_link(m.feature_id, m.surface, m.start, m.end)
            for m in mentions
            if m.feature_id and not m.needs_review
        ]
        review = [m.to_json() for m in mentions if m.needs_review]
        store = open_store(args.database, args.userdata or default_user_dir(), args.data)
        aid = store.save(inp, text, links, existing_titles=[a.meta.title for a in ds.articles.values()],
                         review=review)  # fmt: skip
    except (IngestError, OSError, ValueError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    print(
        f"saved {aid} in {store.location} (language: {inp.language}): {len(links)} linked mention(s), "
        f"{len(review)} to review in the app"
    )
    return _add_events(args, aid, text, inp.date, mentions, ds, links, store)


def _add_events(args, aid, text, published, mentions, ds, links, store) -> int:
    """Propose the added article's events; save them all only when the user accepts all (issue 11)."""
    from .extract import propose
    from .ingest import IngestError
    from .user_events import accepted_records, save_events

    found = propose(text, published, index=ds.actors, mentions=mentions).events
    if not args.accept_events:
        print(f"{len(found)} event(s) proposed, none saved: add with --accept-events to save them all, or add "
              "the article in the app to accept them one by one")  # fmt: skip
        return 0
    places = set(ds.features.index) | {lk["feature"] for lk in links}
    try:
        records = accepted_records(
            ((p, None, None) for p in found), aid, set(ds.actors.records), places, published
        )
        save_events(store, aid, records)
    except (IngestError, OSError) as exc:
        print(f"{args.file}: the article is saved but its events are not: {exc}", file=sys.stderr)
        return 1
    print(f"{len(records)} proposed event(s) accepted and saved in {store.location}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    import json

    from .evaluate import EvalError, errors_report, evaluate_sets, find_sets, load_set, report, to_json

    dirs = args.eval_dirs or find_sets()
    try:
        if not dirs:
            raise EvalError("no evaluation sets found under tests/ (folders eval and eval_* with gold/)")
        for d in dirs:  # every set must be scorable before anything is linked
            load_set(d)
        results = evaluate_sets(dirs, _linker(args.data))
    except EvalError as exc:
        print(f"regionmap evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json(results), ensure_ascii=False, indent=1))
        return 0
    print(report(results, per_article=not args.brief))
    if args.errors:
        print()
        print(errors_report(results), end="")
    return 0


DATABASE_HELP = "a postgresql:// URL: use that database instead of the user data folder (default: $REGIONMAP_DATABASE_URL)"


# the article's language (issue 13): detected unless given
LANGUAGE_ARG = ("--language",)
LANGUAGE_OPTS: dict = {
    "default": "auto", "choices": ["auto", "en", "ru", "fa"],
    "help": "en, ru or fa (Dari/Persian); default: detected from the text",
}  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="regionmap", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    v = sub.add_parser(
        "validate",
        help="check a data directory and the user data directory; exit 1 with one line per problem",
    )
    v.add_argument("data_dir", nargs="?", type=Path, default=default_data_dir())
    v.add_argument("--userdata", type=Path, default=None,
                   help="a user data directory to check too (default: $REGIONMAP_USERDATA or ./userdata, if it exists)")  # fmt: skip
    v.add_argument("--database", default=None, help=DATABASE_HELP)
    v.set_defaults(func=cmd_validate)
    from .export_cli import add_parsers as add_export_parsers

    add_export_parsers(sub)  # export FORMAT OUT, import-geojson

    lk = sub.add_parser("link", help="print the place mentions found in a .txt/.md/.html file as JSON lines")
    lk.add_argument("file", type=Path)
    lk.add_argument("--data", type=Path, default=default_data_dir())
    lk.add_argument(*LANGUAGE_ARG, **LANGUAGE_OPTS)
    lk.set_defaults(func=cmd_link)
    ad = sub.add_parser("add", help="link an article file and save it in the user data directory")
    ad.add_argument("file", type=Path)
    ad.add_argument("--title", required=True)
    ad.add_argument("--publisher", required=True)
    ad.add_argument("--date", required=True, help="publication date, YYYY-MM-DD")
    ad.add_argument("--author")
    ad.add_argument("--url")
    ad.add_argument("--userdata", type=Path, default=None, help="default: $REGIONMAP_USERDATA or ./userdata")
    ad.add_argument("--data", type=Path, default=default_data_dir())
    ad.add_argument("--database", default=None, help=DATABASE_HELP)
    ad.add_argument(*LANGUAGE_ARG, **LANGUAGE_OPTS)
    ad.add_argument("--accept-events", action="store_true",
                    help="save every event the extractor proposes (default: none is saved unreviewed)")  # fmt: skip
    ad.set_defaults(func=cmd_add)
    ev = sub.add_parser(
        "evaluate", help="strict precision, recall, exact and 161 km resolution on annotated sets"
    )
    ev.add_argument(
        "eval_dirs", nargs="*", type=Path, metavar="EVAL_DIR",
        help="sets to score (default: every tests/eval and tests/eval_* of the project that has gold/)",
    )  # fmt: skip
    ev.add_argument("--data", type=Path, default=default_data_dir())
    ev.add_argument("--errors", action="store_true", help="also list every error, grouped by class")
    ev.add_argument("--json", action="store_true", help="print every figure and error as JSON")
    ev.add_argument("--brief", action="store_true", help="totals only, no per-article rows")
    ev.set_defaults(func=cmd_evaluate)
    _add_event_commands(sub)
    from .db_cli import add_parsers as add_db_parsers

    add_db_parsers(sub)  # db init|upgrade|status|import-curated|export-files|import-files, ingest
    return ap


# --------------------------------------------------------------------------- events and actors


def _corpus_events(args: argparse.Namespace):
    """The curated data plus the saved articles (of the database if one is named), with their events and actors."""
    from .corpus import load_corpus
    from .storage import database_url, open_store

    if database_url(args.database):
        return load_corpus(args.data, store=open_store(args.database, data_dir=args.data))
    return load_corpus(args.data, args.userdata)  # it joins the saved articles' events (user_events)


def cmd_events(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from .ingest import IngestError

    if (args.file is None) == (args.article is None):
        print("give a FILE to extract events from, or --article ID for an article's recorded events",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.article is not None:
        ds = _corpus_events(args)
        if args.article not in ds.articles:
            print(
                f"unknown article {args.article!r}; known: {', '.join(sorted(ds.articles))}", file=sys.stderr
            )
            return 1
        for e in ds.events:
            if e.article == args.article:
                print(json.dumps(e.to_json(), ensure_ascii=False))
        return 1 if _report_problems(ds, "{n} problem(s) in the data; run 'regionmap validate'") else 0
    try:
        published = dt.date.fromisoformat(args.published) if args.published else None
    except ValueError:
        print(f"--published {args.published!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
        return 2
    try:
        text = _read_article_file(args.file)
    except IngestError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    if published is None:
        published = dt.date.today()
        print(f"no --published date: relative dates are read against today ({published})", file=sys.stderr)
    from .extract import propose

    ds, linker = load_dataset(args.data), _linker(args.data)
    found = propose(text, published, linker, None if args.no_index else ds.actors)
    for ev in found.events:
        print(json.dumps(ev.to_json(), ensure_ascii=False))
    if args.new_actors:
        for a in found.new_actors():
            print(json.dumps({"new_actor": a}, ensure_ascii=False))
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    import json

    from .timeline import actor_rows

    ds = _corpus_events(args)
    index, events = ds.actors, list(ds.events)
    if args.article is not None:
        if args.article not in ds.articles:
            print(
                f"unknown article {args.article!r}; known: {', '.join(sorted(ds.articles))}", file=sys.stderr
            )
            return 1
        index = index.for_article(args.article)
        events = [e for e in events if e.article == args.article]
    for row in actor_rows(index, events):
        rec = index.records[row["id"]]
        row["feature"] = rec.feature
        row["roles"] = [r.model_dump(mode="json", include={"role", "affiliation", "as_of", "article", "quote"})
                        for r in index.roles_of(row["id"])]  # fmt: skip
        row["mentions"] = len(index.links_of(row["id"]))
        print(json.dumps(row, ensure_ascii=False))
    return 1 if _report_problems(ds, "{n} problem(s) in the data; run 'regionmap validate'") else 0


def _add_event_commands(sub) -> None:
    from .store import default_user_dir

    ev = sub.add_parser(
        "events", help="events proposed for a text file, or an article's recorded events, as JSON lines"
    )
    ev.add_argument("file", nargs="?", type=Path, help="a .txt/.md/.html article to extract events from")
    ev.add_argument(
        "--published", help="publication date YYYY-MM-DD: the anchor of relative dates (default today)"
    )
    ev.add_argument("--article", help="print the curated or saved events of this article id instead")
    ev.add_argument(
        "--no-index", action="store_true", help="find actors by title patterns only, not the index"
    )
    ev.add_argument("--new-actors", action="store_true", help="also print the actors not in the index")
    ev.add_argument("--data", type=Path, default=default_data_dir())
    ev.add_argument("--userdata", type=Path, default=default_user_dir())
    ev.add_argument("--database", default=None, help=DATABASE_HELP)
    ev.set_defaults(func=cmd_events)
    ac = sub.add_parser("actors", help="the actor index (or one article's actors) as JSON lines")
    ac.add_argument("--article", help="only the actors of this article id, with its roles and mentions")
    ac.add_argument("--data", type=Path, default=default_data_dir())
    ac.add_argument("--userdata", type=Path, default=default_user_dir())
    ac.add_argument("--database", default=None, help=DATABASE_HELP)
    ac.set_defaults(func=cmd_actors)


def main(argv: list[str] | None = None) -> int:
    from .ingest import IngestError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except IngestError as exc:  # a store that cannot be opened (a database that is down, say): one line
        print(f"regionmap {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:  # a one-line message raised deliberately
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
