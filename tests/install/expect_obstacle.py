"""Checks the obstacle the new-user test's detector published, as the installed
`dmxp topic echo --json` decoded it from the channel's descriptor (one JSON object a line).

The graph (new_user_graph.yaml) puts one pillar of radius 0.5 m at (2, 0) in front of an
8-ray lidar whose rays start at -pi: ray 4 points straight ahead (angle_min + 4 * increment
is exactly 0 in float32) and hits the pillar's surface at 1.5 m, the nearest return.

Usage: expect_obstacle.py <echo-output> <frame_id>. Names every wrong field; exit 1 if any.
"""

import json
import math

import check_runner


def main(path, frame_id):
    lines = [line for line in open(path) if line.strip()]
    if len(lines) != 1:
        return [f"expected one echoed message, got {len(lines)}"]
    o = json.loads(lines[0])
    expected = {
        "beam": (o["beam"], 4, 0),
        "distance": (o["distance"], 1.5, 1e-5),
        "angle": (o["angle"], 0.0, 1e-7),
        "position.x": (o["position"]["x"], 1.5, 1e-5),
        "position.y": (o["position"]["y"], 0.0, 1e-7),
        "position.z": (o["position"]["z"], 0.0, 0),
    }
    problems = [f"{name}: {got!r}, expected {want!r}" for name, (got, want, tol) in expected.items()
                if not math.isclose(got, want, rel_tol=0, abs_tol=tol)]
    if o["header"]["frame_id"] != frame_id:
        problems.append(f"header.frame_id: {o['header']['frame_id']!r}, expected {frame_id!r} (the scan's)")
    if o["header"]["stamp"]["sec"] <= 0:
        problems.append(f"header.stamp: {o['header']['stamp']}, expected the scan's stamp")
    return problems


if __name__ == "__main__":
    check_runner.run(main, __doc__, 2)
