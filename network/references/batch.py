"""Everything a batch of API items points at, loaded once per kind.

Serialising a page means following its links: related cities, hero image, chosen
pages, documents and people, and rich text links at any depth of a StreamField. One
by one that is a query per link. Here the serializer first *collects* every id a
batch of items mentions (from the raw StreamField JSON and the rich text source,
before anything is deserialised), then ``load()`` fetches each kind in one query.
Blocks and fields look objects up here while the batch is active: an object that is
hidden (draft, expired, private page; image or document in a restricted collection)
or missing is absent, so choosers come out as ``null`` and rich text links as
plain text. Looking up something that was not collected still works (it is loaded
on the spot), so the same code serves Wagtail's own endpoints, one item at a time.
"""

import contextlib
from collections import defaultdict
from contextvars import ContextVar

from django.db.models import Q

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import Filter
from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs
from wagtail.snippets.blocks import SnippetChooserBlock

from ..public.images import RENDITION_SPECS
from ..public.visibility import (
    collection_restricted_q,
    visible_documents,
    with_visibility,
)
from ..snippets import Organisation, Person, Topic
from .richtext import expand

_current = ContextVar("network_api_references", default=None)

SNIPPET_KINDS = {"person": Person, "organisation": Organisation, "topic": Topic}


def _as_pk(value):
    """A primary key from raw JSON (int or digit string), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


class References:
    """The objects a batch of items links to, with what a client may see of them."""

    def __init__(self, request=None):
        self.request = request
        #: The locale of the item being serialised: links are shown in its language.
        self.locale_id = None
        self._wanted = defaultdict(set)
        self._tried = defaultdict(set)
        self._objects = defaultdict(dict)
        self._wanted_paths = set()
        self._wanted_keys = set()
        self._complete_keys = set()
        self._locale_ids = set()
        self._pages_by_path = {}
        self._translations = defaultdict(dict)
        self._renditions = {}
        self._related = {}

    # Activation -----------------------------------------------------------------

    @classmethod
    def current(cls):
        """The batch being serialised, or None outside one."""
        return _current.get()

    @classmethod
    def current_or_new(cls, request=None):
        return _current.get() or cls(request)

    @contextlib.contextmanager
    def activate(self):
        token = _current.set(self)
        try:
            yield self
        finally:
            _current.reset(token)

    # Collecting -----------------------------------------------------------------

    def want(self, kind, value):
        pk = _as_pk(value)
        if pk is not None and pk not in self._tried[kind]:
            self._wanted[kind].add(pk)

    def want_locale(self, locale_id):
        if locale_id is not None:
            self._locale_ids.add(locale_id)

    def want_page_path(self, path):
        if path not in self._pages_by_path:
            self._wanted_paths.add(path)

    def want_translations(self, translation_key):
        if translation_key not in self._complete_keys:
            self._wanted_keys.add(translation_key)

    def collect_rich_text(self, html):
        if not html or "<" not in html:
            return
        for match in FIND_A_TAG.finditer(html):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") in ("page", "document"):
                self.want(attrs["linktype"], attrs.get("id"))
        for match in FIND_EMBED_TAG.finditer(html):
            attrs = extract_attrs(match.group(1))
            if attrs.get("embedtype") == "image":
                self.want("image", attrs.get("id"))

    def collect_block(self, block, raw):
        """Walk a block's raw (JSON) value and note every object it refers to."""
        if raw is None:
            return
        if isinstance(block, blocks.StreamBlock):
            for child in raw if isinstance(raw, list) else []:
                if isinstance(child, dict) and child.get("type") in block.child_blocks:
                    self.collect_block(block.child_blocks[child["type"]], child.get("value"))
        elif isinstance(block, blocks.ListBlock):
            for item in raw if isinstance(raw, list) else []:
                if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                    item = item["value"]
                self.collect_block(block.child_block, item)
        elif isinstance(block, blocks.StructBlock):
            if isinstance(raw, dict):
                for name, child_block in block.child_blocks.items():
                    self.collect_block(child_block, raw.get(name))
        elif isinstance(block, blocks.RichTextBlock):
            self.collect_rich_text(raw if isinstance(raw, str) else "")
        elif isinstance(block, blocks.PageChooserBlock):
            self.want("page", raw)
        elif isinstance(block, ImageChooserBlock):
            self.want("image", raw)
        elif isinstance(block, DocumentChooserBlock):
            self.want("document", raw)
        elif isinstance(block, SnippetChooserBlock):
            for kind, model in SNIPPET_KINDS.items():
                if issubclass(block.model_class, model):
                    self.want(kind, raw)

    def collect_stream(self, stream_value):
        self.collect_block(stream_value.stream_block, list(stream_value.raw_data))

    def note_related(self, rows, names, source_ids):
        """Many-to-many rows read for a whole batch (``{(field name, source id):
        [target ids]}``), complete for ``names`` x ``source_ids``."""
        for name in names:
            for pk in source_ids:
                self._related[(name, pk)] = rows.get((name, pk), [])

    def related_ids(self, name, source_id):
        """The target ids of a many-to-many field noted for the batch, or None."""
        return self._related.get((name, source_id))

    # Loading --------------------------------------------------------------------

    def load(self):
        """Fetch everything collected and not yet fetched: one query per kind."""
        if self._wanted["page"] or self._wanted_paths or self._wanted_keys:
            self._load_pages()
        if self._wanted["image"]:
            self._load_images()
        if self._wanted["document"]:
            self._load_documents()
        for kind, model in SNIPPET_KINDS.items():
            if self._wanted[kind]:
                self._load_snippets(kind, model)

    def _take(self, kind):
        ids = self._wanted.pop(kind, set())
        self._tried[kind] |= ids
        return ids

    def _load_pages(self):
        ids, paths, keys = self._take("page"), self._wanted_paths, self._wanted_keys
        self._wanted_paths, self._wanted_keys = set(), set()
        q = Q(pk__in=ids) | Q(path__in=paths) | Q(translation_key__in=keys)
        if ids and self._locale_ids:
            same_pages = Page.objects.filter(pk__in=ids).values("translation_key")
            q |= Q(translation_key__in=same_pages, locale_id__in=self._locale_ids)
        pages = with_visibility(Page.objects.filter(q)).select_related("locale").order_by("path")
        for page in pages:
            self._objects["page"][page.pk] = page
            self._pages_by_path[page.path] = page
            if page.public_visible:
                self._translations[page.translation_key][page.locale_id] = page
        for path in paths:
            self._pages_by_path.setdefault(path, None)
        self._complete_keys |= keys

    def _load_images(self):
        ids = self._take("image")
        specs = list(RENDITION_SPECS.values())
        rendition_model = get_image_model().get_rendition_model()
        renditions = (
            rendition_model.objects.filter(image_id__in=ids, filter_spec__in=specs)
            .exclude(collection_restricted_q("image__collection__path"))
            .select_related("image")
        )
        found = defaultdict(dict)
        for rendition in renditions:
            image = self._objects["image"].setdefault(rendition.image_id, rendition.image)
            if rendition.focal_point_key == Filter(rendition.filter_spec).get_cache_key(image):
                found[image.pk][rendition.filter_spec] = rendition
        complete = {pk for pk, by_spec in found.items() if len(by_spec) == len(specs)}
        for pk in complete:
            self._renditions[pk] = found[pk]
        # First use of an image: make its renditions (once; later batches find them).
        missing = ids - complete
        if missing:
            for image in (
                get_image_model().objects.filter(pk__in=missing).exclude(collection_restricted_q())
            ):
                by_spec = image.get_renditions(*specs)
                self._objects["image"][image.pk] = image
                self._renditions[image.pk] = by_spec

    def _load_documents(self):
        ids = self._take("document")
        for document in visible_documents(get_document_model().objects.filter(pk__in=ids)):
            self._objects["document"][document.pk] = document

    def _load_snippets(self, kind, model):
        ids = self._take(kind)
        q = Q(pk__in=ids)
        if self._locale_ids:
            same = model.objects.filter(pk__in=ids).values("translation_key")
            q |= Q(translation_key__in=same, locale_id__in=self._locale_ids)
        objects = self._objects[kind]
        translations = self._translations
        for obj in model.objects.filter(q).select_related("locale"):
            objects[obj.pk] = obj
            translations[(kind, obj.translation_key)][obj.locale_id] = obj

    def _get(self, kind, value):
        pk = _as_pk(getattr(value, "pk", value))
        if pk is None:
            return None
        if pk not in self._objects[kind] and pk not in self._tried[kind]:
            self.want(kind, pk)
            self.want_locale(self.locale_id)
            self.load()
        return self._objects[kind].get(pk)

    # Looking up -----------------------------------------------------------------

    def page(self, value):
        """The visible page for an id (in the current item's language where translated)."""
        page = self._get("page", value)
        if page is None:
            return None
        versions = self._translations.get(page.translation_key, {})
        return versions.get(self.locale_id) or (page if page.public_visible else None)

    def page_at_path(self, path):
        if path not in self._pages_by_path:
            self.want_page_path(path)
            self.load()
        page = self._pages_by_path.get(path)
        return page if page is not None and page.public_visible else None

    def translations(self, page):
        """The visible versions of a page in other locales."""
        if page.translation_key not in self._complete_keys:
            self.want_translations(page.translation_key)
            self.load()
        versions = self._translations.get(page.translation_key, {})
        return [v for v in versions.values() if v.pk != page.pk]

    def image(self, value):
        image = self._get("image", value)
        return image if image is not None and image.pk in self._renditions else None

    def document(self, value):
        return self._get("document", value)

    def snippet(self, kind, value):
        obj = self._get(kind, value)
        if obj is None:
            return None
        versions = self._translations.get((kind, obj.translation_key), {})
        return versions.get(self.locale_id, obj)

    # Representations --------------------------------------------------------------

    def absolute(self, url):
        if not url or self.request is None or "://" in url:
            return url
        return self.request.build_absolute_uri(url)

    def page_url(self, page):
        return page.get_full_url(self.request) if page is not None else None

    def page_ref(self, value):
        """A linked page as ``{id, title, url, locale}``, or None when hidden."""
        page = self.page(value)
        if page is None:
            return None
        return {
            "id": page.pk,
            "title": page.title,
            "url": self.page_url(page),
            "locale": page.locale.language_code,
        }

    def image_data(self, value):
        """An image as alt text, credit and the allow-listed renditions, or None."""
        image = self.image(value)
        if image is None:
            return None
        by_spec = self._renditions[image.pk]
        return {
            "id": image.pk,
            "title": image.title,
            "alt": image.default_alt_text,
            "credit": getattr(image, "credit", ""),
            "renditions": {
                name: {
                    "url": self.absolute(by_spec[spec].url),
                    "width": by_spec[spec].width,
                    "height": by_spec[spec].height,
                }
                for name, spec in RENDITION_SPECS.items()
            },
        }

    def document_data(self, value):
        document = self.document(value)
        if document is None:
            return None
        return {
            "id": document.pk,
            "title": document.title,
            "url": self.absolute(document.url),
            "type": document.file_extension,
        }

    def topic_data(self, value):
        topic = self.snippet("topic", value)
        if topic is None:
            return None
        return {"id": topic.pk, "name": topic.name, "slug": topic.slug}

    def person_data(self, value):
        person = self.snippet("person", value)
        if person is None:
            return None
        return {"id": person.pk, "name": person.name, "role": person.role}

    def organisation_data(self, value):
        organisation = self.snippet("organisation", value)
        if organisation is None:
            return None
        return {
            "id": organisation.pk,
            "name": organisation.name,
            "kind": organisation.kind,
            "website": organisation.website,
        }

    def rich_text(self, html):
        """Display HTML: links resolved to visible pages and documents, never stored markup."""
        if not html:
            return ""
        self.collect_rich_text(html)
        self.want_locale(self.locale_id)
        self.load()
        return expand(html, self)

    def rendition(self, image, name):
        """One allow-listed rendition of an image this batch loaded."""
        return self._renditions[image.pk][RENDITION_SPECS[name]]
