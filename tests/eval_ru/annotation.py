"""Hand annotation of the Russian evaluation articles (read by build_gold.py).

Each article's mentions are an ordered table, one mention per line:
``surface | id | lemma | d`` where ``lemma`` is the dictionary form (nominative; for an
adjective the masculine nominative) and ``d`` marks a demonym or adjective that stands for a
country (or for a city, as "ташкентский"). Short ids are expanded through ALIASES.
"""

# short names used in the tables below
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
    "BLR": "country-blr",
    "CA": "region-central-asia",
    "SOUTH_ASIA": "region-south-asia",
    "AMU": "river-amu-darya",
    "PANJ": "river-panj",
    "VAKHSH": "river-vakhsh",
    "PAMIR": "mountains-pamir",
    "PAMIR_HWY": "road-pamir-highway",
    "NR": "route-northern-route",
    "CASA": "energy-casa-1000",
    "TAPI": "energy-tapi",
    "NUREK": "dam-nurek",
    "ROGUN": "dam-rogun",
    "GBAO": "adm1-tj-gb",
    "KHATLON": "adm1-tj-kt",
    "SUGHD": "adm1-tj-su",
    "KP": "adm1-pk-kp",
    "BADAKHSHAN": "province-badakhshan",
    "TAKHAR": "province-takhar",
    "KUNDUZ_P": "province-kunduz",
    "BALKH_P": "province-balkh",
    "JAWZJAN": "province-jawzjan",
    "FARYAB": "province-faryab",
    "LOGAR": "province-logar",
    "DUSHANBE": "gn-1221874",
    "KABUL": "gn-1138958",
    "KHOROG": "gn-1221328",
    "ISHKASHIM": "gn-1221614",
    "QALAIKHUM": "gn-1221559",
    "KULOB": "gn-1221194",
    "BOKHTAR": "gn-1220747",
    "VANJ": "gn-1220210",
    "PANJI_POYON": "gn-1220910",
    "KHUJAND": "gn-1514879",
    "TASHKENT": "gn-1512569",
    "BISHKEK": "gn-1528675",
    "MOSCOW": "gn-524901",
    "OSH": "gn-1527534",
    "TERMEZ": "gn-1215957",
    "MAZAR": "gn-1133616",
    "PESHAWAR": "gn-1168197",
    "ISLAMABAD": "gn-1176615",
    "DARVAZ": "other-darvaz",
    "HAIRATAN": "other-hairatan",
}

# id -> (name, lat, lon[, type]) for ids not in tests/eval or tests/eval_heldout.
# Sources and precision: README.md ("New ids").
NEW_IDS = {
    "gn-1142170": ("Fayzabad (Faizabad, Badakhshan)", 37.11664, 70.58002),
    "province-baghlan": ("Baghlan", 35.804, 68.914),
    "province-hirat": ("Hirat", 34.197, 62.131),
    "adm1-uz-su": ("Surkhandarya Region", 38.0, 67.5),
    "adm1-uz-bu": ("Bukhara Region", 40.1, 64.0),
    "other-ussr": ("Soviet Union (USSR, 1922-1991)", 55.75, 37.62, "historical"),
    "other-persian-gulf": ("Persian Gulf", 27.0, 51.5, "water"),
    "other-indian-ocean": ("Indian Ocean", -20.0, 80.0, "water"),
    "other-siberia": ("Siberia", 60.0, 100.0, "region"),
}

# types of the other-* ids shared with the English sets
OTHER_TYPES = {
    "other-darvaz": "district",
    "other-sangtuda": "infrastructure",
    "other-datka": "infrastructure",
    "other-toktogul-reservoir": "water",
    "other-naryn-river": "river",
    "other-hairatan": "crossing",
    "other-sher-khan-bandar": "crossing",
    "other-kyzyl-art-pass": "pass",
    "other-sary-tash": "city",
    "other-fergana-valley": "valley",
    "other-hindu-kush": "mountains",
    "other-torkham": "crossing",
    "other-friendship-bridge-termez": "crossing",
    "other-trans-afghan-railway": "infrastructure",
    "other-qosh-tepa-canal": "infrastructure",
    "other-arabian-sea": "water",
}

