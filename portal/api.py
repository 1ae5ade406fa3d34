"""The one API instance: Wagtail's API v3 (Django Ninja, OpenAPI 3) at /api/v3/, plus
Wagtail's API v2 kept read-only at /api/v2/ for existing clients.

The network's routers are added to Wagtail's own v3 instance so that one
``/api/v3/openapi.json`` describes every endpoint.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api

import network.api
from network.api.wagtail_v2 import (
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicPagesAPIViewSet,
)
from network.cycle.api import router as cycle_router
from preview.api import router as preview_router
from search.api import router as search_router

network.api.register(api)
api.add_router("/preview/", preview_router)
api.add_router("/search/", search_router)
api.add_router("/cycle/", cycle_router)

api_v2 = WagtailAPIRouter("wagtailapi_v2")
api_v2.register_endpoint("pages", PublicPagesAPIViewSet)
api_v2.register_endpoint("images", PublicImagesAPIViewSet)
api_v2.register_endpoint("documents", PublicDocumentsAPIViewSet)

__all__ = ["api", "api_v2"]
