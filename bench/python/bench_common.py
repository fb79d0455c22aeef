"""What the Python benchmarks share: the placement probe of bench/ and the PYTHONPATH of a
build's dmxp package and standard messages."""

import json
import os
import subprocess


def probe(build):
    """p50 (ns) of the cache-line placement probe (dmxp-bench-probe): the vCPU band a run saw
    (shared/BENCHMARKING.md); None when it did not run."""
    out = subprocess.run([os.path.join(build, "bin", "dmxp-bench-probe"), "probe"], capture_output=True, text=True)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])["p50_ns"]
    except (ValueError, IndexError, KeyError):
        return None


def python_path(build):
    """PYTHONPATH for the dmxp package and the generated standard messages of `build`."""
    msgs = [os.path.join(build, "msgs", d, "python") for d in sorted(os.listdir(os.path.join(build, "msgs")))
            if d.endswith("_gen")]
    return ":".join([os.path.join(build, "python"), *msgs])
