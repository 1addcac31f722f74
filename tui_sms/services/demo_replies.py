"""Simulate a customer reply (demo only): the open thread's customer texts the shop through
the in-process sandbox's inbound endpoint, exactly as a real text arrives, so the poller
(or the webhook) brings it in, with its keywords, forwards and after-hours answer."""

from __future__ import annotations

import random

import httpx
from sqlalchemy.engine import Engine

from tui_sms.domain.compliance import language_for
from tui_sms.domain.errors import ConfigError, NotFound, UserError
from tui_sms.services.runtime import SandboxDoor
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Customer, Queue, Thread, ThreadKind
from tui_sms.store.queries import people, sending

REPLIES = {
    "fr": ("Merci beaucoup!", "D'accord, à demain.", "Est-ce que je peux passer à 16 h?", "C"),
    "en": ("Thanks!", "Sounds good, see you then.", "Can I come by at 4 PM?", "C"),
}


async def simulate_customer_reply(
    door: SandboxDoor | None, engine: Engine, thread_id: int, body: str = ""
) -> str:
    """Have the thread's customer text the shop; returns the text sent (`body`, or a
    typical answer in the customer's language)."""
    if door is None:
        raise ConfigError(
            "Simulating a customer works only in the demo, with the sandbox in this process."
        )
    with session_scope(engine) as session:
        thread = session.get(Thread, thread_id)
        if thread is None:
            raise NotFound(f"There is no conversation number {thread_id}.")
        if thread.kind != ThreadKind.CUSTOMER:
            raise UserError("Only a customer's conversation can have a simulated reply.")
        customer = session.get(Customer, thread.customer_id) if thread.customer_id else None
        shop = people.get_shop(session)
        language = language_for(
            customer.language if customer else None, shop.province if shop else None
        )
        ours = thread.sender_number
        if ours is None:
            pool = sending.active_sender_numbers(session, Queue.TRANSACTIONAL)
            ours = pool[0].number if pool else None
        number = thread.number
    if ours is None:
        raise ConfigError("The shop has no sender number for the customer to write to.")
    text = body.strip() or random.choice(REPLIES[language])
    async with httpx.AsyncClient(base_url=door.base_url, headers=door.control_headers) as client:
        try:
            answer = await client.post(
                "/sandbox/inbound", data={"From": number, "To": ours, "Body": text}
            )
        except httpx.HTTPError as exc:
            raise ConfigError(f"The sandbox did not answer ({type(exc).__name__}).") from exc
    if answer.status_code != 201:
        raise UserError(f"The sandbox refused the simulated text (HTTP {answer.status_code}).")
    return text
