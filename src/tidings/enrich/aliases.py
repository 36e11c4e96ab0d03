"""Names of hashtags: one label for the many ways news writes the same thing.

"U.S.", "US", "the United States" and "America" are one place; "Kiev" is "Kyiv";
"Russia's" is "Russia"; "Zelensky" is "Volodymyr Zelenskyy". The table holds what no rule
can guess (other spellings, short forms, nationalities); the rules in ``alias_key``
handle possessives, dotted acronyms, a leading "the" and honorifics. Merging a surname
into the full name found in the same article happens in the tagger, which sees the article.

Everything here is pure: plain strings in and out, no database.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.text import slugify

PERSON, ORGANISATION, PLACE, EVENT, TOPIC = "person", "organisation", "place", "event", "topic"

# Canonical label -> (kind, other ways of writing it). Spellings follow the outlets that
# transliterate from the local language (Kyiv, Zelenskyy), as the AP style book now does.
_NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "United States": (
        PLACE,
        ("US", "USA", "U.S.", "U.S.A.", "United States of America", "America"),
    ),
    "United Kingdom": (PLACE, ("UK", "U.K.", "Britain", "Great Britain")),
    "European Union": (ORGANISATION, ("EU", "E.U.")),
    "United Nations": (ORGANISATION, ("UN", "U.N.")),
    "NATO": (ORGANISATION, ("Nato", "North Atlantic Treaty Organization")),
    "World Health Organization": (ORGANISATION, ("WHO", "World Health Organisation")),
    "Kyiv": (PLACE, ("Kiev",)),
    "Kharkiv": (PLACE, ("Kharkov",)),
    "Odesa": (PLACE, ("Odessa",)),
    "Belarus": (PLACE, ("Byelorussia", "Belorussia")),
    "Moldova": (PLACE, ("Moldavia",)),
    "Myanmar": (PLACE, ("Burma",)),
    "Czech Republic": (PLACE, ("Czechia",)),
    "Turkey": (PLACE, ("Türkiye", "Turkiye")),
    "Ivory Coast": (PLACE, ("Côte d'Ivoire", "Cote d'Ivoire")),
    "Netherlands": (PLACE, ("Holland",)),
    "Beijing": (PLACE, ("Peking",)),
    "Mumbai": (PLACE, ("Bombay",)),
    "New York City": (PLACE, ("NYC",)),
    "Gaza Strip": (PLACE, ("Gaza",)),
    "Volodymyr Zelenskyy": (
        PERSON,
        ("Zelenskyy", "Zelensky", "Zelenskiy", "Volodymyr Zelensky", "Volodymyr Zelenskiy"),
    ),
    "Vladimir Putin": (PERSON, ("Putin",)),
    "Xi Jinping": (PERSON, ("Xi",)),
    "Kremlin": (ORGANISATION, ()),
    "prisoners of war": (TOPIC, ("POWs", "POW", "prisoner of war")),
}

# A nationality or people ("Russian", "Britons") is a mention of its country. On their own
# such adjectives make poor hashtags, but they tell how much an article is about a place.
_NATIONALITIES: dict[str, tuple[str, ...]] = {
    "Afghanistan": ("Afghan", "Afghans"),
    "Algeria": ("Algerian", "Algerians"),
    "Argentina": ("Argentine", "Argentinian", "Argentines", "Argentinians"),
    "Armenia": ("Armenian", "Armenians"),
    "Australia": ("Australian", "Australians"),
    "Austria": ("Austrian", "Austrians"),
    "Azerbaijan": ("Azerbaijani", "Azerbaijanis"),
    "Bangladesh": ("Bangladeshi", "Bangladeshis"),
    "Belarus": ("Belarusian", "Belarusians"),
    "Belgium": ("Belgian", "Belgians"),
    "Bolivia": ("Bolivian", "Bolivians"),
    "Brazil": ("Brazilian", "Brazilians"),
    "Bulgaria": ("Bulgarian", "Bulgarians"),
    "Cambodia": ("Cambodian", "Cambodians"),
    "Canada": ("Canadian", "Canadians"),
    "Chile": ("Chilean", "Chileans"),
    "China": ("Chinese",),
    "Colombia": ("Colombian", "Colombians"),
    "Croatia": ("Croatian", "Croatians", "Croat", "Croats"),
    "Cuba": ("Cuban", "Cubans"),
    "Czech Republic": ("Czech", "Czechs"),
    "Denmark": ("Danish", "Dane", "Danes"),
    "Ecuador": ("Ecuadorian", "Ecuadorians"),
    "Egypt": ("Egyptian", "Egyptians"),
    "Estonia": ("Estonian", "Estonians"),
    "Ethiopia": ("Ethiopian", "Ethiopians"),
    "Finland": ("Finnish", "Finn", "Finns"),
    "France": ("French",),
    "Georgia": ("Georgian", "Georgians"),
    "Germany": ("German", "Germans"),
    "Ghana": ("Ghanaian", "Ghanaians"),
    "Greece": ("Greek", "Greeks"),
    "Haiti": ("Haitian", "Haitians"),
    "Hungary": ("Hungarian", "Hungarians"),
    "India": ("Indian", "Indians"),
    "Indonesia": ("Indonesian", "Indonesians"),
    "Iran": ("Iranian", "Iranians"),
    "Iraq": ("Iraqi", "Iraqis"),
    "Ireland": ("Irish",),
    "Israel": ("Israeli", "Israelis"),
    "Italy": ("Italian", "Italians"),
    "Jamaica": ("Jamaican", "Jamaicans"),
    "Japan": ("Japanese",),
    "Jordan": ("Jordanian", "Jordanians"),
    "Kazakhstan": ("Kazakh", "Kazakhs"),
    "Kenya": ("Kenyan", "Kenyans"),
    "Kuwait": ("Kuwaiti", "Kuwaitis"),
    "Latvia": ("Latvian", "Latvians"),
    "Lebanon": ("Lebanese",),
    "Libya": ("Libyan", "Libyans"),
    "Lithuania": ("Lithuanian", "Lithuanians"),
    "Malaysia": ("Malaysian", "Malaysians"),
    "Mexico": ("Mexican", "Mexicans"),
    "Mongolia": ("Mongolian", "Mongolians"),
    "Morocco": ("Moroccan", "Moroccans"),
    "Nepal": ("Nepali", "Nepalese"),
    "Netherlands": ("Dutch",),
    "New Zealand": ("New Zealander", "New Zealanders"),
    "Nigeria": ("Nigerian", "Nigerians"),
    "North Korea": ("North Korean", "North Koreans"),
    "Norway": ("Norwegian", "Norwegians"),
    "Pakistan": ("Pakistani", "Pakistanis"),
    "Peru": ("Peruvian", "Peruvians"),
    "Philippines": ("Filipino", "Filipinos", "Philippine"),
    "Poland": ("Polish", "Pole", "Poles"),
    "Portugal": ("Portuguese",),
    "Qatar": ("Qatari", "Qataris"),
    "Romania": ("Romanian", "Romanians"),
    "Russia": ("Russian", "Russians"),
    "Rwanda": ("Rwandan", "Rwandans"),
    "Saudi Arabia": ("Saudi", "Saudis"),
    "Scotland": ("Scottish", "Scot", "Scots"),
    "Senegal": ("Senegalese",),
    "Serbia": ("Serbian", "Serbians", "Serb", "Serbs"),
    "Singapore": ("Singaporean", "Singaporeans"),
    "Slovakia": ("Slovak", "Slovaks", "Slovakian"),
    "Slovenia": ("Slovenian", "Slovenians", "Slovene", "Slovenes"),
    "Somalia": ("Somali", "Somalis"),
    "South Africa": ("South African", "South Africans"),
    "South Korea": ("South Korean", "South Koreans"),
    "Spain": ("Spanish", "Spaniard", "Spaniards"),
    "Sri Lanka": ("Sri Lankan", "Sri Lankans"),
    "Sudan": ("Sudanese",),
    "Sweden": ("Swedish", "Swede", "Swedes"),
    "Switzerland": ("Swiss",),
    "Syria": ("Syrian", "Syrians"),
    "Taiwan": ("Taiwanese",),
    "Tanzania": ("Tanzanian", "Tanzanians"),
    "Thailand": ("Thai", "Thais"),
    "Tunisia": ("Tunisian", "Tunisians"),
    "Turkey": ("Turkish", "Turk", "Turks"),
    "Uganda": ("Ugandan", "Ugandans"),
    "Ukraine": ("Ukrainian", "Ukrainians"),
    "United Arab Emirates": ("Emirati", "Emiratis"),
    "United Kingdom": ("British", "Briton", "Britons"),
    "United States": ("American", "Americans"),
    "Uruguay": ("Uruguayan", "Uruguayans"),
    "Venezuela": ("Venezuelan", "Venezuelans"),
    "Vietnam": ("Vietnamese",),
    "Wales": ("Welsh",),
    "Yemen": ("Yemeni", "Yemenis"),
    "Zimbabwe": ("Zimbabwean", "Zimbabweans"),
}

# Words that come before a name but are not part of it.
_HONORIFICS = (
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "president",
    "prime minister",
    "chancellor",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "lt",
    "sgt",
    "capt",
    "col",
    "det",
    "rev",
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s?$")
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:" + "|".join(_HONORIFICS) + r")\.?\s+(?=\S)", re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def clean_surface(text: str) -> str:
    """A mention as it should be shown: "the U.S.'s" → "US", "President Putin" → "Putin".

    Cached: an article asks about the same few hundred mentions again and again."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = " ".join(text.replace("\n", " ").split()).strip(" \"'.,;:!?()[]{}-–—")
    text = _DOTTED_ACRONYM.sub(lambda match: match.group(0).replace(".", ""), text)
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text)
    return _HONORIFIC.sub("", text).strip(" \"'.,;:!?()-–—")


