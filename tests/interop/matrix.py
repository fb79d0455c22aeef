"""The DMXP interop matrix: every ordered pair of participant languages, then queue mode with
consumers in three languages competing.

Each language has one participant program with the same command line:

  <participant> produce  --domain D --channel C --raw-id N --count K --seed S
      publishes K sensor_msgs/JointState messages on the typed channel C (slot size 8192,
      16 slots), message i filled by the shared rule below, then K raw messages on the
      numeric channel N; prints "sum <16 hex digits>": FNV-1a 64 over every byte it sent.
  <participant> consume  (same options)
      attaches to both channels, prints "ready", then receives and checks every message:
      each JointState field against the rule, each raw message's bytes and its checksum;
      prints "sum <hex>" over every byte it received (equal to the producer's: the whole
      6056-byte messages match, padding and unused capacity included). Exit 1 on a mismatch.
  <participant> queue-produce --domain D --channel C --count K --consumers M
      publishes K 4-byte little-endian indexes on the QUEUE channel C (256 slots), then M
      empty end markers.
  <participant> queue-consume --domain D --channel C --count K
      prints "ready", takes messages until an end marker, prints "took <n> <i,j,...>".

The rule for JointState message i with seed s (k = (i + s) % 4 + 1 joints):
  header.stamp = {sec: i, nanosec: s}, header.frame_id = "frame-<i>",
  name[j] = "joint-<j>-<i>", position[j] = i + j/4, velocity[j] = -(i + j/2),
  effort[j] = 1.5 j when i is even, else no efforts.
Raw message i: n = (13 i + s) % 120 + 1 bytes p[j] = (31 i + 7 j + s) & 0xff, sent as
FNV-1a 64 of p (8 bytes, little-endian) followed by p.

  <participant> bench --domain D --channel C --count K   (for bench/lang/run.py)
      prints "ready", busy-polls K 64-byte messages (bytes 0-7 a sequence number, 8-15
      CLOCK_MONOTONIC at send), prints "bench <K> <ns first to last> <p50 ns> <p99 ns>" of the
      one-way latency.

Usage: matrix.py --domain D --participants-file F [--count K]
                 [--queue-producer NAME --queue-consumers A,B,C]
(F: one NAME=COMMAND line per participant, as build_participants.sh writes it)
"""

import argparse
import os
import shlex
import subprocess
import sys
import threading

TIMEOUT = 60


