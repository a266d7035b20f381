"""Production installs requirements.lock; development and CI install requirements-dev.lock.
The two must pin every shared package to the same version."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    return {pkg.lower(): version for pkg, version in PIN.findall((ROOT / name).read_text())}


def test_production_pins_match_the_development_pins():
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert "django" in production
    assert {"pytest", "playwright", "ruff"} <= development.keys()
    assert not {"pytest", "playwright", "ruff"} & production.keys()
    different = {
        pkg: (version, development.get(pkg))
        for pkg, version in production.items()
        if development.get(pkg) != version
    }
    assert different == {}
