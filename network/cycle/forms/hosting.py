"""Hosting the conference: the call for host offers and a city's offer."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    HostOffer,
    HostOfferCall,
)
from .common import MAX_CONFERENCE_DAYS, WindowForm


class HostOfferCallForm(WindowForm):
    """The Secretariat's call for offers to host an edition."""

    class Meta:
        model = HostOfferCall
        fields = ["title", "edition", "opens_at", "closes_at", "time_zone"]


class HostOfferForm(forms.ModelForm):
    class Meta:
        model = HostOffer
        fields = ["start_date", "end_date", "venue", "capacity", "theme", "notes"]
        widgets = {
            "start_date": forms.DateInput({"type": "date"}),
            "end_date": forms.DateInput({"type": "date"}),
            "notes": forms.Textarea({"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", _("The conference ends on or after its first day."))
            elif end - start > datetime.timedelta(days=MAX_CONFERENCE_DAYS):
                self.add_error("end_date", _("A conference lasts two weeks at most."))
            elif start <= timezone.localdate():
                self.add_error("start_date", _("Propose dates in the future."))
        if data.get("capacity") == 0:
            self.add_error("capacity", _("How many people can the venue take?"))
        return data
