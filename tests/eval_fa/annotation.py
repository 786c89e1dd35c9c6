"""Hand annotation of the Dari/Persian evaluation articles (read by build_gold.py).

Each article's mentions are an ordered table, one mention per line:
``surface | id | lemma | d`` where ``surface`` is the whole word as written (Arabic or
Persian letters, with its ZWNJs and attached suffixes), ``lemma`` the standard form in
Persian letters without suffixes or ezafe, and ``d`` marks a demonym or adjective that
stands for a country (or for a city, as "مشهدي"). Short ids are expanded through ALIASES.
"""

ALIASES = {
    "AFG": "country-afg",
    "TJK": "country-tjk",
    "UZB": "country-uzb",
    "KGZ": "country-kgz",
    "TKM": "country-tkm",
    "KAZ": "country-kaz",
    "PAK": "country-pak",
    "RUS": "country-rus",
    "CHN": "country-chn",
    "IND": "country-ind",
    "IRN": "country-irn",
    "TUR": "country-tur",
    "CA": "region-central-asia",
    "SOUTH_ASIA": "region-south-asia",
    "AMU": "river-amu-darya",
    "PANJ": "river-panj",
    "PAMIR": "mountains-pamir",
    "WAKHAN": "corridor-wakhan",
    "TAPI": "energy-tapi",
    "GBAO": "adm1-tj-gb",
    "KHATLON": "adm1-tj-kt",
    "BADAKHSHAN": "province-badakhshan",
    "TAKHAR": "province-takhar",
    "KUNDUZ_P": "province-kunduz",
    "BALKH_P": "province-balkh",
    "BAGHLAN_P": "province-baghlan",
    "JAWZJAN": "province-jawzjan",
    "FARYAB": "province-faryab",
    "HIRAT_P": "province-hirat",
    "NIMROZ": "province-nimroz",
    "DUSHANBE": "gn-1221874",
    "KABUL": "gn-1138958",
    "KHOROG": "gn-1221328",
    "KULOB": "gn-1221194",
    "TASHKENT": "gn-1512569",
    "TERMEZ": "gn-1215957",
    "MAZAR": "gn-1133616",
    "PESHAWAR": "gn-1168197",
    "SHEBERGHAN": "gn-1125444",
    "ANDKHOY": "gn-1148658",
    "HERAT": "gn-1140026",
    "KUNDUZ": "gn-1135689",
    "FAYZABAD": "gn-1142170",
    "BAGHLAN": "gn-1147540",
    "ESHKASHEM": "gn-1148268",
    "MASHHAD": "gn-124665",
    "KHAF": "gn-1160544",
    "CHABAHAR": "gn-1161724",
    "AQINA": "other-aqina",
    "HAIRATAN": "other-hairatan",
    "TORGHUNDI": "other-torghundi",
    "SKB": "other-sher-khan-bandar",
    "SALANG": "other-salang-pass",
    "BRIDGE": "other-friendship-bridge-termez",
    "TAR": "other-trans-afghan-railway",
    "SHIGHNAN": "other-shighnan",
    "RAZAVI": "adm1-ir-09",
    "HELMAND_R": "other-helmand-river",
    "DOGHAROON": "other-dogharoon",
}

