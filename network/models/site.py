"""The site's own words and contact details: the footer, edited by the Secretariat.

Wagtail's settings are not translatable (wagtail/wagtail#11508) and wagtail-localize
translates pages and snippets only, so the footer is split the way wagtail-localize
supports: the facts (e-mail, telephone, postal address, social accounts) are a site
setting, the same in every language; the words (what the network is, who runs the
secretariat) are a translatable snippet, ``FooterText``, which the setting points at
and translators translate like any other snippet. Without either, the footer keeps the
portal's own words from the gettext catalogs.
"""

from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site, TranslatableMixin
from wagtail_localize.fields import TranslatableField

from ..blocks import SocialLinkBlock
from ..i18n.languages import bcp47

FOOTER_CACHE_KEY = "portal:footer:{site}:{language}"
NETWORK_NAMES = dict(SocialLinkBlock.NETWORKS)


class ShownInTheFooter(models.Model):
    """Saving or deleting it drops the cached footers, so the change shows at once."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_footers()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_footers()
        return result


class FooterText(ShownInTheFooter, TranslatableMixin, models.Model):
    """The words of the site's footer, translated like the other snippets."""

    about = models.TextField(
        _("about the network"),
        max_length=400,
        help_text=_("One or two sentences on what the network is."),
    )
    secretariat = models.CharField(
        _("secretariat"),
        max_length=200,
        help_text=_(
            "Who runs the secretariat, and where (e.g. “City of Clermont-Ferrand, France”)."
        ),
    )

    panels = [FieldPanel("about"), FieldPanel("secretariat")]

    override_translatable_fields = [TranslatableField("about"), TranslatableField("secretariat")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self):
        return self.secretariat


@register_setting(icon="site")
class FooterSettings(BaseSiteSetting, ShownInTheFooter):
    """The footer's contact details and social accounts, and the text it shows."""

    text = models.ForeignKey(
        FooterText,
        verbose_name=_("footer text"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Its translations are shown in their languages."),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    social_links = StreamField(
        [("account", SocialLinkBlock())], verbose_name=_("social accounts"), blank=True
    )

    panels = [
        FieldPanel("text"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")],
            heading=_("Contact details"),
        ),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("footer and contact details")

    def __str__(self):
        return str(self.site)


def site_footer(request):
    """What the footer of ``request``'s site shows in the active language: ``about`` and
    ``secretariat`` (empty where not set: the template keeps its own words), their
    ``lang`` where they are not in the active language, and the contact details.

    Cached (shared by every process) until the setting or a footer text changes, so a
    page pays no query for its footer once it has been shown.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    language = get_language() or settings.LANGUAGE_CODE
    key = FOOTER_CACHE_KEY.format(site=site.pk, language=language)
    footer = cache.get(key)
    if footer is None:
        footer = _read_footer(site, language)
        cache.set(key, footer, None)
    return SimpleNamespace(**footer)


def _read_footer(site, language):
    setting = FooterSettings.objects.filter(site=site).select_related("text__locale").first()
    text = setting.text if setting else None
    if text is not None and text.locale.language_code != language:
        translated = (
            FooterText.objects.filter(
                translation_key=text.translation_key, locale__language_code=language
            )
            .select_related("locale")
            .first()
        )
        text = translated or text
    return {
        "about": text.about if text else "",
        "secretariat": text.secretariat if text else "",
        "lang": bcp47(text.locale.language_code)
        if text and text.locale.language_code != language
        else None,
        "email": setting.email if setting else "",
        "phone": setting.phone if setting else "",
        "address": setting.address if setting else "",
        "social_links": [
            {"label": NETWORK_NAMES[account.value["network"]], "url": account.value["url"]}
            for account in (setting.social_links if setting else [])
        ],
    }


def forget_footers():
    """Drop every cached footer: a change shows on the next page served."""
    codes = [code for code, _name in settings.LANGUAGES]
    cache.delete_many(
        [
            FOOTER_CACHE_KEY.format(site=site, language=code)
            for site in Site.objects.values_list("pk", flat=True)
            for code in codes
        ]
    )
