"""``python -m app``: the same as the ``tresen`` command."""

from app.cli import main

raise SystemExit(main())
