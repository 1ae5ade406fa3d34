"""Middleware of the API besides its cache (``caching.APICacheMiddleware``).

``APICorsMiddleware``: cross-origin access to ``/api/`` for the origins in
``API_CORS_ORIGINS``. A small middleware rather than a dependency: the API needs
simple requests and preflights for a configured list of origins (or ``*``), no
credentials (tokens go in the ``Authorization`` header, which a preflight allows),
and ``ETag`` / ``Last-Modified`` readable by scripts.

``LocaleMiddleware``: Django's, leaving 404s outside the public site's pages alone.

``APIProblemMiddleware``: every error under ``/api/`` is a JSON document, whoever
made it: a 405 from Django Ninja, and as a last resort an unexpected exception,
answered 500 in ``application/problem+json`` (and logged) instead of the site's HTML
error page.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.middleware import locale

from wagtail.api.v3.errors import problem_response

from .caching import API_PREFIX

logger = logging.getLogger("django.request")
JSON_TYPES = ("application/json", "application/problem+json", "application/geo+json")

ALLOWED_METHODS = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified"
PREFLIGHT_MAX_AGE = 86400


def allowed_origin(origin):
    """The value of Access-Control-Allow-Origin for ``origin``, or None."""
    allowed = getattr(settings, "API_CORS_ORIGINS", [])
    if not origin or not allowed:
        return None
    if "*" in allowed:
        return "*"
    return origin if origin.rstrip("/") in {o.rstrip("/") for o in allowed} else None


class APICorsMiddleware:
    """Adds CORS headers to API responses and answers preflight requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        origin = request.META.get("HTTP_ORIGIN")
        allow = allowed_origin(origin)
        preflight = (
            request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        )
        if preflight and allow:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        else:
            response = self.get_response(request)
        if getattr(settings, "API_CORS_ORIGINS", []):
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            response["Vary"] = (
                ", ".join([*vary, "Origin"]) if "Origin" not in vary else response["Vary"]
            )
        if allow:
            response["Access-Control-Allow-Origin"] = allow
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response


# Paths outside i18n_patterns: a 404 there is a 404, not a redirect to /en/<path>.
UNPREFIXED_PATHS = (
    API_PREFIX,
    "/admin/",
    "/documents/",
    "/static/",
    "/media/",
    "/i18n/",
    "/sitemap.xml",
    "/robots.txt",
)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, minus its 404-to-``/en/...`` redirect outside the
    public site's pages (``UNPREFIXED_PATHS``: the API, admin, documents, files, ...).

    The public site's catch-all route makes every ``/en/<path>`` "valid", so Django
    would answer a 404 of the admin or of a document with a redirect to a page URL;
    those clients need the 404.
    """

    def process_response(self, request, response):
        if request.path.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)


class APIProblemMiddleware:
    """Errors under ``/api/`` as RFC 7807 problem documents, never HTML."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(JSON_TYPES)
        ):
            problem = problem_response(status=response.status_code, detail=_detail(response))
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return problem_response(status=500, detail="The server could not answer this request.")


def _detail(response):
    if response.status_code == 405:
        return f"This URL accepts {response.get('Allow', 'other methods')} only."
    return ""
