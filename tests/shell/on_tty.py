#!/usr/bin/env python3
"""Runs a command with its standard output on a pseudo-terminal, as at a
real terminal, and prints what the terminal received (line ends as \\n).
Usage: on_tty.py COMMAND [ARG...]"""
import os
import pty
import sys


def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the other end closed: the command is done
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode().replace("\r\n", "\n"))
    sys.exit(os.waitstatus_to_exitcode(status))


main()
