"""The network's headless API: routers added to Wagtail's own v3 API instance (one
``/api/v3/openapi.json`` for all of it) and the read-only v2 endpoints.

``portal/api.py`` calls :func:`register` once, before the URLs are built. See
``docs/README-api.md`` for the endpoints, parameters, caching and tokens.
"""

ANONYMOUS_SCHEME = "AllowAnonymous"
PROBLEM_TYPE = "application/problem+json"


def register(api):
    """Add the network's routers and error handling to the v3 ``NinjaAPI`` instance."""
    # Imported when the URLs are built, not when network.api.caching is imported during
    # app loading: the routers' schemas must not be made before the v3 field schemas are
    # registered (NetworkConfig.ready).
    from .content import router as content_router
    from .errors import install_error_handlers
    from .network import router as network_router
    from .wagtail_api import adapt_v3_routers

    install_error_handlers(api)
    adapt_v3_routers()
    api.add_router("/", content_router)
    api.add_router("/", network_router)
    build_schema = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return valid_openapi(build_schema(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema


def valid_openapi(schema):
    """Fix three details of the generated document.

    Wagtail's "anonymous allowed" becomes what OpenAPI means by it, an empty security
    requirement (an ``http`` scheme without ``scheme`` is invalid); error responses
    are documented with the media type they are sent with, ``application/problem+json``;
    and operations that no content type of the portal supports are left out. Wagtail
    declares the snippet revision, publish, unpublish and revert operations for the
    snippet models with revisions or drafts; the portal's snippets (topics,
    organisations, people) have neither, so Wagtail gives their ``{type}`` the one
    value ``""``, which no request can carry (they would reappear, with their types,
    for a snippet model with revisions).
    """
    schemes = schema.get("components", {}).get("securitySchemes", {})
    schemes.pop(ANONYMOUS_SCHEME, None)
    for path, operations in list(schema.get("paths", {}).items()):
        for method, operation in list(operations.items()):
            if not isinstance(operation, dict):
                continue
            if _uncallable(operation):
                del operations[method]
                continue
            if security := operation.get("security"):
                operation["security"] = [
                    {} if ANONYMOUS_SCHEME in requirement else requirement
                    for requirement in security
                ]
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).startswith(("4", "5")) and "application/json" in content:
                    content[PROBLEM_TYPE] = content.pop("application/json")
        if not any(isinstance(operation, dict) for operation in operations.values()):
            del schema["paths"][path]
    return schema


def _uncallable(operation):
    """Whether a path parameter of the operation can take no value but ``""``."""
    return any(
        parameter.get("in") == "path" and parameter.get("schema", {}).get("const") == ""
        for parameter in operation.get("parameters", [])
    )
