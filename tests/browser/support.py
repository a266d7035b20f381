"""What the browser tests share: where Chromium is, the demo log-ins, how to sign in."""

import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

PASSWORD = "tracekei-demo"
COORDINATOR = "coordinator@tracekei.example"
MANAGER_DARE = "manager.dare@tracekei.example"
# A field by its label, which ends in an asterisk (aria-hidden) when the field is required.
FIELD = {
    label: re.compile(rf"^{re.escape(label)}( \*)?$")
    for label in ("Password", "Name", "Type", "Country", "Contact e-mail")
}
DEMO_CLUSTERS = ["D.A.Re.", "INNOSKART", "BioMA", "MaPAR", "AGROCO", "Green Synergy", "CluEE"]


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Fill in the log-in form the way a person does: by its labels."""
    page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(FIELD["Password"]).fill(password)
    page.get_by_role("button", name="Sign in").click()
