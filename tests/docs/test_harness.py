"""The doc-test harness itself (ctest docs.harness): a made-up documentation tree goes through
generate.py and run_block.py, and every way a block can escape or fail must be caught, with
the file:line and the advice the messages promise."""
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

HERE = pathlib.Path(__file__).resolve().parent


# The real build tree (set by ctest), for the blocks checked by its tools.
BUILD = os.environ.get("DMXP_DOCS_BUILD")
needs_build = pytest.mark.skipif(not BUILD, reason="DMXP_DOCS_BUILD (set by ctest) names no build tree")


def make_tree(tmp_path, docs: dict) -> tuple[pathlib.Path, pathlib.Path]:
    root, out = tmp_path / "repo", tmp_path / "out"
    for rel, text in docs.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    (root / "docs").mkdir(exist_ok=True)
    build = pathlib.Path(BUILD) if BUILD else tmp_path / "build"
    build.mkdir(exist_ok=True)
    subprocess.run([sys.executable, HERE / "generate.py", root, out], check=True, capture_output=True)
    (out / "runner_env.json").write_text(json.dumps({
        "build": str(build), "python": sys.executable, "pythonpath": [],
        "node": "", "go": "", "go_env": [], "cargo": "", "cargo_env": [], "cargo_target_dir": ""}))
    return root, out


def runner(out, *args):
    env = dict(os.environ, DMXP_TEST_DOMAIN_PREFIX="hdh")
    return subprocess.run([sys.executable, HERE / "run_block.py", "--out", out, *args],
                          capture_output=True, text=True, env=env, timeout=60)


def coverage(tmp_path, readme: str):
    _, out = make_tree(tmp_path, {"README.md": readme})
    return runner(out, "--coverage")


def test_a_fence_without_language_fails_coverage_naming_its_line(tmp_path):
    r = coverage(tmp_path, "# T\n\n```\nls\n```\n")
    assert r.returncode == 1
    assert "README.md:3: error: a fence without a language" in r.stderr
    assert "<!-- doctest: skip (reason) -->" in r.stderr


def test_an_unknown_language_fails_and_text_passes(tmp_path):
    r = coverage(tmp_path, "```fortran\nx\n```\n\n```text\noutput\n```\n")
    assert r.returncode == 1
    assert "README.md:1: error: no doctest runs 'fortran' blocks" in r.stderr
    assert "README.md:5" not in r.stderr


def test_a_skip_needs_a_reason_and_is_listed(tmp_path):
    r = coverage(tmp_path, "<!-- doctest: skip -->\n```bash\nx\n```\n")
    assert r.returncode == 1 and "README.md:1: error: 'doctest: skip' needs an argument" in r.stderr
    r = coverage(tmp_path / "b", "<!-- doctest: skip (needs a GPU) -->\n```bash\nx\n```\n")
    assert r.returncode == 0
    assert "README.md:2 (bash): needs a GPU" in r.stdout and "1 skipped" in r.stdout


def test_a_stray_or_unknown_annotation_fails(tmp_path):
    r = coverage(tmp_path, "<!-- doctest: wrap main -->\n\ntext\n```bash\nx\n```\n")
    assert r.returncode == 1 and "README.md:1: error: doctest annotation not directly above a fence" in r.stderr
    r = coverage(tmp_path / "b", "<!-- doctest: wrapmain -->\n```bash\nx\n```\n")
    assert r.returncode == 1 and "unknown doctest directive 'wrapmain'" in r.stderr


def test_a_cpp_fragment_needs_wrap_or_continue(tmp_path):
    r = coverage(tmp_path, "```cpp\nint x = 1;\n```\n")
    assert r.returncode == 1
    assert "README.md:1: error: this cpp block is a fragment (no main)" in r.stderr


def test_after_must_name_a_block(tmp_path):
    r = coverage(tmp_path, "<!-- doctest: after nowhere -->\n```bash\ntrue\n```\n")
    assert r.returncode == 1 and "'doctest: after nowhere' but no block is named nowhere" in r.stderr


def test_coverage_notices_documentation_edited_after_configure(tmp_path):
    root, out = make_tree(tmp_path, {"README.md": "```bash\ntrue\n```\n"})
    assert runner(out, "--coverage").returncode == 0
    (root / "README.md").write_text("```bash\nfalse\n```\n")
    r = runner(out, "--coverage")
    assert r.returncode == 1 and "changed since the doc tests were generated" in r.stderr


