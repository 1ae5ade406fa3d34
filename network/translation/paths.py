"""Names people read for wagtail-localize's segment paths.

wagtail-localize identifies a segment by a path of field names and block ids
(``body.3f6c...e1.heading``); its ``TranslationContext`` also stores the path with
block types instead of ids (``body.section.heading``). Messages for translators (PO
errors, the history) name the field instead: "Body › Section › Heading".
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from wagtail import blocks
from wagtail.fields import StreamField

SEPARATOR = " › "


def _child_block(block, name):
    if isinstance(block, blocks.ListBlock):
        child = block.child_block
        if (
            isinstance(child, blocks.StructBlock | blocks.StreamBlock)
            and name in child.child_blocks
        ):
            return child.child_blocks[name]
        return child
    if isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        return block.child_blocks.get(name)
    return None


def describe_field_path(model, field_path):
    """ "Body › Section › Heading" for ``body.section.heading`` on ``model``."""
    parts = field_path.split(".")
    try:
        field = model._meta.get_field(parts[0])
    except FieldDoesNotExist:
        return field_path
    if isinstance(field, StreamField):
        labels = [capfirst(field.verbose_name)]
        block = field.stream_block
        for name in parts[1:]:
            child = _child_block(block, name)
            if child is None:
                continue
            if child is not getattr(block, "child_block", None):
                labels.append(capfirst(str(child.label or name)))
            block = child
        return SEPARATOR.join(str(label) for label in labels)
    if field.is_relation and field.one_to_many:
        label = str(capfirst(field.related_model._meta.verbose_name_plural))
        for name in parts[1:]:
            try:
                child_field = field.related_model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            return f"{label}{SEPARATOR}{capfirst(child_field.verbose_name)}"
        return label
    return str(capfirst(getattr(field, "verbose_name", parts[0])))


def describe_context(context, model):
    """The readable name of a segment's TranslationContext on ``model``."""
    return describe_field_path(model, context.field_path or context.path)
