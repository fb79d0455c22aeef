"""dmxp-launch from Python: the launcher the wheel bundles (dmxp/bin/dmxp-launch).

    dmxp-launch graph.yaml            # the console script pip installs
    python -m dmxp.launch graph.yaml  # the same

Forwards its arguments to the launcher, so every option of launch/README.md works. A
Python-only user starts a graph of Python nodes with it; C++ nodes and components need their
own executables (and dmxp-container, which the wheel does not carry).
"""

import os
import sys

from ._programs import find_program


def main(argv=None):
    """The dmxp-launch console script and python -m dmxp.launch: runs the launcher with argv."""
    argv = sys.argv[1:] if argv is None else argv
    launcher = find_program("dmxp-launch", "DMXP_LAUNCH")
    if launcher is None:
        print("dmxp-launch: the launcher was not found: expected it in the dmxp wheel (dmxp/bin/dmxp-launch), "
              "on PATH (an installed DMXP), or named by $DMXP_LAUNCH", file=sys.stderr)
        return 127
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(launcher, [launcher, *argv])


if __name__ == "__main__":
    sys.exit(main())
