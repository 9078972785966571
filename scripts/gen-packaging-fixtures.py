#!/usr/bin/env python3
"""Generate the differential-test corpora for EnvlockPackaging.

The truth comes from the reference implementation, `packaging` (pinned to 26.4 by
scripts/setup.sh). Run it with the tools venv and commit the output:

    .tools/venv/bin/python scripts/gen-packaging-fixtures.py

It writes JSON files into Tests/Fixtures/packaging/. The corpora are generated from a
fixed seed, so a rerun with the same `packaging` version reproduces them byte for byte.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import packaging
from packaging import _manylinux, _musllinux, tags
from packaging.markers import (
    Marker,
    UndefinedComparison,
    UndefinedEnvironmentName,
    _prepare_extra,
    _repair_python_full_version,
)
from packaging.requirements import Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import InvalidVersion, Version

PINNED = "26.4"
if packaging.__version__ != PINNED:
    sys.exit(f"expected packaging=={PINNED}, found {packaging.__version__}; run scripts/setup.sh")

OUT = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "packaging"
rng = random.Random(20250105)


def write(name: str, data: object) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(text) // 1024} KiB", file=sys.stderr)


def dedupe(items):
    seen = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# --------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------
REAL_VERSIONS = """
1.19.5 1.21.6 1.24.4 1.26.4 2.0.0 2.0.0rc1 2.0.0b1 2.1.0 2.1.3 2.2.0.dev0 2.3.0rc1
2.0.1+cu118 2.1.2+cpu 2.2.0+cu121 2.3.1 2.4.0.dev20240610+cu124 1.13.1 0.16.0+cu117
1.5.3 2.0.3 2.2.2 3.0.0.dev0+1234.gabcdef 0.25.3 0.23.4 1.3.2 1.4.1.post1 1.5.0rc1
2024.1.15 2023.12.25 2024.2 23.1 23.2.1 24.0 69.0.3 70.0.0 2.31.0 2.32.3 1.26.18
3.8.4 3.9.0b2 0.13.2 0.4.0a1 4.66.1 0.0.1 0.1 1.0.0.dev0 1.0 1.0.0 1.0.0.0 5.0.0a3
1.0-post1 1.0.post1 1!2.0 v1.0 1.0+local.7 1.0a1 1.0b2 1.0rc3 1.0c4 1.0.dev456 1.0a12.dev456
1.0b2.post345.dev456 1.0b2.post345 1.0rc1.dev456 1.0.post456.dev34 1.0.post456 1.1.dev1
7.1.0 6.0.1 2.8.2 0.18.1 1.10.1 0.27.0 1.1.1 19.3.0 3.1.4 8.1.7 2.17.0 0.5.1 1.16.0
2.15.1 1.66.0 4.25.3 3.20.3 0.10.0 12.0.1 0.42.0 1.0.0b1 0.2.0rc2 22.3.1 21.3 11.0
"""

SPELLINGS = [
    "1.0ALPHA1", "1.0Alpha1", "1.0alpha1", "1.0a.1", "1.0a-1", "1.0a_1", "1.0-a1", "1.0_a1", "1.0.a1",
    "1.0BETA2", "1.0beta", "1.0b", "1.0.b.2", "1.0-beta-2", "1.0C1", "1.0c", "1.0rc", "1.0RC1",
    "1.0pre1", "1.0preview1", "1.0.preview.1", "1.0-pre-2", "1.0PRE", "1.0-1", "1.0-0", "1.0-01",
    "1.0post", "1.0.post", "1.0-post", "1.0_post_1", "1.0.POST1", "1.0rev1", "1.0r1", "1.0.r",
    "1.0-rev-3", "1.0dev", "1.0.dev", "1.0-dev", "1.0_dev1", "1.0DEV1", "1.0.dev.1", "1.0-dev-2",
    "1.0a1-1", "1.0a1.post1", "1.0a1-post1.dev1", "1.0rc1-1-dev1", "1.0+abc", "1.0+ABC.Def",
    "1.0+abc-1_2.3", "1.0+1.2.3", "1.0+001", "1.0+abc.007", "1.0+0", "1.0+1.0", "1.0+a", "1.0+A.b",
    "V1.0", "v1!1.0", " 1.0", "1.0 ", "\t1.0\n", "  v2.0.0rc1 ", "1.0\u3000", "\u00a01.0", "1.0\x0c",
    "\x1c1.0\x1f", "\u20281.0", "1.0\u200b", "01.02.03", "1.02", "000", "0", "0.0", "0.0.0.0.0",
    "0!0", "00!1", "1!0.dev0", "99!1.0", "1.0.0.0.0.0.0.0.1", "1" + ".0" * 30, "10000000000000000000",
    "18446744073709551615", "18446744073709551616", "99999999999999999999999999.1",
    "1.99999999999999999999999", "1.0+99999999999999999999999", "1.0.post99999999999999999999",
    "1.0a18446744073709551616", "1.0.dev0018446744073709551617", "0000000000000000000000001",
    "1.0+00000000000000000000000000001", "2024.01.15", "20240115", "1.0.0-rc.1", "1.0-r-1",
]

INVALID_AND_LEGACY = [
    "", " ", "v", "V", "vv1.0", "1.0v", "1..0", ".1", "1.", "1.0.", "-1", "+1", "1.0+", "1.0+.", "1.0+a..b",
    "1.0+a-", "1.0+_a", "1.0++a", "1.0+a+b", "1.0+ab c", "1 .0", "1. 0", "1.0 a1", "1.0aa1", "1.0ab",
    "1.0a1b1", "1.0.post1.post2", "1.0.dev1.dev2", "1.0-dev-post", "1.0dev1post1", "1.0a1a2",
    "1!", "!1", "1!!2", "a1!2", "1!v2", "v 1.0", "1.0.*", "1.*", "*", "==1.0", ">1", "1,0", "1;0",
    "1.0-SNAPSHOT", "2004d", "0.9.8-rc.1-beta", "dev", "1.0.0-alpha+001", "1.0.0-beta.2", "release-1.0",
    "1.0-final", "1.0final", "1.0.final", "1.0-stable", "1.0.0.Final", "1.0_alpha_1_foo", "french toast",
    "1.0\u0661", "\u0661.0", "1.0+\u212a", "1.0+\u017f", "1.0\x00", "1.0-\x85", "1.0ä", "\u00e91.0",
    "1.2.3-4-5", "1.0-1-1", "1.0.post1-1", "1.0-1.post1", "1.0-1-dev", "3.0.0a1-x", "0.1-devel",
    "2.4.0b1-py2.7", "1.0.0.dev", "1.0.0.dev-", "1.0_", "1.0-", "1.0.", "1.0a.", "1.0.post.", "0x10",
    "1e3", "1.0e3", "inf", "NaN", "1.0\n2.0", "1.0/2", "1:0", "1.0:1", "1-0-0", "2019.10.01-3",
    "1.0.0.0-rc1", "7.3.15-pypy", "5.15.0-1034-azure", "6.5.0-1025-azure", "10.0.22631",
    "#1 SMP PREEMPT_DYNAMIC", "Darwin Kernel Version 23.1.0", "23.1.0", "NT", "3.12.0+", "3.13.0rc1",
]


def random_number(r: random.Random) -> str:
    choice = r.random()
    if choice < 0.55:
        return str(r.randint(0, 12))
    if choice < 0.75:
        return str(r.randint(13, 300))
    if choice < 0.85:
        return "0" + str(r.randint(0, 9))
    if choice < 0.95:
        return str(r.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025, 20240115, 1000000]))
    return str(r.randint(10**18, 10**21))


def random_version(r: random.Random) -> str:
    sep = lambda: r.choice(["", "", ".", "-", "_"])  # noqa: E731
    parts = []
    if r.random() < 0.05:
        parts.append(r.choice(["v", "V"]))
    if r.random() < 0.08:
        parts.append(random_number(r) + "!")
    parts.append(".".join(random_number(r) for _ in range(r.choice([1, 2, 2, 3, 3, 3, 4, 5]))))
    if r.random() < 0.3:
        letter = r.choice(["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "A", "RC", "Beta"])
        number = random_number(r) if r.random() < 0.85 else ""
        parts.append(sep() + letter + (sep() if number else "") + number)
    if r.random() < 0.2:
        if r.random() < 0.3:
            parts.append("-" + random_number(r))
        else:
            letter = r.choice(["post", "rev", "r", "POST"])
            number = random_number(r) if r.random() < 0.85 else ""
            parts.append(sep() + letter + (sep() if number else "") + number)
    if r.random() < 0.2:
        number = random_number(r) if r.random() < 0.85 else ""
        parts.append(sep() + r.choice(["dev", "DEV", "Dev"]) + (sep() if number else "") + number)
    if r.random() < 0.15:
        segments = [
            r.choice(["cu118", "cpu", "ubuntu", "abc", "1", "007", "g1234abc", "Local", "x", "0"])
            for _ in range(r.randint(1, 3))
        ]
        parts.append("+" + "".join(s + r.choice([".", ".", "-", "_"]) for s in segments[:-1]) + segments[-1])
    text = "".join(parts)
    if r.random() < 0.04:
        text = r.choice([" ", "\t", "  "]) + text + r.choice(["", " ", "\n"])
    return text


def mutate(r: random.Random, text: str) -> str:
    if not text:
        return r.choice(["1", "a", "."])
    i = r.randrange(len(text))
    op = r.random()
    junk = r.choice(list(".-_+!*abcdprv0123456789 ~,;xz/"))
    if op < 0.35:
        return text[:i] + junk + text[i:]
    if op < 0.6:
        return text[:i] + text[i + 1:]
    if op < 0.8:
        return text[:i] + junk + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def build_version_corpus() -> list[str]:
    corpus = REAL_VERSIONS.split() + SPELLINGS + INVALID_AND_LEGACY
    corpus += [random_version(rng) for _ in range(3800)]
    base = list(corpus)
    corpus += [mutate(rng, rng.choice(base)) for _ in range(1700)]
    return dedupe(corpus)


def version_truth(text: str):
    try:
        v = Version(text)
    except InvalidVersion:
        return None
    # [normalized, epoch, release, pre, post, dev, local, public, base version]; numbers as
    # strings because Python's are unbounded.
    return [
        str(v),
        str(v.epoch),
        ".".join(str(n) for n in v.release),
        None if v.pre is None else f"{v.pre[0]}{v.pre[1]}",
        None if v.post is None else str(v.post),
        None if v.dev is None else str(v.dev),
        v.local,
        v.public,
        v.base_version,
    ]


def gen_versions():
    corpus = build_version_corpus()
    cases = [[text, version_truth(text)] for text in corpus]
    valid = [c[0] for c in cases if c[1] is not None]
    # Ordering: all valid versions sorted; equal neighbours share a rank.
    parsed = sorted(((Version(t), t) for t in valid), key=lambda p: p[0])
    order = []
    rank = -1
    previous = None
    for v, t in parsed:
        if previous is None or v != previous:
            rank += 1
            previous = v
        order.append([t, rank])
    # Pairs, biased towards near neighbours so that subtle orderings are compared.
    pairs = []
    for _ in range(4000):
        i = rng.randrange(len(parsed))
        j = min(len(parsed) - 1, max(0, i + rng.randint(-3, 3))) if rng.random() < 0.7 else rng.randrange(len(parsed))
        a, b = parsed[i][1], parsed[j][1]
        va, vb = Version(a), Version(b)
        pairs.append([a, b, (va > vb) - (va < vb)])
    write("versions.json", {"packaging": packaging.__version__, "cases": cases, "order": order, "pairs": pairs})
    return valid


# --------------------------------------------------------------------------------------
# Specifiers
# --------------------------------------------------------------------------------------
SPEC_VERSIONS = [
    "1.0", "1.0.0", "1", "2.0", "1.2.3", "1.0a1", "1.0b2", "1.0rc1", "1.0.dev0", "1.0.dev1", "1.0.post1",
    "1.0.post1.dev2", "1.0a1.post1", "1.0a1.dev1", "1!1.0", "0.0", "0", "0.dev0", "3.8", "3.11.4", "2024.1",
    "1.19.5", "2.0.0rc1", "1.0+local", "1.0+abc.1", "1.0.0+1", "0.9", "1.1", "1.0.1", "2.0.0.dev0",
    "4.0.0", "1.0.post0", "1.0-1", "1.0.0.0", "10.1", "1.0a", "1.0c1", "v1.0", "V2.0", "1.0.0.post1+local",
]
SPEC_OPS = ["==", "!=", "<=", ">=", "<", ">", "~=", "==="]


def random_spec(r: random.Random) -> str:
    op = r.choice(SPEC_OPS + ["==", ">=", "<", "~=", "!="])
    if op == "===":
        ver = r.choice(SPEC_VERSIONS + ["foobar", "1.0-SNAPSHOT", "1.0.0", "abc"])
    else:
        ver = r.choice(SPEC_VERSIONS) if r.random() < 0.7 else random_version(r).strip()
    if op in ("==", "!=") and r.random() < 0.25:
        ver = r.choice(["1", "1.0", "1.0.0", "2", "0", "3.11", "1!1", "1.2", "2024"]) + ".*"
    ws = r.choice(["", "", "", " ", "  "])
    return op + ws + ver


def random_spec_set(r: random.Random) -> str:
    n = r.choice([0, 1, 1, 1, 2, 2, 3])
    specs = [random_spec(r) for _ in range(n)]
    text = r.choice([",", ", ", " ,", ",  "]).join(specs)
    if r.random() < 0.1:
        text = " " + text + " "
    if r.random() < 0.08:
        text = mutate(r, text)
    return text


def candidate_versions(r: random.Random, spec: str) -> list[str]:
    pool = [
        "1.0", "1.0.0", "0.9", "1.0a1", "1.0b2", "1.0rc1", "1.0.dev0", "1.0.post1", "1.0+local", "1.0.0+1",
        "1.0.1", "1.1", "1.1a1", "2.0", "2.0.dev0", "1!1.0", "1!2.0", "0.dev0", "0", "1.0.post1.dev1",
        "1.0a1.post1", "1.0a2.dev0", "1.0.post2", "1.0.post1+l", "3.11.4", "3.8", "3.12.0rc1", "4.0",
        "foobar", "1.0-SNAPSHOT", "not a version", " 1.0 ", "1.0.0.0", "1.2.3", "1.2.4", "1.2", "1.3.dev0",
        "2024.1", "2024.1.15", "1.19.5", "2.1.0", "2.0.0rc1", "1.0c1", "V1.0", "1.0+abc.1", "1.0+ABC.1",
    ]
    out = r.sample(pool, 4)
    out.append(random_version(r).strip())
    # Neighbours of the spec's own version.
    for piece in spec.split(","):
        stripped = piece.strip().lstrip("=!<>~ ").removesuffix(".*")
        if stripped:
            out.append(stripped)
            for suffix in ["a1", ".dev0", ".post1", "+local", ".0", ".1", "rc1", ".post1.dev0"]:
                if r.random() < 0.3:
                    out.append(stripped + suffix)
    return dedupe(out)


def spec_set_truth(text: str):
    try:
        s = SpecifierSet(text)
    except InvalidSpecifier:
        return None
    count = len(s)  # before str(), which de-duplicates the specifiers in place
    return {"s": str(s), "pre": s.prereleases, "n": count}


def gen_specifiers():
    fixed = [
        "", ",", ">=1.0", "<2.0", "~=1.4.2", "~=1.4", "~=1", "==1.*", "!=1.*", "==1.0.*", "==1.0.0.*",
        "==1.0+local", "!=1.0+local", "==1.0", "!=1.0", ">1.0", ">1.0.post1", ">1.0.dev1", ">1.0a1", "<1.0",
        "<1.0a1", "<1.0.post1", "<0", "<0.dev0", "<=1.0", ">=1.0a1", "===1.0", "===foobar", "=== 1.0",
        ">=1.19.5,<2.0", "numpy<2.0", ">=1.0,,<2.0", "<2.0, >=1.0", ">= 1.0 , < 2.0", "==1.0a1.*", "<=1.0+l",
        "~=1.0.*", ">=1.0.*", "==1.0.*.*", "==", ">=", "=1.0", "=>1.0", "1.0", "==1.0,", "~= 2.2.0", ">=1!1",
        "==1!1.*", "!=1.0.post1", "==1.0.post1", ">1.0-1", "< 1.0 ", "\t>=1.0\t", ">=1.0;", ">=1.0)", "==1.0 a",
        "===1.0,>=1.0", "===foobar,>=1.0", "===1.0a1", ">1.0+l", "==1.0+L.1", ">=1.0\u3000", "\u00a0>=1.0",
        "<1.0.dev0", "<1!0", ">=0.dev0", "~=1.0a1", "~=1.0.post1", "~=1.0.dev1", "~=1!1.0", "==v1.0",
        "==1.0.0+abc", "!=1.0.0+abc", "<=1.0.post1", ">=2.0.0.dev0", "<2.0.0.dev0", ">1.0.post1.dev1",
        ">1.0a1.post1", "<1.0a1.post1", "==1.0a1.post1", ">1.0a1.dev1", "<=1.0a1", ">1.0c1", "<3.8,>=3.7",
    ]
    spec_texts = dedupe(fixed + [random_spec_set(rng) for _ in range(1700)])
    cases = []
    pair_count = 0
    for text in spec_texts:
        truth = spec_set_truth(text)
        entry = {"spec": text, "ok": truth}
        if truth is not None:
            checks = []
            for version in candidate_versions(rng, text):
                combos = [(rng.choice([None, None, True, False]), rng.choice([None, None, None, True, False]))]
                if rng.random() < 0.2:
                    combos.append((rng.choice([True, False]), rng.choice([None, True, False])))
                for pre, set_pre in combos:
                    s = SpecifierSet(text, prereleases=set_pre)
                    checks.append([version, pre, set_pre, s.contains(version, prereleases=pre)])
                    pair_count += 1
            entry["checks"] = checks
        cases.append(entry)
    # filter(): the PEP 440 default pre-release exclusion applies across a list.
    filters = []
    lists = [
        ["1.0", "1.1a1", "2.0"], ["1.1a1", "1.2b1"], ["1.0", "1.0.post1", "1.1.dev0"], ["foobar", "1.0a1"],
        ["2.0", "2.1rc1", "3.0.dev1", "0.9"], ["1.0a1"], [], ["1.0", "garbage", "1.1a1"], ["1.0+l", "1.0a1+l"],
    ]
    for _ in range(400):
        text = rng.choice([c["spec"] for c in cases if c["ok"] is not None])
        items = rng.choice(lists) if rng.random() < 0.4 else candidate_versions(rng, text)[: rng.randint(1, 6)]
        pre = rng.choice([None, None, True, False])
        set_pre = rng.choice([None, None, True, False])
        s = SpecifierSet(text, prereleases=set_pre)
        filters.append([text, set_pre, pre, items, list(s.filter(items, prereleases=pre))])
    write("specifiers.json", {"packaging": packaging.__version__, "sets": cases, "filters": filters})
    return pair_count


# --------------------------------------------------------------------------------------
# Markers
# --------------------------------------------------------------------------------------
ENVIRONMENTS = {
    "linux-x86_64-cp311": {
        "implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
        "platform_machine": "x86_64", "platform_release": "6.1.0-18-amd64", "platform_system": "Linux",
        "platform_version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
        "python_full_version": "3.11.7", "platform_python_implementation": "CPython",
        "python_version": "3.11", "sys_platform": "linux",
    },
    "macos-arm64-cp312": {
        "implementation_name": "cpython", "implementation_version": "3.12.1", "os_name": "posix",
        "platform_machine": "arm64", "platform_release": "23.1.0", "platform_system": "Darwin",
        "platform_version": "Darwin Kernel Version 23.1.0: Mon Oct  9 21:27:24 PDT 2023",
        "python_full_version": "3.12.1", "platform_python_implementation": "CPython",
        "python_version": "3.12", "sys_platform": "darwin",
    },
    "windows-amd64-cp39": {
        "implementation_name": "cpython", "implementation_version": "3.9.13", "os_name": "nt",
        "platform_machine": "AMD64", "platform_release": "10", "platform_system": "Windows",
        "platform_version": "10.0.22631", "python_full_version": "3.9.13",
        "platform_python_implementation": "CPython", "python_version": "3.9", "sys_platform": "win32",
    },
    "linux-x86_64-pypy310": {
        "implementation_name": "pypy", "implementation_version": "7.3.15", "os_name": "posix",
        "platform_machine": "x86_64", "platform_release": "5.15.0-1034-azure", "platform_system": "Linux",
        "platform_version": "#41-Ubuntu SMP Fri Feb 10 19:59:45 UTC 2023",
        "python_full_version": "3.10.13", "platform_python_implementation": "PyPy",
        "python_version": "3.10", "sys_platform": "linux",
    },
    "linux-aarch64-cp313rc": {
        "implementation_name": "cpython", "implementation_version": "3.13.0rc1", "os_name": "posix",
        "platform_machine": "aarch64", "platform_release": "6.8.0", "platform_system": "Linux",
        "platform_version": "#1 SMP", "python_full_version": "3.13.0rc1",
        "platform_python_implementation": "CPython", "python_version": "3.13", "sys_platform": "linux",
    },
    "linux-dev-build": {
        "implementation_name": "cpython", "implementation_version": "3.14.0a1", "os_name": "posix",
        "platform_machine": "x86_64", "platform_release": "", "platform_system": "Linux",
        "platform_version": "", "python_full_version": "3.12.0+",
        "platform_python_implementation": "CPython", "python_version": "3.12", "sys_platform": "linux",
    },
}
# One environment lacks a key: evaluation must fail with an undefined-name error.
ENVIRONMENTS["partial"] = {k: v for k, v in ENVIRONMENTS["linux-x86_64-cp311"].items() if k != "platform_release"}

# Evaluation modes: [label, extra (None = no override, str, or list = a set of extras),
# context, lock-file extras, lock-file dependency groups].
EXTRA_MODES = [
    ["none", None, "metadata", None, None],
    ["test", "test", "metadata", None, None],
    ["Foo.Bar", "Foo.Bar", "metadata", None, None],
    ["set", ["test", "Docs_Extra"], "metadata", None, None],
    ["emptyset", [], "metadata", None, None],
    ["requirement", None, "requirement", None, None],
    ["lockfile", None, "lock_file", ["test", "Docs_Extra"], ["dev"]],
]

VARIABLES = [
    "python_version", "python_full_version", "os_name", "sys_platform", "platform_release",
    "platform_system", "platform_version", "platform_machine", "platform_python_implementation",
    "implementation_name", "implementation_version", "extra", "os.name", "sys.platform",
    "platform.machine", "platform.python_implementation", "python_implementation", "platform.version",
]
VALUES = {
    "python_version": ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3", "2.7", "3.11.0", "3.*", "3.1*"],
    "python_full_version": ["3.11.7", "3.11", "3.12.1", "3.13.0rc1", "3.13.0", "3.9.13", "3.12.0+local", "3.10.*"],
    "implementation_version": ["7.3.15", "3.11.7", "3.13.0", "3.14.0a1", "7.3"],
    "platform_release": ["6.1.0", "23.1.0", "10", "5.15.0", "6.1.0-18-amd64", "5.15.0-1034-azure", "6"],
    "os_name": ["posix", "nt", "java", "Posix", "pos", "os"],
    "sys_platform": ["linux", "darwin", "win32", "cygwin", "linux2", "lin", "win"],
    "platform_system": ["Linux", "Darwin", "Windows", "linux", "Java", "Lin"],
    "platform_version": ["#1 SMP", "10.0.22631", "Darwin", "SMP"],
    "platform_machine": ["x86_64", "arm64", "aarch64", "AMD64", "i686", "x86", "ppc64le", "64"],
    "platform_python_implementation": ["CPython", "PyPy", "Jython", "cpython", "Py"],
    "implementation_name": ["cpython", "pypy", "graalpy", "py"],
    "extra": ["test", "Test", "docs", "Foo.Bar", "foo-bar", "foo_bar", "Docs_Extra", "docs-extra", "", "te"],
}
MARKER_OPS = ["==", "==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]


def quote(r: random.Random, value: str) -> str:
    if r.random() < 0.75 and '"' not in value:
        return '"' + value + '"'
    return "'" + value + "'"


def random_marker_atom(r: random.Random) -> str:
    var = r.choice(VARIABLES + ["python_version", "python_version", "sys_platform", "extra", "extra"])
    key = var.replace(".", "_")
    if key == "python_implementation":
        key = "platform_python_implementation"
    value = r.choice(VALUES.get(key, ["x"])) if r.random() < 0.92 else random_version(r).strip()
    op = r.choice(MARKER_OPS)
    if key == "extra" and r.random() < 0.7:
        op = r.choice(["==", "==", "!="])
    ws = lambda: r.choice(["", " ", " ", " ", "  ", "\t"])  # noqa: E731
    if r.random() < 0.18:
        return quote(r, value) + ws() + op + ws() + var if op not in ("in", "not in") else quote(r, value) + " " + op + " " + var
    left = var + (ws() if op not in ("in", "not in") else " ")
    right = (ws() if op not in ("in", "not in") else " ") + quote(r, value)
    return left + op + right


def random_marker(r: random.Random, depth: int = 0) -> str:
    n = r.choice([1, 1, 2, 2, 3]) if depth < 2 else 1
    parts = []
    for i in range(n):
        if i:
            parts.append(r.choice([" and ", " or ", " and ", " or ", "  and\t"]))
        if depth < 2 and r.random() < 0.2:
            parts.append("(" + r.choice(["", " "]) + random_marker(r, depth + 1) + r.choice(["", " "]) + ")")
        else:
            parts.append(random_marker_atom(r))
    return "".join(parts)


FIXED_MARKERS = [
    'python_version >= "3.8"', "python_version < '3.10'", 'sys_platform == "win32"',
    'platform_system == "Windows" and platform_machine == "AMD64"',
    'python_version >= "3.8" and (os_name == "posix" or extra == "Foo_Bar")', 'extra == "test"',
    'extra == "TEST"', '"test" == extra', 'extra != "test"', 'extra < "test"', 'extra ~= "test"',
    '"tes" in extra', '"test" in extras', 'extra in "test"', 'os_name in "posix nt"', '"posix" in os_name',
    '"3.1" in python_version', 'python_version in "3.10 3.11 3.12"', 'python_version not in "3.8 3.9"',
    '"3.8" < python_version', '"3.13" >= python_version', 'python_version ~= "3.11"', 'python_version ~= "3"',
    'python_version === "3.11"', 'python_version == "3.11.*"', 'python_full_version == "3.12.0+local"',
    'python_full_version >= "3.13.0rc1"', 'python_full_version > "3.13.0a1"', 'python_full_version < "3.13"',
    'platform_release >= "6"', 'platform_release < "6.1.0"', 'implementation_version ~= "7.3"',
    'os_name < "posix"', 'os_name <= "posix"', 'os_name >= "posix"', 'os_name > "posix"', 'os_name ~= "posix"',
    'os_name === "posix"', 'os.name == "posix"', 'sys.platform == "linux"', 'python_implementation == "PyPy"',
    'platform.python_implementation == "CPython"', 'platform.machine == "x86_64"', 'platform.version == "x"',
    '(python_version >= "3.8")', '((python_version >= "3.8"))', '( python_version >= "3.8" )',
    'python_version >= "3.8" or python_version < "2.7" and os_name == "nt"',
    '(python_version >= "3.8" or python_version < "2.7") and os_name == "nt"',
    'python_version >= "3.8" and os_name == "nt" or sys_platform == "linux"',
    'os_name == "posix"and sys_platform == "linux"', "os_name=='posix'", 'os_name == "a\\\\b"',
    "os_name == 'it\\'s'", 'os_name == "\\x41"', "os_name == '\\u0041'", 'os_name == "\\101"', 'os_name == "\\n"',
    'os_name == "a\\\nb"', 'os_name == "\\q"', 'os_name == "tab\there"', 'os_name == "bad\\"',
    'os_name == \'say "hi"\'', "os_name == \"it's\"", 'os_name == "ü"',
    "", " ", "python_version", 'python_version >= ', '>= "3.8"', 'python_version >= "3.8" and',
    'python_version >= "3.8" andos_name == "nt"', 'python_version => "3.8"', 'python_version = "3.8"',
    'foo == "bar"', 'python_version >= 3.8', '(python_version >= "3.8"', 'python_version >= "3.8")',
    'python_version >= "3.8" xor os_name == "nt"', 'python_version not "3.8"', 'python_version notin "3.8"',
    '"a" == "b"', 'os_name == os_name', 'python_version >= "3.8";', 'python_version >= "3.8" # comment',
    'extras == "x"', '"x" in dependency_groups', 'dependency_groups == "x"', 'extra == "a" or extra == "b"',
    'python_version>="3.8"and os_name=="posix"', 'python_version >= "3.8"\n', '\tpython_version >= "3.8"',
    'os_name == "\n"', 'os_name == "\\x4"', 'os_name == "\\U00000041"', "python_version >= '3.8' and\tos_name == 'posix'",
    '(' * 5 + 'os_name == "posix"' + ')' * 5, '(' * 201 + 'os_name == "posix"' + ')' * 201,
    'os_name == "posix" and (sys_platform == "linux" or (platform_machine == "x86_64" and extra == "gpu"))',
    'python_version < "3.11" and extra == "tomli"', 'platform_python_implementation != "PyPy"',
    'implementation_name == "cpython" and python_version >= "3.13"', 'python_full_version >= "3.12.0"',
]


def evaluate_marker(marker: Marker, env: dict, mode) -> str:
    """One letter: T(rue), F(alse), C (UndefinedComparison), N (UndefinedEnvironmentName).

    This is `Marker.evaluate(env, context)` without the defaults taken from the running
    interpreter: the environment under test is all there is (as for a captured snapshot).
    """
    _, extra, context, extras, groups = mode
    environment: dict = {}
    if context == "lock_file":
        environment |= {"extras": frozenset(extras or []), "dependency_groups": frozenset(groups or [])}
    elif context == "metadata":
        environment["extra"] = ""
    environment |= env
    if extra is not None:
        environment["extra"] = set(extra) if isinstance(extra, list) else extra
    if "extra" in environment:
        environment["extra"] = _prepare_extra(environment["extra"])
    environment = _repair_python_full_version(environment)
    try:
        return "T" if marker.evaluate_prepared(environment) else "F"
    except UndefinedComparison:
        return "C"
    except UndefinedEnvironmentName:
        return "N"


def gen_markers():
    texts = dedupe(FIXED_MARKERS + [random_marker(rng) for _ in range(1000)])
    texts += dedupe([mutate(rng, rng.choice(texts)) for _ in range(200)])
    texts = dedupe(texts)
    cases = []
    evaluations = 0
    for text in texts:
        try:
            marker = Marker(text)
        except Exception:  # noqa: BLE001
            cases.append({"marker": text, "ok": None})
            continue
        try:
            rendered = str(marker)
        except ValueError:
            rendered = None
        # One letter per (environment, extra mode), environments in ENVIRONMENTS order.
        results = ""
        for env in ENVIRONMENTS.values():
            for mode in EXTRA_MODES:
                results += evaluate_marker(marker, env, mode)
                evaluations += 1
        cases.append({"marker": text, "ok": {"s": rendered}, "results": results})
    write(
        "markers.json",
        {
            "packaging": packaging.__version__,
            "environments": [[name, env] for name, env in ENVIRONMENTS.items()],
            "extraModes": EXTRA_MODES,
            "cases": cases,
        },
    )
    return len(texts), evaluations


# --------------------------------------------------------------------------------------
# Names and requirements
# --------------------------------------------------------------------------------------
NAMES = [
    "numpy", "NumPy", "scikit-learn", "scikit_learn", "Scikit.Learn", "zope.interface", "Django", "a", "A1",
    "foo--bar", "foo__bar", "foo._-bar", "-foo", "foo-", "_foo", "foo.", "1foo", "foo1", "foo bar", "foo/bar",
    "", "ruamel.yaml", "typing_extensions", "PyYAML", "backports.zoneinfo", "jaraco.classes", "x-", "café",
    "a.b.c", "a..b", "A_B-C.D", "torch", "nvidia-cublas-cu12", "oslo.concurrency", "Flask_SQLAlchemy",
]
EXTRAS = ["security", "socks", "test", "Test_Extra", "docs.extra", "all", "cuda12", "a-b", "1x"]
URLS = [
    "https://example.com/pkg-1.0.tar.gz", "file:///tmp/pkg", "git+https://github.com/pypa/pip.git@main",
    "https://files.pythonhosted.org/packages/xx/numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.whl#sha256=abc",
    "./local/path", "file:///C:/pkgs/a.whl",
]


def random_requirement(r: random.Random) -> str:
    name = r.choice(NAMES[:20] + ["requests", "urllib3", "pywin32", "tomli", "colorama", "importlib-metadata"])
    text = name
    if r.random() < 0.3:
        extras = r.sample(EXTRAS, r.randint(0, 3))
        text += r.choice(["", " "]) + "[" + r.choice(["", " "]) + r.choice([",", ", ", " ,"]).join(extras) + r.choice(["", " "]) + "]"
    if r.random() < 0.12:
        text += r.choice([" @ ", "@", " @"]) + r.choice(URLS)
        if r.random() < 0.4:
            text += r.choice([" ; ", " ;", ";"]) + random_marker(r, 1)
        return text
    if r.random() < 0.75:
        specs = r.choice([",", ", "]).join(random_spec(r) for _ in range(r.randint(1, 3)))
        if r.random() < 0.2:
            specs = "(" + specs + ")"
        text += r.choice(["", " ", "  "]) + specs
    if r.random() < 0.35:
        text += r.choice([" ; ", "; ", ";", " ;"]) + random_marker(r, 1)
    return text


FIXED_REQUIREMENTS = [
    "numpy<2.0,>=1.19.5", 'pywin32 ; sys_platform == "win32"', "requests[security,socks]>=2.8.1,==2.8.*",
    'requests [security] (>=2.8.1) ; python_version < "2.7"', "name@http://foo.com", "name @ http://foo.com",
    'name @ http://foo.com ; python_version >= "3.8"', "name @ http://foo.com;python_version >= '3.8'",
    "name[]", "name[ ]", "name[a,]", "name[a b]", "name[a,,b]", "name[", "name]", "name>=", "name (>=1.0",
    "name >=1.0)", "name==1.0.*", "name==1.0a1.*", "name>=1.0.*", "name<=1.0+local", "name===1.0",
    "name===1.0 ; os_name == 'nt'", "name ~= 1.4.2", "name>=1.0,", "name>=1.0,,<2", "name>=1.0 <2",
    "name; os_name", "name;", "name ;", "", " ", "1name", "-name", "name-", "name.", "na me", "name@", "name @",
    "name @ ", "name @ url extra", "name>=1.0 extra", "name[foo]@ http://x", "name[foo] @ http://x ; extra == 'x'",
    "Name_With.Dots[Extra.One, extra_two]>=1.0; extra == 'Extra.One'", "café>=1.0", "name ( >= 1.0 , < 2 )",
    "name\t>=1.0", "name>=1.0\t;\tos_name=='nt'", "name>= 1.0", "name >= 1.0 ,< 2.0", "pip==26.3",
    "torch==2.3.1+cu121", "name>=1.0;os_name=='nt' and", "name==1.0 ; (os_name=='nt')", "name (==1.0) ; os_name=='nt'",
    "name===foo bar", "name>=1!1.0", "name>=v1.0", "name(>=1.0)", "name [extra] >=1.0", "name @ file:///a b",
]


def gen_names_and_requirements():
    name_cases = []
    for name in dedupe(NAMES + [mutate(rng, rng.choice(NAMES)) for _ in range(120)]):
        try:
            canonicalize_name(name, validate=True)
            valid = True
        except Exception:  # noqa: BLE001
            valid = False
        name_cases.append([name, canonicalize_name(name), valid])

    texts = dedupe(FIXED_REQUIREMENTS + [random_requirement(rng) for _ in range(560)])
    texts = dedupe(texts + [mutate(rng, rng.choice(texts)) for _ in range(80)])
    cases = []
    for text in texts:
        try:
            req = Requirement(text)
        except Exception:  # noqa: BLE001
            cases.append({"input": text, "ok": None})
            continue
        try:
            rendered = str(req)
        except ValueError:
            rendered = None
        cases.append({
            "input": text,
            "ok": {
                "name": req.name,
                "extras": sorted(req.extras),
                "specifier": str(req.specifier),
                "url": req.url,
                "marker": None if req.marker is None else str(req.marker),
                "s": rendered,
            },
        })
    write("names.json", {"packaging": packaging.__version__, "cases": name_cases})
    write("requirements.json", {"packaging": packaging.__version__, "cases": cases})
    return len(name_cases), len(texts)


# --------------------------------------------------------------------------------------
# Wheel tags
# --------------------------------------------------------------------------------------
def linux_platforms(arch: str, glibc, musl):
    """`packaging.tags._linux_platforms` for a synthetic machine (no ELF or libc probing)."""
    # The ELF checks for armv7l and i686 are assumed to pass: the target is such a machine.
    _manylinux._have_compatible_abi = lambda executable, archs: any(
        a in _manylinux._ALLOWED_ARCHS or a in ("armv7l", "i686") for a in archs
    )
    _manylinux._get_manylinux_module = lambda: None
    _manylinux._get_glibc_version = lambda: _manylinux._GLibCVersion(*(glibc or (-1, -1)))
    _musllinux._get_musl_version = lambda executable: _musllinux._MuslVersion(*musl) if musl else None
    archs = {"armv8l": ["armv8l", "armv7l"]}.get(arch, [arch])
    out = [f"linux_{a}" for a in archs]
    if glibc:
        out += list(_manylinux.platform_tags(archs))
    out += list(_musllinux.platform_tags(archs))
    return out


TARGETS = [
    # name, implementation, python version, abis (None = default), platform description
    ["cp311-manylinux-x86_64", "cpython", [3, 11], None, {"os": "linux", "arch": "x86_64", "glibc": [2, 31]}],
    ["cp312-musllinux-aarch64", "cpython", [3, 12], None, {"os": "linux", "arch": "aarch64", "musl": [1, 2]}],
    ["cp39-win-amd64", "cpython", [3, 9], None, {"os": "windows", "arch": "AMD64"}],
    ["cp312-macos14-arm64", "cpython", [3, 12], None, {"os": "macos", "arch": "arm64", "macos": [14, 0]}],
    ["cp311-macos10.15-x86_64", "cpython", [3, 11], None, {"os": "macos", "arch": "x86_64", "macos": [10, 15]}],
    ["pp310-manylinux-x86_64", "pypy", [3, 10], ["pypy310_pp73"], {"os": "linux", "arch": "x86_64", "glibc": [2, 28]}],
    ["cp313t-manylinux-x86_64", "cpython", [3, 13], ["cp313t"], {"os": "linux", "arch": "x86_64", "glibc": [2, 39]}],
    ["cp37m-manylinux-i686", "cpython", [3, 7], None, {"os": "linux", "arch": "i686", "glibc": [2, 17]}],
    ["cp310-manylinux-aarch64-old", "cpython", [3, 10], None, {"os": "linux", "arch": "aarch64", "glibc": [2, 17]}],
    ["cp311-linux-armv8l", "cpython", [3, 11], None, {"os": "linux", "arch": "armv8l", "glibc": [2, 35]}],
    ["cp312-win32", "cpython", [3, 12], None, {"os": "windows", "arch": "x86"}],
    ["cp311-win-arm64", "cpython", [3, 11], None, {"os": "windows", "arch": "ARM64"}],
    ["cp311-linux-sparc64", "cpython", [3, 11], None, {"os": "linux", "arch": "sparc64", "glibc": [2, 31]}],
    ["graalpy-linux", "graalpy", [3, 11], ["graalpy_311_native"], {"os": "linux", "arch": "x86_64", "glibc": [2, 35]}],
]
WINDOWS_PLATFORM = {"AMD64": "win_amd64", "x86": "win32", "ARM64": "win_arm64"}


def target_tags(impl: str, py: list[int], abis, plat: dict) -> list[str]:
    if plat["os"] == "linux":
        platforms = linux_platforms(plat["arch"], plat.get("glibc"), plat.get("musl"))
    elif plat["os"] == "windows":
        platforms = [WINDOWS_PLATFORM[plat["arch"]]]
    else:
        platforms = list(tags.mac_platforms(tuple(plat["macos"]), plat["arch"]))
    if impl == "cpython":
        if abis is None:
            abis = [f"cp{py[0]}{py[1]}" + ("m" if tuple(py) < (3, 8) else "")]
        out = list(tags.cpython_tags(tuple(py), abis, platforms))
        out += list(tags.compatible_tags(tuple(py), f"cp{py[0]}{py[1]}", platforms))
    elif impl == "pypy":
        out = list(tags.generic_tags(f"pp{py[0]}{py[1]}", abis, platforms))
        out += list(tags.compatible_tags(tuple(py), "pp3", platforms))
    else:
        out = list(tags.generic_tags(f"{impl}{py[0]}{py[1]}", abis, platforms))
        out += list(tags.compatible_tags(tuple(py), None, platforms))
    return [str(t) for t in out]


WHEELS = [
    "numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.1.0-cp311-cp311-musllinux_1_1_x86_64.whl", "numpy-2.1.0-cp312-cp312-macosx_14_0_arm64.whl",
    "numpy-2.1.0-cp312-cp312-macosx_10_9_x86_64.whl", "numpy-2.1.0-cp39-cp39-win_amd64.whl",
    "numpy-1.21.6-cp37-cp37m-manylinux_2_12_i686.manylinux2010_i686.whl",
    "numpy-2.1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "cryptography-42.0.5-cp39-abi3-manylinux_2_28_x86_64.whl", "cryptography-42.0.5-cp37-abi3-macosx_10_12_universal2.whl",
    "cryptography-42.0.5-cp39-abi3-musllinux_1_2_aarch64.whl", "cryptography-42.0.5-cp39-abi3-win32.whl",
    "six-1.16.0-py2.py3-none-any.whl", "requests-2.32.3-py3-none-any.whl", "pip-24.0-py3-none-any.whl",
    "torch-2.3.1+cu121-cp311-cp311-linux_x86_64.whl", "torch-2.3.1-cp311-none-macosx_11_0_arm64.whl",
    "pywin32-306-cp39-cp39-win_amd64.whl", "pywin32-306-cp312-cp312-win32.whl", "foo-1.0-1-py3-none-any.whl",
    "foo-1.0-1abc-py3-none-any.whl", "foo-1.0-abc-py3-none-any.whl", "foo-1.0-py3-none-any.tar.gz",
    "foo-1.0-py3-none.whl", "foo-1.0-py3-none-any-extra-x.whl", "foo_bar-1.0-py3-none-any.whl",
    "Foo.Bar-1.0-py3-none-any.whl", "foo__bar-1.0-py3-none-any.whl", "-1.0-py3-none-any.whl",
    "foo-1.0.0.dev1-py3-none-any.whl", "foo-notaversion-py3-none-any.whl", "foo-1.0-py3..py2-none-any.whl",
    "foo-1.0-3py-none-any.whl", "foo-1.0-PY3-NONE-ANY.whl", "foo-1.0-py3-none-manylinux1_x86_64.whl",
    "foo-1.0-cp313-cp313t-manylinux_2_39_x86_64.whl", "foo-1.0-cp313-abi3t-manylinux_2_17_x86_64.whl",
    "foo-1.0-cp315-abi3t-manylinux_2_17_x86_64.whl", "foo-1.0-cp311-abi3-manylinux_2_5_x86_64.manylinux1_x86_64.whl",
    "foo-1.0-cp311-cp311-manylinux_2_31_x86_64.whl", "foo-1.0-cp311-cp311-manylinux_2_32_x86_64.whl",
    "foo-1.0-cp311-cp311-manylinux_1_99_x86_64.whl", "foo-1.0-cp311-cp311-linux_armv7l.whl",
    "foo-1.0-cp311-cp311-manylinux_2_17_armv7l.whl", "foo-1.0-cp38-abi3-linux_x86_64.whl",
    "foo-1.0-cp2-abi3-linux_x86_64.whl", "foo-1.0-cp32-abi3-manylinux_2_17_x86_64.whl",
    "foo-1.0-py311-none-any.whl", "foo-1.0-py30-none-any.whl", "foo-1.0-py4-none-any.whl", "foo-1.0-pp3-none-any.whl",
    "foo-1.0-pp310-none-any.whl", "foo-1.0-cp311-none-any.whl", "foo-1.0-ip27-none-any.whl",
    "foo-1.0-py3-none-macosx_11_0_universal2.whl", "foo-1.0-py3-none-macosx_10_4_intel.whl",
    "foo-1.0-py3-none-macosx_15_0_arm64.whl", "foo-1.0-py3-none-win_arm64.whl",
]


def random_wheel(r: random.Random) -> str:
    name = r.choice(["numpy", "pandas", "foo", "Foo_Bar", "scikit_learn", "grpcio"])
    version = r.choice(["1.0", "2.1.0", "1.26.4", "0.1.dev0", "2.3.1+cu121"])
    py = r.choice(["cp37", "cp38", "cp39", "cp310", "cp311", "cp312", "cp313", "py3", "py2.py3", "pp310", "py311", "cp36"])
    abi = r.choice(["none", "abi3", "cp311", "cp312", "cp37m", "cp39", "pypy310_pp73", "cp313t", "abi3t", py if py.startswith("cp") else "none"])
    plat = r.choice([
        "any", "linux_x86_64", "linux_aarch64", "linux_i686", "win_amd64", "win32", "win_arm64",
        "manylinux1_x86_64", "manylinux2010_x86_64", "manylinux2014_x86_64", "manylinux2014_aarch64",
        "manylinux_2_17_x86_64.manylinux2014_x86_64", "manylinux_2_28_x86_64", "manylinux_2_34_x86_64",
        "manylinux_2_5_i686.manylinux1_i686", "musllinux_1_1_x86_64", "musllinux_1_2_aarch64", "musllinux_1_3_aarch64",
        "macosx_10_9_x86_64", "macosx_11_0_arm64", "macosx_12_0_universal2", "macosx_10_15_intel",
        "macosx_14_0_arm64", "manylinux_2_17_armv7l", "linux_armv7l", "manylinux_2_35_armv8l",
    ])
    build = r.choice(["", "", "", "-1", "-2local"])
    return f"{name}-{version}{build}-{py}-{abi}-{plat}.whl"


def gen_tags():
    targets = []
    for name, impl, py, abis, plat in TARGETS:
        targets.append({
            "name": name, "implementation": impl, "python": py, "abis": abis, "platform": plat,
            "tags": target_tags(impl, py, abis, plat),
        })
    wheels = dedupe(WHEELS + [random_wheel(rng) for _ in range(500)])
    wheel_cases = []
    for filename in wheels:
        try:
            name, version, build, tagset = parse_wheel_filename(filename)
        except Exception:  # noqa: BLE001
            wheel_cases.append({"filename": filename, "ok": None})
            continue
        wheel_cases.append({
            "filename": filename,
            "ok": {
                "name": name, "version": str(version), "build": list(build) if build else None,
                "tags": sorted(str(t) for t in tagset),
            },
        })
    write("tags.json", {"packaging": packaging.__version__, "targets": targets, "wheels": wheel_cases})
    return len(wheel_cases)


if __name__ == "__main__":
    valid = gen_versions()
    pair_count = gen_specifiers()
    marker_count, evaluations = gen_markers()
    names, requirements = gen_names_and_requirements()
    wheels = gen_tags()
    print(
        f"versions valid={len(valid)}; specifier checks={pair_count}; markers={marker_count} "
        f"evaluations={evaluations}; names={names}; requirements={requirements}; wheels={wheels}",
        file=sys.stderr,
    )
