"""Pure logic of probes: commands per tool set, batch parsing, nslookup/getent parsing."""

from __future__ import annotations

import subprocess

from docker_lab.engine.models import ProbeKind, ProbeRequest
from docker_lab.engine.probescript import (
    BUSYBOX_TOOLS,
    batch_script,
    parse_addresses,
    parse_batch,
    parse_tools,
    probe_command,
    result_from_output,
)

TCP = ProbeRequest(ProbeKind.TCP, "backend", "database", 5432, timeout=1.5)
PING = ProbeRequest(ProbeKind.PING, "backend", "database")
RESOLVE = ProbeRequest(ProbeKind.RESOLVE, "backend", "database")


def test_tcp_command_follows_the_tools() -> None:
    # A real netcat with -z runs without busybox's timeout (which would run its own nc).
    assert probe_command(TCP, frozenset({"nc", "nc-z", "timeout"})) == [
        "nc", "-zv", "-w2", "database", "5432"]
    assert probe_command(TCP, BUSYBOX_TOOLS) == ["timeout", "3", "nc", "-w2", "database", "5432"]
    assert probe_command(TCP, parse_tools("tool:bash\ntool:timeout\n")) == [
        "timeout", "2", "bash", "-c", "</dev/tcp/$1/$2", "_", "database", "5432"]


def test_ping_and_resolve_commands() -> None:
    assert probe_command(PING, frozenset({"ping"})) == ["ping", "-c1", "-W1", "database"]
    assert probe_command(RESOLVE, frozenset({"getent"})) == ["getent", "ahosts", "database"]
    assert probe_command(RESOLVE, BUSYBOX_TOOLS)[-2:] == ["nslookup", "database"]


def test_bash_tcp_needs_timeout() -> None:
    assert "bash-tcp" not in parse_tools("tool:bash\n")
    assert "bash-tcp" in parse_tools("tool:bash\ntool:timeout\n")


def test_batch_script_runs_in_a_real_sh() -> None:
    # a real POSIX shell runs the script; commands are replaced by sh builtins
    reqs = [PING, TCP]
    script = batch_script(reqs, frozenset({"ping", "nc"}))
    script = script.replace("ping -c1 -W1 database", "echo 'PING ok'")
    script = script.replace("nc -w2 database 5432", "sh -c 'echo refused >&2; exit 1'")
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True).stdout
    blocks = parse_batch(out)
    assert blocks[0] == (0, "PING ok")
    assert blocks[1] == (1, "refused")


def test_parse_addresses_busybox_bind_getent() -> None:
    busybox = ("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n"
               "Name:\tdatabase\nAddress: 172.20.0.3\n\n")
    assert parse_addresses(busybox) == ("172.20.0.3",)
    old_busybox = ("Server:    127.0.0.11\nAddress 1: 127.0.0.11\n\nName:      database\n"
                   "Address 1: 172.20.0.3 database.app-network\n")
    assert parse_addresses(old_busybox) == ("172.20.0.3",)
    getent = "172.20.0.3      STREAM database\n172.20.0.3      DGRAM\n172.20.0.3      RAW\n"
    assert parse_addresses(getent) == ("172.20.0.3",)
    nxdomain = ("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
                "** server can't find database: NXDOMAIN\n")
    assert parse_addresses(nxdomain) == ()


def test_result_details_are_french_and_specific() -> None:
    refused = result_from_output(TCP, (1, "nc: can't connect to remote host: Connection refused"),
                                 "exec")
    assert not refused.ok and not refused.error
    assert refused.detail == "connexion refusée"
    timed_out = result_from_output(PING, (143, ""), "sidecar")
    assert "délai dépassé" in timed_out.detail and timed_out.method == "sidecar"
    unknown = result_from_output(RESOLVE, (1, "** server can't find database: NXDOMAIN"), "exec")
    assert unknown.detail == "nom inconnu"
    assert result_from_output(TCP, (0, ""), "exec").detail == "connexion acceptée"
    assert result_from_output(RESOLVE, (0, "172.20.0.3 STREAM database"), "exec").detail == (
        "résolu en 172.20.0.3")
    lost = result_from_output(PING, None, "exec")
    assert lost.error and not lost.ok
