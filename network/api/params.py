"""Reading and checking the parameters every network endpoint shares."""

from django.conf import settings

from wagtail.models import get_page_models

from .errors import ParameterError
from .serializers import BASE_FIELDS, available_fields

#: The largest page of results (``limit``) and the deepest ``offset`` accepted.
MAX_LIMIT = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 100) or 100
MAX_OFFSET = 1_000_000
#: Accepted everywhere and ignored: a cache-buster some HTTP clients add.
IGNORED_PARAMETERS = {"_"}


def content_languages():
    """The language codes content exists in, lower-case (``en``, ``pt-br``, ...)."""
    return [code.lower() for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE.lower()


def check_known(request, allowed):
    """Refuse parameters the endpoint does not know (a typo would silently match all)."""
    unknown = sorted(set(request.GET) - set(allowed) - IGNORED_PARAMETERS)
    if unknown:
        raise ParameterError(unknown[0], "unknown parameter; known: " + ", ".join(sorted(allowed)))
    for name in request.GET:
        values = request.GET.getlist(name)
        if len(values) > 1:
            raise ParameterError(name, "give this parameter once")
        if any(ord(char) < 32 for char in values[0]):
            raise ParameterError(name, "control characters are not allowed")


def parse_locale(value, *, default=None):
    """A content language code (case-insensitive), or ``default`` when not given."""
    if value is None or value == "":
        return default
    code = value.strip().lower()
    if code not in content_languages():
        raise ParameterError(
            "locale", f"unknown language; one of: {', '.join(content_languages())}"
        )
    return code


def parse_fields(value, models):
    """``None`` (the listing's default fields), ``"*"`` (all) or a set of field names."""
    if value is None or value.strip() == "":
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    if names == ["*"]:
        return "*"
    known = set(BASE_FIELDS)
    for model in models:
        known |= set(available_fields(model))
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ParameterError(
            "fields",
            f"unknown field “{unknown[0]}”; use * for all, or some of: "
            + ", ".join(sorted(known)),
        )
    return set(names)


def portal_page_models():
    """Every page type of the portal (not Wagtail's bare root page)."""
    return [model for model in get_page_models() if model._meta.app_label != "wagtailcore"]


def page_type_labels():
    return [model._meta.label for model in portal_page_models()]
