"""Synchronised links that the source empties are emptied in the translations too.

wagtail-localize's ``copy_synchronised_fields`` copies a ParentalManyToManyField only
when the source has values (``if values: setattr(...)``). So when an editor removes the
last partner city, topic or contact of a page, its translations would keep the old
links for ever. The portal synchronises every such link (``overridable=False``), so an
empty source must give an empty translation.

Every translation wagtail-localize writes (a submission, a sync, a publish in the
editor) ends with a ``TranslationLog`` row: ``translation_logged``, a ``post_save``
receiver of that model, empties the links the source snapshot has emptied, in the
translated object and in the revision just saved (the very revision object that
wagtail-localize publishes on commit, so the published page has them emptied too).
The preview, which writes nothing, applies ``empty_emptied_links`` itself
(``views.preview_translation``).
"""

from django.core.exceptions import ObjectDoesNotExist

from wagtail.models import Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import SourceDeletedError

from modelcluster.fields import ParentalManyToManyField


def emptied_link_fields(source):
    """Names of the synchronised many-to-many links the source instance has emptied."""
    names = []
    for translatable_field in get_translatable_fields(source.__class__):
        if not translatable_field.is_synchronized(source):
            continue
        field = translatable_field.get_field(source.__class__)
        if isinstance(field, ParentalManyToManyField) and not getattr(source, field.name).all():
            names.append(field.name)
    return names


def empty_emptied_links(source, target):
    """Empty, in memory, the target's links that the source has emptied; their names."""
    emptied = []
    for name in emptied_link_fields(source):
        if getattr(target, name).all():
            setattr(target, name, [])
            emptied.append(name)
    return emptied


def translation_logged(sender, instance, created, raw=False, **kwargs):
    """After wagtail-localize writes a translation: empty what the source emptied."""
    if not created or raw:
        return
    try:
        source = instance.source.as_instance()
        target = instance.source.get_translated_instance(instance.locale_id)
    except (SourceDeletedError, ObjectDoesNotExist):
        return
    emptied = empty_emptied_links(source, target)
    if not emptied:
        return
    if isinstance(target, Page):
        target.save(update_fields=emptied, clean=False)
    else:
        target.save(update_fields=emptied)
    revision = instance.revision
    if revision is not None:
        # The same object wagtail-localize publishes on commit: change it in place.
        for name in emptied:
            revision.content[name] = []
        revision.save(update_fields=["content"])
