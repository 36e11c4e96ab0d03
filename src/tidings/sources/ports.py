"""What `tidings run` needs from the operating system: a port nobody holds (and, when
someone does, who), and children that do not outlive it. Read from /proc on Linux;
elsewhere the answers are vaguer, never wrong."""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
LISTEN = "0A"  # a socket's state in /proc/net/tcp
NEARBY_PORTS = 20


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the kernel send the child SIGTERM when this process dies,
    even by SIGKILL (Linux only; None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def arrange() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return arrange


def busy_port_message(host: str, port: int) -> str:
    """Why we cannot listen on host:port, in words, naming the process that holds it and
    a free port nearby; empty when we can."""
    problem = bind_error(host, port)
    if problem is None:
        return ""
    if problem.errno != errno.EADDRINUSE:
        return f"Cannot listen on {host}:{port}: {problem.strerror}."
    holders = listening_processes(port)
    if holders:
        pid = holders[0]
        who = f"process {pid} ({command_line(pid)})"
    else:
        who = "a process this user cannot see"
    free = next((p for p in range(port + 1, port + NEARBY_PORTS) if not bind_error(host, p)), None)
    elsewhere = f" with --port {free}" if free else " with --port P"
    return f"Port {port} on {host} is in use by {who}. Stop it, or start tidings{elsewhere}."


def bind_error(host: str, port: int) -> OSError | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: a closed connection still in TIME_WAIT does not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error
    return None


def listening_processes(port: int) -> list[int]:
    """The processes with a socket listening on ``port``, the one that opened it first (a
    parent before the children it shares the socket with)."""
    inodes = listening_inodes(port)
    if not inodes:
        return []
    wanted = {f"socket:[{inode}]" for inode in inodes}
    holders = []
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in wanted for fd in (process / "fd").iterdir()):
                holders.append(int(process.name))
        except OSError:  # gone meanwhile, or another user's
            continue
    held = set(holders)
    return sorted(holders, key=lambda pid: (parent_of(pid) in held, pid))


def listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == LISTEN and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[1])


def command_line(pid: int, width: int = 100) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "command unknown"
    line = " ".join(" ".join(word.decode(errors="replace") for word in words).split())
    return line if len(line) <= width else line[: width - 1] + "…"
