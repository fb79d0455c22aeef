#!/usr/bin/env python3
"""Runs one documentation block as a test (ctest label "docs"), or checks that every block is
covered. The blocks and their programs come from generate.py (configure time).

    run_block.py --out <dir> --test <name>     run one block's test
    run_block.py --out <dir> --coverage                        every block: test, text, skip or error
    run_block.py --out <dir> --build-rust                      build the Rust blocks (a fixture)

Each run gets a domain of its own ($DMXP_TEST_DOMAIN_PREFIX + "doc" + pid), a temporary
working directory that looks like the repository (its entries are symlinks, `build` is the
build tree; files the block writes stay in it), the build tree's tools first on PATH and its
Python package on PYTHONPATH, and stdin from /dev/null. Afterwards its process group is killed
and the domain's segments are removed, so nothing is left behind.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import doc_blocks  # noqa: E402

SKIPPED = 77  # ctest SKIP_RETURN_CODE: a toolchain this machine lacks


class BlockFailed(Exception):
    pass


# ---------------------------------------------------------------- the place a block runs in

class Sandbox:
    """A private domain, a working directory shaped like the repository, and the environment."""

    def __init__(self, root: pathlib.Path, env_info: dict):
        self.root = root
        self.info = env_info
        self.domain = f"{os.environ.get('DMXP_TEST_DOMAIN_PREFIX', 't')}doc{os.getpid()}"
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="dmxp-doc-"))
        self._link_children(root, self.dir)
        (self.dir / "build").symlink_to(env_info["build"])
        build = pathlib.Path(env_info["build"])
        self.env = dict(os.environ)
        self.env.update({
            "DMXP_DOMAIN": self.domain,
            "PATH": os.pathsep.join([str(build / "bin"), str(pathlib.Path(env_info["python"]).parent),
                                     os.environ.get("PATH", "")]),
            "PYTHONPATH": os.pathsep.join(env_info["pythonpath"]),
            "PYTHONDONTWRITEBYTECODE": "1",
            "DMXP_NODE_ADDON": env_info.get("node_addon", ""),
            "NODE_PATH": env_info.get("node_path", ""),
        })
        self.env.pop("DMXP_SHM_DIR", None)
        self.placed: dict = {}  # file written for the block -> the Markdown file it came from

    def _link_children(self, src: pathlib.Path, dst: pathlib.Path) -> None:
        for child in src.iterdir():
            if child.name in (".git", "build") and src == self.root:
                continue
            (dst / child.name).symlink_to(child)

    def place(self, rel: str, text: str) -> pathlib.Path:
        """Writes a file at rel inside the sandbox; directories of the repository on its way
        become real directories (their other entries stay links), so the repository is
        never written to and the file sits beside the files it names."""
        path = self.dir
        for part in pathlib.PurePosixPath(rel).parts[:-1]:
            path = path / part
            if path.is_symlink():
                target = path.resolve()
                path.unlink()
                path.mkdir()
                self._link_children(target, path)
            path.mkdir(exist_ok=True)
        path = path / pathlib.PurePosixPath(rel).name
        self.placed[str(path)] = rel
        if path.is_symlink():
            path.unlink()
        path.write_text(text, encoding="utf-8")
        return path

    def relative_output(self, output: str, test: dict) -> str:
        """Output with the block's files named by their Markdown file (same line numbers) and
        sandbox paths made relative, as if run from the repository root."""
        for path in [test["source"], *self.placed]:
            output = output.replace(str(path), test["path"])
        return output.replace(str(self.dir) + "/", "")

    def close(self) -> list[str]:
        """Removes the directory and the domain's segments; returns the segments' names."""
        shutil.rmtree(self.dir, ignore_errors=True)
        left = sorted(p.name for p in pathlib.Path("/dev/shm").glob(f"dmxp.{self.domain}.*"))
        for name in left:
            try:
                os.unlink(f"/dev/shm/{name}")
            except FileNotFoundError:
                pass
        return left


def kill_group(p: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(p.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run(cmd: list[str], box: Sandbox, timeout: float, stop_after: float | None = None,
        env: dict | None = None, cwd: pathlib.Path | None = None) -> tuple[int, str]:
    """Runs cmd in its own process group; with stop_after, SIGINT goes to the whole group
    after that many seconds (Ctrl-C in a terminal). Returns (exit status, output)."""
    p = subprocess.Popen(cmd, cwd=cwd or box.dir, env=env or box.env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: p.stdout.read1(65536), b"")))
    reader.start()
    deadline = time.monotonic() + timeout
    try:
        if stop_after is not None:
            try:
                p.wait(timeout=stop_after)
            except subprocess.TimeoutExpired:
                kill_group(p, signal.SIGINT)
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            kill_group(p)
            p.wait()
            reader.join()
            raise BlockFailed(f"timed out after {timeout:g} s (raise it with <!-- doctest: timeout S -->, "
                              "or bound the command)\n" + b"".join(chunks).decode(errors="replace"))
    finally:
        kill_group(p)  # whatever the block left running in its group
    reader.join()
    return p.returncode, b"".join(chunks).decode(errors="replace")


class Graph:
    """dmxp-launch running a graph in the block's domain, until stop()."""

    def __init__(self, spec: str, box: Sandbox):
        words = spec.split()
        self.cmd = [str(pathlib.Path(box.info["build"]) / "bin" / "dmxp-launch"), words[0], *words[1:]]
        self.p = subprocess.Popen(self.cmd, cwd=box.dir, env=box.env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        self.lines: list[str] = []
        self.started = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.started.wait(60) or self.p.poll() is not None:
            output = self.stop()
            raise BlockFailed(f"the graph '{spec}' did not start (no 'processes started' line "
                              f"within 60 s):\n{output}")

    def _read(self) -> None:
        for raw in self.p.stdout:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            if "processes started" in line:
                self.started.set()

    def stop(self) -> str:
        if self.p.poll() is None:
            kill_group(self.p, signal.SIGINT)
            try:
                self.p.wait(20)
            except subprocess.TimeoutExpired:
                pass
        kill_group(self.p)
        self.p.wait()
        return "".join(self.lines)


# ---------------------------------------------------------------- one runner per language

def command_for(test: dict, box: Sandbox) -> list[str] | None:
    """The command that runs the block, or None when it was checked in-process."""
    lang, src = test["language"], test["source"]
    d = test["directives"]
    extra = d.get("args", "").split()
    md = test["path"]  # relative: the sandbox is shaped like the repository
    info = box.info
    if lang in ("cpp", "c"):
        return [test["program"], *extra]
    if lang == "python":
        boot = ("import sys; src, name = sys.argv[1], sys.argv[2]; sys.argv = [name] + sys.argv[3:]; "
                "code = compile(open(src, encoding='utf-8').read(), name, 'exec'); "
                "exec(code, {'__name__': '__main__', '__file__': name})")
        return [info["python"], "-c", boot, src, md, *extra]
    if lang == "bash":
        script = ('set -eEuo pipefail; trap \'echo "$0:$LINENO: error: this command failed (exit $?)" >&2\' ERR; '
                  'source "$1"')
        return ["bash", "--noprofile", "--norc", "-c", script, test["path"], src, *extra]
    if lang == "js":
        if not info.get("node"):
            raise SystemExit(SKIPPED)
        return [info["node"], src, *extra]
    if lang == "go":
        if not info.get("go"):
            raise SystemExit(SKIPPED)
        return ["env", *info["go_env"], info["go"], "-C", test["program"], "run", ".", *extra]
    if lang == "gomod":
        if not info.get("go"):
            raise SystemExit(SKIPPED)
        placed = box.place("go.mod", pathlib.Path(src).read_text(encoding="utf-8"))
        return ["env", *info["go_env"], info["go"], "mod", "edit", "-json", str(placed)]
    if lang == "rust":
        if not info.get("cargo"):
            raise SystemExit(SKIPPED)
        return [str(pathlib.Path(info["cargo_target_dir"]) / "debug" / test["program"]), *extra]
    if lang in ("msg", "srv"):
        rel = d.get("file") or f"doc_msgs/{lang}/Doc{test['line']}.{lang}"
        placed = box.place(rel, pathlib.Path(src).read_text(encoding="utf-8"))
        # Generated in every language, into the sandbox: the emitters see the block too.
        return [str(pathlib.Path(info["build"]) / "bin" / "dmxp-msgc"), "-o", str(box.dir / "msgc-out"),
                str(placed)]
    if lang == "yaml":
        import yaml  # PyYAML, from tools/scripts/python-env.sh
        text = pathlib.Path(src).read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise BlockFailed(f"not valid YAML: {e}".replace(src, md))
        if isinstance(data, dict) and data.keys() & {"nodes", "containers", "topics", "launch"}:
            placed = box.place(d.get("file") or "graph.yaml", text)
            return [str(pathlib.Path(info["build"]) / "bin" / "dmxp-launch"), "--check", str(placed), *extra]
        return None
    if lang == "xml":
        import xml.dom.minidom  # a second reader: the block must be well-formed for any tool
        text = pathlib.Path(src).read_text(encoding="utf-8")
        try:
            root = xml.dom.minidom.parseString(text).documentElement
        except Exception as e:
            raise BlockFailed(f"not valid XML: {e}")
        if root.tagName == "launch":  # a ROS 2 XML launch file: the launcher checks it
            placed = box.place(d.get("file") or "launch.xml", text)
            return [str(pathlib.Path(info["build"]) / "bin" / "dmxp-launch"), "--check", str(placed), *extra]
        return None
    if lang == "json":
        try:
            json.loads(pathlib.Path(src).read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise BlockFailed(f"not valid JSON: {e}")
        return None
    raise BlockFailed(f"no runner for {lang}")


def find_test(manifest: dict, name: str) -> dict:
    """A test by its ctest name, or by the name a <!-- doctest: name N --> gave its block."""
    test = next((t for t in manifest["tests"]
                 if t["name"] == name or t["directives"].get("name") == name), None)
    if test is None:
        raise BlockFailed(f"no doc test named '{name}': give the block it means "
                          f"<!-- doctest: name {name} --> (or reconfigure if the documentation changed)")
    return test


def execute(test: dict, box: Sandbox, manifest: dict, seen: tuple = ()) -> None:
    """Runs one block's test in box (after the block it names with 'after', if any); prints
    its output; raises BlockFailed."""
    d = test["directives"]
    if "after" in d:
        if d["after"] in seen:
            raise BlockFailed(f"'doctest: after' goes round in a circle: {' -> '.join(seen)}")
        first = find_test(manifest, d["after"])
        print(f"--- first {first['name']} (doctest: after {d['after']}) ---")
        execute(first, box, manifest, seen + (d["after"],))
        print(f"--- then {test['name']} ---")
    cmd = command_for(test, box)
    if cmd is None:
        return
    stop = float(d["stop-after"]) if "stop-after" in d else None
    status, output = run(cmd, box, float(d.get("timeout", 30)), stop)
    output = box.relative_output(output, test)
    print(output, end="" if output.endswith("\n") or not output else "\n")
    if status < 0:
        raise BlockFailed(f"{test['name']} was killed by signal {-status} ({signal.Signals(-status).name})")
    if status != 0:
        raise BlockFailed(f"{test['name']} exited with status {status}")
    if "expect-output" in d and d["expect-output"] not in output:
        raise BlockFailed(f"its output lacks the expected text: {d['expect-output']!r}")


def run_test(args: argparse.Namespace, manifest: dict, env_info: dict) -> int:
    box = Sandbox(pathlib.Path(manifest["root"]), env_info)
    graph = None
    test = None
    ok = False
    try:
        test = find_test(manifest, args.test)
        if "needs graph" in test["directives"]:
            graph = Graph(test["directives"]["needs graph"], box)
        execute(test, box, manifest)
        ok = True
        print(f"{', '.join(test['blocks'])}: ok ({test['language']})")
        return 0
    except BlockFailed as e:
        what = f"{', '.join(test['blocks'])}: error: this {test['language']} block" if test else f"{args.test}: error"
        print(f"\n{what} failed: {e}\n"
              f"  Fix the block so it runs against today's API (line numbers above are the "
              f"Markdown's), or annotate it on the line above its fence: "
              f"<!-- doctest: skip (reason) --> (docs/contributing.md).", file=sys.stderr)
        return 1
    finally:
        if graph is not None:
            graph_output = graph.stop()
            if not ok:
                print(f"--- output of dmxp-launch {test['directives']['needs graph']} ---\n{graph_output}",
                      file=sys.stderr)
        left = box.close()
        if left:
            print(f"(removed what the block left in its domain: {' '.join(left)})")


def coverage(manifest: dict, out: pathlib.Path) -> int:
    root = pathlib.Path(manifest["root"])
    files = doc_blocks.documentation_files(root)
    if files != manifest["files"] or doc_blocks.docs_digest(root, files) != manifest["digest"]:
        print("the documentation changed since the doc tests were generated: build again "
              "(cmake --build <build dir>) so that configure regenerates them", file=sys.stderr)
        return 1
    cov = json.loads((out / "coverage.json").read_text())
    order = {f: i for i, f in enumerate(files)}

    def key(where):
        path, _, line = where.rpartition(":")
        return (order.get(path, -1), int(line) if line.isdigit() else 0)

    errors, skips, counts = [], [], {"test": 0, "text": 0}
    for where in sorted(cov, key=key):
        c = cov[where]
        if "error" in c:
            errors.append(c["error"])
        elif "skip" in c:
            skips.append(f"  {where} ({c['language']}): {c['skip']}")
        else:
            counts["test" if "test" in c else "text"] += 1
    print(f"{len(cov)} blocks in {len(files)} files: {counts['test']} run by tests, "
          f"{counts['text']} text (output, synopses), {len(skips)} skipped, {len(errors)} not covered")
    if skips:
        print("skipped blocks:\n" + "\n".join(skips))
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


def build_rust(env_info: dict, manifest: dict, out: pathlib.Path) -> int:
    """Builds every Rust block (one crate, a bin each); errors name the Markdown's file:line."""
    if not env_info.get("cargo"):
        return SKIPPED
    p = subprocess.run(["env", *env_info["cargo_env"], env_info["cargo"], "build", "--offline", "--quiet",
                        "--manifest-path", str(out / "rust" / "Cargo.toml")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = p.stdout
    for t in manifest["tests"]:
        if t["language"] == "rust":
            output = output.replace(f"src/bin/{t['program']}.rs", t["path"])
    print(output, end="")
    if p.returncode != 0:
        print("the Rust blocks do not compile (file:line above are the Markdown's): fix them, or "
              "annotate one with <!-- doctest: skip (reason) -->", file=sys.stderr)
    return p.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, type=pathlib.Path, help="generate.py's output dir")
    ap.add_argument("--test")
    ap.add_argument("--coverage", action="store_true")
    ap.add_argument("--build-rust", action="store_true")
    args = ap.parse_args()
    manifest = json.loads((args.out / "manifest.json").read_text())
    env_info = json.loads((args.out / "runner_env.json").read_text())
    if args.coverage:
        return coverage(manifest, args.out)
    if args.build_rust:
        return build_rust(env_info, manifest, args.out)
    return run_test(args, manifest, env_info)


if __name__ == "__main__":
    sys.exit(main())
