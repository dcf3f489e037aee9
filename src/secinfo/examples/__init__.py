"""The example tenant, shipped inside the package: the policy, its users and a session that the
README and the docs use (``examples/`` in a source checkout holds the same files).

From a ``pip install`` without a checkout, ``python -m secinfo.examples`` copies them into
``./examples/``, after which the README's command runs as written::

    python -m secinfo.examples && secinfo report --policy examples/policy.json \\
        examples/users.jsonl --now 2026-11-25T12:00:00Z

>>> from secinfo.documents import load_policy, load_user
>>> policy = load_policy(files() / "policy.json")
>>> load_user(files() / "users" / "u1.json").user_id
'u1'
>>> sorted(NAMES)[:3]
['policy.json', 'session.json', 'users.jsonl']
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["NAMES", "copy_to", "files", "main"]

NAMES: tuple[str, ...] = (
    "policy.json",
    "session.json",
    "users.jsonl",
    "users/u1.json",
    "users/u2.json",
    "users/u3.json",
)
"""The example files, relative to :func:`files`."""


def files() -> Traversable:
    """The folder of the example files inside the installed package (a path on disk for a
    normal install; use :func:`importlib.resources.as_file` to be sure)."""
    return resources.files(__name__)


def copy_to(directory: str | Path) -> list[Path]:
    """Copy the example files into *directory* (created if needed), keeping ``users/``; refuse,
    before writing anything, when one of them exists already. Returns the written paths."""
    root = Path(directory)
    targets = [root.joinpath(*name.split("/")) for name in NAMES]
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        raise FileExistsError(f"not overwriting {', '.join(existing)}")
    source = files()
    for name, target in zip(NAMES, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.joinpath(*name.split("/")).read_bytes())
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m secinfo.examples [DIRECTORY]``: copy the example tenant into DIRECTORY
    (default ``examples``). Exit status 0, or 1 when a file is in the way."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or any(arg.startswith("-") for arg in args):
        print("usage: python -m secinfo.examples [DIRECTORY]", file=sys.stderr)
        return 2
    directory = Path(args[0] if args else "examples")
    try:
        written = copy_to(directory)
    except FileExistsError as error:
        print(f"secinfo.examples: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} example files to {directory}/", file=sys.stderr)
    return 0
