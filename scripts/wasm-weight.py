#!/usr/bin/env python3
"""What takes the space in a wasm file: reads `twiggy top --format csv` of a build that keeps its
names section (the wasm cargo links, before wasm-bindgen and wasm-opt) on standard input, and prints
the code's weight by crate and its largest functions.

A function counts for the first crate its name names: `reactive_graph::…::untrack::<leptos::View<…>>`
is reactive_graph's, `<either_of::EitherOf11<…> as leptos_router::…>::choose` is either_of's. So
generic code counts for the crate that defines it, whichever crate's types it was made for. What is
not code (the names section, wasm-bindgen's descriptors, data) is listed apart: wasm-opt and
wasm-bindgen remove most of it from what is served.

Usage: twiggy top -n 1000000 --format csv FILE.wasm | scripts/wasm-weight.py [ROWS]
"""
import csv
import re
import sys
from collections import Counter

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 12
CRATE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::")
HASH = re.compile(r"\[[0-9a-f]+\]")


def crate_of(name):
    match = CRATE.search(name)
    return match.group(1) if match else None


def fold(name):
    """`name` with each generic argument list folded to `<…>`."""
    out, depth = [], 0
    for ch in name:
        if ch == "<":
            if depth == 0:
                out.append("<…>")
            depth += 1
        elif ch == ">" and depth > 0:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def short(name, width=100):
    """The name without crate hashes, generic arguments folded; `<T as Trait>::f` keeps its
    `T as Trait` (folded inside)."""
    name = HASH.sub("", name)
    if name.startswith("<"):
        depth = 0
        for end, ch in enumerate(name):
            depth += {"<": 1, ">": -1}.get(ch, 0)
            if depth == 0:
                break
        text = "<" + fold(name[1:end]) + ">" + fold(name[end + 1 :])
    else:
        text = fold(name)
    return text if len(text) <= width else text[: width - 1] + "…"


def kb(size):
    return f"{size / 1024:.1f} KB"


def main():
    rows = csv.DictReader(sys.stdin)
    by_crate, not_code, functions = Counter(), Counter(), []
    total = 0
    for row in rows:
        name, size = row["Name"], int(row["ShallowSize"])
        if name.startswith("Σ") or name.startswith("... and "):
            continue
        total += size
        crate = crate_of(name)
        if crate is None:
            not_code[name] += size
        else:
            by_crate[crate] += size
            functions.append((size, name))
    code = sum(by_crate.values())
    if total == 0:
        print("wasm-weight: twiggy listed nothing", file=sys.stderr)
        return 1

    print(f"\n  what takes the space (twiggy, before wasm-bindgen and wasm-opt): {kb(total)} in all, {kb(code)} of code")
    print(f"  {'crate':<44} {'code':>10} {'of code':>8}")
    for crate, size in by_crate.most_common(ROWS):
        print(f"  {crate:<44} {kb(size):>10} {100 * size / code:>7.1f}%")
    rest = code - sum(size for _, size in by_crate.most_common(ROWS))
    print(f"  {'(' + str(max(len(by_crate) - ROWS, 0)) + ' other crates)':<44} {kb(rest):>10} {100 * rest / code:>7.1f}%")
    print(f"  {'not code (largest)':<44} {'size':>10} {'of file':>8}")
    for name, size in not_code.most_common(4):
        print(f"  {short(name, 44):<44} {kb(size):>10} {100 * size / total:>7.1f}%")
    print(f"  {'largest functions':<44} {'size':>10}")
    for size, name in sorted(functions, reverse=True)[:ROWS]:
        print(f"  {kb(size):>10}  {short(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
