"""Cross-cutting security of the portal: response headers (Content-Security-Policy and
friends), the coordinator's two-factor log-in requirement, and upload checks.

Views import the header decorators from here: ``from tracekei.security import no_referrer``.
"""

from .headers import csp_override, no_referrer

__all__ = ["csp_override", "no_referrer"]
