"""The editors' side: roles (groups and permissions), the signals that keep them in step
with the content, the moderation workflow's approval and the dashboard panels.
The editorial models (CityTeam, ModerationTask) are in ``network.models.editorial``."""
