"""scripts/audit.py: what `make audit` makes of pip-audit's report (CI runs it)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"
spec = importlib.util.spec_from_file_location("audit", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def dependency(name, version="1.0", vulns=(), skip_reason=None):
    entry = {"name": name, "version": version, "vulns": list(vulns)}
    if skip_reason:
        entry = {"name": name, "skip_reason": skip_reason}
    return entry


def test_a_known_vulnerability_fails():
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["5.2.99"]}
    report = {"dependencies": [dependency("django", "5.2.1", [vuln]), dependency("celery")]}
    status, lines = audit.judge(report, "")
    assert status == 1
    assert "django 5.2.1: PYSEC-2099-1 (fixed in 5.2.99)" in lines


def test_no_vulnerability_passes():
    status, lines = audit.judge({"dependencies": [dependency("django"), dependency("celery")]}, "")
    assert status == 0
    assert lines[-1] == "2 pinned packages audited: no known vulnerability."


def test_nothing_looked_up_is_a_warning_not_a_pass():
    skipped = "Dependency not found on PyPI and could not be audited: django (5.2)"
    status, lines = audit.judge({"dependencies": [dependency("django", skip_reason=skipped)]}, "")
    assert status == 0
    assert lines[0].startswith("WARNING: dependency audit NOT done")


def test_no_network_is_a_warning():
    stderr = "requests.exceptions.ConnectionError: ... NameResolutionError ..."
    status, lines = audit.judge(None, stderr)
    assert status == 0
    assert lines[0].startswith("WARNING: dependency audit NOT done")


def test_another_failure_of_pip_audit_fails():
    status, _lines = audit.judge(None, "ValueError: requirement file is malformed")
    assert status == 1
