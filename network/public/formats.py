"""How the site writes moments, periods and amounts in the visitor's language."""

import copy

from django.utils import formats, timezone
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from babel import Locale as BabelLocale
from babel import UnknownLocaleError


def deadline(value):
    """A moment with its time zone, in the network's zone: “31 March 2027, 17:00 CET”."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(date)s, %(time)s %(zone)s") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
        "zone": local.tzname(),
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
    try:
        locale = BabelLocale.parse(to_locale(get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        locale = BabelLocale.parse("en")
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern.apply(value, locale, currency="EUR", currency_digits=False)
