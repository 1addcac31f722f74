"""Whether a worker is alive: its heartbeat, read without loading the worker itself.

The message center asks this before its first frame; the worker's module brings the
sender, the poller and the HTTP client, which the first frame does not need.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from tui_sms.store.models import utcnow
from tui_sms.store.queries import workers

HEARTBEAT_EVERY = 2.0
# A worker that has not beaten for this long is taken as gone.
HEARTBEAT_STALE = timedelta(seconds=10)


def worker_is_running(engine: Engine, now: datetime | None = None) -> bool:
    from tui_sms.store.engine import session_scope

    with session_scope(engine) as session:
        fresh_after = (now or utcnow()) - HEARTBEAT_STALE
        return bool(workers.live_workers(session, fresh_after))
