"""secinfo.schema: the JSON Schemas are valid 2020-12 schemas, the shipped files equal the
generated ones, every example and docs sample validates, and what the schemas accept is what
the loaders accept (but for the cross-field rules docs/documents.md lists).

Set ``SECINFO_REGENERATE_SCHEMAS=1`` to rewrite ``src/secinfo/schemas/`` from the specs.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from secinfo import InvalidDocument, evaluate
from secinfo.documents import (
    dump_policy,
    dump_session,
    dump_user,
    load_policy,
    load_session,
    load_user,
)
from secinfo.schema import (
    SCHEMAS,
    evaluation_schema,
    policy_schema,
    session_schema,
    user_schema,
)
from secinfo.testing import REFERENCE_NOW, policies, sessions, users

from .property.test_documents_roundtrip import mutated
from .test_docs_examples import ALL_BLOCKS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHIPPED = ROOT / "src" / "secinfo" / "schemas"

VALIDATORS = {name: jsonschema.Draft202012Validator(make()) for name, make in SCHEMAS.items()}
BY_SCHEMA = {
    "secinfo/policy/1": "policy",
    "secinfo/user/1": "user",
    "secinfo/session/1": "session",
}


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _errors(name: str, document: object) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in VALIDATORS[name].iter_errors(document)
    ]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_file_is_the_generated_schema(name: str) -> None:
    generated = _text(SCHEMAS[name]())
    path = SHIPPED / f"{name}.schema.json"
    if os.environ.get("SECINFO_REGENERATE_SCHEMAS"):
        path.write_text(generated, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == generated, (
        f"{path.name} is stale: run SECINFO_REGENERATE_SCHEMAS=1 pytest tests/test_schema.py"
    )
    shipped = resources.files("secinfo") / "schemas" / f"{name}.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == SCHEMAS[name]()


def test_the_package_ships_exactly_the_generated_schemas() -> None:
    assert sorted(p.name for p in SHIPPED.glob("*.json")) == sorted(
        f"{name}.schema.json" for name in SCHEMAS
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_a_valid_2020_12_schema(name: str) -> None:
    schema = SCHEMAS[name]()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def _closed(node: object) -> list[str]:
    """Paths of object schemas that leave additional properties open."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "object" and node.get("additionalProperties") is not False:
            found.append(str(sorted(node.get("properties", {}))))
        for value in node.values():
            found += _closed(value)
    elif isinstance(node, list):
        for value in node:
            found += _closed(value)
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_object_is_closed(name: str) -> None:
    assert _closed(SCHEMAS[name]()) == []


# --------------------------------------------------------------------------------------------
# Examples and docs samples
# --------------------------------------------------------------------------------------------


