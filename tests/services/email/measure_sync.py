"""Measure a first sync of 5,000 messages from a local Dovecot (not a test).

Prints messages per second for ``EmailChannel`` + ``apply_batch`` into a real
store, next to a bare imaplib loop fetching the same messages on the same run
(the ratio is the figure), and the time of a no-change re-sync.

Beside them, the write floor: plain sqlite3 writing the very rows our sync
wrote (messages, search rows, the conversations and contacts they opened), one
transaction per batch, with the store writer's settings. Fetching and writing
are both physical floors; done one after the other they bound what any
single-process sync can reach.

    .venv/bin/python -m tests.services.email.measure_sync [COUNT [BATCH_SIZE]]
"""

from __future__ import annotations

import imaplib
import sys
import tempfile
import time
from pathlib import Path

from app.store import ops
from app.store.database import open_store, system_clock
from app.store.queries import accounts
from services.email.adapter import EmailChannel
from tests.bench.raw import OpenedRows, raw_connection
from tests.servers.dovecot import Dovecot
from tests.services.email.helpers import mail, sync


def bare_imaplib(server: Dovecot, username: str, password: str) -> int:
    client = imaplib.IMAP4(server.host, server.port)
    client.login(username, password)
    client.select("INBOX", readonly=True)
    _, data = client.uid("SEARCH", "ALL")
    uids = data[0].split()
    fetched = 0
    for start in range(0, len(uids), 200):
        chunk = b",".join(uids[start:start + 200]).decode()
        _, rows = client.uid("FETCH", chunk, "(UID FLAGS INTERNALDATE BODY.PEEK[])")
        fetched += sum(1 for r in rows if isinstance(r, tuple))
    client.logout()
    return fetched


def raw_write(store_path: Path, raw_path: Path, batch: int) -> float:
    """Seconds for plain sqlite3 to write the rows our sync stored, ``batch`` per commit."""
    conn = raw_connection(raw_path)
    opened = OpenedRows(conn, store_path)
    messages, insert = opened.stored_messages(conn)
    conn.execute("DETACH src")
    spent = 0.0
    for start in range(0, len(messages), batch):
        rows = messages[start:start + batch]
        fts = [(r[0], r[8], r[9], f"{r[5]} {r[6]}") for r in rows]
        spent += opened.write_batch(conn, [r[2] for r in rows], insert, rows, fts)
    conn.close()
    return spent


def measure(count: int, batch_size: int | None = None) -> dict[str, float]:
    """Figures of one run: bare and Tresen messages per second, no-change re-sync time."""
    server = Dovecot()
    server.start()
    try:
        user = server.add_user()
        started = time.perf_counter()
        server.append_many(user, "INBOX", [mail(n, body=f"Nachricht {n} " + "x" * 1500)
                                           for n in range(count)])

        started = time.perf_counter()
        fetched = bare_imaplib(server, user.username, user.password)
        bare = time.perf_counter() - started

        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "store.sqlite3", system_clock)
            ws = ops.create_workspace(store, "Messung")
            acc = ops.create_account(store, ws, "email", "Messung", "hallo@baeckerei.example", {
                "imap_host": server.host, "imap_port": server.port, "imap_security": "none",
                "smtp_host": "127.0.0.1", "smtp_port": 25, "smtp_security": "none",
                "username": user.username, "first_sync_days": 0,
                **({"batch_size": batch_size} if batch_size else {})})
            info = next(a for a in accounts(store.reader()) if a.id == acc)
            channel = EmailChannel(info, user.password, store.reader)
            started = time.perf_counter()
            result, rounds = sync(channel, store, acc)
            first = time.perf_counter() - started
            started = time.perf_counter()
            again, _ = sync(channel, store, acc)
            resync = time.perf_counter() - started
            channel.close()
            store.close()
            write = raw_write(Path(tmp) / "store.sqlite3", Path(tmp) / "raw.sqlite3",
                              -(-count // rounds))
        assert fetched == count and result.inserted == count and again.inserted == 0
        return {"count": count, "bare_per_s": count / bare, "ours_per_s": count / first,
                "batches": rounds, "resync_ms": resync * 1000,
                "floor_per_s": count / (bare + write)}
    finally:
        server.stop()


def main(count: int, batch_size: int | None = None) -> None:
    got = measure(count, batch_size)
    print(f"bare imaplib fetch:     {got['bare_per_s']:8.0f} msg/s")
    print(f"Tresen first sync:      {got['ours_per_s']:8.0f} msg/s ({got['batches']:.0f} batches)")
    print(f"ratio (Tresen / bare):  {got['ours_per_s'] / got['bare_per_s']:8.2f}")
    print(f"no-change re-sync:      {got['resync_ms']:8.1f} ms")
    print(f"fetch + raw write floor: {got['floor_per_s']:7.0f} msg/s"
          f" = {got['floor_per_s'] / got['bare_per_s']:.2f}× bare")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000,
         int(sys.argv[2]) if len(sys.argv) > 2 else None)
