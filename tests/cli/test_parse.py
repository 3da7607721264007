"""``meetings parse``: files, folders and URLs, with no service running."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEEDS


def meetings_parse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli", "parse", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_file_prints_one_record() -> None:
    record = json.loads(meetings_parse(str(SEEDS / "002_f5ac36b6864af140.txt")).stdout)
    assert record["doc_type"] == "news_report"
    assert record["url"] is None


def test_a_folder_as_jsonl_gives_each_file_in_order(tmp_path: Path) -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "notes.bin").write_bytes(b"\x00")  # not a page: skipped
    lines = meetings_parse(str(tmp_path), "--format", "jsonl").stdout.splitlines()
    files = [json.loads(line)["file"] for line in lines]
    assert files == [str(tmp_path / seed.name) for seed in sorted(SEEDS.glob("*.txt"))]


def test_the_folder_output_matches_file_by_file(tmp_path: Path) -> None:
    seed = SEEDS / "004_98845b8d6be73ceb.txt"
    shutil.copy(seed, tmp_path / seed.name)
    (line,) = meetings_parse(str(tmp_path), "--format", "jsonl").stdout.splitlines()
    alone = json.loads(meetings_parse(str(tmp_path / seed.name)).stdout)
    assert {k: v for k, v in json.loads(line).items() if k != "file"} == alone


def test_several_files_as_json_print_a_list() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    records = json.loads(meetings_parse(*map(str, seeds)).stdout)
    assert len(records) == 2


def test_a_missing_file_is_an_error_on_stderr() -> None:
    result = meetings_parse("no/such/page.html")
    assert result.returncode != 0
    assert "no such file" in result.stderr
