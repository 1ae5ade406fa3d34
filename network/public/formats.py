"""How the site writes moments, periods and amounts in the visitor's language."""

import copy

from django.utils import formats, timezone
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location


def babel_locale(language_code=None):
    """The Babel locale of a Django language code (``pt-br`` → ``pt_BR``), English for
    an unknown one; the active language when no code is given."""
    try:
        return Locale.parse(to_locale(language_code or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


# Zones without a city (UTC, Etc/GMT+5) are named as they are.
CITYLESS_ZONES = ("UTC", "Etc/", "GMT")


def time_zone_name(name=None):
    """A time zone as visitors read it, in their language: the zone's city as CLDR
    names it in that language (Babel's exemplar city: “Paris”, “París”, “パリ”) in the
    catalogs' phrase “%(city)s time” (“heure de Paris”, “hora de París”, “Ortszeit
    Paris”, “パリ時間”, “เวลาปารีส”). Chosen over CLDR's region form (“heure : France”),
    which names a country: ambiguous for countries of several zones, and Babel's
    Serbian data calls it “summer time” all year. The name is the portal's
    (``settings.TIME_ZONE``) when none is given."""
    name = str(name or timezone.get_current_timezone_name())
    if name.startswith(CITYLESS_ZONES):
        return name
    try:
        city = get_timezone_location(name, locale=babel_locale(), return_city=True)
    except LookupError:
        return name
    return _("%(city)s time") % {"city": city}


def deadline(value):
    """A moment with its time zone, in the network's zone: “31 March 2027, 17:00 (Paris
    time)”, “31 mars 2027 à 17:00 (heure de Paris)”."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s, %(time)s (%(zone)s)") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
        "zone": time_zone_name(),
    }


def date_range(start, end):
    """Two dates as one period (“29 November 2017 – 1 December 2017”), one if equal."""
    if not start:
        return ""
    first = formats.date_format(start, "DATE_FORMAT")
    if not end or end == start:
        return first
    return _("%(start)s – %(end)s") % {
        "start": first,
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


def euros(value):
    """A whole amount in euros, written the visitor's way (“€500,000”, “500 000 €”)."""
    if value in (None, ""):
        return ""
    locale = babel_locale()
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(value, locale, currency="EUR", currency_digits=False)