# id -> (name, lat, lon[, type]) for ids in none of tests/eval, tests/eval_heldout and
# tests/eval_ru. Sources and precision: README.md ("New ids").
NEW_IDS = {
    "gn-1464552": ("Qaram Qol (Qaramqol)", 36.83006, 65.04299),
    "gn-1147540": ("Baghlan (city)", 36.13068, 68.70829),
    "gn-1148268": ("Ashkasham (Eshkashem, Afghanistan)", 36.68333, 71.53333),
    "gn-1142545": ("Imam Sahib", 37.18897, 68.93644),
    "gn-1123004": ("Taloqan", 36.73605, 69.53451),
    "gn-1220750": ("Panj (town, Khatlon)", 37.23634, 69.09911),
    "gn-1160544": ("Khaf (Khvaf)", 34.5763, 60.14093),
    "gn-1140970": ("Ghoryan", 34.3448, 61.49321),
    "gn-124665": ("Mashhad", 36.29807, 59.60567),
    "gn-112931": ("Tehran", 35.69439, 51.42151),
    "gn-1142404": ("Islam Qala (Eslam Qaleh)", 34.66667, 61.06667),
    "gn-1113217": ("Zabol", 31.0306, 61.4949),
    "gn-1120985": ("Zaranj", 30.95962, 61.86037),
    "gn-1161724": ("Chabahar", 25.2919, 60.643),
    "gn-141681": ("Bandar Abbas", 27.1865, 56.2808),
    "gn-1159716": ("Sarakhs (Iran)", 36.5449, 61.1577),
    "province-samangan": ("Samangan", 35.973, 67.703),
    "province-parwan": ("Parwan", 34.958, 68.886),
    "province-nangarhar": ("Nangarhar", 34.274, 70.476),
    "province-nimroz": ("Nimroz", 30.802, 62.319),
    "adm1-ir-09": ("Razavi Khorasan", 35.5, 59.0),
    "adm1-ir-11": ("Sistan and Baluchestan", 28.0, 60.5),
    "other-torghundi": ("Torghundi border crossing", 35.25, 62.32, "crossing"),
    "other-shighnan": ("Shighnan (district, Afghan Badakhshan)", 37.52, 71.5, "district"),
    "other-dogharoon": ("Dogharoon border crossing (Iran, opposite Islam Qala)", 34.65, 61.0, "crossing"),
    "other-milak": ("Milak border crossing (Iran, opposite Zaranj)", 31.0, 61.8, "crossing"),
    "other-hamun-lake": ("Hamun lakes (Sistan)", 31.3, 61.3, "water"),
    "other-helmand-river": ("Helmand River (Hirmand)", 31.6, 64.4, "river"),
    "other-hari-river": ("Hari River (Harirud)", 34.3, 62.2, "river"),
    "other-doosti-dam": ("Doosti Dam (Iran-Turkmenistan, Hari River)", 36.0, 61.1, "infrastructure"),
    "other-greater-khorasan": ("Greater Khorasan (historical region)", 36.0, 62.0, "historical"),
    "other-lapis-lazuli-corridor": (
        "Lapis Lazuli Corridor (Afghanistan-Turkmenistan-Azerbaijan-Georgia-Turkey)",
        40.02,
        52.97,
        "corridor",
    ),
    "other-europe": ("Europe", 50.0, 15.0, "continent"),
}

# types of the other-* ids shared with the other sets (as in tests/eval_ru)
OTHER_TYPES = {
    "other-aqina": "crossing",
    "other-hairatan": "crossing",
    "other-sher-khan-bandar": "crossing",
    "other-salang-pass": "pass",
    "other-torkham": "crossing",
    "other-friendship-bridge-termez": "crossing",
    "other-trans-afghan-railway": "infrastructure",
}

ORG = "place name inside an organisation/publication name"
ETHNIC = "ethnic group (not the country or its people/government)"
LANGUAGE = "language name (not the country or its people/government)"
MONDAY = "common word: دوشنبه is Monday as well as Dushanbe"
FIVE = "common word: پنج is the number five as well as the Panj"
CRIME = "common word: جرم is 'crime' as well as the town of Jurm"
# reasons for hard negatives written in text order inside a mentions table ("surface | !KEY")
REASONS = {"ORG": ORG, "ETHNIC": ETHNIC, "LANGUAGE": LANGUAGE, "MONDAY": MONDAY, "FIVE": FIVE, "CRIME": CRIME}


def _words(s):
    return set(s.split())


# words the review (build_gold.py) lists that were read in context and are not place
# mentions (compared after folding ي ى ك to ی ک)
REVIEWED = _words(
    """
    آموزگار خواهند دهند روستاهای
    """
)

