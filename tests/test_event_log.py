"""The world's event log: each event read once and in order by followers in this process and
in others, a cost that grows with the new events (never with the log), and a size bounded
in events and in bytes (issue 10, "Event log growth")."""

from __future__ import annotations

import json

import pytest

from sandbox.world import World
from sandbox.world import events as log_module


def _event(i: int, size: int = 0) -> dict:
    return {"kind": "decision", "action": f"s3:GetObject{i}", "padding": "x" * size}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "world.json"


class _Reads:
    """Counts the bytes the log reads from its file."""

    def __init__(self, monkeypatch):
        self.bytes = 0
        real_open = open

        def counting_open(*args, **kwargs):
            fh = real_open(*args, **kwargs)
            read = fh.read

            def counted(*a):
                data = read(*a)
                self.bytes += len(data)
                return data

            fh.read = counted
            return fh

        monkeypatch.setattr(log_module, "open", counting_open, raising=False)


class _Reader:
    """Reads a log on from the last event it saw, as a front end does with
    ``Workspace.follow(since)``: each event once, in order."""

    def __init__(self, log, seen: int | None = None):
        self.log = log
        self.seen = log.last_seq() if seen is None else seen

    def poll(self) -> list[dict]:
        new = self.log.since(self.seen)
        if new:
            self.seen = new[-1]["seq"]
        return new


def test_events_are_numbered_and_read_back_in_order(path):
    log = World(path).events
    assert (log.last_seq(), log.since(0), log.tail(3)) == (0, [], [])
    stored = [log.append(_event(i)) for i in range(5)]
    assert [e["seq"] for e in stored] == [1, 2, 3, 4, 5]
    assert log.last_seq() == 5
    assert [e["action"] for e in log.since(2)] == ["s3:GetObject2", "s3:GetObject3", "s3:GetObject4"]
    assert [e["seq"] for e in log.tail(2)] == [4, 5]
    assert log.since(5) == []


def test_a_follower_in_another_process_sees_each_event_once(path):
    writer, reader = World(path).events, World(path).events
    follower = _Reader(reader)
    assert follower.poll() == []
    writer.append(_event(1))
    writer.append(_event(2))
    assert [e["seq"] for e in follower.poll()] == [1, 2]
    assert follower.poll() == []
    writer.append(_event(3))
    assert [e["seq"] for e in follower.poll()] == [3]
    # and another follower that starts further back, in the same process
    assert [e["seq"] for e in _Reader(reader, 1).poll()] == [2, 3]


def _big_log(path, n: int, size: int) -> None:
    """A log of ``n`` events written as ``append`` writes them (faster: no fsync per line)."""
    lines = (json.dumps({"seq": i, **_event(i, size)}, separators=(",", ":")) + "\n" for i in range(1, n + 1))
    path.with_name(path.name + ".events.jsonl").write_text("".join(lines))


def test_reading_new_events_costs_the_new_events_not_the_log(path, monkeypatch):
    """5,000 events of 5 KB (25 MB): a poll with nothing new reads nothing; a poll after two
    new events reads about two events; appending reads nothing when this process wrote last."""
    monkeypatch.setattr(log_module, "MAX_BYTES", 64 * 1024 * 1024)
    _big_log(path, 5000, 5000)
    log = World(path).events
    log.append(_event(5000, 5000))
    other = World(path).events  # another process: no position remembered
    reads = _Reads(monkeypatch)
    follower = _Reader(other)
    assert reads.bytes < 200_000  # the newest line, read back from the end
    reads.bytes = 0
    assert follower.poll() == []
    assert reads.bytes == 0
    log.append(_event(5001, 5000))
    log.append(_event(5002, 5000))
    assert reads.bytes == 0  # the writer knew where the log ends
    assert [e["seq"] for e in follower.poll()] == [5002, 5003]
    assert reads.bytes < 3 * 5200
    reads.bytes = 0
    assert [e["seq"] for e in other.since(4990)] == list(range(4991, 5004))
    assert reads.bytes < 5 * 13 * 5100  # a few times the 13 events read, not the 25 MB log


def test_the_log_is_bounded_in_bytes(path, monkeypatch):
    monkeypatch.setattr(log_module, "MAX_BYTES", 200_000)
    monkeypatch.setattr(log_module, "KEEP_BYTES", 100_000)
    log = World(path).events
    for i in range(100):
        log.append(_event(i, 10_000))
        assert log.path.stat().st_size <= 200_000
    kept = log.since(0)
    assert kept[-1]["seq"] == 100 and 5 <= len(kept) < 20
    assert [e["seq"] for e in kept] == list(range(kept[0]["seq"], 101))
    assert log.append(_event(100))["seq"] == 101  # numbering goes on


