"""Mutated pre-authentication SSH input, one TCP connection per input (issue 13, items 5 and 6).

usage: preauth_fuzz.py HOST PORT COUNT [SOURCE_ADDRESS] [SEED] [WAIT_SECONDS]

Each input is one of: a mutated identification line, a valid identification followed by a mutated
KEXINIT, a KEXINIT that agrees with the server followed by a key-exchange init carrying a garbage
public key, or a packet with an impossible length. The program reads what the server answers for a
moment and closes; it prints one summary line: inputs sent and how many connections the server closed
itself (by EOF) within the wait.
"""
import random
import socket
import struct
import sys

HOST, PORT, COUNT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
SOURCE = sys.argv[4] if len(sys.argv) > 4 else None
rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 13)
WAIT = float(sys.argv[6]) if len(sys.argv) > 6 else 0.3

KEX = ["mlkem768x25519-sha256", "sntrup761x25519-sha512", "curve25519-sha256", "curve25519-sha256@libssh.org"]
IDENT = b"SSH-2.0-fuzz_1.0\r\n"


def string(b):
    return struct.pack(">I", len(b)) + b


def packet(payload, pad=None):
    padding = 8 - (len(payload) + 5) % 8
    if padding < 4:
        padding += 8
    return struct.pack(">IB", len(payload) + 1 + padding, padding) + payload + bytes(padding)


def namelists(kex, hostkey=b"ssh-ed25519,rsa-sha2-256", cipher=b"aes128-ctr", mac=b"hmac-sha2-256-etm@openssh.com"):
    return [kex, hostkey, cipher, cipher, mac, mac, b"none", b"none", b"", b""]


def kexinit(lists, follows=0):
    return bytes([20]) + rng.randbytes(16) + b"".join(string(l) for l in lists) + bytes([follows]) + bytes(4)


def junk(n):
    return bytes(rng.randrange(256) for _ in range(n))


def mutate(data, n):
    b = bytearray(data)
    for _ in range(n):
        if not b:
            break
        i = rng.randrange(len(b))
        choice = rng.randrange(4)
        if choice == 0:
            b[i] = rng.randrange(256)
        elif choice == 1:
            b[i:i] = junk(rng.randrange(1, 32))
        elif choice == 2:
            del b[i:i + rng.randrange(1, 8)]
        else:
            b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def ident_input():
    kind = rng.randrange(6)
    if kind == 0:
        return junk(rng.randrange(1, 300)) + b"\r\n"
    if kind == 1:
        return b"SSH-2.0-" + b"A" * rng.randrange(250, 70000) + b"\r\n"
    if kind == 2:
        return b"".join(junk(rng.randrange(1, 200)) + b"\r\n" for _ in range(rng.randrange(1, 60))) + IDENT
    if kind == 3:
        return b"SSH-1.5-old\r\n"
    if kind == 4:
        return mutate(IDENT, rng.randrange(1, 6))
    return b"SSH-2.0-" + junk(rng.randrange(1, 400)).replace(b"\n", b"") + b"\r\n"


def kexinit_input():
    lists = namelists(b",".join(k.encode() for k in KEX))
    kind = rng.randrange(6)
    if kind == 5:
        lists[rng.randrange(10)] = b"x" * rng.randrange(100000, 250000)
    elif kind == 0:
        lists[rng.randrange(10)] = junk(rng.randrange(1, 3000))
    elif kind == 1:
        lists = [b",".join(junk(rng.randrange(1, 40)) for _ in range(rng.randrange(1, 400))) for _ in range(10)]
    elif kind == 2:
        lists[0] = b"diffie-hellman-group1-sha1"
    elif kind == 3:
        return IDENT + mutate(packet(kexinit(lists)), rng.randrange(1, 10))
    else:
        lists[rng.randrange(10)] = b"\x1b]0;owned\x07\n" + junk(64)
    return IDENT + packet(kexinit(lists))


def garbage_key_input():
    kex = rng.choice(KEX).encode()
    key = junk(rng.choice([0, 1, 31, 32, 33, 1000, 1216, 1217, 1190, 4000]))
    return IDENT + packet(kexinit(namelists(kex))) + packet(bytes([30]) + string(key))


def bad_length_input():
    length = rng.choice([0, 1, 0xFFFFFFFF, 256 * 1024 + 1, 35000 * 10, 0x80000000])
    return IDENT + struct.pack(">I", length) + junk(rng.randrange(1, 64))


KINDS = [ident_input, kexinit_input, garbage_key_input, bad_length_input]

closed = 0
for n in range(COUNT):
    data = KINDS[n % len(KINDS)]()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    try:
        if SOURCE and SOURCE != "-":
            s.bind((SOURCE, 0))
        s.settimeout(5)
        s.connect((HOST, PORT))
        s.settimeout(WAIT)
        try:
            s.sendall(data)
        except OSError:
            pass
        try:
            while True:
                got = s.recv(65536)
                if not got:
                    closed += 1
                    break
        except OSError:
            pass
    except OSError:
        pass
    finally:
        s.close()
print("inputs %d closed-by-server %d" % (COUNT, closed))