ARTICLES = {}

ARTICLES["tolo-aqina-andkhoy"] = {
    "mentions": """
آقینه | AQINA
اندخوی | ANDKHOY
جوزجان | JAWZJAN
فاریاب | FARYAB
فاریاب | FARYAB
آقینه | AQINA
اندخوی | ANDKHOY
ترکمنستان | TKM
اندخوی | ANDKHOY
فاریاب | FARYAB
آقینه | AQINA
ترکمنستان | TKM
قرم‌قول | gn-1464552
اندخوی | ANDKHOY
اندخوی | ANDKHOY
ترکمنستان | TKM
افغانستان | AFG
آقینه | AQINA
جوزجان | JAWZJAN
شبرغان | SHEBERGHAN
اندخوی | ANDKHOY
شبرغان | SHEBERGHAN
ترکمنستان | TKM
مزار شریف | MAZAR
کابل | KABUL
اندخوی | ANDKHOY
شبرغان | SHEBERGHAN
جوزجان | JAWZJAN
فاریاب | FARYAB
ترکمنستان | TKM
افغانستان | AFG
ترکمنستانی | TKM | ترکمنستانی | d
تورغندی | TORGHUNDI
هرات | HIRAT_P
جوزجان | JAWZJAN
خم‌آب | gn-1137247
آمو دریا | AMU
خم‌آب | gn-1137247
قرقین | gn-1129516
جوزجان | JAWZJAN
آمو | AMU | آمو دریا
ترکمنستان | TKM
آمو | AMU | آمو دریا
قرقین | gn-1129516
ترکمنستان | TKM
ازبکستان | UZB
افغانستان | AFG
ازبکستان | UZB
حیرتان | HAIRATAN
حیرتان | HAIRATAN
مزار شریف | MAZAR
ترکمنستان | TKM
آقینه | AQINA
ترکمنستانی‌ها | TKM | ترکمنستانی | d
ازبکستانی‌ها | UZB | ازبکستانی | d
ترکمن | TKM | ترکمن | d
کابل | KABUL
عشق‌آباد | gn-162183
تاپی | TAPI
ترکمنستان | TKM
هرات | HERAT
افغانستان | AFG
تورغندی | TORGHUNDI
هرات | HERAT
جوزجان | JAWZJAN
شبرغان | SHEBERGHAN
شبرغان | SHEBERGHAN
اندخوی | ANDKHOY
ترکمنستانی | TKM | ترکمنستانی | d
ازبکستانی | UZB | ازبکستانی | d
ترکمنستان | TKM
آقینه | AQINA
شبرغان | SHEBERGHAN
مزار شریف | MAZAR
آقینه | AQINA
اندخوی | ANDKHOY
شبرغان | SHEBERGHAN
مزار شریف | MAZAR
دهلیز لاجورد | other-lapis-lazuli-corridor
افغانستان | AFG
ترکمنستان | TKM
آذربایجان | country-aze
گرجستان | country-geo
ترکیه | TUR
اروپا | other-europe
""",
    "hard_negatives": [("ترکمن‌تبار", ETHNIC), ("بلخ", ORG)],
}

