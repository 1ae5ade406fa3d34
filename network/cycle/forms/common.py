"""The cycle's shared form pieces: the time window of votes and calls for host offers,
the topics and cities to choose from."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from network.models import CityPage, Topic

from ..models.base import time_zone_choices

# A conference lasts two weeks at most (as network.ConferencePage.clean says).
MAX_CONFERENCE_DAYS = 14


def source_topics():
    return Topic.objects.filter(locale=Locale.get_default()).order_by("name")


def source_cities():
    return CityPage.objects.live().filter(locale=Locale.get_default()).order_by("title")


class WindowForm(WagtailAdminModelForm):
    """Opening and closing typed as wall-clock times in the form's own time zone field
    (not the editor's profile time zone): a vote closing "17:00 Europe/Paris" closes then."""

    time_zone = forms.ChoiceField(label=capfirst(_("time zone")), choices=time_zone_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(self.instance.time_zone or settings.TIME_ZONE)
        for name in ("opens_at", "closes_at"):
            value = getattr(self.instance, name, None)
            if value is not None:
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)
            self.fields[name].help_text = _("In the time zone chosen below.")

    def clean(self):
        data = super().clean()
        name = data.get("time_zone")
        if name:
            zone = zoneinfo.ZoneInfo(name)
            current = timezone.get_current_timezone()
            for field in ("opens_at", "closes_at"):
                value = data.get(field)
                if value is not None:
                    wall = timezone.localtime(value, current).replace(tzinfo=None)
                    data[field] = timezone.make_aware(wall, zone)
                    setattr(self.instance, field, data[field])
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("It must close after it opens."))
        return data
