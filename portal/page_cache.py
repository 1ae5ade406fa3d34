"""A server-side cache of the public site's HTML for anonymous visitors.

Like the API's (``network.api.caching``), a stored page is keyed on the content
generation, the host, the language and the full path: any publish, unpublish, move or
delete starts a new generation, so a change shows at once. Only what every anonymous
visitor would get is stored:

* GET and HEAD requests without a session cookie (an editor, a translator, a visitor
  with a pending message never reads nor fills the cache), outside the admin, the API,
  documents, static and media files;
* 200 answers in HTML that set no cookie, do not vary on the cookie (a form with a
  CSRF token, a private page's password form) and are not marked private or no-store
  (previews are served by the admin and never reach this far);
* never the search page, which counts every search for the popular searches;
* never a page whose HTML used the response's CSP nonce (``request.csp_nonce``): served
  again, its nonce would not match the new response's policy.

``PAGE_CACHE_TIMEOUT`` seconds (``0`` turns the cache off) bounds how long a page whose
content depends on the clock (a call that closes) may be shown as it was.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from network.api.caching import generation

PAGE_KEY = "portal-page:{generation}:{digest}"
SKIPPED_PREFIXES = ("/admin/", "/api/", "/documents/", "/health", "/django-admin/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "Link")
CACHE_STATUS_HEADER = "X-Page-Cache"
# Views whose every request must reach them (search counts its queries).
UNCACHED_VIEWS = {"search"}


class PageCacheMiddleware:
    """Serve anonymous visitors' HTML from the shared cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        key = self.key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for header, value in stored["headers"].items():
                response[header] = value
            # As the page rendered for this request would (the session middleware's).
            patch_vary_headers(response, ("Cookie",))
            response[CACHE_STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, {"content": response.content, "headers": headers}, self.timeout())
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def timeout():
        return getattr(settings, "PAGE_CACHE_TIMEOUT", 60)

    def applies(self, request):
        path = request.path_info
        return (
            self.timeout() > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not path.startswith(SKIPPED_PREFIXES)
            and not path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
        )

    @staticmethod
    def key(request):
        parts = [
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return PAGE_KEY.format(generation=generation(), digest=digest)

    @staticmethod
    def cacheable(request, response):
        session = getattr(request, "session", None)
        match = getattr(request, "resolver_match", None)
        if (
            (match is not None and match.url_name in UNCACHED_VIEWS)
            or getattr(request, "is_preview", False)
            # A form's CSRF token or a session write is this visitor's alone.
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or (session is not None and session.modified)
            or request.user.is_authenticated
            # A CSP nonce in the HTML belongs to this response's policy alone.
            or getattr(request, "_csp_nonce", None)
        ):
            return False
        directives = response.get("Cache-Control", "")
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "cookie" not in vary
            and "private" not in directives
            and "no-store" not in directives
            and response.get("Content-Type", "").startswith("text/html")
        )
