#!/usr/bin/python3
"""A real SMTP server on loopback for tests (Debian's python3-aiosmtpd).

Usage: smtp_sink.py PORT FOLDER. Each accepted message is written to FOLDER as <n>.eml. While FOLDER/fail
exists, every message is refused with a temporary failure (451), as a server that is down for a while would.
Prints "ready" once it listens; stops on SIGTERM.
"""
import asyncio
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.folder, "fail")):
            return "451 4.3.0 Temporary failure, try again later"
        with self.lock:
            self.count += 1
            path = os.path.join(self.folder, f"{self.count}.eml")
        with open(path + ".part", "wb") as out:
            out.write(envelope.content)
        os.rename(path + ".part", path)
        return "250 OK"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
