"""The outbox gate for a batch of messages: every outbound text is checked and written here,
and one message is a batch of one (services/outbox.py), so the rules cannot drift apart.

Per batch the shop is read once; each fact about the batch's numbers (their stored
classification, opt-out, consent, conversation, customer, whether a text already reached it)
in one query; the prepaid balance once, its row locked until the commit as for one message,
then spent message by message in order, so a batch never takes it below its floor.
Conversations, messages, status events and change markers are then written in one statement
per table. A message the gate refuses gets its sentence (the same as when sent alone) and
nothing of it is written; the others go.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from tui_sms.domain.compliance import QuietHours, disclaimer_text, language_for, send_time
from tui_sms.domain.errors import ComplianceError, EmptyMessage, NoSenderNumber, UserError
from tui_sms.domain.segments import SegmentEstimate, check_length, estimate
from tui_sms.services import billing
from tui_sms.services.known_numbers import KnownNumbers
from tui_sms.services.outbox_rules import (
    NumberFacts,
    SendOptions,
    needs_consent,
    no_sender_sentence,
    require_shop,
)
from tui_sms.store.models import Direction, Message, Queue, Thread, ThreadKind, utcnow
from tui_sms.store.queries import consent as consent_queries
from tui_sms.store.queries import outbox as outbox_queries
from tui_sms.store.queries import people
from tui_sms.store.queries import sending as sending_queries


@dataclass(frozen=True)
class Outgoing:
    """One text for the gate: to a number typed by someone (its conversation is found, or
    opened when the text passes), or in a conversation (`thread`)."""

    body: str
    number: str = ""
    thread: Thread | None = None
    to_number: str | None = None  # an employee's thread is keyed "staff:<id>": the recipient
    author_id: int | None = None
    options: SendOptions = field(default_factory=SendOptions)
    confirmed_quiet_hours: bool = False
    answer: bool = False  # an automatic answer to the customer's own text: checks 1-3 only


@dataclass(frozen=True)
class Queued:
    message_id: int
    thread_id: int
    status: str  # queued, or scheduled when held out of quiet hours or for later


@dataclass
class _Target:
    """The conversation a message goes to: an existing thread, or one this batch opens."""

    number: str
    kind: str
    customer_id: int | None
    thread: Thread | None = None  # None: opened by this batch
    id: int | None = None
    reached: bool = False  # one of the shop's own texts went (or goes) to it
    preview: str = ""


@dataclass
class _Plan:
    rows: list[dict[str, Any]] = field(default_factory=list)  # messages, disclaimers first
    targets: list[_Target] = field(default_factory=list)  # each row's conversation
    accepted: list[tuple[int, int, _Target]] = field(default_factory=list)  # item, row, target


class Gate:
    """The gate for the messages of one transaction: `queue` a batch, or `queue_one`."""

    def __init__(self, session: Session, now: datetime | None = None) -> None:
        self.session = session
        self.shop = require_shop(session)
        self.now = now or utcnow()
        self._summary: billing.BalanceSummary | None = None  # as read, once per gate
        self._booked = 0  # segments this gate's texts take from it, kept apart: no copy per text
        self.numbers = KnownNumbers(session, self.shop)
        self._estimates: dict[str, SegmentEstimate] = {}
        self._disclaimers: dict[str | None, str] = {}
        self._sending_queues: dict[str, bool] = {}  # queue -> has a sender number, read once

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A savepoint around queuing and what the caller writes with it: when it rolls
        back, the segments booked inside it are given back to the batch."""
        # The summary too: read inside, it goes with the rollback, and so does the shop's lock.
        summary, booked = self._summary, self._booked
        try:
            with self.session.begin_nested():
                yield
        except BaseException:
            self._summary, self._booked = summary, booked
            raise

    def queue_one(self, item: Outgoing) -> Message:
        """Queue one message, or raise the refusal's UserError (nothing is then written)."""
        (result,) = self.queue([item])
        if isinstance(result, UserError):
            raise result
        message = self.session.get(Message, result.message_id)
        assert message is not None
        return message

    def queue(self, items: Sequence[Outgoing]) -> list[Queued | UserError]:
        """Queue each message the rules allow, in order; a refusal in its place otherwise."""
        self.numbers.recall(
            n
            for item in items
            for n in (item.number, item.to_number, item.thread and item.thread.number)
            if n
        )
        targets, new_languages = self._targets(items)
        checked = [
            self._recipient(item, target)
            for item, target in zip(items, targets, strict=True)
            if isinstance(target, _Target) and not item.answer
        ]
        facts = NumberFacts.load(
            self.session,
            checked,
            promotional=any(item.options.queue == Queue.PROMOTIONAL for item in items),
        )
        languages = self._languages(
            [t for t in targets if isinstance(t, _Target) and t.customer_id and not t.reached],
            new_languages,
        )
        plan = _Plan()
        results: list[Queued | UserError | None] = []
        for index, (item, target) in enumerate(zip(items, targets, strict=True)):
            try:
                if isinstance(target, UserError):
                    raise target
                self._plan(item, target, facts, languages, plan, index)
            except UserError as refusal:
                results.append(refusal)
            else:
                results.append(None)
        ids = self._write(plan)
        self.numbers.store_new()
        for index, row, target in plan.accepted:
            results[index] = Queued(ids[row], target.id or 0, plan.rows[row]["status"])
        done = [result for result in results if result is not None]
        assert len(done) == len(items)
        return done

    # --- reading ----------------------------------------------------------------------

    def zone_for(self, number: str) -> str:
        """The zone quiet hours are reckoned in for `number`: its own, else the shop's. From
        the gate's classification, so a number checked and timed in one batch costs one."""
        return self.numbers.zone_for(number)

    def _targets(
        self, items: Sequence[Outgoing]
    ) -> tuple[list[_Target | UserError], dict[str, str]]:
        """Each item's conversation (existing, or to open) or why its number is refused; and
        the language of the customer of each conversation to open."""
        numbers: list[str | UserError | None] = []
        for item in items:
            if item.thread is not None:
                if item.thread.id is None:  # opened by the caller, not written yet
                    self.session.add(item.thread)
                    self.session.flush()
                numbers.append(None)
                continue
            try:
                numbers.append(self.numbers.parse(item.number).e164)
            except UserError as refusal:
                numbers.append(refusal)
        wanted = [n for n in numbers if isinstance(n, str)]
        shop_id = self.shop.id or 0
        known = outbox_queries.threads_by_numbers(self.session, shop_id, wanted)
        customers = outbox_queries.customers_for_numbers(
            self.session, shop_id, [n for n in wanted if n not in known]
        )
        opened: dict[str, _Target] = {}
        by_id: dict[int, _Target] = {}
        targets: list[_Target | UserError] = []
        for item, number in zip(items, numbers, strict=True):
            if isinstance(number, UserError):
                targets.append(number)
                continue
            thread = item.thread if number is None else known.get(number)
            if thread is not None:
                target = by_id.setdefault(
                    thread.id or 0, _Target(thread.number, thread.kind, thread.customer_id, thread)
                )
                target.id = thread.id
            else:
                assert number is not None
                customer_id, _ = customers.get(number, (None, None))
                target = opened.setdefault(
                    number, _Target(number, ThreadKind.CUSTOMER, customer_id)
                )
            targets.append(target)
        reached = consent_queries.reached_threads(self.session, by_id)
        for thread_id, target in by_id.items():
            target.reached = thread_id in reached
        return targets, {
            number: language for number, (_, language) in customers.items() if number in opened
        }

    def _languages(self, targets: list[_Target], new_languages: dict[str, str]) -> dict[str, str]:
        """number → the language of the customer of each conversation owed a disclaimer."""
        existing = [t for t in targets if t.thread is not None]
        by_id = outbox_queries.customer_languages(
            self.session, [t.customer_id or 0 for t in existing]
        )
        languages = dict(new_languages)
        for target in existing:
            if target.customer_id in by_id:
                languages[target.number] = by_id[target.customer_id]
        return languages

    @staticmethod
    def _recipient(item: Outgoing, target: _Target) -> str:
        return item.to_number or target.number

    # --- the rules, one message at a time -----------------------------------------------

    def _plan(
        self,
        item: Outgoing,
        target: _Target,
        facts: NumberFacts,
        languages: dict[str, str],
        plan: _Plan,
        index: int,
    ) -> None:
        options, body = item.options, item.body
        if not body.strip():
            raise EmptyMessage("The message is empty: type something to send.")
        check_length(body)
        if options.queue not in (Queue.TRANSACTIONAL, Queue.PROMOTIONAL):
            raise ComplianceError(
                f"There is no '{options.queue}' queue: use transactional or promotional."
            )
        recipient = self._recipient(item, target)
        self.numbers.parse(recipient)
        scheduled_for = options.scheduled_for
        if not item.answer:
            self._check_senders(options.queue)
            facts.check(self.session, self.shop, recipient, consent_needed=needs_consent(target))
            facts.check_queue(options.queue, options.kind, recipient)
            due = max(self.now, scheduled_for) if scheduled_for is not None else self.now
            allowed = send_time(
                due,
                self.zone_for(recipient),
                QuietHours(self.shop.quiet_start, self.shop.quiet_end),
                automated=options.automated,
                confirmed=item.confirmed_quiet_hours,
                later=due > self.now,
            )
            if allowed != due:
                scheduled_for = allowed
        later = scheduled_for is not None and scheduled_for > self.now

        texts: list[tuple[str, str, int | None, str]] = []  # body, kind, author, to
        if not item.answer and needs_consent(target) and not target.reached:
            disclaimer = self._disclaimer(languages.get(target.number))
            texts.append((disclaimer, "disclaimer", None, target.number))
        texts.append((body, options.kind, item.author_id, recipient))
        found = [self._estimate(text) for text, _, _, _ in texts]
        self._book([f.segments for f in found])

        for (text, kind, author_id, to), counted in zip(texts, found, strict=True):
            plan.rows.append(
                {
                    "thread_id": 0,
                    "direction": Direction.OUTBOUND,
                    "body": text,
                    "status": "scheduled" if later else "queued",
                    "kind": kind,
                    "queue": options.queue,
                    "scheduled_for": scheduled_for,
                    "validity_seconds": options.validity_seconds,
                    "to_number": to,
                    "segments": counted.segments,
                    "encoding": counted.encoding,
                    "author_id": author_id,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
            plan.targets.append(target)
        plan.accepted.append((index, len(plan.rows) - 1, target))
        # A second text to this number in the batch finds the first: no second disclaimer.
        target.reached = target.reached or options.kind != "keyword_reply"
        target.preview = body

    def _check_senders(self, queue: str) -> None:
        """Refuse now, draft kept, a text its queue has no number to send from: queued, it
        failed a moment later with the sender's terse reason (a new shop's first reply)."""
        if queue not in self._sending_queues:
            found = sending_queries.active_sender_numbers(self.session, queue)
            self._sending_queues[queue] = bool(found)
        if not self._sending_queues[queue]:
            raise NoSenderNumber(no_sender_sentence(queue))

    def _disclaimer(self, customer_language: str | None) -> str:
        # The same few texts for a whole batch: worked out and checked once per language.
        text = self._disclaimers.get(customer_language)
        if text is None:
            language = language_for(customer_language, self.shop.province)
            shop_text = self.shop.disclaimer_fr if language == "fr" else self.shop.disclaimer_en
            text = disclaimer_text(language, self.shop.name, shop_text)
            check_length(text)
            self._disclaimers[customer_language] = text
        return text

    def _estimate(self, text: str) -> SegmentEstimate:
        found = self._estimates.get(text)
        if found is None:
            found = self._estimates[text] = estimate(text)
        return found

    def _book(self, segments: Iterable[int]) -> None:
        """Take each text's segments from the balance, or refuse them all with the sentence a
        single message gets. Read once per gate, the shop row locked until the commit."""
        if self._summary is None:
            people.lock_shop(self.session, self.shop.id or 0)
            self._summary = billing.balance(self.session, shop_id=self.shop.id)
        summary, booked = self._summary, self._booked
        for needed in segments:
            if not summary.covers(booked + needed):
                raise billing.shortfall(replace(summary, waiting=summary.waiting + booked), needed)
            booked += needed
        self._booked = booked

    # --- writing ------------------------------------------------------------------------

    def _write(self, plan: _Plan) -> list[int]:
        """Write what the plan accepted, one statement per table; the messages' ids."""
        if not plan.rows:
            return []
        self.session.flush()  # what the caller added, before rows that may refer to it
        opening: dict[int, _Target] = {}
        for target in plan.targets:
            if target.thread is None:
                opening.setdefault(id(target), target)
        new = list(opening.values())
        ids = outbox_queries.insert_threads(
            self.session,
            [
                {
                    "shop_id": self.shop.id or 0,
                    "number": target.number,
                    "customer_id": target.customer_id,
                    "last_activity_at": self.now,
                    "last_preview": target.preview,
                    "created_at": self.now,
                }
                for target in new
            ],
        )
        for target, thread_id in zip(new, ids, strict=True):
            target.id = thread_id
        for row, target in zip(plan.rows, plan.targets, strict=True):
            row["thread_id"] = target.id
        message_ids = outbox_queries.insert_messages(self.session, plan.rows)
        outbox_queries.insert_changes(
            self.session, [target.id or 0 for _, _, target in plan.accepted], "outbound"
        )
        for target in {id(t): t for t in plan.targets if t.thread is not None}.values():
            assert target.thread is not None
            target.thread.last_activity_at = self.now
            target.thread.last_preview = target.preview
            self.session.add(target.thread)
        self.session.flush()
        return message_ids
