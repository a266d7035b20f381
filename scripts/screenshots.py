"""Screenshots of the portal's pages at desktop and phone width, to look at before calling
a page done. Usage: .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 out/

Signs in as each demo user given with --as (default: coordinator) and captures the paths
given with --path (default: the main pages). Uses Debian's Chromium, no download.
"""

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# The browser settings the browser tests use: one place for Chromium's path and flags.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
DEFAULT_PATHS = ["/", "/clusters/", "/clusters/dare/", "/members/", "/clusters/dare/members/new/"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("out", type=Path)
    parser.add_argument("--as", dest="user", default="coordinator@tracekei.example")
    parser.add_argument("--password", default="tracekei-demo")
    parser.add_argument("--path", action="append", dest="paths")
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--language", help="e.g. hu: the pages as a user who chose it")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size_name, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            if args.language:
                context.add_cookies(
                    [{"name": "django_language", "value": args.language, "url": args.base_url}]
                )
            page = context.new_page()
            if not args.anonymous:
                page.goto(f"{args.base_url}/accounts/login/")
                page.fill("input[name=login]", args.user)
                page.fill("input[name=password]", args.password)
                page.click("button[type=submit]")
            for path in args.paths or DEFAULT_PATHS:
                page.goto(args.base_url + path, wait_until="networkidle")
                slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                suffix = f"-{args.language}" if args.language else ""
                target = args.out / f"{slug}-{size_name}{suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