ARTICLES["pajhwok-hairatan-termez"] = {
    "mentions": """
حیرتان | HAIRATAN
ازبکستان | UZB
ترانس‌افغان | TAR | ترانس‌افغان
مزارشریف | MAZAR | مزار شریف
حیرتان | HAIRATAN
بلخ | BALKH_P
ازبکستان | UZB
حیرتان | HAIRATAN
پل دوستی | BRIDGE
ترمذ | TERMEZ
حیرتان | HAIRATAN
مزار شریف | MAZAR
کابل | KABUL
ازبكستاني | UZB | ازبکستانی | d
مزار شريف | MAZAR | مزار شریف
سالنگ | SALANG
كابل | KABUL | کابل
سالنگ | SALANG
پلخمري | gn-1130490 | پلخمری
بغلان | BAGHLAN
كابل | KABUL | کابل
پل دوستی | BRIDGE
آمودریا | AMU | آمو دریا
افغانستان | AFG
ازبکستان | UZB
حیرتان | HAIRATAN
ترمذ | TERMEZ
سرخان‌دریای | adm1-uz-su | سرخان‌دریا
ازبکستان | UZB
حیرتان | HAIRATAN
مزار شریف | MAZAR
ازبكستان | UZB | ازبکستان
ترانس‌افغان | TAR | ترانس‌افغان
ترمذ | TERMEZ
مزار شريف | MAZAR | مزار شریف
كابل | KABUL | کابل
پيشاور | PESHAWAR | پیشاور
پاكستان | PAK | پاکستان
ازبك | UZB | ازبک | d
آسياي ميانه | CA | آسیای میانه
پاكستان | PAK | پاکستان
افغانستان | AFG
ازبکستان | UZB
پاکستان | PAK
تاشکند | TASHKENT
مزار شریف | MAZAR
سمنگان | province-samangan
بغلان | BAGHLAN_P
پروان | province-parwan
کابل | KABUL
لوگر | province-logar
ننگرهار | province-nangarhar
تورخم | other-torkham
بلخ | BALKH_P
مزار شریف | MAZAR
کابل | KABUL
حیرتان | HAIRATAN
مزار | MAZAR | مزار شریف
بلخ | BALKH_P
پاکستانی | PAK | پاکستانی | d
هندی | IND | هندی | d
افغانستان | AFG
ازبکستان | UZB
قزاقستان | KAZ
افغان | AFG | افغان | d
بلخ | BALKH_P
حيرتان | HAIRATAN | حیرتان
آسياي ميانه | CA | آسیای میانه
جنوب آسيا | SOUTH_ASIA | جنوب آسیا
بلخ | BALKH_P
بكابل | KABUL | کابل
ازبكستان | UZB | ازبکستان
کابل | KABUL
افغانستان | AFG
ازبکستان | UZB
حیرتان | HAIRATAN
ترکمنستان | TKM
آقینه | AQINA
تورغندی | TORGHUNDI
تاجیکستان | TJK
شیرخان بندر | SKB
افغانستان | AFG
ازبکستان | UZB
افغانستان | AFG
ازبکستان | UZB
کابل | KABUL
مزار شریف | MAZAR
شبرغان | SHEBERGHAN
افغانستان | AFG
ازبکستان | UZB
""",
    "hard_negatives": [],
}

ARTICLES["etilaatroz-badakhshan-panj"] = {
    "mentions": """
پنج | PANJ
بدخشان | BADAKHSHAN
دوشنبه | !MONDAY
شغنان | SHIGHNAN
پنج | PANJ
افغان‌ها | AFG | افغان | d
تاجیکستانی‌ها | TJK | تاجیکستانی | d
شغنان | SHIGHNAN
بدخشان | BADAKHSHAN
خاروغ | KHOROG
بدخشان کوهستانی | GBAO
تاجیکستان | TJK
شغنان | SHIGHNAN
پنج | !FIVE
فیض‌آباد | FAYZABAD
فیض‌آباد | FAYZABAD
شغنان | SHIGHNAN
بدخشان | BADAKHSHAN
تاجیک | TJK | تاجیک | d
تاجیک | TJK | تاجیک | d
تاجیکستانیها | TJK | تاجیکستانی | d
دوشنبه | DUSHANBE
افغانستان | AFG
تاجیکستان | TJK
ختلان | KHATLON
بدخشان کوهستانی | GBAO
کابل | KABUL
جرم | !CRIME
جرم | gn-1139085
فیض‌آباد | FAYZABAD
اشکاشم | ESHKASHEM
واخان | WAKHAN
ایران | IRN
واخان | WAKHAN
تاجیکستان | TJK
پاکستان | PAK
افغانستان | AFG
چین | CHN
پکن | gn-1816670
اشکاشم | ESHKASHEM
تاجیکستان | TJK
چین | CHN
تاجیک | !ETHNIC
پامیری | !ETHNIC
تخار | TAKHAR
کندز | KUNDUZ_P
شیرخان بندر | SKB
افغانستان | AFG
پنج | PANJ
تاجیکستان | TJK
کندز | KUNDUZ
پنج | !FIVE
کندز | KUNDUZ
تاجیکستانی | TJK | تاجیکستانی | d
امام صاحب | gn-1142545
شیرخان | SKB | شیرخان بندر
تالقان | gn-1123004
بغلان | BAGHLAN
پنج | gn-1220750
کولاب | KULOB
ختلان | KHATLON
تاجیکستان | TJK
افغانستان | AFG
روسیه | RUS
تاجیکستان | TJK
تاجیکستان | TJK
افغانستان | AFG
روسی | RUS | روسی | d
افغانستان | AFG
آسیای میانه | CA
شغنان | SHIGHNAN
پنج | PANJ
پامیر | PAMIR
""",
    "hard_negatives": [],
}

