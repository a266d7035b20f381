"""Signing in and out (allauth) and the user's own API token."""

from tests.permissions import DONE, LOGIN, page, public, roles, signed_in

# allauth's pages for a visitor; a signed-in user is sent on to the dashboard.
FOR_VISITORS = roles(
    anonymous=200, viewer_a=302, manager_a=302, manager_b=302, coordinator=302, admin=302
)

URLS = {
    "accounts:api_token": page(get=signed_in(), post=signed_in(DONE)),
    "account_login": page(
        get=FOR_VISITORS,
        post=roles(
            anonymous=DONE, viewer_a=302, manager_a=302, manager_b=302, coordinator=302, admin=302
        ),
    ),
    "account_logout": page(get=signed_in(), post=public(LOGIN)),
    "account_inactive": page(get=public()),
    "account_signup": page(get=FOR_VISITORS),
    "account_reauthenticate": page(get=signed_in()),
    "account_email": page(get=signed_in(), post=signed_in(DONE)),
    "account_email_verification_sent": page(get=public()),
    "account_change_password": page(get=signed_in(), post=signed_in(DONE)),
    "account_set_password": page(get=signed_in(302)),
    "account_reset_password": page(get=public(), post=public(DONE)),
    "account_confirm_login_code": page(get=signed_in(302, anonymous=LOGIN)),
    "account_confirm_email": page(kwargs=lambda w: {"key": "not-a-key"}, get=public(200)),
    "account_reset_password_from_key_done": page(get=public()),
    "account_reset_password_from_key": page(
        kwargs=lambda w: {"uidb36": "1", "key": "not-a-key"}, get=public(200)
    ),
    "account_reset_password_done": page(get=public()),
}
