"""Checks that an installed DMXP prefix holds everything a user's project needs, derived from
the source tree (so a new message, node or header is checked without editing this file):

  - every standard package's .msg, .srv, .action and dmxp_package.yaml (msgs/), byte for byte, under
    share/dmxp/msgs: dmxp_add_standard_messages() generates from them;
  - a layout descriptor for every message type of the standard packages, the runtime's and
    the reusable nodes' (a .srv: <Service>_Request and _Response; a .action: its eight types),
    under share/dmxp/types,
    where the installed launcher looks up declared topics' types;
  - every public header of every framework library (framework/<lib>/include: the transport,
    the runtime, the CDR codec, the transform tree; dmxp/internal is DMXP's own and must NOT
    be installed);
  - the CMake package (config, version, the export set of every component, DmxpMessages.cmake),
    dmxp.pc, and the transform tree's static library (find_package(dmxp COMPONENTS tf));
  - the programs: dmxp, dmxp-launch, dmxp-msgc, dmxp-container, dmxp-foxglove (with its
    dashboard's files under share/dmxp/foxglove/web), and for each reusable node
    (dmxp_add_node in nodes/CMakeLists.txt) dmxp-node-<name>, libdmxp_node_<name>.so and
    the launcher's package entry share/dmxp/packages/dmxp_nodes/<name>.

Usage: check_complete.py <source-dir> <prefix>. Prints every problem; exit 1 if any.
"""

import os
import re
from pathlib import Path

import check_runner


def message_sources(root):
    return sorted(p for p in root.rglob("*") if p.suffix in (".msg", ".srv", ".action"))


ACTION_PARTS = ("Goal", "Result", "Feedback", "SendGoal_Request", "SendGoal_Response",
                "GetResult_Request", "GetResult_Response", "FeedbackMessage")


def descriptor_names(source):
    """<pkg>/msg/<Type>.json for each type a .msg, .srv or .action file defines."""
    pkg = source.parent.parent.name
    if source.suffix == ".srv":
        return [f"{pkg}/msg/{source.stem}_{part}.json" for part in ("Request", "Response")]
    if source.suffix == ".action":
        return [f"{pkg}/msg/{source.stem}_{part}.json" for part in ACTION_PARTS]
    return [f"{pkg}/msg/{source.stem}.json"]


def main(source_dir, prefix):
    src, prefix = Path(source_dir), Path(prefix)
    problems = []
    configs = list(prefix.glob("**/cmake/dmxp/dmxpConfig.cmake"))
    if len(configs) != 1:
        return [f"expected one dmxpConfig.cmake under {prefix}, found {len(configs)}"]
    cmake_dir = configs[0].parent
    libdir = cmake_dir.parent.parent

    msgs = src / "msgs"
    installed_msgs = prefix / "share/dmxp/msgs"
    for f in sorted(message_sources(msgs) + list(msgs.rglob("dmxp_package.yaml"))):
        rel = f.relative_to(msgs)
        there = installed_msgs / rel
        if not there.is_file():
            problems.append(f"missing share/dmxp/msgs/{rel}")
        elif there.read_bytes() != f.read_bytes():
            problems.append(f"share/dmxp/msgs/{rel} differs from msgs/{rel}")

    types = prefix / "share/dmxp/types"
    for root in (msgs, src / "framework/rt/msg", src / "nodes/msg"):
        for f in message_sources(root):
            for name in descriptor_names(f):
                if not (types / name).is_file():
                    problems.append(f"missing share/dmxp/types/{name} (from {f.relative_to(src)})")

    for include_root in sorted(src.glob("framework/*/include")):
        for h in sorted(include_root.rglob("*.h*")):
            rel = h.relative_to(include_root)
            installed = (prefix / "include" / rel).is_file()
            if "internal" in rel.parts and installed:
                problems.append(f"include/{rel} is DMXP's own and must not be installed")
            elif "internal" not in rel.parts and not installed:
                problems.append(f"missing include/{rel}")

    for name in ("dmxpConfig.cmake", "dmxpConfigVersion.cmake", "dmxpTargets.cmake",
                 "dmxpRtTargets.cmake", "dmxpWireTargets.cmake", "dmxpTfTargets.cmake", "DmxpMessages.cmake"):
        if not (cmake_dir / name).is_file():
            problems.append(f"missing {cmake_dir.relative_to(prefix)}/{name}")
    if not (libdir / "libdmxp_tf.a").is_file():
        problems.append(f"missing {libdir.relative_to(prefix)}/libdmxp_tf.a")
    if not (libdir / "pkgconfig/dmxp.pc").is_file():
        problems.append(f"missing {libdir.relative_to(prefix)}/pkgconfig/dmxp.pc")

    def executable(path):
        return path.is_file() and os.access(path, os.X_OK)

    programs = ["dmxp", "dmxp-launch", "dmxp-msgc", "dmxp-container", "dmxp-foxglove"]
    for page in ("index.html", "dashboard.js", "dashboard.css", "vendor/uplot/uPlot.iife.min.js", "vendor/uplot/LICENSE"):
        if not (prefix / "share/dmxp/foxglove/web" / page).is_file():
            problems.append(f"missing share/dmxp/foxglove/web/{page} (dmxp-foxglove's dashboard)")
    nodes = re.findall(r"^dmxp_add_node\((\w+) ", (src / "nodes/CMakeLists.txt").read_text(), re.M)
    if not nodes:
        problems.append("no dmxp_add_node(...) found in nodes/CMakeLists.txt")
    for node in nodes:
        exe = "dmxp-node-" + node.replace("_", "-")
        programs.append(exe)
        if not (libdir / f"libdmxp_node_{node}.so").is_file():
            problems.append(f"missing {libdir.relative_to(prefix)}/libdmxp_node_{node}.so")
        entry = prefix / "share/dmxp/packages/dmxp_nodes" / node
        if not executable(entry.resolve()) or entry.resolve() != (prefix / "bin" / exe).resolve():
            problems.append(f"share/dmxp/packages/dmxp_nodes/{node} does not lead to bin/{exe}")
    for p in programs:
        if not executable(prefix / "bin" / p):
            problems.append(f"missing bin/{p}")
    return problems


if __name__ == "__main__":
    check_runner.run(main, __doc__, 2)
