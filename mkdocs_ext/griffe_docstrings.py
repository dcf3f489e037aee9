"""Griffe extension for the docs build: render secinfo's docstrings as the site's Markdown.

Once the whole package is loaded, every docstring's reST roles become cross-references to the
API pages (or plain code when the target is not documented there) and bare ``>>>`` runs become
``pycon`` blocks; see ``docstring_markup.py``, which holds the rewriting and is tested without
the docs extra.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import griffe


def _load_markup() -> Any:
    name = "secinfo_docstring_markup"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("docstring_markup.py")
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_markup = _load_markup()


def _public(path: str) -> bool:
    return not any(part.startswith("_") for part in path.split("."))


def _lookup(root: griffe.Module, path: str) -> griffe.Object | griffe.Alias | None:
    parts = path.split(".")
    if parts[0] != root.name:
        return None
    node: Any = root
    for part in parts[1:]:
        try:
            node = node.members[part]
        except (KeyError, AttributeError, griffe.AliasResolutionError):
            return None
    return node  # type: ignore[no-any-return]


def _canonical(obj: griffe.Object | griffe.Alias) -> str | None:
    """The path of the rendered object for *obj*: its alias target, and for an attribute the
    site does not render (no docstring: an enum member, an attrs field) its owner."""
    try:
        target: Any = obj.final_target if isinstance(obj, griffe.Alias) else obj
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    while target.is_attribute and target.docstring is None and target.parent is not None:
        target = target.parent
    return target.path  # type: ignore[no-any-return]


class DocstringMarkup(griffe.Extension):
    """Rewrite roles into cross-references and fence doctest runs, in every docstring."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Called once the package is loaded: every object can be resolved."""
        self._walk(pkg, pkg, set())

    def _walk(self, root: griffe.Module, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            obj.docstring.value = _markup.render(
                obj.docstring.value, lambda target: self._resolve(root, obj, target)
            )
        for member in obj.members.values():
            if not isinstance(member, griffe.Alias):
                self._walk(root, member, seen)

    def _resolve(self, root: griffe.Module, scope: griffe.Object, target: str) -> str | None:
        """The canonical identifier of *target* as seen from *scope*, when the site renders it
        (a public secinfo object); ``None`` for anything else (the standard library, private
        helpers)."""
        head, _, rest = target.partition(".")
        candidates = [target]
        try:
            resolved = scope.resolve(head)
        except (griffe.NameResolutionError, KeyError, ValueError):
            resolved = None
        if resolved is not None:
            candidates.insert(0, f"{resolved}.{rest}" if rest else resolved)
        for candidate in candidates:
            found = _lookup(root, candidate)
            if found is None:
                continue
            path = _canonical(found)
            if path is not None and _public(path):
                return path
            if _public(candidate):
                return candidate
        return None