ORG = "place name inside an organisation/publication name"
PROGRAMME = "place name inside a programme name (the expansion of CASA)"
PERSON = "person name"
ETHNIC = "ethnic group (not the country or its people/government)"
# reasons for hard negatives written in text order inside a mentions table ("surface | !KEY")
REASONS = {"ORG": ORG, "PROGRAMME": PROGRAMME, "PERSON": PERSON, "ETHNIC": ETHNIC}


def _words(s):
    return set(s.split())


# Words the review (build_gold.py) lists that were read in context and are not place
# mentions: sentence-initial and heading words, person names, organisations and acronyms.
REVIEWED_SENTENCE = _words(
    """
    Авторы Без Большая В Вода Вся Горный Граница Губернатор Для Доклад Дорога Дороги Другой Если
    Жители Задержанных Идея Источники К Как Конечный Кроме Куда Маршрут Мы На Напомним Наркотрафик
    Нарушители Не Обмен Однако Она Они Основная Основные Основными Отдельная Оттуда Параллельно По
    Пограничники Позиция Пока После Пострадавших Поэтому Представители Представитель При Проект
    Работы Ранее Раньше С Самое Сегодня Сейчас Ситуация Согласно Справка Стоимость Стороны
    Строительство Там Торговля Участок Часть Чем Эксперты Это
    """
)
REVIEWED_PERSONS = _words(
    """
    Айгерим Ботир Далер Исмаилова Мирзо Назаров Нодира Парвиз Рахимов Саидзода Сыдыкова Турсунов
    Фаридун Шарифзода Шухрат
    """
)
REVIEWED_ORGS = _words(
    """
    Агентстве Барки Брешна Всемирный ГЭС Главном Государственного Да ИНТЕРФАКС Интерфакс Интерфаксу
    Исламский Министерства ОАХК ОДКБ Президенте СМИ Ширкат
    """
)
REVIEWED = REVIEWED_SENTENCE | REVIEWED_PERSONS | REVIEWED_ORGS

ARTICLES = {}

ARTICLES["sputnik-granitsa-darvaz"] = {
    "mentions": """
Таджикские | TJK | таджикский | d
Афганистаном | AFG | Афганистан
ДУШАНБЕ | DUSHANBE | Душанбе
Таджикистана | TJK | Таджикистан
Дарвазском | DARVAZ | Дарвазский
Горно-Бадахшанской автономной области | GBAO | Горно-Бадахшанская автономная область
Афганистана | AFG | Афганистан
Пяндж | PANJ
Калаи-Хумба | QALAIKHUM | Калаи-Хумб
Дарваза | DARVAZ | Дарваз
афганский | AFG | афганский | d
Хорог | KHOROG
таджикско | TJK | таджикский | d
афганской | AFG | афганский | d
Ишкашима | ISHKASHIM | Ишкашим
афганской | AFG | афганский | d
Бадахшан | BADAKHSHAN
Шуроабад | gn-1220479
Хатлонской | KHATLON | Хатлонская область
таджикско | TJK | таджикский | d
афганской | AFG | афганский | d
Пяндж | PANJ
Амударья | AMU
Памире | PAMIR | Памир
Пяндже | PANJ | Пяндж
Хатлоне | KHATLON | Хатлон
Афганская | AFG | афганский | d
Кабуле | KABUL | Кабул
Таджикистаном | TJK | Таджикистан
Узбекистаном | UZB | Узбекистан
Туркменистаном | TKM | Туркменистан
Бадахшана | BADAKHSHAN | Бадахшан
афганской | AFG | афганский | d
Москву | MOSCOW | Москва
Душанбе | DUSHANBE
России | RUS | Россия
Казахстана | KAZ | Казахстан
Киргизии | KGZ | Киргизия
Белоруссии | BLR | Белоруссия
Российская | RUS | российский | d
Таджикистану | TJK | Таджикистан
Душанбе | DUSHANBE
Бохтаре | BOKHTAR | Бохтар
Дарваза | DARVAZ | Дарваз
Пяндж | PANJ
Ишкашиме | ISHKASHIM | Ишкашим
Хорога | KHOROG | Хорог
Дарвазе | DARVAZ | Дарваз
афганцы | AFG | афганец | d
афганцев | AFG | афганец | d
Кулоб | KULOB
Нижний Пяндж | PANJI_POYON
Ванча | VANJ | Ванч
Ванча | VANJ | Ванч
Душанбе | DUSHANBE
Калаи-Хумб | QALAIKHUM
Куляб | KULOB
ГБАО | GBAO
Хороге | KHOROG | Хорог
Памира | PAMIR | Памир
Файзабаду | gn-1142170 | Файзабад
Душанбе | DUSHANBE
Афганистана | AFG | Афганистан
Бадахшана | BADAKHSHAN | Бадахшан
Тахара | TAKHAR | Тахар
Кундуза | KUNDUZ_P | Кундуз
Пянджа | PANJ | Пяндж
Душанбе | DUSHANBE
Ишкашима | ISHKASHIM | Ишкашим
Калаи-Хумба | QALAIKHUM | Калаи-Хумб
российской | RUS | российский | d
Китая | CHN | Китай
""",
    "hard_negatives": [("Таджикистан", ORG)],
}

