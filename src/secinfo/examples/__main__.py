"""``python -m secinfo.examples [DIRECTORY]``: copy the example tenant (see the package)."""

from . import main

raise SystemExit(main())
