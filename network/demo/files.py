"""Files written during a load that fails are removed with the rows that were rolled back.

The loader runs in one transaction: interrupted (Ctrl-C, an error in a late stage), the
database goes back to where it was, but the images and documents already written to
the media storage would stay, unreferenced, and a second run would write them again
under new names.
"""

import contextlib
import logging

from django.db.models.signals import post_save

from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition

logger = logging.getLogger(__name__)
FILE_MODELS = (AbstractImage, AbstractRendition, AbstractDocument)


@contextlib.contextmanager
def files_removed_on_failure():
    """Within the block, remember the file of every image, rendition and document saved;
    if the block raises (anything, Ctrl-C included), delete those files."""
    written = []

    def remember(sender, instance, **kwargs):
        if isinstance(instance, FILE_MODELS) and instance.file:
            written.append((instance.file.storage, instance.file.name))

    post_save.connect(remember, weak=False, dispatch_uid="demo-files-written")
    try:
        yield written
    except BaseException:
        for storage, name in dict.fromkeys(written):
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not remove %s after the failed load", name)
        raise
    finally:
        post_save.disconnect(dispatch_uid="demo-files-written")
