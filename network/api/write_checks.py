"""The guards Wagtail's v3 endpoints wear (``wagtail_api.adapt_v3_routers``): input a
view would fail on, answered with a 4xx that names what is wrong instead of a 500.

* ``checked_input``: identifiers that are not numbers (or not a snippet's primary key);
* ``checked_move``: a move, copy or alias to no or an impossible destination;
* ``checked_translation_copy``: a copy for translation into a locale that already has
  a version (409 naming ``locale``);
* ``checked_document_edit``: an edit of a document whose stored file has an extension
  ``WAGTAILDOCS_EXTENSIONS`` no longer allows (409 naming ``file``).
"""

import functools
import json

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from wagtail.api.v3.errors import problem_response
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.models import Page

from .errors import parameter_problem


def _is_whole_number(value):
    return value.isascii() and value.isdigit() and len(value) < 19


def _is_snippet_pk(type_name, value):
    """Whether ``value`` can be the primary key of the snippet type ``type_name``
    (True for an unknown type: Ninja's validation names it)."""
    try:
        resolve_model_string(type_name)._meta.pk.to_python(value)
    except (LookupError, ValueError):
        return True
    except ValidationError:
        return False
    return True


def _bad_identifier(kwargs, query):
    """(name, location) of the first id of the request that cannot be one, or None."""
    for name, value in kwargs.items():
        if name == "pk" and "type" in kwargs:
            if not _is_snippet_pk(kwargs["type"], value):
                return name, "path"
        elif name.endswith("_id") and not _is_whole_number(str(value)):
            return name, "path"
    for name, value in query.items():
        if name == "translation_of" and "type" in kwargs:
            # A snippet's translation_of is one of its primary keys.
            if not _is_snippet_pk(kwargs["type"], value):
                return name, "query"
        elif (name == "id" or name.endswith("_id")) and not _is_whole_number(value):
            return name, "query"
    return None


def checked_input(run):
    """A Ninja view decorator for Wagtail's v3 routers: ids and request bodies a
    database query would choke on are answered 400 or 422 up front.

    Wagtail passes an id from the path or the query string to the database as it
    comes (``/pages/abc/``, ``revisions/?user_id=abc``, a snippet ``pk`` of ``abc``,
    ``snippets/network.Topic/?translation_of=abc``), and reads a request body's
    ``meta`` before validating it (``[null, null]``): both were server errors.
    """

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        bad = _bad_identifier(kwargs, request.GET)
        if bad is not None:
            name, location = bad
            return parameter_problem(name, "not a valid id", location=location)
        if request.method in ("POST", "PUT", "PATCH") and request.body:
            try:
                body = json.loads(request.body)
            except ValueError:
                body = None  # not JSON: Wagtail's own validation answers
            else:
                if not isinstance(body, dict):
                    return problem_response(
                        status=422,
                        detail="The request body must be a JSON object.",
                        errors=[{"loc": ["body"], "msg": "a JSON object", "type": "type_error"}],
                    )
        return run(request, *args, **kwargs)

    return wrapper


def _root_problem(detail, msg):
    return problem_response(
        status=422,
        detail=detail,
        errors=[{"loc": ["body", "data", "destination_id"], "msg": msg, "type": "value_error"}],
    )


def checked_move(view):
    """A Ninja operation decorator for Wagtail's page actions: a move next to a page
    with no parent (the tree's root), and a copy or an alias of the root with no
    destination (beside it), are refused with a 422 naming ``destination_id``.

    Without ``position`` (or with a sibling position) Wagtail moves the page beside
    the destination, and without a destination it copies beside the page: both
    failed on the root's missing parent.
    """

    # Wagtail's page router builds its schemas on import: after register_v3_field_schemas.
    from wagtail.api.v3.routers.pages import (
        PageCopySchema,
        PageCreateAliasSchema,
        PageMoveSchema,
    )

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        data = kwargs.get("data")
        if isinstance(data, PageMoveSchema) and data.position not in CHILD_POSITIONS:
            destination = Page.objects.filter(pk=data.destination_id).first()
            if destination is not None and destination.is_root():
                return _root_problem(
                    "Nothing can be moved beside the root page.",
                    "the root page has no siblings; give a child position",
                )
        copies = (PageCopySchema, PageCreateAliasSchema)
        if isinstance(data, copies) and data.destination_id is None:
            page = Page.objects.filter(pk=kwargs.get("page_id")).first()
            if page is not None and page.is_root():
                return _root_problem(
                    "The root page has no parent to copy it beside.",
                    "the root page has no parent; give a destination",
                )
        return view(request, *args, **kwargs)

    return wrapper


CHILD_POSITIONS = ("first-child", "last-child")


def _already_translated(kwargs, data):
    """Whether the object to copy (and, for a recursive page copy, a page under it)
    already has a version in the requested locale."""
    if "page_id" in kwargs:
        page = Page.objects.filter(pk=kwargs["page_id"]).first()
        if page is None:
            return False
        pages = Page.objects.descendant_of(page, inclusive=True) if data.recursive else [page]
        keys = [item.translation_key for item in pages]
        model = Page
    else:
        model = resolve_model_string(kwargs["type"])
        instance = model.objects.filter(pk=unquote(kwargs["pk"])).first()
        if instance is None:
            return False
        keys = [instance.translation_key]
    return model.objects.filter(
        translation_key__in=keys, locale__language_code=data.locale
    ).exists()


def checked_translation_copy(view):
    """A Ninja operation decorator for the pages' and snippets' ``copy_for_translation``
    actions: a copy into a locale that already has a translation (the object's own
    locale included) is a 409 naming ``locale``.

    Wagtail copies regardless and the database refuses the second row of a
    translation key in one locale: an IntegrityError, a server error. Caught after
    the fact (in a savepoint) so that Wagtail's permission checks still answer first.
    """

    # Wagtail's routers build their schemas on import: after register_v3_field_schemas.
    from wagtail.api.v3.routers.pages import PageCopyForTranslationSchema
    from wagtail.snippets.api.v3.router import SnippetCopyForTranslationSchema

    schemas = (PageCopyForTranslationSchema, SnippetCopyForTranslationSchema)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        data = kwargs.get("data")
        if not isinstance(data, schemas):
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except IntegrityError:
            if not _already_translated(kwargs, data):
                raise
        return problem_response(
            status=409,
            detail=f"A translation into “{data.locale}” already exists.",
            errors=[
                {
                    "loc": ["body", "data", "locale"],
                    "msg": "already translated into this locale",
                    "type": "already_translated",
                }
            ],
        )

    return wrapper


def checked_document_edit(view):
    """A Ninja operation decorator for Wagtail's documents router: an edit of a document
    whose stored file has an extension the portal no longer allows
    (``WAGTAILDOCS_EXTENSIONS`` narrowed after the upload) is a 409 naming ``file``.

    Wagtail's edit form has no ``file`` field, so the model's extension check could
    not be reported on it: a ValueError, a server error, whatever the edit changed.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValueError:
            model = get_document_model()
            document = model.objects.filter(pk=kwargs.get("document_id")).first()
            if request.method != "PATCH" or document is None:
                raise
            try:
                document.clean()
            except ValidationError as error:
                message = error.message_dict.get("file", [str(error)])[0]
                return problem_response(
                    status=409,
                    detail=f"{message} Replace the file in the admin first.",
                    errors=[{"loc": ["file"], "msg": message, "type": "file_extension"}],
                )
            raise

    return wrapper
