"""The network's headless API: routers added to Wagtail's own v3 API instance (one
``/api/v3/openapi.json`` for all of it) and the read-only v2 endpoints.

``portal/api.py`` calls :func:`register` once, before the URLs are built. See
``docs/README-api.md`` for the endpoints, parameters, caching and tokens.
"""


def register(api):
    """Add the network's routers and error handling to the v3 ``NinjaAPI`` instance."""
    from .content import router as content_router
    from .errors import install_error_handlers
    from .network import router as network_router

    install_error_handlers(api)
    api.add_router("/", content_router)
    api.add_router("/", network_router)