ARTICLES["interfax-casa1000-energiya"] = {
    "mentions": """
Таджикистан | TJK
CASA-1000 | CASA
Пакистан | PAK
ДУШАНБЕ | DUSHANBE | Душанбе
Таджикистан | TJK
Пакистан | PAK
CASA-1000 | CASA
Афганистана | AFG | Афганистан
таджикского | TJK | таджикский | d
Сангтуде | other-sangtuda | Сангтуда
афганская | AFG | афганский | d
пакистанская | PAK | пакистанский | d
Таджикистан | TJK
Нурекская | NUREK | Нурекская ГЭС
Рогунская | ROGUN | Рогунская ГЭС
Вахш | VAKHSH
КАСА-1000 | CASA
Датка | other-datka
Джалал-Абадской | adm1-kg-j | Джалал-Абадская область
Киргизии | KGZ | Киргизия
Худжанда | KHUJAND | Худжанд
Сугдийской | SUGHD | Сугдийская область
Таджикистана | TJK | Таджикистан
Сангтуды | other-sangtuda | Сангтуда
Кабул | KABUL
Ношеры | gn-1168864 | Ношера
пакистанской | PAK | пакистанский | d
Хайбер-Пахтунхва | KP
Киргизский | KGZ | киргизский | d
Киргизии | KGZ | Киргизия
киргизская | KGZ | киргизский | d
Токтогульского | other-toktogul-reservoir | Токтогульское водохранилище
Нарыне | other-naryn-river | Нарын
Кыргызстан | KGZ
Бишкеке | BISHKEK | Бишкек
афганскому | AFG | афганский | d
Афганистана | AFG | Афганистан
Таджикистаном | TJK | Таджикистан
Пули-Хумри | gn-1130490
Кабуле | KABUL | Кабул
Таджикистана | TJK | Таджикистан
Рогуна | ROGUN | Рогун
CASA | CASA
Душанбе | DUSHANBE
Южной Азии | SOUTH_ASIA | Южная Азия
Узбекистане | UZB | Узбекистан
Афганистане | AFG | Афганистан
Ташкента | TASHKENT | Ташкент
Узбекистан | UZB
таджикской | TJK | таджикский | d
Узбекистана | UZB | Узбекистан
узбекские | UZB | узбекский | d
Туркменистан | TKM
Казахстан | KAZ
Таджикистан | TJK
Афганистан | AFG
Пяндж | PANJ
таджикской | TJK | таджикский | d
Кундуз | KUNDUZ_P
Баглан | province-baghlan
Балх | BALKH_P
Кабул | KABUL
Афганские | AFG | афганский | d
туркменская | TKM | туркменский | d
Афганистана | AFG | Афганистан
Герат | province-hirat
ТАПИ | TAPI
Туркменистана | TKM | Туркменистан
Афганистан | AFG
Пакистан | PAK
Индию | IND | Индия
Таджикистана | TJK | Таджикистан
CASA-1000 | CASA
Центральной Азии | CA | Центральная Азия
Пакистаном | PAK | Пакистан
Индией | IND | Индия
Сугдийской | SUGHD | Сугдийская область
Таджикистана | TJK | Таджикистан
таджикский | TJK | таджикский | d
Киргизию | KGZ | Киргизия
Кыргызстане | KGZ | Кыргызстан
Душанбе | DUSHANBE
Бишкеком | BISHKEK | Бишкек
CASA-1000 | CASA
""",
    "hard_negatives": [
        ("Central Asia", PROGRAMME),
        ("South Asia", PROGRAMME),
        ("Афганистан", ORG),
        ("Кабулов", PERSON),
        ("Точик", ORG),
    ],
}

