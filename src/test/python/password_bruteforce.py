"""Password guessing from one source address with paramiko, as a brute-force tool does (issue 13, item 2).

usage: password_bruteforce.py HOST PORT SOURCE_ADDRESS USER ATTEMPTS

paramiko sends a fresh ssh-userauth SERVICE_REQUEST before every attempt; each connection is used
until the server closes it. Prints one line per connection, "conn N answered A", where A is how many
wrong passwords the server answered on it ("refused" when the server would not take an attempt at
all), and at the end "answered TOTAL before-first-refusal B" (B is -1 if never refused).
"""
import logging
import socket
import sys

import paramiko

# paramiko logs a refused connection with a traceback on stderr; the refusals are what is being counted
logging.getLogger("paramiko").setLevel(logging.CRITICAL)

HOST, PORT, SOURCE, USER, ATTEMPTS = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])

answered = 0
before_refusal = -1
sent = 0
conn = 0
while sent < ATTEMPTS:
    conn += 1
    on_this = 0
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((SOURCE, 0))
        sock.settimeout(30)
        sock.connect((HOST, PORT))
        t = paramiko.Transport(sock)
        t.start_client(timeout=30)
        while sent < ATTEMPTS and t.is_active():
            sent += 1
            try:
                t.auth_password(USER, "guess-%d" % sent)
                print("conn %d logged in with a wrong password" % conn, flush=True)
                sys.exit(3)
            except paramiko.AuthenticationException:
                on_this += 1
                answered += 1
            except (paramiko.SSHException, EOFError, OSError):
                break
        t.close()
    except (paramiko.SSHException, EOFError, OSError):
        pass
    finally:
        sock.close()
    if on_this == 0:
        sent += 1  # a refused connection is an attempt the attacker did not get to make
        if before_refusal < 0:
            before_refusal = answered
        print("conn %d refused" % conn, flush=True)
    else:
        print("conn %d answered %d" % (conn, on_this), flush=True)
print("answered %d before-first-refusal %d" % (answered, before_refusal), flush=True)
