"""Permission codenames of the proposals app."""

DRAFT_PROPOSAL = "draft_proposal"
REVIEW_PROPOSAL = "review_proposal"

PERMISSIONS = [
    (DRAFT_PROPOSAL, "Can draft and submit proposals"),
    (REVIEW_PROPOSAL, "Can review, return and assign proposals to departments"),
]