def _example_documents() -> list[tuple[str, str, object]]:
    found: list[tuple[str, str, object]] = []
    for path in sorted(EXAMPLES.glob("*.json")) + sorted((EXAMPLES / "users").glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        name = BY_SCHEMA.get(document.get("schema"), "session")  # a session's schema is optional
        found.append((str(path.relative_to(ROOT)), name, document))
    for number, line in enumerate((EXAMPLES / "users.jsonl").read_text().splitlines(), 1):
        if line.strip():
            found.append((f"examples/users.jsonl:{number}", "user", json.loads(line)))
    return found


EXAMPLE_DOCUMENTS = _example_documents()


def test_examples_cover_every_document_kind() -> None:
    assert {name for _, name, _ in EXAMPLE_DOCUMENTS} == {"policy", "user", "session"}
    assert len(EXAMPLE_DOCUMENTS) > 10


@pytest.mark.parametrize(("where", "name", "document"), EXAMPLE_DOCUMENTS, ids=lambda x: "")
def test_example_validates(where: str, name: str, document: object) -> None:
    assert _errors(name, document) == [], where


def test_example_evaluations_validate() -> None:
    fixture = json.loads((ROOT / "tests" / "fixtures" / "evaluation_example.json").read_text())
    fixtures = fixture if isinstance(fixture, list) else [fixture]
    assert fixtures
    for document in fixtures:
        assert _errors("evaluation", document) == []
    policy = load_policy(json.loads((EXAMPLES / "policy.json").read_text()))
    for _, name, document in EXAMPLE_DOCUMENTS:
        if name == "user":
            result = evaluate(policy, load_user(document), now=REFERENCE_NOW).to_dict()
            assert _errors("evaluation", json.loads(json.dumps(result))) == []


def _docs_samples() -> list[tuple[str, str, object]]:
    """The docs' JSON samples of documents (by ``schema``) and evaluations (``usable``); the
    prompt fragments of requirements.md abbreviate reasons, so only their enums are checked."""
    found: list[tuple[str, str, object]] = []
    for block in ALL_BLOCKS:
        if block.language != "json":
            continue
        sample = json.loads(block.body)
        where = f"{block.page}:{block.line}"
        if not isinstance(sample, dict) or "…" in sample:
            continue
        if sample.get("schema") in BY_SCHEMA:
            found.append((where, BY_SCHEMA[sample["schema"]], sample))
        elif "usable" in sample:
            found.append((where, "evaluation", sample))
        elif "mode" in sample:
            found.append((where, "prompt", sample))
    return found


DOCS_SAMPLES = _docs_samples()


def test_docs_samples_cover_documents_and_results() -> None:
    assert {name for _, name, _ in DOCS_SAMPLES} >= {
        "policy",
        "user",
        "session",
        "evaluation",
        "prompt",
    }


@pytest.mark.parametrize(
    ("where", "name", "sample"), DOCS_SAMPLES, ids=[w for w, _, _ in DOCS_SAMPLES]
)
def test_docs_sample_validates(where: str, name: str, sample: object) -> None:
    if name == "prompt":
        schema = evaluation_schema()
        prompt = {**schema["$defs"]["RegistrationPrompt"], "$defs": schema["$defs"]}
        errors = [
            e.message
            for e in jsonschema.Draft202012Validator(prompt).iter_errors(sample)
            if e.validator not in ("required", "additionalProperties")  # abbreviated
        ]
    else:
        errors = _errors(name, sample)
    assert errors == [], where


# --------------------------------------------------------------------------------------------
# Every dump and every evaluation validates
# --------------------------------------------------------------------------------------------


def _json(value: object) -> Any:
    return json.loads(json.dumps(value))


@given(policies())
def test_every_policy_dump_validates(policy: Any) -> None:
    assert _errors("policy", _json(dump_policy(policy))) == []


@given(policies().flatmap(lambda policy: users(policy=policy)))
def test_every_user_dump_validates(user: Any) -> None:
    assert _errors("user", _json(dump_user(user))) == []


@given(sessions())
def test_every_session_dump_validates(session: Any) -> None:
    document = _json(dump_session(session))
    assert _errors("session", document) == []
    del document["schema"]  # optional in a session
    assert _errors("session", document) == []


@given(
    policies().flatmap(lambda policy: st.tuples(st.just(policy), users(policy=policy))),
    st.none() | sessions(),
)
def test_every_evaluation_validates(pair: Any, session: Any) -> None:
    policy, user = pair
    result = evaluate(policy, user, now=REFERENCE_NOW, session=session).to_dict()
    assert _errors("evaluation", _json(result)) == []


# --------------------------------------------------------------------------------------------
# The schemas accept what the loaders accept
# --------------------------------------------------------------------------------------------

# What a loader refuses but a schema cannot say (docs/documents.md, "JSON Schema"): the cross-field
# rules and the calendar.
CROSS_FIELD = (
    "is repeated",  # a registration id used twice
    "must be after starts_at",  # a TAP's window
    "is not a valid RFC 3339 time",  # Feb 30, hour 24, offset +24:00
    "cannot be expressed in UTC",  # the first or last hours of years 1 and 9999
)


def _agree(name: str, load: Callable[[Any], Any], document: Any) -> None:
    try:
        text = json.dumps(document)
    except (TypeError, ValueError, RecursionError):
        return  # not JSON (bytes, NaN, non-string keys, very deep): no schema question
    if len(text) > 200_000:
        return  # the huge replacement values: the caps are checked by the example tests
    document = json.loads(text)
    schema_errors = _errors(name, document)
    refusal: InvalidDocument | None = None
    try:
        load(copy.deepcopy(document))
    except InvalidDocument as error:
        refusal = error
    if refusal is None:
        assert schema_errors == [], f"the {name} schema refuses what the loader accepts"
    elif not schema_errors:
        assert any(rule in refusal.message for rule in CROSS_FIELD), (
            f"the {name} schema accepts what the loader refuses: {refusal}"
        )


@given(mutated(policies().map(dump_policy)))
def test_policy_schema_agrees_with_the_loader(document: Any) -> None:
    _agree("policy", load_policy, document)


@given(mutated(users().map(dump_user)))
def test_user_schema_agrees_with_the_loader(document: Any) -> None:
    _agree("user", load_user, document)


@given(mutated(sessions().map(dump_session)))
def test_session_schema_agrees_with_the_loader(document: Any) -> None:
    _agree("session", load_session, document)


@pytest.mark.parametrize(
    ("make", "document", "where"),
    [
        (policy_schema, {"schema": "secinfo/policy/1", "mfa": {"grace_days": 366}}, "mfa"),
        (policy_schema, {"schema": "secinfo/policy/1", "methods": {"email": {"mfa": True}}}, ""),
        (policy_schema, {"schema": "secinfo/policy/1", "phone": {"blocked_regions": ["ZZ"]}}, ""),
        (policy_schema, {"schema": "secinfo/policy/1", "bootstrap": "sms"}, "bootstrap"),
        (user_schema, {"schema": "secinfo/user/1", "user_id": "u", "preferred": "email"}, ""),
        (user_schema, {"schema": "secinfo/user/1", "user_id": "u", "extra": 1}, ""),
        (user_schema, {"schema": "secinfo/user/1", "user_id": "u", "business_phone": "123"}, ""),
        (session_schema, {"signed_in_at": "2026-11-25T11:58:00"}, "signed_in_at"),
        (session_schema, {"signed_in_at": "2026-11-25T11:58:00Z", "signed_in_with": ["sms2"]}, ""),
    ],
)
def test_schema_refuses_what_the_loader_refuses(
    make: Callable[[], dict[str, Any]], document: dict[str, Any], where: str
) -> None:
    errors = list(jsonschema.Draft202012Validator(make()).iter_errors(document))
    assert errors
    assert any("/".join(map(str, e.absolute_path)).startswith(where) for e in errors)
