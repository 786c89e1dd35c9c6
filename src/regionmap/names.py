"""How a feature is called on screen: the article's own spelling first, kinds in plain words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .model import Link, LinkKind

# Gazetteer and curated kinds as a reader says them; the first-level division of a country
# takes that country's own word (an Afghan "province", a Tajik or Uzbek "region").
_PLAIN = {
    "city": "town",
    "adm1": "province or region",
    "country": "country",
    "region": "region",
    "river": "river",
    "mountains": "mountain range",
    "water": "sea or lake",
    "infrastructure": "infrastructure",
    "crossing": "border crossing",
    "pass": "mountain pass",
    "district": "district",
    "valley": "valley",
    "corridor": "corridor",
    "road": "road",
}
# kinds that are lines or areas on the ground: drawn as one point they are an "approximate point"
LINEAR_KINDS = frozenset(
    {"river", "mountains", "water", "valley", "corridor", "road", "region", "district", "adm1"}
)
ADM1_WORD = {
    "AF": "province",
    "PK": "province",
    "IR": "province",
    "CN": "autonomous region",
    "TJ": "region",
    "KG": "region",
    "UZ": "region",
    "TM": "region",
    "KZ": "region",
}
# the gazetteer writes countries as ISO 3166-1 alpha-3, the data as alpha-2: both are accepted
_ALPHA3 = {"AFG": "AF", "PAK": "PK", "IRN": "IR", "CHN": "CN", "TJK": "TJ", "KGZ": "KG", "UZB": "UZ",
           "TKM": "TM", "KAZ": "KZ"}  # fmt: skip


def plain_kind(kind: str, country: str | None = None) -> str:
    """A kind in plain words: ``"adm1"`` becomes "province" or "region" by country, ``"city"`` "town".

    Parameters
    ----------
    kind
        The stored kind (gazetteer type or curated kind such as "converter station").
    country
        ISO 3166-1 alpha-2 or alpha-3 code of the country, when known; picks the word for "adm1".
    """
    code = _ALPHA3.get(country.upper(), country.upper()) if country else None
    if kind == "adm1" and code in ADM1_WORD:
        return ADM1_WORD[code]
    return _PLAIN.get(kind, kind)


def article_spellings(links: Iterable[Link]) -> dict[tuple[str, str], str]:
    """For each ``(article id, feature id)``, the spelling the article uses most for the feature.

    Only mentions count (a passage is a clause, not a name); ties go to the first written.
    Demonyms ("Tajik") are a spelling of the people, not of the place, so a form that
    starts in lower case or is shorter than half the most common form is still returned
    as written: callers decide whether to show it.
    """
    counts: dict[tuple[str, str], Counter[str]] = {}
    for lk in links:
        if lk.kind != LinkKind.MENTION:
            continue
        counts.setdefault((lk.article, lk.feature), Counter())[lk.quote.strip()] += 1
    # Counter.most_common keeps insertion order among equal counts: the first written wins
    return {key: c.most_common(1)[0][0] for key, c in counts.items() if c}


def display_name(name: str, spelling: str | None, demonyms: Iterable[str] = ()) -> tuple[str, list[str]]:
    """The name to show first and the other spellings to list under "also written".

    Parameters
    ----------
    name
        The stored (gazetteer or curated) name, e.g. GeoNames' "Tirmiz".
    spelling
        The article's spelling (see :func:`article_spellings`), e.g. "Termez".
    demonyms
        Forms that name the people rather than the place ("Tajik", "Afghan"): never shown
        as the place's name.

    Returns
    -------
    tuple
        ``(shown, also_written)``: the article's spelling leads when it is a name written in
        title case (not a demonym, not a lower-case headline or an ALL-CAPS dateline form).
    """
    folded = {d.casefold() for d in demonyms}
    if (
        spelling
        and spelling != name
        and spelling[:1].isupper()
        and not spelling.isupper()
        and spelling.casefold() not in folded
    ):
        return spelling, [name]
    return name, []
