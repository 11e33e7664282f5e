"""What the checks of kring server share (server_check.py, oidc_check.py):
free ports on loopback, a role of its own for the server, a certificate
of the run."""
import os
import socket
import subprocess
import time

import store_db


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port):
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def server_role(kring, db, schema):
    """A database role for kring server, given its rights by `kring db
    grant`: the role, and DB's address connecting as it. The grant's
    result, to be checked."""
    role = f"{schema}_srv"[:63]
    store_db.sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles "
                 f"WHERE rolname = '{role}') THEN CREATE ROLE {role}; "
                 "END IF; END $$")
    r = subprocess.run([kring, "--db", db, "db", "grant", role],
                       capture_output=True, text=True)
    served = db.replace("kring.schema%3D", f"role%3D{role}%20-c%20"
                        "kring.schema%3D")
    return role, served, r


def certificate(tmp):
    """A certificate of this run for 127.0.0.1 and its key (mode 600)."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)
    return cert, key
