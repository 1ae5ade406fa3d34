"""Synchronised links that the source empties are emptied in the translations too.

wagtail-localize's ``copy_synchronised_fields`` copies a ParentalManyToManyField only
when the source has values (``if values: setattr(...)``). So when an editor removes the
last partner city, topic or contact of a page, its translations would keep the old
links for ever. The portal synchronises every such link (``overridable=False``), so an
empty source must give an empty translation.

``install()`` points wagtail_localize.models at a wrapper that runs the shipped copy,
then empties the links the source has emptied. It is the one name wagtail-localize
looks up at call time for both ``create_or_update_translation`` (sync, publish) and
the translation preview, so nothing else needs replacing.
"""

from wagtail_localize import models as localize_models
from wagtail_localize.fields import copy_synchronised_fields, get_translatable_fields

from modelcluster.fields import ParentalManyToManyField


def copy_synchronised_fields_with_emptied_links(source, target):
    """``copy_synchronised_fields``, plus: a link list emptied in the source is emptied."""
    copy_synchronised_fields(source, target)
    for translatable_field in get_translatable_fields(source.__class__):
        if not translatable_field.is_synchronized(source):
            continue
        field = translatable_field.get_field(target.__class__)
        if isinstance(field, ParentalManyToManyField) and not getattr(source, field.name).all():
            setattr(target, field.name, [])


def install():
    """Make wagtail-localize use the wrapper (idempotent)."""
    localize_models.copy_synchronised_fields = copy_synchronised_fields_with_emptied_links