ARTICLES["fergana-severnyi-marshrut"] = {
    "mentions": """
Северный маршрут | NR
афганский | AFG | афганский | d
Афганистана | AFG | Афганистан
Россию | RUS | Россия
Центральной Азии | CA | Центральная Азия
Бишкека | BISHKEK | Бишкек
Алма-Аты | gn-1526384 | Алма-Ата
Таджикистане | TJK | Таджикистан
Кыргызстане | KGZ | Кыргызстан
Казахстане | KAZ | Казахстан
Северном маршруте | NR | Северный маршрут
Кундуза | KUNDUZ_P | Кундуз
Тахара | TAKHAR | Тахар
Пянджу | PANJ | Пяндж
Таджикистан | TJK
Ош | OSH
Казахстан | KAZ
Афганистана | AFG | Афганистан
Памир | PAMIR
Пяндж | PANJ
Горно-Бадахшанской автономной области | GBAO | Горно-Бадахшанская автономная область
афганского | AFG | афганский | d
Бадахшан | BADAKHSHAN
Ишкашиму | ISHKASHIM | Ишкашим
Хорогу | KHOROG | Хорог
Памирскому | PAMIR_HWY | Памирский тракт
Мургаб | gn-1220962
Кызыл-Арт | other-kyzyl-art-pass
киргизское | KGZ | киргизский | d
Сары-Таш | other-sary-tash
Оша | OSH | Ош
Хатлонской | KHATLON | Хатлонская область
Шерхан-Бандара | other-sher-khan-bandar | Шерхан-Бандар
афганском | AFG | афганский | d
Нижнему Пянджу | PANJI_POYON | Нижний Пяндж
Бохтар | BOKHTAR
Душанбе | DUSHANBE
Сугдийскую | SUGHD | Сугдийская область
Ферганскую | other-fergana-valley | Ферганская долина
Таджикистаном | TJK | Таджикистан
Кыргызстаном | KGZ | Кыргызстан
Узбекистаном | UZB | Узбекистан
Баткенская | adm1-kg-b | Баткенская область
Узбекское | UZB | узбекский | d
Узбекистан | UZB
Термезе | TERMEZ | Термез
Хайратон | HAIRATAN
узбекские | UZB | узбекский | d
Мазари-Шарифа | MAZAR | Мазари-Шариф
Мазар-и-Шарифа | MAZAR | Мазар-и-Шариф
Ташкент | TASHKENT
Узбекистан | UZB
Амударья | AMU
СССР | other-ussr
таджикских | TJK | таджикский | d
кыргызских | KGZ | кыргызский | d
российские | RUS | российский | d
Москва | MOSCOW
Екатеринбург | gn-1486209
Новосибирск | gn-1496747
Казахстане | KAZ | Казахстан
Киргизии | KGZ | Киргизия
Казахстанские | KAZ | казахстанский | d
Афганистаном | AFG | Афганистан
Китая | CHN | Китай
Индии | IND | Индия
Таджикистан | TJK
Узбекистан | UZB
Бадахшане | BADAKHSHAN | Бадахшан
Памире | PAMIR | Памир
Пянджа | PANJ | Пяндж
Афганистана | AFG | Афганистан
Республики Таджикистан | TJK | Республика Таджикистан
ГБАО | GBAO
Хатлон | KHATLON
Памир | PAMIR
Душанбе | DUSHANBE
Таджикистана | TJK | Таджикистан
Узбекистана | UZB | Узбекистан
Киргизии | KGZ | Киргизия
Казахстана | KAZ | Казахстан
Туркмении | TKM | Туркмения
Афганистан | AFG
""",
    "hard_negatives": [
        ("Фергана", ORG),
        ("Фергане", ORG),
        ("Фергана", ORG),
        ("Фергане", ORG),
        ("узбеки", ETHNIC),
        ("таджики", ETHNIC),
        ("туркмены", ETHNIC),
    ],
}

