"""The cycle's forms. Each refusal names what is wrong; nothing is saved until all is right.

One module per part of the cycle (votes, proposals, reviews, hosting); the names are
imported here for the views and hooks."""

from .common import MAX_CONFERENCE_DAYS, WindowForm, source_cities, source_topics
from .hosting import HostOfferCallForm, HostOfferForm
from .proposals import (
    AttachmentForm,
    BudgetFormSet,
    BudgetLineForm,
    PartnerNoteForm,
    ProposalForm,
    budget_errors,
    submission_errors,
)
from .reviews import CriterionForm, DecisionForm, ReviewForm
from .votes import BallotForm, TopicVoteForm

__all__ = [
    "AttachmentForm",
    "BallotForm",
    "BudgetFormSet",
    "BudgetLineForm",
    "CriterionForm",
    "DecisionForm",
    "HostOfferCallForm",
    "HostOfferForm",
    "MAX_CONFERENCE_DAYS",
    "PartnerNoteForm",
    "ProposalForm",
    "ReviewForm",
    "TopicVoteForm",
    "WindowForm",
    "budget_errors",
    "source_cities",
    "source_topics",
    "submission_errors",
]
