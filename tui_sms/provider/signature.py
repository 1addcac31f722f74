"""X-Twilio-Signature: how Twilio signs the webhooks it sends us, and how we check them.

The signed string is the full URL Twilio requested followed by every POST parameter as
name+value, sorted, with no separators or escaping; the signature is the base64 of its
HMAC-SHA1 under the auth token. JSON webhooks are signed with no parameters instead, and
the URL carries `bodySHA256`, the hex SHA-256 of the raw body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

# A mapping (values may be lists for repeated names), a starlette/multidict object with
# `multi_items()`, or (name, value) pairs.
Params = Mapping[str, Any] | Iterable[tuple[str, str]]


def compute_signature(auth_token: str, url: str, params: Params | None = None) -> str:
    text = url + "".join(name + value for name, value in _sorted_pairs(params))
    digest = hmac.new(auth_token.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def body_hash(body: str | bytes) -> str:
    raw = body.encode() if isinstance(body, str) else body
    return hashlib.sha256(raw).hexdigest()


def validate_signature(
    auth_token: str, url: str, params: Params | str | bytes | None, signature: str
) -> bool:
    """Whether `signature` is Twilio's for this request.

    `params` is the form body as parameters, or the raw body (str or bytes) of a JSON
    webhook, whose URL must then carry a matching `bodySHA256`.
    """
    if isinstance(params, str | bytes):
        hashes = parse_qs(urlsplit(url).query).get("bodySHA256", [])
        if not hashes or not hmac.compare_digest(hashes[0].encode(), body_hash(params).encode()):
            return False
        params = None
    try:
        variants = {_without_port(url), _with_default_port(url)}
    except ValueError:
        return False
    given = signature.encode("utf-8", "replace")
    # Proxies and load balancers add or drop the default port, so Twilio's library accepts
    # the URL either way.
    return any(
        hmac.compare_digest(compute_signature(auth_token, variant, params).encode(), given)
        for variant in variants
    )


def _sorted_pairs(params: Params | None) -> list[tuple[str, str]]:
    if not params:
        return []
    if hasattr(params, "multi_items"):
        pairs: Iterable[tuple[str, Any]] = params.multi_items()
    elif isinstance(params, Mapping):
        pairs = (
            (name, value)
            for name, values in params.items()
            for value in (values if _is_many(values) else [values])
        )
    else:
        pairs = params
    grouped: dict[str, set[str]] = {}
    for name, value in pairs:
        grouped.setdefault(str(name), set()).add(str(value))
    return [(name, value) for name in sorted(grouped) for value in sorted(grouped[name])]


def _is_many(value: Any) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, str | bytes)


def _without_port(url: str) -> str:
    parts = urlsplit(url)
    if parts.port is None:
        return url
    netloc = parts.netloc.rsplit(":", 1)[0]
    return urlunsplit(parts._replace(netloc=netloc))


def _with_default_port(url: str) -> str:
    parts = urlsplit(url)
    if parts.port is not None:
        return url
    port = 443 if parts.scheme == "https" else 80
    return urlunsplit(parts._replace(netloc=f"{parts.netloc}:{port}"))
