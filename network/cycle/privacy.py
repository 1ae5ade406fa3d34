"""The private collections of proposals and offers, and serving their documents.

Every attachment lives in a collection of its own under "Network cycle (private)",
which carries a view restriction to the Secretariat group: Wagtail's public document
URLs refuse everyone else (and every anonymous visitor). Teams, partners and reviewers
download through the cycle's own view, which asks ``network.cycle.access`` first.
"""

from django.contrib.auth.models import Group

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from network.editorial.roles import SECRETARIAT, ensure_collection

from .models import Attachment, HostOffer

PRIVATE_ROOT = "Network cycle (private)"


def private_root():
    root = ensure_collection(Collection.get_first_root_node(), PRIVATE_ROOT)
    restriction = CollectionViewRestriction.objects.filter(collection=root).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=root, restriction_type=CollectionViewRestriction.GROUPS
        )
    secretariat = Group.objects.filter(name=SECRETARIAT).first()
    if secretariat is not None:
        restriction.groups.add(secretariat)
    return root


def collection_for(item, name):
    """The item's own private collection, created on first use."""
    if item.collection_id is None:
        item.collection = ensure_collection(private_root(), name)
        type(item).objects.filter(pk=item.pk).update(collection=item.collection)
    return item.collection


def store_attachment(item, upload, user, name):
    """Save an uploaded file as a document in ``item``'s private collection."""
    collection = collection_for(item, name)
    document = get_document_model()(
        title=upload.name, collection=collection, uploaded_by_user=user
    )
    document.file.save(upload.name, upload, save=False)
    document.file_size = upload.size
    document.save()
    owner = {"offer": item} if isinstance(item, HostOffer) else {"proposal": item}
    return Attachment.objects.create(document=document, uploaded_by=user, **owner)
