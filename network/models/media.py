"""The portal's image model, custom from the first migration so fields can be added later."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    """An image with the credit the network must show next to it."""

    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Photographer or source, shown under the image (e.g. “© City of Clermont-Ferrand”)."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class PortalRendition(AbstractRendition):
    """A resized copy of a PortalImage."""

    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
