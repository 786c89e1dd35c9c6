"""Pytest fixtures: a throw-away PostgreSQL/PostGIS server per session and a fresh database per test."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

MISSING = (
    "PostgreSQL tests need Debian's postgresql and postgresql-15-postgis-3: "
    "sudo apt-get install postgresql postgresql-15-postgis-3"
)


def bindir() -> Path | None:
    """The directory of initdb and pg_ctl: ``pg_config --bindir``, else the newest Debian install."""
    found = []
    if shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
            found.append(Path(out.stdout.strip()))
    found += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    return next((d for d in found if (d / "initdb").exists() and (d / "pg_ctl").exists()), None)


def has_postgis(bin_dir: Path) -> bool:
    """Whether the postgis extension is installed for the server in ``bin_dir``."""
    version = bin_dir.parent.name  # /usr/lib/postgresql/15/bin
    sharedirs = [Path(f"/usr/share/postgresql/{version}/extension")]
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(
            [str(bin_dir / "pg_config"), "--sharedir"], capture_output=True, text=True, check=True
        )
        sharedirs.append(Path(out.stdout.strip()) / "extension")
    return any((d / "postgis.control").exists() for d in sharedirs)


def _unavailable(reason: str) -> None:
    # on CI the tests must run: a missing server is a broken set-up, not a reason to skip
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the PostgreSQL tests may not be skipped)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A PostgreSQL server in a temporary directory, trusting local connections, on a free port."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="regionmap-pg-"))
        self.data = self.dir / "data"
        self.sockets = self.dir / "sock"
        self.sockets.mkdir()
        self.port = free_port()
        # initdb and postgres refuse to run as root: run them as the postgres user, who owns the dir
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (self.dir, self.sockets):
                os.chown(path, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True)

    def start(self) -> None:
        """initdb and start; the server listens on 127.0.0.1:port and a private socket directory."""
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = (f"-k {self.sockets} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")  # fmt: skip
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its directory."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A URL of one of the server's databases."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        """A new database's URL: empty, or a copy of the database ``template`` (a name, idle)."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A running PostgreSQL server with PostGIS for the whole session (skipped if not installed)."""
    bin_dir = bindir()
    if bin_dir is None or not has_postgis(bin_dir):
        _unavailable(MISSING)
    assert bin_dir is not None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("PostgreSQL tests need psycopg: pip install -e '.[test]'")
    server = Server(bin_dir)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = server.dir / "log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        server.stop()
        pytest.fail(f"PostgreSQL did not start: {exc.stderr or exc}\n{detail}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """A fresh database with the regionmap schema, for one test."""
    from regionmap import pg_schema

    url = pg_server.create_database()
    pg_schema.init(url)
    return url


@pytest.fixture(scope="session")
def pg_curated_template(pg_server: Server) -> str:
    """The name of a database with the schema and the curated data imported (``data/``), to copy."""
    from regionmap import pg_schema
    from regionmap.store_pg import import_curated

    url = pg_server.create_database()
    pg_schema.init(url)
    import_curated(url, Path(__file__).resolve().parents[1] / "data")
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_curated_url(pg_server: Server, pg_curated_template: str) -> str:
    """A fresh database with the schema and the curated data, for one test (a copy: import once)."""
    return pg_server.create_database(template=pg_curated_template)
