"""run.py's stage_breakdown (the ctest bench.bridge_stages): stage traces of a bridged ping-pong,
written the way dmxp-bridge-traced and the peers write them, give exactly the segment times
they contain, also when a thread records a stage late and when the first pings found no route."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

# One-way offsets (ns after the send) of the chain's stages, the same both ways: publish ->
# commit 100, -> export read 2000, -> encoded 500, -> written 7000, -> listener 12000, ->
# decoded 400, -> subscriber 5000.
FORWARD = [("ping", "ping.sent", 0), ("A", "export.commit", 100), ("A", "export.seen", 2100),
           ("A", "export.encoded", 2600), ("A", "export.written", 9600), ("B", "import.callback", 21600),
           ("B", "import.decoded", 22000), ("B", "import.committed", 23000), ("pong", "pong.received", 27000)]
BACKWARD = [("pong", "pong.sent", 0), ("B", "export.commit", 100), ("B", "export.seen", 2100),
            ("B", "export.encoded", 2600), ("B", "export.written", 9600), ("A", "import.callback", 21600),
            ("A", "import.decoded", 22000), ("A", "import.committed", 23000), ("ping", "ping.received", 27000)]
EXPECTED = [100, 2000, 500, 7000, 12000, 400, 5000]


class StageBreakdown(unittest.TestCase):
    def breakdown(self, events, warmup=0):
        with tempfile.TemporaryDirectory() as d:
            files = {role: os.path.join(d, role) for role in ("A", "B", "ping", "pong")}
            for role, path in files.items():
                with open(path, "w") as f:
                    f.write(f"# thread {role}.stage thread-{role}\n")
                    for r, stage, ns in events:
                        if r == role:
                            f.write(f"{stage} {ns}\n")
            return run.stage_breakdown(files, warmup)

    def trips(self, n, start=1_000_000, period=100_000):
        events = []
        for i in range(n):
            t0 = start + i * period
            events += [(r, s, t0 + dt) for r, s, dt in FORWARD]
            events += [(r, s, t0 + 30_000 + dt) for r, s, dt in BACKWARD]
        return events

    def test_every_segment_is_measured_both_ways(self):
        out = self.breakdown(self.trips(5))
        self.assertEqual(out["round_trips"], 5)
        self.assertEqual([s["p50_ns"] for s in out["stages"]][:7], EXPECTED)
        self.assertEqual(out["stages"][7]["p50_ns"], 1000)  # beside: the commit call
        self.assertEqual(out["one_way_p50_ns"], 27000)
        self.assertEqual(out["threads"]["A A.stage"], "thread-A")

    def test_a_stage_recorded_after_the_next_send_stays_with_its_trip(self):
        events = self.trips(3)
        # Trip 0's exporter records "written" only after the ping sent trip 1.
        events = [(r, s, 1_150_000) if (r, s, t) == ("A", "export.written", 1_009_600) else (r, s, t)
                  for r, s, t in events]
        out = self.breakdown(events)
        self.assertEqual(out["round_trips"], 3)
        # Trip 0 forward: encoded -> written 147400, written -> listener -128400; the others as
        # before, so the medians of the six values of each segment do not move.
        self.assertEqual([s["p50_ns"] for s in out["stages"]][:7], EXPECTED)

    def test_sends_before_the_route_existed_and_the_warmup_are_left_out(self):
        early = [("ping", "ping.sent", 200_000 + 1000 * i) for i in range(3)]
        out = self.breakdown(early + self.trips(4), warmup=1)
        self.assertEqual(out["round_trips"], 3)
        self.assertEqual([s["p50_ns"] for s in out["stages"]][:7], EXPECTED)

    def test_no_complete_trip_is_an_error(self):
        out = self.breakdown([("ping", "ping.sent", 1000)])
        self.assertEqual(out, {"error": "no complete round trip in the stage traces"})


if __name__ == "__main__":
    unittest.main()
