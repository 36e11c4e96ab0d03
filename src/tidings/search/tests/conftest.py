import pytest


@pytest.fixture(autouse=True)
def words_only(settings, tmp_path):
    """Searches by words alone (hashed embeddings), with a vector index of the test's own;
    the tests of matches by meaning ask for the model themselves."""
    settings.TIDINGS = {
        **settings.TIDINGS,
        "EMBEDDINGS": "hashed",
        "VECTOR_FOLDER": tmp_path / "vectors",
    }
