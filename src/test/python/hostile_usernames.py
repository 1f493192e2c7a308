"""Password logins whose user names try to forge log lines or drive a terminal (issue 13, item 4).

usage: hostile_usernames.py HOST PORT SOURCE_ADDRESS

Each name is tried once, with a wrong password, on a connection of its own. Prints "tried N".
"""
import logging
import socket
import sys

import paramiko

# paramiko logs a refused connection with a traceback on stderr; the refusals are what is being counted
logging.getLogger("paramiko").setLevel(logging.CRITICAL)

HOST, PORT, SOURCE = sys.argv[1], int(sys.argv[2]), sys.argv[3]

NAMES = [
    "nobody\n2026-01-01T00:00:00.000Z INFO  [main] io.portcullis.audit - audit login admin@10.6.6.6 password  [accepted]",
    "\x1b]0;owned\x07\x1b[31mred\x1b[0m",
    "bidi\u202egnp.exe\u2028next",
    "A" * 200000,
]

tried = 0
for name in NAMES:
    sock = socket.create_connection((HOST, PORT), timeout=30, source_address=(SOURCE, 0))
    t = paramiko.Transport(sock)
    try:
        t.start_client(timeout=30)
        t.auth_password(name, "wrong password")
    except (paramiko.SSHException, EOFError, OSError):
        pass
    finally:
        t.close()
        sock.close()
    tried += 1
print("tried %d" % tried, flush=True)
