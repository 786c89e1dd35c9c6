"""Command line: ``regionmap validate | export geojson | link | add | evaluate``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .load import Dataset, load_dataset
from .paths import default_data_dir


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
    from .store import UserStore, default_user_dir

    # the configured user data directory is checked whenever it exists; one named with
    # --userdata must exist
    user = args.userdata or default_user_dir()
    if args.userdata is not None and not args.userdata.is_dir():
        print(f"{args.userdata}: user data directory not found", file=sys.stderr)
        return 1
    checked_user = args.userdata is not None or (user / "articles").is_dir()
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


def cmd_export_geojson(args: argparse.Namespace) -> int:
    from .export import write_geojson

    ds = load_dataset(args.data)
    if _report_problems(ds, f"not exported: {{n}} problem(s) in {args.data}; run 'regionmap validate'"):
        return 1
    try:
        n = write_geojson(ds, args.out)
    except OSError as exc:
        print(f"{args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{args.out}: {n} features")
    return 0


def _linker(data_dir: Path):
    from .gazetteer import build_gazetteer
    from .linker import Linker

    ds = load_dataset(data_dir)
    return ds, Linker(build_gazetteer(data_dir, ds.features))


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
    _, linker = _linker(args.data)
    for m in linker.link(text):
        print(json.dumps(m.to_json(), ensure_ascii=False))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from .ingest import IngestError, article_input
    from .store import UserStore, mention_link

    try:
        text = _read_article_file(args.file)
        inp = article_input(
            title=args.title, publisher=args.publisher, date=args.date, author=args.author, url=args.url
        )
        ds, linker = _linker(args.data)
        mentions = linker.link(text)
        links = [
            mention_link(m.feature_id, m.surface, m.start, m.end) for m in mentions if not m.needs_review
        ]
        review = [m.to_json() for m in mentions if m.needs_review]
        aid = UserStore(args.userdata).save(inp, text, links, existing_titles=[a.meta.title for a in ds.articles.values()],
                                            review=review)  # fmt: skip
    except (IngestError, OSError, ValueError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    print(
        f"saved {aid} in {args.userdata}: {len(links)} linked mention(s), {len(review)} to review in the app"
    )
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report

    _, linker = _linker(args.data)
    total, per, errors = evaluate(args.eval_dir, linker)
    print(report(total, per))
    if args.errors:
        for e in errors:
            print(*e, sep="\t")
    return 0


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
    v.set_defaults(func=cmd_validate)
    ex = sub.add_parser("export", help="export the data")
    exs = ex.add_subparsers(dest="format", required=True)
    g = exs.add_parser("geojson", help="one RFC 7946 FeatureCollection of every feature")
    g.add_argument("out", type=Path)
    g.add_argument("--data", type=Path, default=default_data_dir())
    g.set_defaults(func=cmd_export_geojson)

    from .store import default_user_dir

    lk = sub.add_parser("link", help="print the place mentions found in a .txt/.md/.html file as JSON lines")
    lk.add_argument("file", type=Path)
    lk.add_argument("--data", type=Path, default=default_data_dir())
    lk.set_defaults(func=cmd_link)
    ad = sub.add_parser("add", help="link an article file and save it in the user data directory")
    ad.add_argument("file", type=Path)
    ad.add_argument("--title", required=True)
    ad.add_argument("--publisher", required=True)
    ad.add_argument("--date", required=True, help="publication date, YYYY-MM-DD")
    ad.add_argument("--author")
    ad.add_argument("--url")
    ad.add_argument(
        "--userdata", type=Path, default=default_user_dir(), help="default: $REGIONMAP_USERDATA or ./userdata"
    )
    ad.add_argument("--data", type=Path, default=default_data_dir())
    ad.set_defaults(func=cmd_add)
    ev = sub.add_parser("evaluate", help="precision, recall and resolution accuracy on an annotated set")
    ev.add_argument("eval_dir", nargs="?", type=Path, default=Path("tests/eval"))
    ev.add_argument("--data", type=Path, default=default_data_dir())
    ev.add_argument("--errors", action="store_true", help="also list every miss and false positive")
    ev.set_defaults(func=cmd_evaluate)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:  # a one-line message raised deliberately
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