ARTICLES["kunuz-transafgan-diplomatiya"] = {
    "mentions": """
Узбекистан | UZB
Афганистан | AFG
Пакистан | PAK
Ташкенте | TASHKENT | Ташкент
Трансафганской | other-trans-afghan-railway | Трансафганская железная дорога
Ташкенте | TASHKENT | Ташкент
Узбекистана | UZB | Узбекистан
Афганистана | AFG | Афганистан
Пакистана | PAK | Пакистан
Трансафганской | other-trans-afghan-railway | Трансафганская железная дорога
Узбекистана | UZB | Узбекистан
Узбекскую | UZB | узбекский | d
афганскую | AFG | афганский | d
Афганистана | AFG | Афганистан
пакистанскую | PAK | пакистанский | d
Пакистана | PAK | Пакистан
казахстанской | KAZ | казахстанский | d
российской | RUS | российский | d
Трансафганская | other-trans-afghan-railway | Трансафганская железная дорога
Термез | TERMEZ
Пешаваром | PESHAWAR | Пешавар
Термеза | TERMEZ | Термез
Мост Дружбы | other-friendship-bridge-termez
Хайратан | HAIRATAN
Мазари-Шариф | MAZAR
Гиндукуша | other-hindu-kush | Гиндукуш
Кабулу | KABUL | Кабул
Логар | LOGAR
Джалалабад | gn-1139715
пакистанскому | PAK | пакистанский | d
Торхам | other-torkham
Хайратан | HAIRATAN
Мазари-Шариф | MAZAR
узбекских | UZB | узбекский | d
Персидского | other-persian-gulf | Персидский залив
Узбекистана | UZB | Узбекистан
Центральной Азии | CA | Центральная Азия
Индийского | other-indian-ocean | Индийский океан
Карачи | gn-1174872
Гвадару | gn-1177446 | Гвадар
Пакистан | PAK
Иран | IRN
Китай | CHN
Кабула | KABUL | Кабул
Исламабада | ISLAMABAD | Исламабад
афганской | AFG | афганский | d
Кабул | KABUL
Афганистана | AFG | Афганистан
Пакистанская | PAK | пакистанский | d
Пешавара | PESHAWAR | Пешавар
Мазар-и-Шарифа | MAZAR | Мазар-и-Шариф
Исламабад | ISLAMABAD
Хайбер-Пахтунхва | KP
Мазари-Шарифом | MAZAR | Мазари-Шариф
Кабулом | KABUL | Кабул
Кабула | KABUL | Кабул
Исламабада | ISLAMABAD | Исламабад
ташкентский | TASHKENT | ташкентский | d
Узбекская | UZB | узбекский | d
Кош-Тепа | other-qosh-tepa-canal
Афганистана | AFG | Афганистан
Амударьи | AMU | Амударья
Балх | BALKH_P
Джаузджан | JAWZJAN
Фарьяб | FARYAB
узбекских | UZB | узбекский | d
Сурхандарьинской | adm1-uz-su | Сурхандарьинская область
Бухарской | adm1-uz-bu | Бухарская область
Хорезмской | adm1-uz-xo | Хорезмская область
Каракалпакстана | adm1-uz-qr | Каракалпакстан
Туркменистан | TKM
Амударьи | AMU | Амударья
туркменская | TKM | туркменский | d
Узбекистана | UZB | Узбекистан
Афганистаном | AFG | Афганистан
Термез | TERMEZ
Хайратон | HAIRATAN
Узбекистан | UZB
афганская | AFG | афганский | d
Самарканд | gn-1216265
Бухару | gn-1217662 | Бухара
Кабул | KABUL
Мазари-Шариф | MAZAR
Трансафганской | other-trans-afghan-railway | Трансафганская железная дорога
Узбекистан | UZB
Афганистан | AFG
Пакистан | PAK
Ташкенте | TASHKENT | Ташкент
Казахстан | KAZ
Россия | RUS
Сибири | other-siberia | Сибирь
Аравийского | other-arabian-sea | Аравийское море
""",
    "hard_negatives": [],
}