def test_the_log_is_bounded_in_events(path, monkeypatch):
    monkeypatch.setattr(log_module, "MAX_EVENTS", 50)
    monkeypatch.setattr(log_module, "KEEP_EVENTS", 20)
    log = World(path).events
    for i in range(120):
        log.append(_event(i))
        assert len(log.since(0)) <= 50
    assert log.since(0)[-1]["seq"] == 120


def test_a_follower_keeps_its_place_when_another_process_trims_the_log(path, monkeypatch):
    monkeypatch.setattr(log_module, "MAX_EVENTS", 30)
    monkeypatch.setattr(log_module, "KEEP_EVENTS", 10)
    writer, reader = World(path).events, World(path).events
    follower = _Reader(reader)
    seen = []
    for i in range(100):
        writer.append(_event(i))
        if i % 7 == 0:
            seen += [e["seq"] for e in follower.poll()]
    seen += [e["seq"] for e in follower.poll()]
    assert seen == list(range(1, 101))


def test_a_line_still_being_written_is_left_for_the_next_read(path):
    log = World(path).events
    log.append(_event(1))
    follower = _Reader(World(path).events, 0)
    with open(log.path, "ab") as fh:  # another process, halfway through its write
        fh.write(b'{"seq":2,"kind":"deci')
    assert [e["seq"] for e in follower.poll()] == [1]
    assert log.tail(5)[-1]["seq"] == 1 and World(path).events.last_seq() == 1
    with open(log.path, "ab") as fh:
        fh.write(b'sion"}\n')
    assert [e["seq"] for e in follower.poll()] == [2]


def test_a_line_cut_short_by_a_crash_does_not_swallow_the_next_event(path):
    log = World(path).events
    log.append(_event(1))
    with open(log.path, "ab") as fh:  # a process killed halfway through its write
        fh.write(b'{"seq":2,"kind":"deci')
    log = World(path).events
    log.append(_event(3))
    assert [e["action"] for e in log.since(0)] == ["s3:GetObject1", "s3:GetObject3"]
    assert log.path.read_bytes().count(b"\n") == 3


def test_damaged_lines_are_skipped(path):
    log = World(path).events
    log.append(_event(1))
    with open(log.path, "ab") as fh:
        fh.write(b"not json\n[1,2]\n{\"seq\":\"x\"}\n\xff\xfe\n")
    log = World(path).events
    assert log.append(_event(2))["seq"] == 2
    assert [e["seq"] for e in log.since(0)] == [1, 2]
    assert [e["seq"] for e in log.tail(2)] == [1, 2]


def test_an_event_larger_than_a_read_block_reads_back_whole(path):
    log = World(path).events
    log.append(_event(1))
    big = log.append(_event(2, 300_000))
    other = World(path).events
    assert other.last_seq() == 2
    assert other.tail(1) == [big]
    assert [e["seq"] for e in other.since(1)] == [2]


def test_the_event_is_stored_with_its_sequence_number_first(path):
    log = World(path).events
    log.append({"seq": 99, **_event(1)})  # a caller cannot choose the number
    (line,) = log.path.read_text().splitlines()
    assert line.startswith('{"seq":1,') and json.loads(line)["seq"] == 1


def test_an_in_memory_world_has_the_same_log():
    log = World().events
    follower = _Reader(log)
    for i in range(3):
        log.append(_event(i))
    assert [e["seq"] for e in follower.poll()] == [1, 2, 3]
    assert [e["seq"] for e in log.since(1)] == [2, 3] and log.last_seq() == 3
    assert [e["seq"] for e in log.tail(1)] == [3]


def test_subscribers_hear_this_process_s_events(path):
    log = World(path).events
    heard = []
    unsubscribe = log.subscribe(heard.append)
    log.append(_event(1))
    unsubscribe()
    log.append(_event(2))
    assert [e["seq"] for e in heard] == [1]


def test_a_log_replaced_behind_a_follower_is_found_again(path):
    """A follower remembers where it stopped; if the file there is another one (rewritten by
    another process, even under a reused inode number), it finds its place again."""
    writer = World(path).events
    for i in range(10):
        writer.append(_event(i, 50))
    follower = _Reader(World(path).events, 0)
    assert len(follower.poll()) == 10
    text = writer.path.read_bytes()
    lines = text.splitlines(keepends=True)
    # the same file (same inode), rewritten in place: the old lines but the first two, then new ones
    new = [json.dumps({"seq": 10 + i, **_event(i, 200)}, separators=(",", ":")).encode() + b"\n" for i in (1, 2)]
    with open(writer.path, "r+b") as fh:
        fh.write(b"".join(lines[2:] + new))
        fh.truncate()
    assert [e["seq"] for e in follower.poll()] == [11, 12]
