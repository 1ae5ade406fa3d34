"""Uploaded images served by the app itself, where no object storage or front server does.

On by default with local files (``SERVE_MEDIA``), so `make serve-prod` and a single
machine show their images; with several app servers, media live on S3-compatible
object storage instead (see the README). Documents are never served from here: they
go through Wagtail's ``/documents/`` view, which checks private collections.
"""

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

PRIVATE_PREFIXES = ("documents/",)
# Renditions and originals keep their name for their content's life.
MAX_AGE = 24 * 3600


def serve_media(request, path, document_root):
    if path.lstrip("/").startswith(PRIVATE_PREFIXES):
        raise Http404("Documents are served by /documents/.")
    response = serve(request, path, document_root=document_root)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
