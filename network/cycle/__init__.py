"""The network's two-year cycle: topic votes, proposals with partner cities, their
review and funding, and offers to host the next conference.

Everything here is private by default (the admin of city teams and the Secretariat);
only results are public: vote results, a call's funded proposals once the Secretariat
publishes them, and the "open to partners" notes cities choose to publish. See
docs/README-cycle.md.
"""
