"""The Tresen window (PySide6 only).

Reads go through ``app.store.queries``; every write is a small op from
``app.store.ops`` run by ``ui.taskman`` on one database-writer thread. The
composition root (``app.cli``) calls ``ui.launch.run``.
"""
