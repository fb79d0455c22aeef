"""Compares the layouts one language's generated types got (one JSON line per type) with
offsetof/sizeof in compiled C++ (msgc_layout_dump): every C++ type must be there with the same
size, alignment, fingerprint, field offsets and sizes, and defaults (FNV-1a 64 of the bytes of
a message holding the .msg defaults: C++ T(), Rust T::default(), Go New<T>'s patches,
TypeScript T.defaults()).
Usage: compare_layouts.py <language> <c++ dump> <language dump>"""
import json
import sys


def load(path):
    with open(path) as f:
        return {d["type"]: d for d in map(json.loads, filter(str.strip, f))}


def main(language, cxx_path, lang_path):
    cxx, lang = load(cxx_path), load(lang_path)
    problems = []
    for name, want in sorted(cxx.items()):
        got = lang.get(name)
        if got is None:
            problems.append(f"{name}: no {language} type")
            continue
        for key in ("size", "align", "fingerprint", "fields", "defaults"):
            if got.get(key) != want[key]:
                problems.append(f"{name}: {key} is {got.get(key)} in {language}, {want[key]} in C++")
    for p in problems:
        print(p)
    print(f"{language}: {len(cxx) - len(problems)} of {len(cxx)} types match C++ offsetof/sizeof and defaults")
    return 1 if problems or not cxx else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
