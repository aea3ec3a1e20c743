"""A real Virtuoso (Debian's `virtuoso-opensource`) on 127.0.0.1 with its own database folder, for tests.

The packaged ``virtuoso.ini`` is copied with every file moved into the test's folder (the
database and the temporary database need different names), the SQL and HTTP ports set to free
ones, and the folder allowed for bulk loading. The account is Virtuoso's default ``dba``/``dba``.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from .oxigraph_server import free_port

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER, PASSWORD = "dba", "dba"


def available() -> bool:
    """Whether Debian's Virtuoso is installed (tests/run.sh installs it)."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt") and PACKAGED_INI.is_file())


class VirtuosoServer:
    """`virtuoso-t -f` over a fresh database in ``folder``, waited for, stopped by :meth:`stop`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port, http_port = free_port(), free_port()
        ini = configparser.ConfigParser(interpolation=None, strict=False, inline_comment_prefixes=(";",))
        ini.optionxform = str
        ini.read(PACKAGED_INI)
        for section, name in (("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")):
            for key, suffix in (("DatabaseFile", "db"), ("TransactionFile", "trx"), ("ErrorLogFile", "log"),
                                ("LockFile", "lck"), ("xa_persistent_file", "pxa")):
                ini[section][key] = str(folder / f"{name}.{suffix}")
        ini["Parameters"]["ServerPort"] = f"127.0.0.1:{self.sql_port}"
        ini["Parameters"]["DirsAllowed"] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
        ini["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
        config = folder / "virtuoso.ini"
        with config.open("w") as handle:
            ini.write(handle)
        self.process = subprocess.Popen(["virtuoso-t", "-f", "-c", str(config)], cwd=folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{http_port}"
        self.query = f"{self.base}/sparql"
        self.graph_store = f"{self.base}/sparql-graph-crud-auth"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.query, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:] if (
                    folder / "virtuoso.log").exists() else ""
                self.stop()
                raise RuntimeError(f"virtuoso did not start:\n{log}")
            time.sleep(0.2)

    def sql(self, statements: str) -> str:
        """Run SQL through ``isql-vt`` as dba; returns what it printed."""
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", USER, PASSWORD, f"exec={statements}"],
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file (in this server's folder) with Virtuoso's bulk loader, keeping its graphs."""
        self.sql(f"ld_dir('{nquads.parent}', '{nquads.name}', 'urn:eujgraph:unused'); rdf_loader_run(); checkpoint;")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