def test_a_failing_python_block_names_the_markdown_line(tmp_path):
    _, out = make_tree(tmp_path, {"docs/x.md": "text\n\n```python\nx = 1\nraise ValueError('drift')\n```\n"})
    r = runner(out, "--test", "docs.docs/x.md:3")
    assert r.returncode == 1
    assert 'File "docs/x.md", line 5' in r.stdout  # the traceback counts Markdown lines
    assert "docs/x.md:3: error: this python block failed" in r.stderr


def test_a_failing_bash_block_names_the_command_line(tmp_path):
    _, out = make_tree(tmp_path, {"README.md": "```bash\ntrue\nfalse\necho never\n```\n"})
    r = runner(out, "--test", "docs.README.md:1")
    assert r.returncode == 1
    assert "README.md:3: error: this command failed (exit 1)" in r.stdout
    assert "never" not in r.stdout


def test_expect_output_and_domain(tmp_path):
    _, out = make_tree(tmp_path, {"README.md": """\
        <!-- doctest: expect-output domain hdhdoc -->
        ```bash
        echo "domain $DMXP_DOMAIN"
        ```

        <!-- doctest: expect-output absent -->
        ```bash
        echo present
        ```
        """})
    assert runner(out, "--test", "docs.README.md:2").returncode == 0
    r = runner(out, "--test", "docs.README.md:7")
    assert r.returncode == 1 and "lacks the expected text: 'absent'" in r.stderr


def test_stop_after_interrupts_and_requires_a_clean_exit(tmp_path):
    _, out = make_tree(tmp_path, {"README.md": """\
        <!-- doctest: stop-after 0.5 -->
        ```python
        import time
        try:
            time.sleep(30)
        except KeyboardInterrupt:
            print("interrupted")
        ```

        <!-- doctest: stop-after 0.5 -->
        ```python
        import time
        time.sleep(30)
        ```
        """})
    r = runner(out, "--test", "docs.README.md:2")
    assert r.returncode == 0 and "interrupted" in r.stdout
    r = runner(out, "--test", "docs.README.md:11")
    assert r.returncode == 1 and "was killed by signal 2 (SIGINT)" in r.stderr


def test_after_runs_the_named_block_first_in_the_same_domain(tmp_path):
    _, out = make_tree(tmp_path, {"README.md": """\
        <!-- doctest: name writer -->
        ```bash
        echo "$DMXP_DOMAIN" > marker
        ```

        <!-- doctest: after writer -->
        <!-- doctest: expect-output same -->
        ```bash
        [ "$(cat marker)" = "$DMXP_DOMAIN" ] && echo same
        ```
        """})
    r = runner(out, "--test", "docs.README.md:8")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "--- first docs.README.md:2 (doctest: after writer) ---" in r.stdout


def test_yaml_and_json_are_parsed(tmp_path):
    _, out = make_tree(tmp_path, {"README.md": "```yaml\na: [1, 2\n```\n\n```json\n{\"a\": 1,}\n```\n"})
    assert "not valid YAML" in runner(out, "--test", "docs.README.md:1").stderr
    assert "not valid JSON" in runner(out, "--test", "docs.README.md:5").stderr


def test_files_a_block_writes_at_the_top_stay_out_of_the_repository(tmp_path):
    root, out = make_tree(tmp_path, {"README.md": "```bash\ntouch run.mcap && ls | grep run.mcap\n```\n"})
    r = runner(out, "--test", "docs.README.md:1")
    assert r.returncode == 0 and "run.mcap" in r.stdout
    assert not (root / "run.mcap").exists()


@needs_build
def test_a_bad_msg_block_fails_with_the_compilers_error_at_the_markdown_line(tmp_path):
    _, out = make_tree(tmp_path, {"docs/m.md": "# M\n\n```msg\nint32 a\nint32[ b\n```\n"})
    r = runner(out, "--test", "docs.docs/m.md:3")
    assert r.returncode == 1
    assert "docs/m.md:5:8: error: unexpected 'b'" in r.stdout, r.stdout


@needs_build
def test_a_graph_block_goes_through_the_launchers_check(tmp_path):
    _, out = make_tree(tmp_path, {"README.md": "```yaml\nnodes:\n  - name: a\n    namepsace: /x\n    exec: true\n```\n"})
    r = runner(out, "--test", "docs.README.md:1")
    assert r.returncode == 1
    assert "README.md:4:5: error: unknown key 'namepsace'" in r.stdout, r.stdout


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
