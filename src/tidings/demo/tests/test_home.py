from pathlib import Path

from tidings.demo.home import demo_environment, demo_home, runs_in

OPERATOR = {
    "TIDINGS_HOME": "/srv/news",
    "DATABASE_URL": "postgres://news@db/news",
    "REDIS_URL": "redis://cache:6379/0",
    "TIDINGS_VECTOR_INDEX": "pgvector",
    "PATH": "/usr/bin",
}


def test_the_demo_keeps_its_data_in_a_folder_of_its_own(tmp_path: Path):
    assert demo_home(tmp_path, None) == tmp_path / "demo"
    assert demo_home(tmp_path, str(tmp_path / "elsewhere")) == tmp_path / "elsewhere"


def test_the_demo_process_gets_none_of_the_operators_stores(tmp_path: Path):
    home = tmp_path / "demo"
    env = demo_environment(OPERATOR, home)
    assert env["TIDINGS_HOME"] == str(home)
    assert env["PATH"] == "/usr/bin"
    assert not {"DATABASE_URL", "REDIS_URL", "TIDINGS_VECTOR_INDEX"} & set(env)
    assert env["TIDINGS_OFFLINE"] == "1"


def test_the_demo_runs_in_place_only_in_its_own_folder_without_the_operators_database(
    tmp_path: Path,
):
    home = tmp_path / "demo"
    assert runs_in(home, home, {})
    assert not runs_in(home, tmp_path, {})
    assert not runs_in(home, home, {"DATABASE_URL": "postgres://news@db/news"})
