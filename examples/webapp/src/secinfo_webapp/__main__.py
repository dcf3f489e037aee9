"""``python -m secinfo_webapp``: serve the app on localhost.

``--demo`` seeds the repository's example tenant into a fresh database (a temporary one unless
``--db`` names a new file). ``--now`` starts the clock at a given time (it then runs at real
speed), e.g. the examples' ``2026-11-25T12:00:00Z``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from werkzeug.serving import make_server

from .app import create_app
from .clock import Clock, OffsetClock, system_clock
from .demo import DEMO_ADMIN, DEMO_PASSWORD, EXAMPLES, seed_demo
from .store import Store

__all__ = ["main"]


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset (add Z or +00:00)")
    return moment


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m secinfo_webapp", description=__doc__)
    parser.add_argument("--demo", action="store_true", help="seed the example tenant")
    parser.add_argument("--db", type=Path, help="the SQLite database file")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0 = any)")
    parser.add_argument("--now", type=_time, help="start the clock at this time (RFC 3339)")
    parser.add_argument("--admin-password", help="create or reset the administrator 'admin'")
    args = parser.parse_args(argv)

    clock: Clock = system_clock if args.now is None else OffsetClock(args.now)
    with tempfile.TemporaryDirectory(prefix="secinfo-webapp-") as scratch:
        database = args.db
        if database is None:
            database = (
                Path(scratch) / "demo.sqlite3" if args.demo else Path("secinfo-webapp.sqlite3")
            )
        if args.demo and not (EXAMPLES / "policy.json").is_file():
            parser.error(
                f"--demo needs the repository's examples at {EXAMPLES} "
                "(install this package from the repository with pip install -e)"
            )
        if args.demo and database.exists():
            parser.error(f"{database} exists; --demo seeds a new database (omit --db or remove it)")
        app = create_app(database, clock=clock)
        store: Store = app.config["STORE"]
        if args.demo:
            codes = seed_demo(store, now=clock())
            print(
                f"Demo tenant loaded. Users u1…u8, password {DEMO_PASSWORD!r}; "
                f"administrator {DEMO_ADMIN[0]!r}, password {DEMO_ADMIN[1]!r}."
            )
            for user_id, code in sorted(codes.items()):
                print(f"Temporary Access Pass of {user_id}: {code}")
        if args.admin_password:
            with store.write() as tx:
                tx.add_admin("admin", args.admin_password)
        server = make_server("127.0.0.1", args.port, app, threaded=True)
        print(f"Serving on http://127.0.0.1:{server.server_port}/ (Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
