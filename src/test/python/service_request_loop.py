"""A client that never logs in but sends an ssh-userauth SERVICE_REQUEST every second (issue 13, item 2).

usage: service_request_loop.py HOST PORT SOURCE_ADDRESS SECONDS

Prints "closed by server after N requests" when the server ends the connection, or
"still open after N requests" when SECONDS have passed.
"""
import logging
import socket
import sys
import time

import paramiko

# paramiko logs a refused connection with a traceback on stderr; the refusals are what is being counted
logging.getLogger("paramiko").setLevel(logging.CRITICAL)
from paramiko.common import MSG_SERVICE_REQUEST
from paramiko.message import Message

HOST, PORT, SOURCE, SECONDS = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])

sock = socket.create_connection((HOST, PORT), timeout=30, source_address=(SOURCE, 0))
t = paramiko.Transport(sock)
t.start_client(timeout=30)
deadline = time.time() + SECONDS
sent = 0
while time.time() < deadline and t.is_active():
    m = Message()
    m.add_byte(bytes([MSG_SERVICE_REQUEST]))
    m.add_string("ssh-userauth")
    try:
        t._send_message(m)
    except (paramiko.SSHException, EOFError, OSError):
        break
    sent += 1
    time.sleep(1)
time.sleep(0.5)
print(("still open" if t.is_active() else "closed by server") + " after %d requests" % sent, flush=True)
t.close()
