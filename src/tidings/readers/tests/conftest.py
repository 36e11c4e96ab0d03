import pytest

from tidings.readers.app_passwords import create_app_password, sign_in, token_for

GREADER = "/api/greader/reader/api/0/"


class Greader:
    """A signed-in Google Reader client: the Django test client plus its token."""

    def __init__(self, client, reader, token):
        self.client, self.reader, self.token = client, reader, token

    @property
    def headers(self) -> dict:
        return {"Authorization": f"GoogleLogin auth={self.token}"}

    def get(self, endpoint: str, data=None):
        return self.client.get(GREADER + endpoint, data, headers=self.headers)

    def atom(self, stream_id: str, data=None):
        return self.client.get(f"/api/greader/reader/atom/{stream_id}", data, headers=self.headers)

    def post(self, endpoint: str, data=None):
        return self.client.post(GREADER + endpoint, data, headers=self.headers)


@pytest.fixture
def greader(client, make_reader):
    reader = make_reader(username="ada")
    password = create_app_password(reader, "tests")
    return Greader(client, reader, token_for(sign_in("ada", password)))
