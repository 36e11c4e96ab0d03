import logging

from tidings.outages import Outage


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tidings.outages"]


def test_an_outage_is_logged_once_per_interval_and_its_end_once(caplog):
    caplog.set_level(logging.WARNING, "tidings.outages")
    clock = Clock()
    outage = Outage("The queue", retry_every=5, log_every=60, clock=clock)
    refused = ConnectionError("Connection refused.\nmore lines")

    for _ in range(10):  # ten failures within the first minute
        outage.failed(refused, "waiting")
        clock.now += 5
    clock.now += 15
    outage.failed(refused, "waiting")  # 65 seconds in: time to say it again
    clock.now += 10
    outage.recovered()
    outage.recovered()

    assert messages(caplog) == [
        "The queue is unreachable (ConnectionError: Connection refused.); waiting, "
        "trying again every 5 seconds.",
        "The queue is unreachable for 65 seconds (ConnectionError: Connection refused.); "
        "waiting, trying again every 5 seconds.",
        "The queue answers again after 75 seconds.",
    ]
    assert not outage.down


def test_a_retry_is_due_only_after_its_interval_while_down():
    clock = Clock()
    outage = Outage("Redis", retry_every=30, clock=clock)
    assert outage.retry_due()
    outage.failed(OSError("refused"), "counting in the database")
    assert not outage.retry_due()
    clock.now += 30
    assert outage.retry_due()
