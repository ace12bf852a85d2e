"""Recipe of the network diagnosis image (:data:`~docker_lab.engine.labels.DIAGNOSTIC_IMAGE`).

Lesson 8 (« Débogage et diagnostic ») and the final project run it beside a
container to observe that container's network::

    docker run --rm -it --network container:mon-container docker-lab/diagnostic

With a registry, ``docker-lab setup`` pulls ``nicolaka/netshoot`` and gives it
this name (see :mod:`.images`). Offline, this recipe assembles a stand-in from
Debian packages of the host: tcpdump, nmap (with its data folder), iperf3, dig,
nslookup and host, curl, OpenBSD netcat (``nc -z``), ip and ss, openssl (with
``openssl.cnf``, so ``openssl req -x509`` works), bash as the interactive shell,
and busybox for everything else (ping, traceroute, netstat, wget...).
"""

from __future__ import annotations

from docker_lab.engine.imagecontext import BuildPlan
from docker_lab.engine.imagerecipes import NC_OPENBSD, base

#: (host path, Debian package, path in the image): the real tools the lesson names.
TOOLS: tuple[tuple[str, str, str], ...] = (
    ("/usr/bin/tcpdump", "tcpdump", "/usr/bin/tcpdump"),
    ("/usr/bin/nmap", "nmap", "/usr/bin/nmap"),
    ("/usr/bin/iperf3", "iperf3", "/usr/bin/iperf3"),
    ("/usr/bin/dig", "bind9-dnsutils", "/usr/bin/dig"),
    ("/usr/bin/nslookup", "bind9-dnsutils", "/usr/bin/nslookup"),
    ("/usr/bin/host", "bind9-host", "/usr/bin/host"),
    ("/usr/bin/curl", "curl", "/usr/bin/curl"),
    ("/usr/bin/openssl", "openssl", "/usr/bin/openssl"),
    ("/bin/ip", "iproute2", "/usr/bin/ip"),
    ("/bin/ss", "iproute2", "/usr/bin/ss"),
    (NC_OPENBSD, "netcat-openbsd", "/usr/bin/nc"),
    ("/bin/bash", "bash", "/bin/bash"),
    ("/bin/dash", "dash", "/bin/dash"),
)

#: Busybox applets left out because a real tool above takes their name (busybox's
#: shell would run its own ``nc`` applet, which has no ``-z``, whatever ``PATH`` says).
BUSYBOX_SKIP = ("sh", "nc", "ip", "nslookup")

#: Tcpdump (Debian's build) drops root for this user once the capture is open.
TCPDUMP_UID = 72


def diagnostic(plan: BuildPlan) -> None:
    """Stand-in for ``nicolaka/netshoot``: the network tools of lesson 8 in one image."""
    base(plan, users={"tcpdump": TCPDUMP_UID}, busybox_skip=BUSYBOX_SKIP)
    for src, package, dest in TOOLS:
        plan.binary(src, package, dest=dest)
    plan.symlink("/bin/sh", "dash")
    plan.text("/etc/shells", "/bin/sh\n/bin/ash\n/bin/bash\n")
    plan.asset("/etc/bash.bashrc", "diagnostic/bash.bashrc")
    plan.tree("/usr/share/nmap", "nmap")
    plan.tree("/etc/iproute2", "iproute2")
    plan.tree("/lib/terminfo", "ncurses-base", dest="/usr/share/terminfo")  # bash's line editing
    plan.file("/etc/services", "netbase")
    plan.file("/etc/protocols", "netbase")
    # openssl looks for its configuration in /usr/lib/ssl, curl for CAs in /etc/ssl/certs.
    plan.file("/etc/ssl/openssl.cnf", "openssl")
    plan.symlink("/usr/lib/ssl/openssl.cnf", "/etc/ssl/openssl.cnf")
    plan.symlink("/usr/lib/ssl/certs", "/etc/ssl/certs")
    plan.file("/etc/ssl/certs/ca-certificates.crt", "ca-certificates")
    plan.directory("/etc/ssl/private", mode=0o700)
    plan.dockerfile += ["WORKDIR /root", 'CMD ["/bin/bash"]']