class Run:
    """A participant process whose stdout lines a thread collects (so that waiting for
    "ready" and reading the rest never race on one buffered pipe)."""

    def __init__(self, command, mode, options):
        self.proc = subprocess.Popen(command + [mode] + options, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.first_line = threading.Event()
        self.reader = threading.Thread(target=self._read)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            self.first_line.set()
        self.first_line.set()

    def wait_ready(self):
        """True when the first line, within the time limit, is "ready"."""
        self.first_line.wait(TIMEOUT)
        return bool(self.lines) and self.lines[0].strip() == "ready"

    def finish(self):
        """(exit status, stdout, stderr); a process still running after the limit is killed."""
        try:
            self.proc.wait(timeout=TIMEOUT)
            err = self.proc.stderr.read()
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            err = self.proc.stderr.read() + f"\n(killed after {TIMEOUT} s)"
        self.reader.join()
        return self.proc.returncode, "".join(self.lines), err

    def kill(self):
        self.proc.kill()


def value(out, word):
    for line in out.splitlines():
        if line.startswith(word + " "):
            return line[len(word) + 1:]
    return None


def run_pair(participants, producer, consumer, domain, index, count):
    options = ["--domain", domain, "--channel", f"js_{producer}_{consumer}", "--raw-id", str(7000 + index),
               "--count", str(count), "--seed", str(index)]
    cons = Run(participants[consumer], "consume", options)
    if not cons.wait_ready():
        cons.kill()
        return False, f"{consumer} consumer did not get ready: {cons.finish()[2].strip()}"
    prc, pout, perr = Run(participants[producer], "produce", options).finish()
    crc, cout, cerr = cons.finish()
    if prc or crc:
        return False, f"exit {prc}/{crc}: {perr.strip()} {cerr.strip()}".strip()
    sent, received = value(pout, "sum"), value(cout, "sum")
    if sent is None or sent != received:
        return False, f"sums differ: sent {sent}, received {received}"
    return True, ""


def run_queue(participants, producer, consumers, domain, count):
    options = ["--domain", domain, "--channel", "queue", "--count", str(count)]
    procs = [Run(participants[c], "queue-consume", options) for c in consumers]
    if not all(p.wait_ready() for p in procs):
        for p in procs:
            p.kill()
        return False, "a queue consumer did not get ready: " + " ".join(p.finish()[2].strip() for p in procs)
    prc, _, perr = Run(participants[producer], "queue-produce", options + ["--consumers", str(len(consumers))]).finish()
    results = [p.finish() for p in procs]
    if prc or any(r[0] for r in results):
        return False, " ".join([perr.strip()] + [r[2].strip() for r in results])
    seen, shares = [], []
    for name, (_, out, _) in zip(consumers, results):
        took = (value(out, "took") or "").split(" ", 1)
        indexes = [int(x) for x in took[1].split(",") if x] if len(took) > 1 else []
        if not took[0] or int(took[0]) != len(indexes):
            return False, f"{name} printed a malformed took line"
        if indexes != sorted(indexes):
            return False, f"{name} took its share out of order"
        seen += indexes
        shares.append(f"{name} {len(indexes)}")
    if sorted(seen) != list(range(count)):
        missing, dup = set(range(count)) - set(seen), len(seen) - len(set(seen))
        return False, f"{len(missing)} messages never taken, {dup} taken twice"
    return True, ", ".join(shares)


def read_participants(path):
    """{name: command as a list} from NAME=COMMAND lines, in file order."""
    participants = {}
    with open(path) as f:
        for line in filter(str.strip, f):
            name, _, command = line.strip().partition("=")
            participants[name] = shlex.split(command)
    return participants


def remove_domain(domain):
    for f in os.listdir("/dev/shm"):
        if f.startswith(f"dmxp.{domain}."):
            os.remove(os.path.join("/dev/shm", f))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", required=True)
    parser.add_argument("--participants-file", required=True, help="NAME=COMMAND lines")
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument("--queue-producer")
    parser.add_argument("--queue-consumers", default="")
    parser.add_argument("--queue-count", type=int, default=3000)
    a = parser.parse_args()
    participants = read_participants(a.participants_file)
    names = list(participants)
    failures = []
    cells = {}
    remove_domain(a.domain)
    try:
        index = 0
        for producer in names:
            for consumer in names:
                ok, why = run_pair(participants, producer, consumer, a.domain, index, a.count)
                cells[producer, consumer] = "ok" if ok else "FAIL"
                if not ok:
                    failures.append(f"{producer} -> {consumer}: {why}")
                index += 1
        width = max(len(n) for n in names) + 2
        print(f"{a.count} JointState + {a.count} raw messages per pair; rows produce, columns consume")
        print("".ljust(width) + "".join(n.ljust(width) for n in names))
        for producer in names:
            print(producer.ljust(width) + "".join(cells[producer, c].ljust(width) for c in names))
        if a.queue_producer:
            consumers = a.queue_consumers.split(",")
            ok, why = run_queue(participants, a.queue_producer, consumers, a.domain, a.queue_count)
            print(f"queue: {a.queue_producer} -> {' + '.join(consumers)}: {a.queue_count} messages, "
                  f"{'each taken exactly once' if ok else 'FAIL'} ({why})")
            if not ok:
                failures.append(f"queue: {why}")
    finally:
        remove_domain(a.domain)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
