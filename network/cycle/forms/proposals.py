"""The proposal's forms and checks: the proposal, its budget lines, its attachments,
the rules of a submission, and a city's "open to partners" note."""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from network.models import CityPage

from ..models import (
    BudgetLine,
    CallCycle,
    PartnerNote,
    Proposal,
)
from ..models.base import in_time_zone
from .common import source_cities, source_topics


class ProposalForm(forms.ModelForm):
    """A proposal's own fields, its topics (from the call's) and its partner cities."""

    partner_cities = forms.ModelMultipleChoiceField(
        label=capfirst(_("partner cities")),
        queryset=CityPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each partner city's team confirms in the portal before submission."),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "topics",
            "partner_cities",
            "start_date",
            "end_date",
            "timeline",
            "expected_results",
            "cofunding",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea({"rows": 4}),
            "timeline": forms.Textarea({"rows": 4}),
            "expected_results": forms.Textarea({"rows": 4}),
            "start_date": forms.DateInput({"type": "date"}),
            "end_date": forms.DateInput({"type": "date"}),
        }

    def __init__(self, *args, call, lead_city, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.lead_city = lead_city
        # Every topic is offered so that a wrong one is refused with the call's reason.
        self.fields["topics"].queryset = source_topics()
        self.fields["topics"].help_text = _("Among the call's topics.")
        self.fields["partner_cities"].queryset = source_cities()
        if self.instance.pk:
            self.initial["partner_cities"] = [p.city_id for p in self.instance.partners.all()]

    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        allowed = set(self.call.topics.values_list("translation_key", flat=True))
        outside = [topic.name for topic in topics if topic.translation_key not in allowed]
        if outside:
            raise ValidationError(
                _("Not a topic of this call: %(topics)s."), params={"topics": ", ".join(outside)}
            )
        return topics

    def clean_partner_cities(self):
        partners = self.cleaned_data["partner_cities"]
        if any(city.pk == self.lead_city.pk for city in partners):
            raise ValidationError(
                _("%(city)s leads this proposal, so it cannot also be a partner city."),
                params={"city": self.lead_city.title},
            )
        return partners

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project ends after it starts."))
        return data


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["label", "amount"]


BudgetFormSet = forms.inlineformset_factory(
    Proposal, BudgetLine, form=BudgetLineForm, extra=2, can_delete=True, max_num=40
)


def budget_errors(call, cofunding, amounts):
    """The budget's errors: co-funding above the total, a grant above the call's limit."""
    total = sum(amounts)
    errors = []
    if cofunding and cofunding > total:
        errors.append(
            _("The co-funding (€%(cofunding)s) is more than the budget's total (€%(total)s).")
            % {"cofunding": f"{cofunding:,}", "total": f"{total:,}"}
        )
    requested = max(total - (cofunding or 0), 0)
    if call.max_grant and requested > call.max_grant:
        errors.append(
            _(
                "The grant requested (€%(requested)s: total minus co-funding) is above the "
                "call's limit of €%(limit)s."
            )
            % {"requested": f"{requested:,}", "limit": f"{call.max_grant:,}"}
        )
    return errors


def submission_errors(proposal, now=None):
    """Why a proposal cannot be submitted now (an empty list when it can)."""
    now = now or timezone.now()
    call = proposal.call
    errors = []
    if now >= call.closes_at:
        zone = (
            CallCycle.objects.filter(call=call).values_list("time_zone", flat=True).first()
            or settings.TIME_ZONE
        )
        errors.append(
            _(
                "The call closed on %(deadline)s: a proposal can no longer be submitted. "
                "Your draft is kept."
            )
            % {"deadline": in_time_zone(call.closes_at, zone)}
        )
    if now < call.opens_at:
        errors.append(_("The call is not open yet."))
    missing = [
        str(Proposal._meta.get_field(name).verbose_name)
        for name in ("summary", "timeline", "expected_results", "start_date", "end_date")
        if not getattr(proposal, name)
    ]
    if missing:
        errors.append(_("Fill in: %(fields)s.") % {"fields": ", ".join(missing)})
    if not proposal.topics.exists():
        errors.append(_("Choose at least one of the call's topics."))
    lines = list(proposal.budget_lines.all())
    if not lines:
        errors.append(_("Add the budget's lines."))
    errors += budget_errors(call, proposal.cofunding, [line.amount for line in lines])
    partners = list(proposal.partners.select_related("city"))
    if not partners:
        errors.append(_("A proposal needs at least one partner city."))
    waiting = [p.city.title for p in partners if p.answer != p.Answer.CONFIRMED]
    if waiting:
        errors.append(
            _("Every partner city must confirm first; not yet confirmed: %(cities)s.")
            % {"cities": ", ".join(waiting)}
        )
    return errors


class AttachmentForm(forms.Form):
    """A document for a proposal or an offer, checked like Wagtail's own uploads."""

    file = forms.FileField(label=capfirst(_("document")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if allowed and extension not in allowed:
            raise ValidationError(
                _("“%(name)s” is not a document type the portal takes (%(allowed)s)."),
                params={"name": upload.name, "allowed": ", ".join(allowed)},
            )
        limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        if limit and upload.size > limit:
            raise ValidationError(
                _("“%(name)s” is larger than %(size)d MB."),
                params={"name": upload.name, "size": limit // (1024 * 1024)},
            )
        return upload


class PartnerNoteForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=capfirst(_("language of the note")), choices=settings.LANGUAGES
    )

    class Meta:
        model = PartnerNote
        fields = ["text", "topics", "language", "published"]
        widgets = {"topics": forms.CheckboxSelectMultiple, "text": forms.Textarea({"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = source_topics()
