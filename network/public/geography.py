"""Countries and continents: ISO 3166-1 codes, their continent, their name in any language.

A city stores only its country code; the continent and the country's name in the
visitor's language are derived here, never stored twice.
"""

import math
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


# The world map: the Equal Earth projection (Šavrič, Patterson & Jenny, 2018), whose
# formulas fit in a few lines and whose shapes look right at world scale. The base map
# (built by `manage.py build_world_map`) and the city markers both go through
# `project`, so they always line up.
_EE_A1, _EE_A2, _EE_A3, _EE_A4 = 1.340264, -0.081106, 0.000893, 0.003796
_EE_M = math.sqrt(3) / 2

# Map extent: the whole width, and latitudes from north of Greenland to south of Cape
# Horn; Antarctica has no member city and would take a fifth of the height.
MAP_NORTH, MAP_SOUTH = 84.0, -57.0
MAP_WIDTH = 1000.0


def _equal_earth(latitude, longitude):
    """Equal Earth coordinates (unit sphere, y up) of a point given in degrees."""
    lam = math.radians(longitude)
    theta = math.asin(_EE_M * math.sin(math.radians(latitude)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        lam
        * math.cos(theta)
        / (_EE_M * (_EE_A1 + 3 * _EE_A2 * t2 + t6 * (7 * _EE_A3 + 9 * _EE_A4 * t2)))
    )
    y = theta * (_EE_A1 + _EE_A2 * t2 + t6 * (_EE_A3 + _EE_A4 * t2))
    return x, y


_X_EXTENT = _equal_earth(0, 180)[0]
_Y_TOP = _equal_earth(MAP_NORTH, 0)[1]
_Y_BOTTOM = _equal_earth(MAP_SOUTH, 0)[1]
_SCALE = MAP_WIDTH / (2 * _X_EXTENT)
MAP_HEIGHT = round((_Y_TOP - _Y_BOTTOM) * _SCALE, 1)


def project(latitude, longitude):
    """Map coordinates ``(x, y)`` of a point, in the units of the world map's viewBox.

    x runs from 0 (180° W) to MAP_WIDTH (180° E), y from 0 (MAP_NORTH) downwards;
    latitudes outside the map's extent are clamped to its edge.
    """
    latitude = min(max(float(latitude), MAP_SOUTH), MAP_NORTH)
    x, y = _equal_earth(latitude, float(longitude))
    return (x + _X_EXTENT) * _SCALE, (_Y_TOP - y) * _SCALE
