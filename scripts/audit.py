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
NOT_DONE = "WARNING: dependency audit NOT done: "


def judge(data: dict | None, stderr: str) -> tuple[int, list[str]]:
    """The exit status and the lines to print, from pip-audit's JSON report (None when it
    wrote none) and its stderr."""
    if data is None:
        if any(marker in stderr for marker in NETWORK_ERRORS):
            return 0, [f"{NOT_DONE}the vulnerability database could not be reached."]
        return 1, [stderr.strip(), "pip-audit failed (not a network error)."]
    dependencies = data.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(
                f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})"
            )
    if vulnerable:
        return 1, [*lines, f"{len(vulnerable)} pinned package(s) have known vulnerabilities."]
    if audited == 0:
        reason = skipped[0]["skip_reason"] if skipped else "the lock lists no package"
        return 0, [
            f"{NOT_DONE}none of the {len(dependencies)} packages could be looked up ({reason})."
        ]
    lines += [f"not audited: {d['name']}: {d['skip_reason']}" for d in skipped]
    return 0, [*lines, f"{audited} pinned packages audited: no known vulnerability."]


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
    status, lines = judge(data, result.stderr)
    for line in lines:
        print(line, file=sys.stderr if status or line.startswith(NOT_DONE) else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
