"""REST API of the trainings app; every queryset starts from tracekei.access."""


def register(router):
    """Add this app's viewsets to /api/ (none yet)."""
