"""secinfo.batch: many users at once, and the Dask and Spark recipes of the scale-out how-to."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from secinfo import InvalidArgument, InvalidDocument, evaluate, load_policy, load_user
from secinfo.batch import (
    evaluate_documents,
    evaluate_lines,
    fast_codec,
    impact_documents,
    impact_lines,
)
from secinfo.cli import main

from ._synth import generated_users

ROOT = Path(__file__).resolve().parent.parent
TENANT = ROOT / "examples" / "tenant"
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
POLICY = load_policy(json.loads((TENANT / "policy.json").read_text()))
NO_TELEPHONY = load_policy(json.loads((TENANT / "policy-no-telephony.json").read_text()))


def cli_output(*argv: str) -> list[str]:
    out = io.StringIO()
    main([*argv, "--now", "2026-11-25T12:00:00Z", "--summary", "/dev/null"], out=out)
    return out.getvalue().splitlines()


def test_evaluate_documents_is_evaluate_for_each() -> None:
    documents = list(generated_users(50, seed=11))
    results = list(evaluate_documents(POLICY, documents, now=NOW))
    assert results == [evaluate(POLICY, load_user(doc), now=NOW).to_dict() for doc in documents]


def test_bad_documents_raise_or_are_skipped() -> None:
    documents: list[object] = [*generated_users(2), {"user_id": "x"}, "not a document"]
    with pytest.raises(InvalidDocument, match="schema"):
        list(evaluate_documents(POLICY, documents, now=NOW))
    assert len(list(evaluate_documents(POLICY, documents, now=NOW, errors="skip"))) == 2
    with pytest.raises(InvalidArgument, match="errors"):
        list(evaluate_documents(POLICY, documents, now=NOW, errors="ignore"))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="policy"):
        list(evaluate_documents("policy", documents, now=NOW))  # type: ignore[arg-type]


def test_evaluate_lines_writes_what_the_report_writes() -> None:
    lines = (TENANT / "users.jsonl").read_text().splitlines()
    expected = cli_output(
        "report", "--policy", str(TENANT / "policy.json"), str(TENANT / "users.jsonl")
    )
    assert list(evaluate_lines(POLICY, lines, now=NOW)) == expected
    as_bytes = [line.encode() for line in lines]
    assert list(evaluate_lines(POLICY, as_bytes, now=NOW)) == expected


def test_bad_lines_raise_with_the_readers_message_or_are_skipped() -> None:
    lines = ['{"schema": "secinfo/user/1", "user_id": "u1"}', "", "{not json", '{"user_id": 1}']
    with pytest.raises(InvalidDocument, match="not JSON"):
        list(evaluate_lines(POLICY, lines, now=NOW))
    with pytest.raises(InvalidDocument) as error:
        list(evaluate_lines(POLICY, [lines[3]], now=NOW))
    assert error.value.path == "schema"
    assert len(list(evaluate_lines(POLICY, lines, now=NOW, errors="skip"))) == 1


def test_impact_documents_and_lines_match_the_command() -> None:
    lines = (TENANT / "users.jsonl").read_text().splitlines()
    expected = cli_output(
        "impact", "--policy", str(TENANT / "policy.json"),
        "--new-policy", str(TENANT / "policy-no-telephony.json"), str(TENANT / "users.jsonl"),
    )  # fmt: skip
    assert list(impact_lines(POLICY, NO_TELEPHONY, lines, now=NOW)) == expected
    documents = [json.loads(line) for line in lines]
    as_documents = list(impact_documents(POLICY, NO_TELEPHONY, documents, now=NOW))
    assert as_documents == [json.loads(line) for line in expected]
    everyone = list(impact_documents(POLICY, NO_TELEPHONY, documents, now=NOW, everyone=True))
    assert len(everyone) == len(documents) > len(as_documents) > 0


def test_fast_codec_is_reported() -> None:
    assert fast_codec() is True  # the test extra installs orjson


# ---- the Dask recipe (docs/how-to/scale-out.md) -----------------------------------------------


def dask_report(users: Path, policy_path: Path, now: datetime) -> list[str]:
    """The recipe of the how-to, verbatim apart from the paths."""
    db: Any = importlib.import_module("dask.bag")

    from secinfo import load_policy
    from secinfo.batch import evaluate_lines

    policy = load_policy(json.loads(policy_path.read_text()))
    bag = db.read_text(str(users), blocksize="64kB")  # one partition per 64 kB of lines
    results = bag.map_partitions(
        lambda lines: list(evaluate_lines(policy, lines, now=now, errors="skip"))
    )
    return list(results.compute(scheduler="synchronous"))


def test_the_dask_recipe_gives_the_report_line_for_line(tmp_path: Path) -> None:
    users = tmp_path / "users.jsonl"
    with users.open("w") as handle:
        for document in generated_users(400, seed=5):
            handle.write(json.dumps(document) + "\n")
        handle.write("{not json}\n")
    lines = dask_report(users, TENANT / "policy.json", NOW)
    expected = cli_output("report", "--policy", str(TENANT / "policy.json"), str(users))
    assert lines == expected
    assert len(lines) == 400


# ---- the Spark recipe: runs where pyspark and Java are installed ------------------------------


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark; it is not part of any extra)"
    if shutil.which("java") is None:
        return "Java is not installed (pyspark needs a JVM)"
    return None


@pytest.mark.skipif(_spark_missing() is not None, reason=str(_spark_missing()))
def test_the_spark_recipe_gives_the_report_line_for_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyspark.sql import SparkSession

    from secinfo.batch import evaluate_lines

    users = tmp_path / "users.jsonl"
    users.write_text("".join(json.dumps(d) + "\n" for d in generated_users(200, seed=9)))
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # workers need secinfo installed
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # stay on the loopback interface
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("secinfo")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        policy = POLICY
        rdd = spark.sparkContext.textFile(str(users), minPartitions=3)
        lines = rdd.mapPartitions(lambda part: evaluate_lines(policy, part, now=NOW)).collect()
    finally:
        spark.stop()
    expected = cli_output("report", "--policy", str(TENANT / "policy.json"), str(users))
    assert lines == expected


def test_the_how_to_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "how-to" / "scale-out.md").read_text()
    first = page.split("```python\n")[1].split("```")[0]
    assert "evaluate_lines" in first
    namespace: dict[str, object] = {}
    exec(compile(first, "scale-out.md", "exec"), namespace)
    assert namespace["results"] == [
        evaluate(
            POLICY, load_user({"schema": "secinfo/user/1", "user_id": "u1"}), now=NOW
        ).to_dict()
    ]