ARTICLES["irna-dogharoon-hirmand"] = {
    "mentions": """
خواف | KHAF
هرات | HERAT
هیرمند | HELMAND_R
ایرانی | IRN | ایرانی | d
کابل | KABUL
مشهد | MASHHAD
خراسان رضوی | RAZAVI
جمهوری اسلامی ایران | IRN
کابل | KABUL
خواف | KHAF
هرات | HERAT
دوغارون | DOGHAROON
خواف | KHAF
هرات | HERAT
غوریان | gn-1140970
ایران | IRN
هرات | HERAT
آسیای مرکزی | CA
افغانستان | AFG
ایران | IRN
خراسان رضوی | RAZAVI
ایران | IRN
افغانستان | AFG
دوغارون | DOGHAROON
اسلام‌قلعه | gn-1142404
ايراني | IRN | ایرانی | d
افغانستاني | AFG | افغانستانی | d
مشهدي | MASHHAD | مشهدی | d
هرات | HERAT
كابل | KABUL | کابل
ايراني | IRN | ایرانی | d
پاكستاني | PAK | پاکستانی | d
چيني | CHN | چینی | d
تركيه‌اي | TUR | ترکیه‌ای | d
هیرمند | HELMAND_R
ایران | IRN
هیرمند | HELMAND_R
سیستان و بلوچستان | adm1-ir-11
افغانستان | AFG
ایران | IRN
هامون | other-hamun-lake
زابل | gn-1113217
ایرانی | IRN | ایرانی | d
افغانستان | AFG
کابل | KABUL
نیمروز | NIMROZ
افغانستان | AFG
هیرمند | HELMAND_R
میلک | other-milak
زرنج | gn-1120985
نیمروز | NIMROZ
تهران | gn-112931
هیرمند | HELMAND_R
هریرود | other-hari-river
هرات | HIRAT_P
ایران | IRN
ترکمنستان | TKM
سد دوستی | other-doosti-dam
مشهد | MASHHAD
چابهار | CHABAHAR
خراسان رضوی | RAZAVI
چابهار | CHABAHAR
افغانستانِ | AFG | افغانستان
ازبکستان | UZB
تاجیکستان | TJK
تاجیکستان | TJK
ازبکستان | UZB
چابهار | CHABAHAR
بندرعباس | gn-141681
سرخس | gn-1159716
ترکمنستان | TKM
ایران | IRN
خراسان بزرگ | other-greater-khorasan
ایران | IRN
افغانستان | AFG
تاجیکستان | TJK
ایرانی‌ها | IRN | ایرانی | d
افغان‌ها | AFG | افغان | d
افغانستانی | AFG | افغانستانی | d
ایران | IRN
ایران | IRN
افغانستان | AFG
افغانستان | AFG
ایرانی | IRN | ایرانی | d
""",
    "hard_negatives": [("فارسی", LANGUAGE)],
}
