"""The topic vote's forms: opening a vote, casting a city's ballot."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from network.models import Topic

from ..models import (
    TopicVote,
)
from .common import WindowForm, source_topics


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
