"""The optional generative backend: the real client against a local server speaking the
OpenAI chat protocol, scripted to answer well, to invent a number, to time out and to
answer garbage. Only the good answer is shown; otherwise the extractive summary is."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tidings.ai import services
from tidings.ai.models import AiResult
from tidings.web.tests.conftest import QUAKE, REWRITE


def numbered(body: dict, words: str) -> int:
    """The number the client gave the sentence holding ``words``."""
    for line in body["messages"][-1]["content"].splitlines():
        if line.startswith("[") and words in line:
            return int(line[1 : line.index("]")])
    raise AssertionError(f"no sentence with {words!r} was sent")


def rephrase(killed: str):
    return lambda body: {
        "statements": [
            {
                "text": f"A strong earthquake killed {killed} people in central Italy.",
                "sentences": [numbered(body, "killing 12 people")],
            }
        ]
    }


SCRIPTS = {
    "good": rephrase("12"),
    "invents": rephrase("40"),
    "garbage": lambda body: "Sure! Here is a summary: the quake was bad.",
    "slow": None,
}


class ChatServer(BaseHTTPRequestHandler):
    seen: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        script = self.path.split("/")[1]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        ChatServer.seen.append((script, body, self.headers.get("Authorization")))
        if script == "slow":
            time.sleep(3)
        answer = SCRIPTS[script](body) if SCRIPTS.get(script) else {}
        content = answer if isinstance(answer, str) else json.dumps(answer)
        reply = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        data = json.dumps(reply).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up waiting
            pass


@pytest.fixture(scope="module")
def chat_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def use_backend(settings, url):
    settings.TIDINGS = {
        **settings.TIDINGS,
        "LLM": {"URL": url, "MODEL": "tiny", "API_KEY": "secret", "TIMEOUT": 1.0},
    }


def test_a_good_answer_is_shown_with_the_sentences_it_cites(settings, chat_server, quake):
    use_backend(settings, f"{chat_server}/good/v1")
    summary = services.summary(services.Subject(quake))
    assert summary["method"] == "generative"
    [said] = summary["statements"]
    assert said["text"] == "A strong earthquake killed 12 people in central Italy."
    assert "killing 12 people" in said["citations"][0]["quote"]
    script, body, authorization = ChatServer.seen[-1]
    assert (script, body["model"], authorization) == ("good", "tiny", "Bearer secret")
    assert "[1] " in body["messages"][-1]["content"]


@pytest.mark.parametrize("script", ["invents", "garbage", "slow"])
def test_a_bad_or_late_answer_is_rejected_and_the_extractive_one_shown(
    settings, chat_server, quake, script, caplog
):
    use_backend(settings, f"{chat_server}/{script}/v1")
    summary = services.summary(services.Subject(quake))
    assert summary["method"] == "extractive"
    assert all(s["text"] in QUAKE + REWRITE for s in summary["statements"])
    assert all("killed 40" not in statement["text"] for statement in summary["statements"])
    assert "LLM" in caplog.text
    assert AiResult.objects.get(story=quake, kind="summary").payload == summary


def test_an_unreachable_backend_falls_back_quietly(settings, quake):
    use_backend(settings, "http://127.0.0.1:9/v1")
    assert services.summary(services.Subject(quake))["method"] == "extractive"
