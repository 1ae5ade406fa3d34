"""``GET /api/v3/preview/?token=...``: a draft's content for the headless front end.

Added to Wagtail's v3 API instance in ``portal/api.py``. The token is the only
credential: valid for HEADLESS_PREVIEW_MAX_AGE seconds, it returns the previewed page
(draft, never-published or edited) in the same shape as ``/api/v3/pages/{id}/``;
401 when the token is missing or expired, 403 when it was forged or altered.
"""

from django.http import HttpRequest, HttpResponse

from wagtail.api.v3.errors import ProblemDetail
from wagtail.api.v3.routers.pages import PageDetailSchema

from ninja import Router
from ninja.errors import HttpError

from .tokens import TokenExpired, TokenInvalid, read_token

router = Router(tags=["preview"])


@router.get(
    "/",
    response={200: PageDetailSchema, 401: ProblemDetail, 403: ProblemDetail},
    url_name="preview_page",
    summary="Preview a draft",
    description=(
        "The page a preview token names, as the editor previewed it (unpublished "
        "changes included). Tokens come from the editor's preview and expire after "
        "a few minutes."
    ),
    operation_id="preview_detail",
)
def preview_page(request: HttpRequest, response: HttpResponse, token: str = ""):
    # Drafts must never land in a shared cache or a search engine.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    if not token:
        raise HttpError(401, "A preview token is required (?token=...).")
    try:
        snapshot = read_token(token)
    except TokenExpired as error:
        raise HttpError(401, "This preview token has expired; preview the page again.") from error
    except TokenInvalid as error:
        raise HttpError(403, "This preview token is not valid.") from error
    return snapshot.as_page()
