"""Display names: the article's spelling first, kinds in plain words."""

from __future__ import annotations

from regionmap.model import Link, LinkKind
from regionmap.names import article_spellings, display_name, plain_kind


def test_plain_kinds():
    assert plain_kind("adm1", "AF") == "province"
    assert plain_kind("adm1", "tj") == "region"
    assert plain_kind("city") == "town"
    assert plain_kind("converter station") == "converter station"


def test_article_spelling_is_the_most_used_mention():
    links = [
        Link(feature="gn-1", quote="Termez", start=0, end=6, article="a"),
        Link(feature="gn-1", quote="Termiz", start=10, end=16, article="a"),
        Link(feature="gn-1", quote="Termez", start=20, end=26, article="a"),
        Link(
            feature="gn-1",
            quote="Termez is on the river",
            start=20,
            end=42,
            article="a",
            kind=LinkKind.PASSAGE,
        ),
        Link(feature="gn-1", quote="Tirmiz", start=0, end=6, article="b"),
    ]
    got = article_spellings(links)
    assert got == {("a", "gn-1"): "Termez", ("b", "gn-1"): "Tirmiz"}


def test_display_name_prefers_the_article_but_not_a_demonym_or_headline():
    assert display_name("Tirmiz", "Termez") == ("Termez", ["Tirmiz"])
    assert display_name("Tajikistan", "Tajik", demonyms=["Tajik", "Tajiks"]) == ("Tajikistan", [])
    assert display_name("Dushanbe", "dushanbe") == ("Dushanbe", [])
    assert display_name("Osh", "OSH") == ("Osh", [])
    assert display_name("Osh", None) == ("Osh", [])
