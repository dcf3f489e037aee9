"""The example tenant (examples/tenant/) and the synthetic user generator."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from secinfo import check_policy, load_policy, load_user

from ._synth import generate_users_module, generated_users

ROOT = Path(__file__).resolve().parent.parent
TENANT = ROOT / "examples" / "tenant"


def test_the_generator_is_seeded() -> None:
    assert list(generated_users(200, seed=4)) == list(generated_users(200, seed=4))
    assert list(generated_users(200, seed=4)) != list(generated_users(200, seed=5))


def test_generated_users_are_valid_and_mixed() -> None:
    documents = list(generated_users(3000, seed=2))
    users = [load_user(document) for document in documents]
    counts = Counter(len(user.registrations) for user in users)
    assert set(counts) == set(range(7))  # 0–6 registrations, every count present
    kinds = Counter(r.kind.value for user in users for r in user.registrations)
    assert len(kinds) >= 12
    assert kinds.most_common(2)[0][0] in {"authenticator_app", "mobile_phone"}
    groups = Counter(group for user in users for group in user.groups)
    assert {"g-frontline", "g-sales", "g-passkey-pilot", "g-executives"} <= set(groups)
    assert len({user.user_id for user in users}) == len(users)
    assert any(user.preferred is not None for user in users)


def test_the_growth_options() -> None:
    fixed = [load_user(d) for d in generated_users(50, registrations=6)]
    assert {len(user.registrations) for user in fixed} == {6}
    spread = [load_user(d) for d in generated_users(500, patterns=40)]
    teams = {g for user in spread for g in user.groups if g.startswith("g-team-")}
    assert len(teams) > 30


def test_the_script_writes_json_lines(tmp_path: Path) -> None:
    target = tmp_path / "users.jsonl"
    assert generate_users_module.main(["25", "--seed", "3", "--out", str(target)]) == 0
    lines = target.read_text().splitlines()
    assert [json.loads(line) for line in lines] == list(generated_users(25, seed=3))


def test_the_tenant_policies() -> None:
    policy = load_policy(json.loads((TENANT / "policy.json").read_text()))
    assert [p.code for p in check_policy(policy)] == ["only_telephony_mfa"]  # the advisory
    new = load_policy(json.loads((TENANT / "policy-no-telephony.json").read_text()))
    assert "mfa_no_interrupt_method" in {p.code for p in check_policy(new)}
    assert {s.method.value for s in policy.methods} - {s.method.value for s in new.methods} == {
        "sms",
        "voice_mobile",
        "voice_office",
    }
