"""The cycle's forms. Each refusal names what is wrong; nothing is saved until all is right."""

import datetime
import os
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from network.models import CityPage, Topic

from .models import (
    MAX_SCORE,
    BudgetLine,
    CallCycle,
    Decision,
    HostOffer,
    HostOfferCall,
    PartnerNote,
    Proposal,
    ReviewCriterion,
    TopicVote,
)
from .models.base import in_time_zone, time_zone_choices

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


class TopicVoteForm(WindowForm):
    """The Secretariat opens a vote: candidates (existing topics or new ones), window,
    method and the number of winning topics."""

    new_topics = forms.CharField(
        label=capfirst(_("new candidate topics")),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("One per line; each becomes a topic of the network."),
    )

    class Meta:
        model = TopicVote
        fields = [
            "title",
            "edition",
            "candidates",
            "new_topics",
            "method",
            "winners",
            "opens_at",
            "closes_at",
            "time_zone",
            "call",
        ]
        widgets = {"candidates": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = source_topics()
        self.fields["candidates"].required = False
        self.fields["call"].queryset = self.fields["call"].queryset.filter(
            locale=Locale.get_default()
        )
        if self.instance.pk and self.instance.ballots.exists():
            for name in ("candidates", "new_topics", "method"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Ballots have been cast: this stays as it is.")

    def clean_new_topics(self):
        names = [line.strip() for line in self.cleaned_data["new_topics"].splitlines()]
        names = [name for name in names if name]
        for name in names:
            if len(name) > 100:
                raise ValidationError(
                    _("“%(name)s” is longer than 100 characters."), params={"name": name[:40]}
                )
        return names

    def clean(self):
        data = super().clean()
        candidates = list(data.get("candidates") or [])
        new = data.get("new_topics") or []
        total = len(candidates) + len(new)
        if total < 2:
            self.add_error("candidates", _("A vote needs at least two candidate topics."))
        winners = data.get("winners")
        if winners and total >= 2 and winners >= total:
            self.add_error(
                "winners",
                _("With %(total)d candidates, at most %(most)d topics can win.")
                % {"total": total, "most": total - 1},
            )
        return data

    def save(self, commit=True):
        vote = super().save(commit=commit)
        if commit and not self.fields["new_topics"].disabled:
            locale = Locale.get_default()
            for name in self.cleaned_data.get("new_topics") or []:
                slug = slugify(name)[:90] or "topic"
                topic = Topic.objects.filter(slug=slug, locale=locale).first()
                if topic is None:
                    topic = Topic.objects.create(name=name, slug=slug, locale=locale)
                vote.candidates.add(topic)
        return vote


class HostOfferCallForm(WindowForm):
    """The Secretariat's call for offers to host an edition."""

    class Meta:
        model = HostOfferCall
        fields = ["title", "edition", "opens_at", "closes_at", "time_zone"]


class BallotForm(forms.Form):
    """A city's ballot: tick topics (approval) or rank them 1, 2, 3... (Borda)."""

    def __init__(self, vote, candidates, *args, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        self.candidates = list(candidates)
        initial_choices = initial_choices or {}
        if vote.is_ranked:
            ranks = [("", "—")] + [(str(n), str(n)) for n in range(1, len(self.candidates) + 1)]
            for topic in self.candidates:
                rank = initial_choices.get(topic.pk)
                self.fields[f"rank_{topic.pk}"] = forms.TypedChoiceField(
                    label=topic.name,
                    choices=ranks,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=str(rank) if rank else "",
                )
        else:
            self.fields["topics"] = forms.ModelMultipleChoiceField(
                label=_("Topics your city supports"),
                queryset=vote.candidates.all().order_by("name"),
                widget=forms.CheckboxSelectMultiple,
                initial=list(initial_choices),
                error_messages={"required": _("Tick at least one topic.")},
            )

    def clean(self):
        data = super().clean()
        if not self.vote.is_ranked:
            return data
        ranks = {
            topic.pk: data.get(f"rank_{topic.pk}")
            for topic in self.candidates
            if data.get(f"rank_{topic.pk}")
        }
        if not ranks:
            raise ValidationError(_("Rank at least one topic (1 for the one you want most)."))
        values = sorted(ranks.values())
        if len(set(values)) != len(values):
            raise ValidationError(_("Two topics have the same rank; give each its own."))
        if values != list(range(1, len(values) + 1)):
            raise ValidationError(
                _("Ranks must follow each other from 1 (1, 2, 3...), without a gap.")
            )
        data["ranks"] = ranks
        return data

    def choices(self):
        """``{topic_id: rank or None}`` for ``voting.cast_ballot``."""
        if self.vote.is_ranked:
            return self.cleaned_data["ranks"]
        return {topic.pk: None for topic in self.cleaned_data["topics"]}


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


class ReviewForm(forms.Form):
    """A reviewer's scores (0 to 10) on the call's criteria, and a comment."""

    comment = forms.CharField(
        label=capfirst(_("comment")), widget=forms.Textarea({"rows": 4}), required=False
    )

    def __init__(self, criteria, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (×{criterion.weight})",
                min_value=0,
                max_value=MAX_SCORE,
                help_text=criterion.description,
                error_messages={
                    "required": _("Give a score from 0 to %(max)d.") % {"max": MAX_SCORE}
                },
            )
        self.fields["comment"] = self.fields.pop("comment")

    def scores(self):
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "amount", "message"]
        widgets = {"message": forms.Textarea({"rows": 3})}


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


class CriterionForm(WagtailAdminModelForm):
    class Meta:
        model = ReviewCriterion
        fields = ["call", "name", "description", "weight", "sort_order"]
