"""Recipes: how each offline stand-in ``docker-lab setup`` builds is assembled from the host.

Every recipe fills a :class:`~docker_lab.engine.imagecontext.BuildPlan` with
host files of Debian packages (a server binary plus the libraries ``ldd``
lists, and busybox for a shell), configuration files from
:mod:`docker_lab.engine.imagefiles`, and the Dockerfile instructions
(``ENTRYPOINT``, ``CMD``, ``EXPOSE``, ``VOLUME``...) of the image it stands for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from docker_lab.engine.imagecontext import BuildPlan

PG_VERSION = "15"
PG_BIN = f"/usr/lib/postgresql/{PG_VERSION}/bin"
NC_OPENBSD = "/bin/nc.openbsd"
PROMETHEUS_BIN = "/usr/bin/prometheus"
LAB_SKIP = ("nc", "sh")  # busybox applets the stand-ins replace (netcat, dash)
BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def base(
    plan: BuildPlan, users: dict[str, int] | None = None, busybox_skip: tuple[str, ...] = ()
) -> None:
    """Add what every image has: busybox, /etc basics, /tmp and the given users."""
    plan.busybox(skip=busybox_skip)
    accounts = {"root": 0, **(users or {}), "nobody": 65534}
    passwd = "".join(
        f"{name}:x:{uid}:{uid}:{name}:{'/root' if uid == 0 else '/nonexistent'}:"
        f"{'/bin/sh' if uid == 0 else '/sbin/nologin'}\n"
        for name, uid in accounts.items()
    )
    group = "".join(f"{name}:x:{uid}:\n" for name, uid in accounts.items())
    plan.text("/etc/passwd", passwd)
    plan.text("/etc/group", group.replace("nobody:x:65534:", "nogroup:x:65534:"))
    plan.text("/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n")
    plan.text("/etc/shells", "/bin/sh\n/bin/ash\n")
    plan.directory("/tmp", mode=0o1777)
    plan.directory("/root", mode=0o700)
    plan.directory("/var/run")
    plan.dockerfile.append(f"ENV PATH={BASE_PATH}")


def netcat(plan: BuildPlan) -> None:
    """Add OpenBSD netcat as ``/usr/bin/nc`` (it has ``-z``, unlike busybox's).

    ``/bin/sh`` is then Debian's dash: busybox's shell runs its own ``nc``
    applet whatever ``PATH`` says, so ``sh -c 'nc -zv db 5432'`` would fail.
    """
    plan.binary(NC_OPENBSD, "netcat-openbsd", dest="/usr/bin/nc")
    plan.binary("/bin/dash", "dash")
    plan.symlink("/bin/sh", "dash")


def _cmd(plan: BuildPlan, entrypoint: list[str] | None, cmd: list[str] | None) -> None:
    if entrypoint is not None:
        plan.dockerfile.append(f"ENTRYPOINT {_json(entrypoint)}")
    if cmd is not None:
        plan.dockerfile.append(f"CMD {_json(cmd)}")


def _nginx_files(plan: BuildPlan) -> None:
    plan.binary("/usr/sbin/nginx", "nginx-light")
    plan.file("/etc/nginx/mime.types", "nginx-common")
    plan.asset("/etc/nginx/nginx.conf", "nginx/nginx.conf")
    plan.directory("/etc/nginx/conf.d")
    for sub in ("body", "fastcgi", "proxy", "scgi", "uwsgi"):
        plan.directory(f"/var/lib/nginx/{sub}", mode=0o700, uid=101)
    plan.directory("/var/cache/nginx")
    plan.symlink("/var/log/nginx/access.log", "/dev/stdout")
    plan.symlink("/var/log/nginx/error.log", "/dev/stderr")
    plan.dockerfile.append("STOPSIGNAL SIGQUIT")


# --- stand-ins for upstream images -------------------------------------------------------
def _self_signed_certificate() -> tuple[bytes, bytes]:
    """Return (certificate, key) PEM bytes for ``localhost``, made by the host's openssl."""
    with tempfile.TemporaryDirectory(prefix="docker-lab-tls-") as tmp:
        crt, key = Path(tmp, "c.pem"), Path(tmp, "k.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048",
             "-nodes", "-days", "3650", "-subj", "/CN=localhost", "-keyout", str(key),
             "-out", str(crt), "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True, timeout=30,
        )
        return crt.read_bytes(), key.read_bytes()


def nginx(plan: BuildPlan) -> None:
    """Stand-in for ``nginx:alpine``: Debian's nginx-light, HTTP on 80 and HTTPS on 443."""
    base(plan, users={"nginx": 101})
    _nginx_files(plan)
    plan.asset("/etc/nginx/conf.d/default.conf", "nginx/default.conf")
    plan.asset("/usr/share/nginx/html/index.html", "nginx/index.html")
    plan.asset("/usr/share/nginx/html/50x.html", "nginx/50x.html")
    if shutil.which("openssl") is None:
        plan.need("/usr/bin/openssl", "openssl")
    else:
        pair: list[bytes] = []

        def part(i: int) -> bytes:
            if not pair:
                pair.extend(_self_signed_certificate())
            return pair[i]

        plan.generated("/etc/nginx/ssl/docker-lab.crt", lambda: part(0), "tls-cert-rsa")
        plan.generated("/etc/nginx/ssl/docker-lab.key", lambda: part(1), "tls-key", mode=0o600)
    plan.dockerfile.append("EXPOSE 80 443")
    _cmd(plan, None, ["nginx", "-g", "daemon off;"])


def postgres(plan: BuildPlan) -> None:
    """Stand-in for ``postgres:13``: Debian's PostgreSQL behind the official entrypoint's logic."""
    base(plan, users={"postgres": 999})
    for prog in ("postgres", "initdb", "pg_ctl", "psql", "pg_isready", "createdb", "pg_dump"):
        pkg = "postgresql-client-15" if prog in {"psql", "pg_isready", "createdb", "pg_dump"} \
            else f"postgresql-{PG_VERSION}"
        plan.binary(f"{PG_BIN}/{prog}", pkg)
    plan.tree(f"/usr/lib/postgresql/{PG_VERSION}/lib", f"postgresql-{PG_VERSION}",
              exclude=("bitcode", "llvmjit.so", "llvmjit_types.bc", "pgxs"), libs=True)
    plan.tree(f"/usr/share/postgresql/{PG_VERSION}", f"postgresql-{PG_VERSION}",
              exclude=("man",))
    plan.tree("/usr/share/zoneinfo", "tzdata", exclude=("right", "posix"))
    plan.tree("/usr/lib/locale/C.utf8", "libc-bin")  # initdb --locale=C.UTF-8
    plan.asset("/usr/local/bin/docker-entrypoint.sh", "postgres/docker-entrypoint.sh", 0o755)
    plan.directory("/var/lib/postgresql/data", mode=0o700, uid=999)
    plan.directory("/var/run/postgresql", mode=0o3775, uid=999)
    plan.directory("/docker-entrypoint-initdb.d")
    plan.dockerfile += [
        f"ENV PATH={PG_BIN}:{BASE_PATH}", "ENV PGDATA=/var/lib/postgresql/data",
        "ENV LANG=C.UTF-8", "VOLUME /var/lib/postgresql/data", "STOPSIGNAL SIGINT",
        "EXPOSE 5432",
    ]
    _cmd(plan, ["docker-entrypoint.sh"], ["postgres"])


def redis(plan: BuildPlan) -> None:
    """Stand-in for ``redis:alpine``: Debian's redis-server on 6379, data in /data."""
    base(plan, users={"redis": 999})
    # Debian's redis-server is a symlink to redis-check-rdb; the name chooses the mode.
    plan.binary("/usr/bin/redis-check-rdb", "redis-server", dest="/usr/local/bin/redis-server")
    plan.binary("/usr/bin/redis-cli", "redis-tools", dest="/usr/local/bin/redis-cli")
    plan.asset("/usr/local/bin/docker-entrypoint.sh", "redis/docker-entrypoint.sh", 0o755)
    plan.directory("/data", uid=999)
    plan.dockerfile += ["VOLUME /data", "WORKDIR /data", "EXPOSE 6379"]
    _cmd(plan, ["docker-entrypoint.sh"], ["redis-server"])


def prometheus(plan: BuildPlan) -> None:
    """Stand-in for ``prom/prometheus``: Debian's Prometheus server on 9090.

    Without the ``prometheus`` package on the host, a minimal stand-in (busybox
    httpd answering ``/metrics``, ``/-/healthy``, ``/-/ready``) is built instead,
    and a note says so.
    """
    if not Path(PROMETHEUS_BIN).exists():
        prometheus_minimal(plan)
        return
    base(plan)
    plan.binary(PROMETHEUS_BIN, "prometheus", dest="/bin/prometheus")
    plan.binary("/usr/bin/promtool", "prometheus", dest="/bin/promtool")
    plan.tree("/usr/share/prometheus/web", "prometheus",
              exclude=("data", "src", "test", "tests"))
    plan.asset("/etc/prometheus/prometheus.yml", "prometheus/prometheus.yml")
    plan.directory("/etc/prometheus/consoles")
    plan.directory("/etc/prometheus/console_libraries")
    plan.directory("/prometheus", uid=65534)
    plan.dockerfile += ["USER nobody", "EXPOSE 9090", "VOLUME /prometheus", "WORKDIR /prometheus"]
    _cmd(plan, ["/bin/prometheus"], [
        "--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus",
        "--web.console.libraries=/etc/prometheus/console_libraries",
        "--web.console.templates=/etc/prometheus/consoles",
    ])


def prometheus_minimal(plan: BuildPlan) -> None:
    """Last-resort ``prom/prometheus`` stand-in: busybox httpd on 9090 with static answers."""
    base(plan)
    plan.notes.append("remplaçant minimal (busybox httpd) : installez le paquet Debian "
                      "prometheus pour un vrai serveur Prometheus")
    www = "/usr/share/prometheus-minimal"
    plan.text(f"{www}/metrics", "# HELP prometheus_build_info Remplaçant minimal docker-lab.\n"
              "# TYPE prometheus_build_info gauge\n"
              'prometheus_build_info{version="docker-lab-minimal"} 1\n')
    plan.text(f"{www}/-/healthy", "Prometheus Server is Healthy.\n")
    plan.text(f"{www}/-/ready", "Prometheus Server is Ready.\n")
    plan.text(f"{www}/api/v1/targets", '{"status":"success","data":{"activeTargets":[]}}\n')
    plan.text(f"{www}/index.html", "<h1>Prometheus (remplaçant minimal docker-lab)</h1>\n")
    plan.asset("/etc/prometheus/prometheus.yml", "prometheus/prometheus.yml")
    plan.dockerfile += ["EXPOSE 9090", "STOPSIGNAL SIGKILL"]
    _cmd(plan, ["/bin/httpd", "-f", "-p", "9090", "-h", www], [])


def alpine(plan: BuildPlan) -> None:
    """Stand-in for ``alpine``: a busybox shell image (no apk).

    Like Alpine's busybox, ``nc -z`` works (``mon-api`` is built on it and uses it).
    """
    base(plan, busybox_skip=LAB_SKIP)
    netcat(plan)
    plan.text("/etc/os-release",
              'NAME="docker-lab busybox"\nID=busybox\nPRETTY_NAME="Remplaçant docker-lab '
              'de l\'image alpine (busybox, sans apk)"\n')
    _cmd(plan, None, ["/bin/sh"])
