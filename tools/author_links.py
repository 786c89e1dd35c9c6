"""Write data/links/000_fdd9b0092077d752.json: the seed article's passage links.

Run from the project root after editing the passage table below:

    python tools/author_links.py

Two kinds of link, both with the exact quote and its character offsets:

* ``mention``: every whole-word, case-sensitive occurrence in the article body of
  a feature's name or alias (demonyms such as "Tajik" are aliases of the country;
  "Afghanistan’s" yields "Afghanistan"). Longer names win over names they contain
  ("Central Asian" over "Central Asia"). Only mentions of features that the article
  is about are linked (the ``MENTIONED`` layers plus the aliased items in ``EXTRA``).
* ``passage``: the sentences about a feature, hand-picked in ``PASSAGES`` by their
  exact words, which must occur exactly once in the text.

The output is committed; ``regionmap validate`` checks every quote against the text
and the tests check it against an independent hand annotation (tests/eval/gold).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from regionmap.load import load_dataset

ARTICLE = "000_fdd9b0092077d752"
MENTIONED = {"countries", "regions", "places", "provinces"}
EXTRA = {
    "energy-casa-1000", "diplomacy-c5plus1",
    "partnership-tjk-afg", "event-apn-doha",
}  # fmt: skip

S = {
    "khalilzad1": "U.S. Special Representative for Afghanistan Reconciliation Ambassador Zalmay Khalilzad made "
    "an official visit to Tajikistan beginning on October 2.",
    "khalilzad2": "Over the course of three days, Khalilzad met with Tajik President Emomali Rahmon,",
    "title": "U.S. Envoy Visits Dushanbe As Part of Afghan Peace Process\n\nAuthor",
    "statement": "According to a statement released by the Office of Tajik President Emomali Rahmon, the United "
    "States and Tajikistan exchanged views on the importance of developing relations between the two countries.",
    "apn": "The meetings between the two parties built on the previous work of the Afghanistan Peace "
    "Negotiations that began on September 12 in Doha, Qatar.",
    "settlement": "The United States is working towards the negotiation of a political settlement between the "
    "official Afghan leadership and the Taliban.",
    "c5": "The five Central Asian republics all have an important role in the future of Afghanistan, as "
    "demonstrated by Washington’s C5+1 format of international cooperation.",
    "casa": "It is the U.S. view that Tajikistan will play a key role in supporting economic development "
    "opportunities, including the CASA-1000 power transmission line and international transport corridors, "
    "that will enhance connectivity between Afghanistan and Central Asia.",
    "hosted": "The meeting between the United States and Tajikistan comes less than a month after Tajik "
    "officials hosted Afghan representatives in Dushanbe to discuss the Afghan peace process.",
    "sept17": "Meetings between officials from regions of Tajikistan and Afghanistan were held on September 17 and 18.",
    "networks": "In the post-9/11 world, various Tajikistani groups provided networks for recruiting Central "
    "Asians and involving them in fighting in Afghanistan and Pakistan.",
    "shafiev": "One such group was headed by Sayvaly Shafiev of Tajikistan, who reportedly recruited over 200 "
    "fighters from Tajikistan, Uzbekistan, and other Central Asian countries for an Islamic State affiliate in "
    "Afghanistan.",
    "plots": "According to Tajik security services, Shafiev has been linked to several plans for terror attacks "
    "in Dushanbe, including against foreign embassies and Tajikistani government buildings and military facilities.",
    "is": "The Islamic State also poses threats to Tajikistan through its control of Afghanistan’s Jawzjan province.",
    "roads": "This province, a large production center of opium poppies, is connected to Afghanistan, "
    "Uzbekistan, and Tajikistan by major roadways.",
    "route": "According to the CIA, Tajikistan is located on one of the world’s highest-volume illicit drug "
    "trafficking routes, funneling Afghan opiate production into Central Asia, Russia, and Eastern Europe.",
    "drugtrade": "The United States recognizes the drug trade as an important source of financing for terror "
    "groups, threatening stability and the security of U.S. interests as well.",
    "sept18": "On September 18, national-level officials held a series of meetings.",
    "atmar": "Afghanistan’s Acting Foreign Minister Mohammad Haneef Atmar met with President Rahmon, who "
    "assured Atmar of Dushanbe’s support for peace efforts in Afghanistan.",
    "economic": "Atmar and Rahmon discussed economic issues as well, including the status of infrastructure "
    "projects, trade development, and energy transfer agreements.",
    "spa": "Afghanistan and Tajikistan agreed to prepare and develop a Strategic Partnership Agreement.",
    "four": "Tajikistan currently has strategic partnership agreements with four other countries: China, "
    "Kazakhstan, Russia, and Uzbekistan.",
    "electricity": "In the September meetings, Afghan representatives pressed Tajik authorities to prioritize "
    "resuming electricity supplies to Afghanistan.",
    "despite": "Despite Afghanistan’s urgent need to import power, neither party specified when the document "
    "would be signed.",
}

PASSAGES = {
    "event-khalilzad-visit": ["title", "khalilzad1", "khalilzad2", "statement", "hosted"],
    "event-apn-doha": ["apn", "settlement"],
    "diplomacy-c5plus1": ["c5"],
    "energy-casa-1000": ["casa"],  # the project as a whole: its card lists its two sections
    "event-dushanbe-regional-meetings": ["hosted", "sept17", "electricity"],
    "security-shafiev-network": ["networks", "shafiev"],
    "security-dushanbe-plots": ["plots"],
    "security-is-jawzjan": ["is", "roads"],
    "province-jawzjan": ["is", "roads"],
    "road-jawzjan-uzbekistan": ["roads"],
    "road-jawzjan-tajikistan": ["roads"],
    "road-jawzjan-kabul": ["roads"],
    "route-northern-route": ["route", "drugtrade"],
    "event-atmar-rahmon": ["sept18", "atmar", "economic", "spa"],
    "energy-tjk-afg-supply": ["economic", "electricity", "despite"],
    "partnership-tjk-afg": ["spa", "despite"],
    "partnership-tjk-chn": ["four"],
    "partnership-tjk-kaz": ["four"],
    "partnership-tjk-rus": ["four"],
    "partnership-tjk-uzb": ["four"],
}


def mention_links(body_start: int, body: str, names: dict[str, set[str]]) -> list[dict]:
    # longest names first, so "Central Asian" claims its span before "Central Asia" can
    surfaces = sorted({s for v in names.values() for s in v}, key=len, reverse=True)
    taken: list[tuple[int, int]] = []
    out = []
    for surface in surfaces:
        pattern = re.compile(r"(?<![\w.])" + re.escape(surface) + r"(?![\w-])")
        for m in pattern.finditer(body):
            s, e = m.start(), m.end()
            if any(a < e and s < b for a, b in taken):
                continue
            taken.append((s, e))
            for fid, vs in names.items():
                if surface in vs:
                    out.append({"feature": fid, "kind": "mention", "quote": surface,
                                "start": body_start + s, "end": body_start + e})  # fmt: skip
    return out


def main() -> int:
    ds = load_dataset("data")
    if ds.problems:
        print("\n".join(map(str, ds.problems)), file=sys.stderr)
        return 1
    art = ds.articles[ARTICLE]
    text, b = art.text, art.meta.body
    links = []
    # places and named items are matched separately so that "Afghanistan" inside
    # "Afghanistan Peace Negotiations" is linked to the country as well
    for feats in (ds.features[ds.features.layer.isin(MENTIONED)], ds.features[ds.features.index.isin(EXTRA)]):
        names = {fid: {row["name"], *row["aliases"]} for fid, row in feats.iterrows()}
        links += mention_links(b.start, text[b.start : b.end], names)
    for fid, keys in PASSAGES.items():
        for k in keys:
            quote = S[k].removesuffix("\n\nAuthor")
            if text.count(S[k]) != 1:
                raise SystemExit(f"passage {k!r} must occur exactly once")
            start = text.index(S[k])
            links.append(
                {"feature": fid, "kind": "passage", "quote": quote, "start": start, "end": start + len(quote)}
            )
    links.sort(key=lambda lk: (lk["start"], -lk["end"], lk["feature"]))
    out = Path("data/links") / f"{ARTICLE}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"article": ARTICLE, "links": links}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    n_m = sum(lk["kind"] == "mention" for lk in links)
    print(f"{out}: {n_m} mention links, {len(links) - n_m} passage links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
