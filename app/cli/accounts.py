"""``tresen account add email …``, ``account list``, ``account remove``: accounts from the CLI.

``add`` tests the connection before it saves anything, and explains a
failure in plain words (wrong password, certificate problem, host
unreachable), so a script never leaves a half-working account behind. The
password is read from stdin and goes to keyring only — never to the store,
its settings JSON, the command line (visible in ``ps``) or the output. The
checks, the test and the save live in ``services.accounts``, shared with the
window's "Add account" dialog. ``remove`` forgets the keyring entry *before*
the rows, so a failure (a locked keyring) leaves the account whole instead of
leaving its password behind with no account to remove it through.
"""

from __future__ import annotations

import argparse
import sys

from app.cli.context import Context, DataError, Registry, UsageError
from app.cli.output import iso, write_json, write_table
from app.settings import load_settings
from app.store import ops
from app.store.database import Store
from app.store.queries import AccountInfo, accounts

__all__ = ["register"]


def register(registry: Registry) -> None:
    group = registry.group("account", "add, list and remove channel accounts")
    add = group.group("add", "add an account (tests the connection first)")
    email = add.add("email", _add_email, "add an email account (IMAP + SMTP)")
    email.add_argument("--workspace", required=True, help="workspace id or name")
    email.add_argument("--name", required=True, help="the name customers see as sender")
    email.add_argument("--address", required=True, help="the email address")
    for proto, ports in (("imap", "993/143"), ("smtp", "465/587")):
        email.add_argument(f"--{proto}-host", required=True)
        email.add_argument(f"--{proto}-port", type=int,
                           help=f"default: the usual port for the security ({ports})")
        email.add_argument(f"--{proto}-security", choices=("ssl", "starttls", "none"),
                           default="ssl")
    email.add_argument("--username", help="login name (default: the address)")
    email.add_argument("--first-sync-days", type=int, default=90,
                       help="how far back the first sync reaches (0: everything)")
    email.add_argument("--password-stdin", action="store_true",
                       help="read the password from stdin (required)")
    group.add("list", _list, "list accounts", json_output=True)
    remove = group.add("remove", _remove,
                       "remove an account, everything synced from it and its password")
    remove.add_argument("account", metavar="ID", help="account id or identity (address)")
    remove.add_argument("--workspace", help="workspace id or name (when the identity is"
                                            " in several workspaces)")


def _add_email(args: argparse.Namespace, ctx: Context) -> int:
    from services.accounts import (
        AccountSetupError,
        EmailDraft,
        check_new,
        email_settings,
        probe_email,
        save_email_account,
    )
    from services.secrets import KeyringUnavailable, SecretStore

    if not args.password_stdin:
        raise UsageError("give the password on stdin with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError("no password on stdin")
    draft = EmailDraft(address=args.address, display_name=args.name, password=password,
                       imap_host=args.imap_host, imap_port=args.imap_port,
                       imap_security=args.imap_security, smtp_host=args.smtp_host,
                       smtp_port=args.smtp_port, smtp_security=args.smtp_security,
                       username=args.username or "", first_sync_days=args.first_sync_days)
    try:
        email_settings(draft)
    except AccountSetupError as exc:
        raise UsageError(str(exc)) from None
    store = ctx.store(create=True)
    workspace_id = ops.resolve_workspace(store, args.workspace)
    secrets = SecretStore()
    try:
        check_new(store, workspace_id, "email", draft.identity)
    except AccountSetupError as exc:
        raise DataError(f"{exc}; nothing was saved") from None
    try:
        probe_email(draft)
        secrets.check()
        account_id = save_email_account(store, secrets, workspace_id, draft)
    except AccountSetupError as exc:
        raise DataError(f"the connection test failed, nothing was saved: {exc}") from None
    except KeyringUnavailable as exc:
        raise DataError(f"{exc}; nothing was saved") from None
    ctx.out.write(f"added email account {account_id} ({draft.identity})\n")
    return 0


def _find(store: Store, ref: str, workspace: str | None) -> AccountInfo:
    """The one account ``ref`` (an id or an identity) names, else a one-line error."""
    workspace_id = ops.resolve_workspace(store, workspace) if workspace else None
    rows = accounts(store.reader(), workspace_id)
    if ref.strip().isdigit():
        found = [a for a in rows if a.id == int(ref)]
    else:
        found = [a for a in rows if a.identity.lower() == ref.strip().lower()]
    if not found:
        raise DataError(f"no account {ref!r}" + (f" in workspace {workspace!r}" if workspace
                                                  else "") + "; see 'tresen account list'")
    if len(found) > 1:
        ids = ", ".join(str(a.id) for a in found)
        raise DataError(f"{ref!r} names several accounts ({ids}); give the id or --workspace")
    return found[0]


def _remove(args: argparse.Namespace, ctx: Context) -> int:
    from services.secrets import KeyringUnavailable, SecretStore

    store = ctx.store()
    account = _find(store, args.account, args.workspace)
    secrets = SecretStore(session_only=load_settings(ctx.paths.settings).session_only_secrets)
    try:
        secrets.check()
    except KeyringUnavailable:
        pass  # no keyring at all: no password can have been kept in one
    else:
        try:
            secrets.delete(account.id)
        except KeyringUnavailable as exc:
            raise DataError(f"{exc} Account {account.id} was not removed.") from None
    ops.delete_account(store, account.id)
    ctx.out.write(f"removed account {account.id} ({account.identity})\n")
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rows = accounts(ctx.store().reader())
    if args.json:
        write_json(ctx.out, [{"id": a.id, "workspace_id": a.workspace_id, "kind": a.kind,
                              "name": a.display_name, "identity": a.identity,
                              "settings": a.settings, "last_sync_at": iso(a.last_sync_at),
                              "last_error": a.last_error} for a in rows])
        return 0
    write_table(ctx.out, ["ID", "KIND", "IDENTITY", "NAME"],
                [[str(a.id), a.kind, a.identity, a.display_name] for a in rows],
                empty="(no accounts)")
    return 0
