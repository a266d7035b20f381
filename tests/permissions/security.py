"""Security: one's own two-factor log-in (allauth.mfa), the coordinator's requirement."""

from allauth.mfa.models import Authenticator

from tests.factories import UserFactory
from tests.permissions import DONE, LOGIN, coordinators, page, signed_in


def setup(world):
    # A row for the admin's pages of allauth.mfa's authenticators, of a user outside the
    # roles (so no role has a second factor).
    Authenticator.objects.create(
        user=UserFactory(email="two.factor@portal.example"),
        type=Authenticator.Type.TOTP,
        data={"secret": "x"},
    )


def project(world):
    return {"project": world.project.pk}


# allauth.mfa's pages of one's own authenticators: any signed-in user (anonymous: log-in).
# Without an authenticator of that kind (no role has one, and
# the matrix does not sign in through the second factor), allauth answers its own way:
# activating first asks to re-authenticate (302 to that page); deactivating or showing
# recovery codes one does not have: 404.
MFA_REAUTHENTICATE = signed_in(302)
MFA_NOTHING_TO_SHOW = signed_in(404)

URLS = {
    "security:settings": page(
        get=signed_in(),
        post=coordinators(DONE, refused=404),
        data={"post": project},
        note="the requirement is the coordinator's; nobody else has a project to set: 404",
    ),
    "mfa_index": page(get=signed_in()),
    "mfa_activate_totp": page(get=MFA_REAUTHENTICATE, post=signed_in(DONE)),
    "mfa_deactivate_totp": page(get=MFA_NOTHING_TO_SHOW),
    "mfa_generate_recovery_codes": page(get=signed_in(302)),
    "mfa_view_recovery_codes": page(get=MFA_NOTHING_TO_SHOW),
    "mfa_download_recovery_codes": page(get=MFA_NOTHING_TO_SHOW),
    "mfa_reauthenticate": page(get=signed_in(302)),
    "mfa_authenticate": page(get=signed_in(302, anonymous=LOGIN)),
}
