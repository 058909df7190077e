"""Hand one message to an SMTP server, mapping its answers onto channel errors.

4xx means "try later" (``TemporaryError``), 5xx "this will not work"
(``PermanentError``), a refused login ``AuthError``. A message is either
accepted as a whole or not at all: we stop at the first refusal.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from services.channel import AuthError, PermanentError, TemporaryError
from services.email.imap import explain_network_error
from services.email.settings import Endpoint

__all__ = ["check_login", "send_message"]


def _by_code(code: int, text: str) -> Exception:
    if 400 <= code < 500:
        return TemporaryError(f"the mail server asked to try later ({code} {text})")
    return PermanentError(f"the mail server refused the message ({code} {text})")


def _reply_text(resp: bytes | str) -> str:
    return resp.decode(errors="replace") if isinstance(resp, bytes) else str(resp)


def send_message(endpoint: Endpoint, username: str, password: str, msg: EmailMessage, *,
                 timeout: float, ssl_context: ssl.SSLContext | None = None) -> None:
    _session(endpoint, username, password, msg, timeout=timeout, ssl_context=ssl_context)


def check_login(endpoint: Endpoint, username: str, password: str, *, timeout: float,
                ssl_context: ssl.SSLContext | None = None) -> None:
    """Connect and log in without sending: the "test connection" of account setup."""
    _session(endpoint, username, password, None, timeout=timeout, ssl_context=ssl_context)


def _session(endpoint: Endpoint, username: str, password: str, msg: EmailMessage | None, *,
             timeout: float, ssl_context: ssl.SSLContext | None) -> None:
    # Loading the system's CA store costs ~70 ms: only for connections that use TLS.
    context = ssl_context or (ssl.create_default_context() if endpoint.security != "none"
                              else None)
    try:
        smtp: smtplib.SMTP
        if endpoint.security == "ssl":
            smtp = smtplib.SMTP_SSL(endpoint.host, endpoint.port, timeout=timeout,
                                    context=context)
        else:
            smtp = smtplib.SMTP(endpoint.host, endpoint.port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if endpoint.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if username and password and smtp.has_extn("auth"):
                smtp.login(username, password)
            if msg is not None:
                smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        raise AuthError("the mail server refused the user name or password for sending") \
            from None
    except smtplib.SMTPRecipientsRefused as exc:
        code, resp = next(iter(exc.recipients.values()))
        raise _by_code(code, _reply_text(resp)) from None
    except smtplib.SMTPResponseException as exc:
        raise _by_code(exc.smtp_code, _reply_text(exc.smtp_error)) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentError(f"the mail server does not support this ({exc})") from None
    except smtplib.SMTPServerDisconnected as exc:
        raise TemporaryError(f"the mail server closed the connection ({exc})") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise explain_network_error(exc, endpoint) from None
