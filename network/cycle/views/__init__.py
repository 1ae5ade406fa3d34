"""The cycle's admin views for city teams, reviewers and the Secretariat, by concept.

Every view asks ``network.cycle.access`` first and refuses the way Wagtail refuses
(``permission_denied``): 403 to a script, the dashboard with a message to a browser.
"""

from .common import attachment, home
from .hosting import host_call, offer_attach, offer_choose, offer_edit, offer_submit, partner_note
from .proposals import (
    proposal_answer,
    proposal_attach,
    proposal_detail,
    proposal_edit,
    proposal_new,
    proposal_submit,
    proposals,
)
from .reviews import call_ranking, proposal_decide, publish_results, review
from .votes import ballot, vote_detail

__all__ = [
    "attachment",
    "ballot",
    "call_ranking",
    "home",
    "host_call",
    "offer_attach",
    "offer_choose",
    "offer_edit",
    "offer_submit",
    "partner_note",
    "proposal_answer",
    "proposal_attach",
    "proposal_decide",
    "proposal_detail",
    "proposal_edit",
    "proposal_new",
    "proposal_submit",
    "proposals",
    "publish_results",
    "review",
    "vote_detail",
]
