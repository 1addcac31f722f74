"""How a running app learns what others did: a colleague's claim, a customer's reply the
sender's poller or a webhook stored, a message the provider refused. Every app looks at the
change feed ten times a second (one read of its newest ids by the primary key, without
SQLite's write lock) and reloads what changed; once a second it also reads what the banners
say (the provider down, no sender running, e-mails stuck)."""

from __future__ import annotations

import time
from datetime import datetime

from textual.app import ScreenStackError
from textual.worker import get_current_worker

from tui_sms.services import status_view
from tui_sms.services.status_view import MailBacklog, Status
from tui_sms.store.models import utcnow
from tui_sms.ui.format import local
from tui_sms.ui.i18n import _, n_
from tui_sms.ui.messages import DataChanged

# A customer's reply or a colleague's change shows this soon.
CHANGE_POLL_SECONDS = 0.1
# The banners take several reads and can wait longer.
BANNER_POLL_SECONDS = 1.0
# During a burst of changes the screen is reloaded at most this often. Half a second held
# back a reply that came within it of the previous reload (status callbacks, other
# replies): with webhooks, reply to screen went from a median of 0.18-0.26 s and a p95 of
# 0.30-0.37 s at 0.5 to 0.11 s and 0.17 s at 0.25 (bench/reply_latency.py).
RELOAD_GAP_SECONDS = 0.25


class ChangeWatch:
    """Mixed into TuiSmsApp, which provides the runtime, `last_change_id`, `own_changes`,
    `status_banner`, `shop_time_zone` and `show_banner`."""

    banners_read_at: datetime | None = None

    def start_watching(self) -> None:
        """One thread, for the app's life, looks at the change feed every
        CHANGE_POLL_SECONDS. (A Textual worker for each look cost more than the look: an
        idle app used 4.6% of a core at ten looks a second, 2.2% with this thread.)"""
        self.run_worker(self._watch_loop, thread=True, group="change-watch", exit_on_error=False)

    def _watch_loop(self) -> None:
        worker = get_current_worker()
        failing = False
        while not worker.is_cancelled:
            try:
                self._look()
                if failing:
                    failing = False
                    self.call_from_thread(self.report_recovery, "changes")
            except Exception as error:
                if not self.is_running:
                    return  # the app closed while this thread handed it what it saw
                failing = True  # the database away: said (once), looked at again
                self.call_from_thread(self.report_failure, "changes", error)
            time.sleep(CHANGE_POLL_SECONDS)

    def _look(self) -> None:
        """What others changed since the last look (this app's own changes were reloaded
        by the action that made them), and once a second the provider and mail banners.
        The UI thread is woken only when there is something new to show."""
        now = utcnow()
        engine = self.runtime.engine
        banner = self.status_banner
        # The first read a second after the first frame: the app's own sender takes the
        # seat meanwhile, and an earlier look would flash "nobody sends".
        read_at = self.banners_read_at = self.banners_read_at or now
        if (now - read_at).total_seconds() >= BANNER_POLL_SECONDS:
            status = status_view.status(engine, self.last_change_id, now)
            changes = status.changes
            banner = self._status_banner(status)
            self.banners_read_at = now
        else:
            changes = status_view.changes_since(engine, self.last_change_id)
        if not changes and banner == self.status_banner:
            return
        seen = [change for change, _thread in changes]
        own = self.own_changes.take(seen)
        others = [(change, thread) for change, thread in changes if change not in own]
        changed = {thread for _change, thread in others if thread is not None}
        latest = max(seen) if seen else self.last_change_id
        if any(thread is None for _change, thread in others):
            # A change of no conversation: perhaps the shop's name or time zone, changed by
            # another app or `tui-sms shop set` (one row, read here in the watch's thread).
            self.call_from_thread(self.show_shop_facts, status_view.shop_facts(engine))
        self.call_from_thread(self._after_watch, latest, changed, bool(others), banner)

    def _status_banner(self, status: Status) -> str | None:
        from tui_sms.services.sender_lease import sender_missing
        from tui_sms.ui.sender_banner import sender_missing_sentence

        banner = None
        if status.provider_down_since is not None:
            since = local(status.provider_down_since, self.shop_time_zone).strftime("%H:%M")
            banner = n_(
                "Provider unreachable since {since} — {count} message waiting to go out.",
                "Provider unreachable since {since} — {count} messages waiting to go out.",
                status.waiting,
                since=since,
            )
        missing = sender_missing(self.runtime.engine)
        if missing is not None:
            sending = sender_missing_sentence(missing, self.shop_time_zone)
            banner = f"{banner}  {sending}" if banner else sending
        mail_banner = self._mail_banner(status.mail)
        if mail_banner:
            banner = f"{banner}  {mail_banner}" if banner else mail_banner
        return banner

    def _mail_banner(self, mail: MailBacklog) -> str | None:
        """E-mails unsent for a day (forwards, gateway texts) deserve a banner."""
        from tui_sms.services.mailer import MAIL_ALARM_AFTER

        if mail.oldest is None or utcnow() - mail.oldest < MAIL_ALARM_AFTER:
            return None
        since = local(mail.oldest, self.shop_time_zone).strftime("%Y-%m-%d %H:%M")
        why = (
            _("Last error: {error}", error=mail.last_error)
            if mail.last_error
            else _("Is the mail server set up? Try 'tui-sms mail test'.")
        )
        late = n_(
            "E-mails not sent since {since} — {count} waiting (reply forwards).",
            "E-mails not sent since {since} — {count} waiting (reply forwards).",
            mail.waiting,
            since=since,
        )
        return f"{late} {why}"

    def _after_watch(
        self, latest: int, changed: set[int], others_changed: bool, banner: str | None
    ) -> None:
        if banner != self.status_banner:
            self.status_banner = banner
            self.show_banner()
        self.last_change_id = max(latest, self.last_change_id)
        if others_changed:
            self._reload_soon(changed)

    # Changes seen and not shown yet: the threads they touched, or all (a change with no
    # thread, such as the balance); None when nothing waits.
    reload_due: set[int] | None = None
    reload_all = False
    reloaded_at = 0.0  # time.monotonic() of the last reload

    def _reload_soon(self, changed: set[int]) -> None:
        """Reload what changed: at once after a quiet spell, and during a burst (a round of
        reminders going out, their statuses coming back) at most every RELOAD_GAP_SECONDS,
        so the screen keeps answering keys while it follows the burst."""
        scheduled = self.reload_due is not None
        self.reload_due = (self.reload_due or set()) | changed
        self.reload_all = self.reload_all or not changed
        if scheduled:
            return
        wait = self.reloaded_at + RELOAD_GAP_SECONDS - time.monotonic()
        if wait <= 0:
            self._reload()
        else:
            self.set_timer(wait, self._reload)

    def _reload(self) -> None:
        changed = frozenset() if self.reload_all else frozenset(self.reload_due or ())
        self.reload_due, self.reload_all = None, False
        self.reloaded_at = time.monotonic()
        try:
            screen = self.screen
        except ScreenStackError:
            return  # the timer ran out as the app closed: nothing is left to reload
        # An empty set means everything may have changed (DataChanged's convention).
        screen.post_message(DataChanged(changed))
