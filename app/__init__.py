"""Tresen core: the local store, its queries and user actions, the CLI.

Nothing in this package imports Qt widgets; the GUI lives in ``ui`` and the
outside world (channels, keyring, HTTP) in ``services``.
"""

__app_name__ = "Tresen"
__version__ = "0.1.0"

__all__ = ["__app_name__", "__version__"]
