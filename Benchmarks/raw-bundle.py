#!/usr/bin/env python3
"""The switch's own limit for one atomic bundle, to compare `ofctl --bundle add-flows` with.

FLOW_MODs encoded before the clock starts (one hex message per line, as `ofctl parse-flows --hex`
prints them) are sent as one atomic, ordered OpenFlow 1.4 bundle over a bridge's management
socket, as fast as the socket takes them: HELLO, OPEN, one ADD per message, CLOSE, COMMIT. The
clock runs from connecting to the COMMIT reply, as a command's wall time would.

    raw-bundle.py SOCKET HEXFILE     prints the seconds; exits 1 if the switch refused anything
"""
import socket
import struct
import sys
import time

VERSION, HELLO, ERROR, BUNDLE_CONTROL, BUNDLE_ADD = 5, 0, 1, 33, 34
OPEN, CLOSE, COMMIT, COMMIT_REPLY = 0, 2, 4, 5
ATOMIC_ORDERED = 3
BUNDLE_ID = 1


def header(kind, length, xid):
    return struct.pack("!BBHI", VERSION, kind, length, xid)


def control(kind, xid):
    body = struct.pack("!IHH", BUNDLE_ID, kind, ATOMIC_ORDERED)
    return header(BUNDLE_CONTROL, 8 + len(body), xid) + body


def add(message):
    # OVS requires the ADD's xid to be its message's.
    xid = struct.unpack("!I", message[4:8])[0]
    body = struct.pack("!IHH", BUNDLE_ID, 0, ATOMIC_ORDERED) + message
    return header(BUNDLE_ADD, 8 + len(body), xid) + body


def main():
    path, hex_file = sys.argv[1], sys.argv[2]
    with open(hex_file) as lines:
        messages = [bytes.fromhex(line.strip()) for line in lines if line.strip()]
    count = len(messages)
    stream = b"".join(
        [header(HELLO, 8, 0), control(OPEN, 0x7FFF0001)]
        + [add(m) for m in messages]
        + [control(CLOSE, 0x7FFF0002), control(COMMIT, 0x7FFF0003)]
    )
    start = time.monotonic()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.sendall(stream)
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("the switch closed the connection before COMMIT's reply")
        received += chunk
        while len(received) >= 8:
            _, kind, length, xid = struct.unpack("!BBHI", received[:8])
            if len(received) < length:
                break
            message, received = received[:length], received[length:]
            if kind == ERROR:
                code = struct.unpack("!HH", message[8:12])
                sys.exit(f"the switch refused xid {xid:#x}: error type {code[0]} code {code[1]}")
            if kind == BUNDLE_CONTROL and struct.unpack("!H", message[12:14])[0] == COMMIT_REPLY:
                print(f"{time.monotonic() - start:.3f}")
                print(f"{count} flow mods committed", file=sys.stderr)
                return


main()
