"""The trust store for https: the system's, or the CA bundle the user chose (on-premise portals).

A bundle is checked when it is set (Settings, ``b24chat config``) and again when a client uses
it, so a file that went bad later is a clear TLS error, never an ``ssl.SSLError`` traceback.
"""

from __future__ import annotations

import logging
import ssl

from .errors import NetworkError
from .wording import Phrase, phrase

log = logging.getLogger(__name__)

BAD_CA_BUNDLE = phrase(
    "The CA bundle {path} could not be used ({reason}): choose a PEM file of certificates in "
    "Settings, or leave it empty to use the system's"
)
NO_CERTIFICATES = phrase("it holds no certificates")


def ca_bundle_problem(path: str) -> str | None:
    """Why the PEM file at ``path`` cannot be a trust store; None when it can."""
    try:
        context = ssl.create_default_context(cafile=path)
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
        return Phrase(BAD_CA_BUNDLE, path=path, reason=str(reason))
    if not context.get_ca_certs():
        return Phrase(BAD_CA_BUNDLE, path=path, reason=Phrase(NO_CERTIFICATES))
    return None


def ssl_context(ca_bundle: str) -> ssl.SSLContext | bool:
    """The trust store for https; raises NetworkError (code TLS) when the bundle is unusable."""
    if ca_bundle:
        problem = ca_bundle_problem(ca_bundle)
        if problem:
            raise NetworkError(problem, code="TLS")
        return ssl.create_default_context(cafile=ca_bundle)
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # no system store reachable: httpx's bundled certificates instead
        log.warning("system trust store unavailable; using bundled certificates")
        return True
