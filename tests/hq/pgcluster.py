"""A throwaway PostgreSQL cluster for the headquarters tests: initdb and pg_ctl in a
temporary folder, reached through a Unix socket in that folder (no TCP port is
opened).  As root, the server runs as the ``postgres`` system user (runuser)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14, 13)]
PORT = 54329


def bin_dir() -> Path | None:
    """The server binaries (Debian's layout), or initdb on PATH; None when absent."""
    for folder in BIN_DIRS:
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    def __init__(self, root: Path, binaries: Path):
        self.root, self.bin = root, binaries
        self.data = root / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(root, "postgres", "postgres")
        self.superuser = "postgres" if self.as_user else os.environ.get("USER", "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True)

    def start(self, *, fsync: bool = False) -> None:
        """Start the server (``fsync`` off for tests: a crash of a throwaway cluster loses nothing)."""
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.superuser,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        options = (f"-k {self.root} -p {PORT} -c listen_addresses='' -c fsync={'on' if fsync else 'off'} "
                   "-c max_connections=60 -c shared_buffers=32MB")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                  "-l", str(self.root / "server.log"), "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        return f"postgresql://{user or self.superuser}@/{database}?host={self.root}&port={PORT}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)
