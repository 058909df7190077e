"""Points where a forked ``tresen sync`` child SIGKILLs itself while sending a reply.

Installed only in the child (see ``forkserver``), by wrapping the real code
at each step of a reply's way out, so the crash hits exactly between two
steps the exactly-once design has to survive.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Any

POINTS = ("before_connect", "before_smtp", "after_accept", "after_filing", "after_marking")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _before(call: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        _die()
        return call(*args, **kwargs)

    return wrapped


def _after(call: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = call(*args, **kwargs)
        _die()
        return result

    return wrapped


def install(point: str) -> None:
    from app.store import outbox
    from services.email import adapter

    if point == "before_connect":  # "sending" is written, no server contacted yet
        adapter.EmailChannel.send = _before(adapter.EmailChannel.send)  # type: ignore[method-assign]
    elif point == "before_smtp":  # our pending copy is in Sent, SMTP never saw it
        adapter.send_message = _before(adapter.send_message)
    elif point == "after_accept":  # SMTP accepted it; Sent holds only the pending copy
        adapter.send_message = _after(adapter.send_message)
    elif point == "after_filing":  # final copy in Sent; the outbox still says "sending"
        adapter.EmailChannel._after_send = _after(  # type: ignore[method-assign]
            adapter.EmailChannel._after_send)
    elif point == "after_marking":  # the outbox says "sent"
        outbox.mark_sent = _after(outbox.mark_sent)
    else:
        raise ValueError(f"no crash point {point!r}; known: {', '.join(POINTS)}")
