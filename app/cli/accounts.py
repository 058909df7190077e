"""``tresen account add email|mastodon|feed …``, ``list``, ``remove``, ``profile-notice``.

``add`` tests the connection before it saves anything, and explains a
failure in plain words (wrong password, a refused token, host unreachable,
not a feed), so a script never leaves a half-working account behind. A
password or token is read from stdin and goes to keyring only — never to the
store, its settings JSON, the command line (visible in ``ps``) or the output.
The checks, the test and the save live in ``services.accounts``, shared with
the window's "Add account" dialog. ``profile-notice`` switches the Mastodon
profile field that shows the workspace's hours (``ProfileNoticeKeeper``
keeps it current on every sync). ``remove`` forgets the keyring entry *before*
the rows, so a failure (a locked keyring) leaves the account whole instead of
leaving its password behind with no account to remove it through.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from app.cli.context import Context, DataError, Registry, UsageError
from app.cli.output import iso, write_json, write_table
from app.settings import load_settings
from app.store.database import Store  # ops (SQLAlchemy, ~0.5 s) is imported by the handlers
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
    _register_social(add)
    group.add("list", _list, "list accounts", json_output=True)
    remove = group.add("remove", _remove,
                       "remove an account, everything synced from it and its password")
    remove.add_argument("account", metavar="ID", help="account id or identity (address)")
    remove.add_argument("--workspace", help="workspace id or name (when the identity is"
                                            " in several workspaces)")
    notice = group.add("profile-notice", _profile_notice,
                       "keep the Mastodon profile field 'Availability' up to date from the"
                       " workspace's schedule (off removes the field)")
    notice.add_argument("account", metavar="ID", help="account id or identity (@name@server)")
    notice.add_argument("state", choices=("on", "off"))
    notice.add_argument("--workspace", help="workspace id or name (when the identity is"
                                            " in several workspaces)")


def _register_social(add: Registry) -> None:
    mastodon = add.add("mastodon", _add_mastodon,
                       "add a Mastodon account with an access token (checks it first)")
    mastodon.add_argument("--workspace", required=True, help="workspace id or name")
    mastodon.add_argument("--instance", required=True, metavar="URL",
                          help="the server, e.g. mastodon.social")
    mastodon.add_argument("--token-stdin", action="store_true",
                          help="read the access token from stdin (required)")
    mastodon.add_argument("--name", help="display name in Tresen (default: the profile's)")
    feed = add.add("feed", _add_feed, "listen to an RSS, Atom or JSON feed (reads it first)")
    feed.add_argument("--workspace", required=True, help="workspace id or name")
    feed.add_argument("--url", required=True, help="the feed's address (http:// or https://)")
    feed.add_argument("--keyword", action="append", default=[], metavar="K",
                      help="keep only entries that mention K (repeatable; default: all)")
    feed.add_argument("--interval", type=int, metavar="MINUTES",
                      help="minutes between polls (default: 15)")
    feed.add_argument("--name", help="display name (default: the feed's host)")


def _add_email(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops
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


def _add_mastodon(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops
    from services.accounts import (
        AccountSetupError,
        check_new,
        save_account,
        verify_mastodon_token,
    )
    from services.mastodon.settings import SettingsError, normalize_instance
    from services.secrets import KeyringUnavailable, SecretStore

    if not args.token_stdin:
        raise UsageError("give the access token on stdin with --token-stdin")
    try:
        normalize_instance(args.instance)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    token = sys.stdin.readline().strip()
    if not token:
        raise UsageError("no access token on stdin")
    store = ctx.store(create=True)
    workspace_id = ops.resolve_workspace(store, args.workspace)
    secrets = SecretStore()
    try:
        secrets.check()  # before the server is asked: nothing to save the token into
        found = verify_mastodon_token(args.instance, token)
        check_new(store, workspace_id, "mastodon", found.handle)
        name = (args.name or "").strip() or found.display_name or found.handle
        account_id = save_account(store, secrets, workspace_id, "mastodon", name,
                                  found.handle, found.settings, found.token)
    except (AccountSetupError, KeyringUnavailable) as exc:
        raise DataError(f"{exc}; nothing was saved") from None
    ctx.out.write(f"added Mastodon account {account_id} ({found.handle})\n")
    return 0


def _add_feed(args: argparse.Namespace, ctx: Context) -> int:
    from app.store import ops
    from services.accounts import AccountSetupError, check_new, probe_feed, save_feed_account
    from services.channel import ChannelError
    from services.feeds.settings import FeedSettings, FeedSettingsError

    raw: dict[str, object] = {"url": args.url.strip(), "keywords": args.keyword}
    if args.interval is not None:
        raw["interval_minutes"] = args.interval
    try:
        settings = FeedSettings.from_json(raw).to_json()
    except FeedSettingsError as exc:
        message = str(exc)
        for key, flag in (("interval_minutes", "--interval"), ("url", "--url")):
            if message.startswith(key):
                message = flag + message.removeprefix(key)
        raise UsageError(message) from None
    store = ctx.store(create=True)
    workspace_id = ops.resolve_workspace(store, args.workspace)
    try:
        check_new(store, workspace_id, "feed", settings["url"])
    except AccountSetupError as exc:
        raise DataError(f"{exc}; nothing was saved") from None
    try:
        entries = probe_feed(settings)
    except ChannelError as exc:
        raise DataError(f"could not read a feed at {settings['url']}: {exc}; nothing was"
                        " saved") from None
    name = (args.name or "").strip() or urlsplit(settings["url"]).hostname or settings["url"]
    account_id = save_feed_account(store, workspace_id, name, settings)
    ctx.out.write(f"added feed account {account_id} ({settings['url']}, {entries}"
                  f" {'entry' if entries == 1 else 'entries'} now)\n")
    return 0


def _profile_notice(args: argparse.Namespace, ctx: Context) -> int:
    from services.channel import ChannelError
    from services.mastodon.profile import FIELD_NAMES
    from services.mastodon.profile_keeper import ProfileNoticeError, ProfileNoticeKeeper
    from services.secrets import SecretStore

    store = ctx.store()
    account = _find(store, args.account, args.workspace)
    secrets = SecretStore(session_only=load_settings(ctx.paths.settings).session_only_secrets)
    keeper = ProfileNoticeKeeper(store, secrets, ctx.clock)
    try:
        if args.state == "off":
            keeper.disable(account)
            ctx.out.write(f"profile notice off for account {account.id}; the field was"
                          " removed\n")
            return 0
        text, language = keeper.enable(account)
    except ProfileNoticeError as exc:
        raise DataError(str(exc)) from None
    except ChannelError as exc:
        state = "it was not switched off" if args.state == "off" else "nothing was switched on"
        raise DataError(f"{exc}; {state}") from None
    ctx.out.write(f"profile notice on for account {account.id}: {FIELD_NAMES[language]}:"
                  f" {text}\n")
    return 0


def _find(store: Store, ref: str, workspace: str | None) -> AccountInfo:
    """The one account ``ref`` (an id or an identity) names, else a one-line error."""
    from app.store import ops

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
    from app.store import ops
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
