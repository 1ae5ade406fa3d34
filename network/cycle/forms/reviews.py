"""The review's forms: criteria, scores and the Secretariat's decision."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from ..models import (
    MAX_SCORE,
    Decision,
    ReviewCriterion,
)


class CriterionForm(WagtailAdminModelForm):
    class Meta:
        model = ReviewCriterion
        fields = ["call", "name", "description", "weight", "sort_order"]


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