def alias_key(text: str) -> str:
    """How a mention is looked up: its cleaned form, case-folded."""
    return clean_surface(text).casefold()


def _build_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for label, (kind, others) in _NAMES.items():
        for name in (label, *others):
            table[alias_key(name)] = (label, kind)
    return table


def _build_nationalities() -> dict[str, str]:
    return {
        alias_key(adjective): country
        for country, adjectives in _NATIONALITIES.items()
        for adjective in adjectives
    }


ALIASES = _build_table()
NATIONALITIES = _build_nationalities()


def forms_of(label: str) -> tuple[str, ...]:
    """Every way the table knows of writing this label, the label first."""
    known = _NAMES.get(label)
    return (label, *known[1]) if known else (label,)


def is_country(label: str) -> bool:
    return label in _NATIONALITIES


def nationalities_of(country: str) -> tuple[str, ...]:
    """The nationality words of a country: "Ukraine" → ("Ukrainian", "Ukrainians")."""
    return _NATIONALITIES.get(country, ())


def canonical(text: str) -> tuple[str, str] | None:
    """The (label, kind) the table gives this mention, if any."""
    return ALIASES.get(alias_key(text))


def country_of(nationality: str) -> str | None:
    """The country a nationality or people stands for: "Ukrainians" → "Ukraine"."""
    return NATIONALITIES.get(alias_key(nationality))


def display_tag(label: str) -> str:
    """The hashtag as shown: "prisoners of war" → "#PrisonersOfWar" (as ``Hashtag.tag``)."""
    words = "".join(ch if ch.isalnum() else " " for ch in label).split()
    return "#" + "".join(word[:1].upper() + word[1:] for word in words)


def slug_for(label: str) -> str:
    """The key of a hashtag's row and of corpus counts: "Prisoners of War" → "prisoners-of-war"."""
    return slugify(label, allow_unicode=True)[:200]


def _singular(word: str) -> str:
    """A plural's singular, by spelling alone: "taxes" → "tax", "parties" → "party"."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses", "zes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def variant_key(label: str) -> str:
    """What variants of one hashtag share: case, spacing, hyphens and plurals dropped.

    "Pot Taxes", "pot tax" and "PotTax" give "pottax"; "Cellphone" and "cell phone" give
    "cellphone". Two hashtags with one key are one concept.
    """
    words = "".join(ch if ch.isalnum() else " " for ch in clean_surface(label).casefold())
    return "".join(_singular(word) for word in words.split())
