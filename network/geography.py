"""Countries and continents: ISO 3166-1 codes, their continent, their name in any language.

A city stores only its country code; the continent and the country's name in the
visitor's language are derived here, never stored twice.
"""

from functools import cache

from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from babel import Locale, UnknownLocaleError

CONTINENTS = {
    "africa": _("Africa"),
    "asia": _("Asia"),
    "europe": _("Europe"),
    "north-america": _("North America"),
    "south-america": _("South America"),
    "oceania": _("Oceania"),
}

# ISO 3166-1 alpha-2 codes by continent; Central America and the Caribbean count as
# North America, Turkey and Cyprus as Asia, Russia as Europe (the UN geoscheme's choice).
_COUNTRIES_BY_CONTINENT = {
    "africa": (
        "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS "
        "LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN "
        "UG EH ZM ZW"
    ),
    "asia": (
        "AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV "
        "MN MM NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE IO"
    ),
    "europe": (
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK "
        "LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB"
    ),
    "north-america": (
        "AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS "
        "NI PA PR BL KN LC MF PM VC SX TT TC US VI"
    ),
    "south-america": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    "oceania": (
        "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF CX CC"
    ),
}

CONTINENT_OF_COUNTRY = {
    code: continent
    for continent, codes in _COUNTRIES_BY_CONTINENT.items()
    for code in codes.split()
}


def countries_in(continent):
    """The country codes of a continent key (empty for an unknown key)."""
    return _COUNTRIES_BY_CONTINENT.get(continent, "").split()


@cache
def _territories(language_code):
    try:
        return Locale.parse(to_locale(language_code)).territories
    except (UnknownLocaleError, ValueError):
        return Locale("en").territories


def country_name(code, language_code=None):
    """The country's name in the given (default: active) language, per CLDR."""
    names = _territories(language_code or get_language() or "en")
    return names.get(code) or _territories("en").get(code, code)


COUNTRY_CHOICES = sorted(
    ((code, country_name(code, "en")) for code in CONTINENT_OF_COUNTRY),
    key=lambda choice: choice[1],
)
