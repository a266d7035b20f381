"""Known vulnerabilities of the pinned packages (pip-audit on requirements-dev.lock, which
holds everything production installs and the test tools).

Exit status: 1 when a pinned package has a known vulnerability (or pip-audit fails for a
reason of its own); 0 when none is known. When the vulnerability database cannot be
reached (no network, or an index that does not answer PyPI's JSON API), the audit did
not happen: it says so loudly on stderr and exits 0, so that CI on a machine without
network is not red for that. Run by `make audit`, after the tests in .ci/run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-dev.lock"
NETWORK_ERRORS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "timed out",
    "Network is unreachable",
)


def warn_not_audited(reason: str) -> int:
    print(f"WARNING: dependency audit NOT done: {reason}", file=sys.stderr)
    return 0


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        result = subprocess.run(  # noqa: S603  fixed arguments
            [
                str(pip_audit),
                "--requirement",
                str(LOCK),
                # The lock pins every package: audit exactly those, without installing.
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        data = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None
    if data is None:
        if any(marker in result.stderr for marker in NETWORK_ERRORS):
            return warn_not_audited("the vulnerability database could not be reached.")
        print(result.stderr, file=sys.stderr)
        print("pip-audit failed (not a network error).", file=sys.stderr)
        return 1
    dependencies = data.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(
                f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})"
            )
    if vulnerable:
        print(f"{len(vulnerable)} pinned package(s) have known vulnerabilities.", file=sys.stderr)
        return 1
    if audited == 0:
        return warn_not_audited(
            f"none of the {len(dependencies)} packages could be looked up "
            f"({skipped[0]['skip_reason'] if skipped else 'empty lock'})."
        )
    for dependency in skipped:
        print(f"not audited: {dependency['name']}: {dependency['skip_reason']}", file=sys.stderr)
    print(f"{audited} pinned packages audited: no known vulnerability.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
