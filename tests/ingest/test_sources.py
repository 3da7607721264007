"""The sources file: what loads, and how mistakes are reported (file, source, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ingest.errors import SourcesFileError
from services.ingest.sources import DEFAULT_INCLUDE_KEYWORDS, load_sources

REPO = Path(__file__).resolve().parents[2]

VALID = """
[[sources]]
name = "jingzhou"
level = "city"
region = { province = "湖北省", city = "荆州市" }
start_urls = ["http://www.jingzhou.gov.cn/xwzx/gzdt/"]
"""


def write(tmp_path: Path, text: str, name: str = "sources.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_field(line: str) -> str:
    return VALID + line + "\n"


def test_valid_source_loads_with_documented_defaults(tmp_path: Path) -> None:
    [source] = load_sources(write(tmp_path, VALID))
    assert (source.name, source.region.city, source.paging.style) == (
        "jingzhou",
        "荆州市",
        "index_n",
    )
    assert (source.poll_interval, source.rate_limit, source.encoding) == (900.0, 1.0, None)


def test_omitted_include_keywords_default_to_meeting_and_environment_words(tmp_path: Path) -> None:
    [source] = load_sources(write(tmp_path, VALID))
    assert source.include_keywords == list(DEFAULT_INCLUDE_KEYWORDS)


def test_empty_include_keywords_stay_empty_meaning_all_titles(tmp_path: Path) -> None:
    [source] = load_sources(write(tmp_path, with_field("include_keywords = []")))
    assert source.include_keywords == []


def test_query_paging_keeps_its_parameter_name(tmp_path: Path) -> None:
    text = with_field('paging = { style = "query", param = "pageNum", first = 0 }')
    [source] = load_sources(write(tmp_path, text))
    assert (source.paging.param, source.paging.first) == ("pageNum", 0)


def test_relative_start_url_error_names_file_source_and_field(tmp_path: Path) -> None:
    text = VALID.replace("http://www.jingzhou.gov.cn/xwzx/gzdt/", "/xwzx/gzdt/")
    with pytest.raises(SourcesFileError, match=r'^sources\.toml: source "jingzhou": start_urls: '):
        load_sources(write(tmp_path, text))


def test_unknown_field_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="poll_intervall: Extra inputs"):
        load_sources(write(tmp_path, with_field("poll_intervall = 60")))


def test_nested_field_error_gives_its_path(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match=r"paging\.style: "):
        load_sources(write(tmp_path, with_field('paging = { style = "pages" }')))


def test_invalid_link_pattern_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match=r"links\.pattern: .*not a valid regular expression"):
        load_sources(write(tmp_path, with_field('links = { pattern = "/t(20" }')))


def test_unknown_encoding_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match=r"encoding: .*unknown encoding 'gbk2'"):
        load_sources(write(tmp_path, with_field('encoding = "gbk2"')))


def test_non_positive_rate_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="rate_limit: "):
        load_sources(write(tmp_path, with_field("rate_limit = 0")))


def test_source_without_name_is_identified_by_position(tmp_path: Path) -> None:
    text = VALID + '\n[[sources]]\nlevel = "city"\n'
    with pytest.raises(SourcesFileError, match=r"source #2: .*name: Field required"):
        load_sources(write(tmp_path, text))


def test_two_sources_with_one_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match='source "jingzhou": name: used twice'):
        load_sources(write(tmp_path, VALID + VALID))


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match=r"^sources\.toml: not valid toml"):
        load_sources(write(tmp_path, "[[sources]\nname = 1"))


def test_file_without_sources_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="expected a list of sources"):
        load_sources(write(tmp_path, 'title = "x"\n'))


def test_missing_file_is_a_sources_file_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="cannot read"):
        load_sources(tmp_path / "absent.toml")


def test_yaml_file_loads_like_toml(tmp_path: Path) -> None:
    text = (
        "sources:\n  - name: wuyang\n    level: county\n"
        "    region: {province: 河南省, city: 漯河市, county: 舞阳县}\n"
        "    start_urls: [http://www.wuyang.gov.cn/zwdt/]\n"
        "    paging: {style: next_link}\n"
    )
    [source] = load_sources(write(tmp_path, text, "sources.yaml"))
    assert (source.region.county, source.paging.style) == ("舞阳县", "next_link")


def test_shipped_example_covers_the_seed_regions() -> None:
    sources = load_sources(REPO / "deploy" / "sources.example.toml")
    places = {source.region.county or source.region.city for source in sources}
    assert {"荆州市", "邛崃市", "舞阳县", "滨湖区"} <= places
