"""A decree's own document, as the bailiff system serves it (`decree.issued.document_url`):
fetched for the prosecutor's review from a trusted host only, and shown only when its SHA-256
is the `document_sha256` the same event gave (docs/contract.md §1, docs/decisions.md).

The fetch is the service's, not the browser's: the prosecutor's browser never talks to a
bailiff system, and what the prosecutor reads is what the digest, which their signature
covers, says it is.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from shared.errors import Conflict, NotFound, Unavailable

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# At most this many fetches at once, each within the deadline: a slow store cannot hold the
# service's workers, nor its memory (20 MiB each).
FETCHES = threading.BoundedSemaphore(4)
# What a page may show inline from this service's origin; anything else is a download.
SHOWN_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "text/plain"})


@dataclass(frozen=True, slots=True)
class DecreeDocument:
    content: bytes
    media_type: str


def fetch_decree_document(decree_id: str, url: str | None, sha256: str | None,
                          hosts: list[str], timeout: float = 10.0) -> DecreeDocument:
    """The decree's document, verified against its digest; a refusal says which step failed."""
    if not url:
        raise NotFound("decree_document_not_found",
                       "the bailiff system gave no document for this decree", id=decree_id[:200])
    try:
        host = urlsplit(url).netloc.lower()
    except ValueError:  # the contract's pattern lets through what urlsplit cannot read
        host = ""
    if host not in {h.lower() for h in hosts}:
        raise Conflict("document_host_untrusted",
                       "the decree's document is on a host not among QADAGALAU_DOCUMENT_HOSTS",
                       host=host[:200])
    if not sha256:
        raise Conflict("document_unverifiable",
                       "the bailiff system gave no document_sha256: the document cannot be "
                       "verified, and is not shown")
    if not FETCHES.acquire(blocking=False):
        raise Unavailable("document_unreachable", "too many documents are being fetched now")
    try:
        return _fetched(url, sha256, host, timeout)
    finally:
        FETCHES.release()


def _fetched(url: str, sha256: str, host: str, timeout: float) -> DecreeDocument:
    deadline = time.monotonic() + 3 * timeout  # the whole fetch, not each read
    try:
        # No redirects: a redirect could lead off the trusted host.
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=False) as answer:
            if answer.status_code != 200:
                raise Unavailable("document_unreachable",
                                  f"the document store answered {answer.status_code}",
                                  status=answer.status_code)
            body = bytearray()
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise Unavailable("document_unreachable",
                                      "the document is larger than 20 MiB")
                if time.monotonic() > deadline:
                    raise Unavailable("document_unreachable",
                                      "the document store sends too slowly")
            media_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    except httpx.HTTPError as exc:
        raise Unavailable("document_unreachable",
                          f"the document store could not be reached ({type(exc).__name__})",
                          ) from None
    if hashlib.sha256(body).hexdigest() != sha256:
        # Worth an operator's look: the store serves something else than the decree described.
        log.warning("decree document digest mismatch (host %s)", host)
        raise Conflict("document_digest_mismatch",
                       "the document served is not the one the decree's digest names")
    return DecreeDocument(bytes(body),
                          media_type if media_type in SHOWN_TYPES else "application/octet-stream")
