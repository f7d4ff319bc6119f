"""Schemathesis hooks for test/schemathesis.e2e.test.ts (docs/adr/0031-schemathesis.md).

Loaded with SCHEMATHESIS_HOOKS=<this file>; the test names the check in
--checks, so a run whose hooks did not load stops with exit code 2.
"""
import schemathesis


@schemathesis.check
def problem_json_for_4xx(ctx, response, case):
    """Every 4xx is application/problem+json (docs/architecture.md, HTTP)."""
    if 400 <= response.status_code < 500:
        media = (response.headers.get("content-type") or [""])[0].split(";")[0].strip().lower()
        if media != "application/problem+json":
            raise AssertionError(
                f"{response.status_code} answered with content type {media!r}, not application/problem+json"
            )
