"""``python -m secinfo``: the command line (docs/cli.md)."""

from .cli import main

raise SystemExit(main())
