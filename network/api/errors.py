"""Errors as RFC 7807 problem documents, with a 400 for every bad parameter.

Wagtail's v3 answers 422 for any validation error. Here a bad *parameter* (query
string or path) is a 400 that names it, in ``errors[].loc`` as ``["query", name]``;
a bad request *body* (writes) stays a 422, as in Wagtail.
"""

import re

from django.http import HttpRequest

from wagtail.api.v3.errors import problem_response

from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError


class ParameterError(Exception):
    """A query or path parameter the API cannot use; answered with a 400."""

    def __init__(self, name, message, location="query"):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.location = location


def parameter_problem(name, message, location="query"):
    return problem_response(
        status=400,
        detail=f"Invalid parameter “{name}”: {message}",
        errors=[{"loc": [location, name], "msg": message, "type": "invalid_parameter"}],
    )


def _is_body_error(error):
    loc = error.get("loc") or ()
    return bool(loc) and loc[0] == "body"


def install_error_handlers(api):
    """Add the network's handlers to the API instance (400 for parameters)."""
    wagtail_validation_handler = api._exception_handlers.get(NinjaValidationError)

    @api.exception_handler(ParameterError)
    def parameter_error_handler(request: HttpRequest, exc: ParameterError):
        return parameter_problem(exc.name, exc.message, exc.location)

    def validation_handler(request: HttpRequest, exc):
        errors = (
            exc.errors
            if isinstance(exc, NinjaValidationError)
            else [
                {k: v for k, v in e.items() if k not in ("input", "ctx", "url")}
                for e in exc.errors()
            ]
        )
        # An error with no location is about the query on a read (Wagtail's "invalid
        # fields" for ``?order=nope``: a 400) and about the request as a whole on a write
        # (Wagtail's "parent page is not translated": Wagtail's 422).
        reading = request.method in ("GET", "HEAD", "OPTIONS")
        if errors and all(
            (error.get("loc") or reading) and not _is_body_error(error) for error in errors
        ):
            names = sorted(
                {
                    str(
                        error["loc"][1]
                        if len(error["loc"]) > 1 and error["loc"][0] in ("query", "path")
                        else error["loc"][0]
                    )
                    for error in errors
                    if error.get("loc")
                }
            )
            said = names or sorted({str(error.get("msg", "")) for error in errors})
            return problem_response(
                status=400,
                detail="Invalid parameter: " + ", ".join(said),
                errors=[{k: v for k, v in error.items() if k != "ctx"} for error in errors],
            )
        return wagtail_validation_handler(request, exc)

    api.add_exception_handler(NinjaValidationError, validation_handler)
    api.add_exception_handler(PydanticValidationError, validation_handler)


ID_PATH = re.compile(r"^/api/v[23]/(?:pages|images|documents|content)/(?P<id>[^/]+)/")


def api_not_found(request, path=""):
    """What ``/api/`` answers for a URL no endpoint matches: JSON, never a page.

    An id that is not a number is a bad parameter (400); anything else, 404.
    """
    match = ID_PATH.match(request.path)
    if match and not (match["id"].isascii() and match["id"].isdigit()) and match["id"] != "find":
        return parameter_problem("id", "a positive integer", location="path")
    return problem_response(status=404, detail="No API endpoint has this URL.")
