"""The cycle's models, by concept (see network/cycle/__init__.py)."""

from .base import Status
from .hosting import HostOffer, HostOfferCall
from .notices import Notice
from .proposals import (
    Attachment,
    BudgetLine,
    CallCycle,
    PartnerConfirmation,
    PartnerNote,
    Proposal,
)
from .reviews import MAX_SCORE, Decision, Review, ReviewCriterion, ReviewerAppointment, Score
from .votes import VOTING_MEMBERSHIPS, Ballot, BallotChoice, TopicVote, VoteResult

__all__ = [
    "MAX_SCORE",
    "VOTING_MEMBERSHIPS",
    "Attachment",
    "Ballot",
    "BallotChoice",
    "BudgetLine",
    "CallCycle",
    "Decision",
    "HostOffer",
    "HostOfferCall",
    "Notice",
    "PartnerConfirmation",
    "PartnerNote",
    "Proposal",
    "Review",
    "ReviewCriterion",
    "ReviewerAppointment",
    "Score",
    "Status",
    "TopicVote",
    "VoteResult",
]
