from tidings.web.tests.conftest import make_story  # noqa: F401  (the story row builder)
