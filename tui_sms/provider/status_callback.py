"""A provider whose outbound messages ask Twilio for status callbacks at our public URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

from tui_sms.provider.base import Provider, ProviderMessage


class WithStatusCallback:
    """Wraps a provider: every message created carries `StatusCallback={url}`, so its
    statuses arrive by webhook the moment they change (polling still follows them)."""

    def __init__(self, provider: Provider, url: str) -> None:
        self.provider = provider
        self.url = url

    async def create_message(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str | None = None,
        validity_period: int | None = None,
    ) -> ProviderMessage:
        return await self.provider.create_message(
            to=to,
            from_=from_,
            body=body,
            status_callback=status_callback or self.url,
            validity_period=validity_period,
        )

    async def fetch_message(self, sid: str) -> ProviderMessage:
        return await self.provider.fetch_message(sid)

    def list_messages(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent_after: datetime | None = None,
        page_size: int = 50,
    ) -> AsyncIterator[ProviderMessage]:
        return self.provider.list_messages(
            to=to, from_=from_, date_sent_after=date_sent_after, page_size=page_size
        )

    async def aclose(self) -> None:
        await self.provider.aclose()
