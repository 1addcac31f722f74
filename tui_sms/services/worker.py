"""The worker: sender and poller loops plus a heartbeat, as one process or inside the app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from tui_sms.config import MailSettings, WorkerSettings
from tui_sms.domain.errors import ComplianceError
from tui_sms.provider.base import Provider, ProviderUnavailable
from tui_sms.services.job_texts import send_follow_ups
from tui_sms.services.mailer import send_due_mail
from tui_sms.services.poller import poll_once
from tui_sms.services.reminder_scheduler import schedule_due_reminders
from tui_sms.services.sender import Sender, SendPolicy
from tui_sms.store.engine import in_transaction
from tui_sms.store.models import utcnow
from tui_sms.store.queries import workers

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 2.0
# A worker that has not beaten for this long is taken as gone.
HEARTBEAT_STALE = timedelta(seconds=10)


def worker_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_is_running(engine: Engine, now: datetime | None = None) -> bool:
    from tui_sms.store.engine import session_scope

    with session_scope(engine) as session:
        fresh_after = (now or utcnow()) - HEARTBEAT_STALE
        return bool(workers.live_workers(session, fresh_after))


class Worker:
    def __init__(
        self,
        engine: Engine,
        provider: Provider,
        settings: WorkerSettings | None = None,
        owner: str | None = None,
        mail: MailSettings | None = None,
        post_timeout: float = 10.0,
    ) -> None:
        self.engine = engine
        self.mail = mail
        self.provider = provider
        self.settings = settings or WorkerSettings()
        self.owner = owner or worker_owner()
        self.provider_down_since: datetime | None = None
        policy = SendPolicy.from_settings(self.settings, post_timeout)
        self.sender = Sender(engine, provider, self.owner, policy)
        self._answers_seen = 0

    async def run(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._every(self.settings.send_interval, self.send, stop))
                group.create_task(self._every(self.settings.poll_interval, self.poll, stop))
                group.create_task(self._every(HEARTBEAT_EVERY, self.beat, stop))
                group.create_task(
                    self._every(self.settings.reminder_interval, self.schedule_reminders, stop)
                )
                if self.mail is not None and self.mail.configured:
                    # Its own task: a slow or dead SMTP server never holds up the poller.
                    group.create_task(self._every(self.mail.interval, self.send_mail, stop))
        finally:
            # Posts already claimed finish (each waits at most for its slot and one request).
            await self.sender.drain()
            await in_transaction(self.engine, lambda s: workers.drop_heartbeat(s, self.owner))

    async def _every(
        self, seconds: float, step: Callable[[], Awaitable[bool | None]], stop: asyncio.Event
    ) -> None:
        while not stop.is_set():
            try:
                if await step():
                    await asyncio.sleep(0)
                    continue  # more is waiting: go again at once
            except ProviderUnavailable as trouble:
                self._provider_down(trouble)
            except Exception:
                # One failed round must not end the worker: log it and try again next round.
                log.exception("worker step %s failed", getattr(step, "__name__", step))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=seconds)

    def _provider_down(self, trouble: ProviderUnavailable) -> None:
        if self.provider_down_since is None:
            self.provider_down_since = utcnow()
            log.warning("provider unavailable: %s", trouble.reason)

    async def send(self) -> bool:
        """One sender round; True when it claimed something, so another may follow at once."""
        claimed = await self.sender.run_round()
        report = self.sender.report
        answers = report.sent + report.refused
        if self.sender.trouble is not None:
            if self.sender.trouble.status != 429:  # slowed down is not unreachable
                self._provider_down(self.sender.trouble)
        elif answers > self._answers_seen:
            self.provider_down_since = None
        self._answers_seen = answers
        return claimed > 0

    async def poll(self) -> None:
        await poll_once(self.engine, self.provider)
        self.provider_down_since = None

    async def schedule_reminders(self) -> None:
        more = True
        while more:
            try:
                report = await in_transaction(
                    self.engine, lambda s: schedule_due_reminders(s, utcnow())
                )
            except ComplianceError:
                return  # the shop is not set up yet: nothing can be texted, reminders included
            more = report.more
            if report.created or report.moved or report.canceled:
                log.info(
                    "reminders: %d scheduled, %d moved, %d canceled",
                    report.created,
                    report.moved,
                    report.canceled,
                )
            for job, sentence in report.problems:
                log.debug("reminder for job %s not scheduled: %s", job, sentence)
        await self.follow_up_confirmations()

    async def follow_up_confirmations(self) -> None:
        """The one follow-up of each confirmation left unanswered past its job type's delay.
        On the reminders' round: both are hours-scale, and a minute late is on time."""
        sent = await in_transaction(self.engine, lambda s: send_follow_ups(s, utcnow()))
        if sent:
            log.info("confirmations: %d follow-ups queued", sent)

    async def send_mail(self) -> None:
        if self.mail is not None:
            await send_due_mail(self.engine, self.mail)

    async def beat(self) -> None:
        down = self.provider_down_since
        await in_transaction(self.engine, lambda s: workers.beat(s, self.owner, utcnow(), down))
