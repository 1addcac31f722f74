"""The banner line every app shows when no process has sent for a while and texts wait:
what happened and what to do (services/sender_lease.sender_missing gives the facts)."""

from __future__ import annotations

from datetime import datetime

from tui_sms.services.sender_lease import SenderMissing
from tui_sms.store.models import utcnow
from tui_sms.ui.format import local
from tui_sms.ui.i18n import _, n_


def sender_missing_sentence(
    missing: SenderMissing, time_zone: str, now: datetime | None = None
) -> str:
    what_to_do = _("Start `tui-sms worker` or keep one tui-sms open; see docs/deployment.md.")
    if missing.since is None:
        said = n_(
            "No sender has run yet: {count} text waits to go out.",
            "No sender has run yet: {count} texts wait to go out.",
            missing.waiting,
        )
        return f"{said} {what_to_do}"
    since = local(missing.since, time_zone)
    today = local(now or utcnow(), time_zone).date()
    shown = since.strftime("%H:%M") if since.date() == today else since.strftime("%Y-%m-%d %H:%M")
    said = n_(
        "No sender has run since {since}: {count} text waits to go out.",
        "No sender has run since {since}: {count} texts wait to go out.",
        missing.waiting,
        since=shown,
    )
    return f"{said} {what_to_do}"
