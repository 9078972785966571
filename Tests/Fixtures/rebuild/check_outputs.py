"""Checks rebuild outputs with the parsers their consumers use.

Usage: check_outputs.py ROOT

ROOT holds one folder per case, each with the files `envlock rebuild -o` writes and an
`expected.json` saying what envlock meant them to hold:

  clean           the folder of the case without hostile values (same variant)
  env             {name: value} set with ENV and in environment.env
  requirements    pinned names, in order
  apt, conda      the package specs of apt-packages.txt and conda-packages.txt
  commands        the shell commands (word lists) envlock meant in the kernel and data-link RUNs
  hazards         the number of hazards

Prints one line per problem and exits 1 when there is any. The official Dockerfile parser
(`dockerfile`), pip's requirements-file parser, `packaging`, `tomllib`, Docker's env-file rules and
the Markdown structure of REBUILD.md are applied; nothing is executed.
"""

import json
import os
import re
import sys
import tomllib

import dockerfile
from packaging.requirements import Requirement
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import RequirementsFileParser, get_line_parser

problems = []
session = PipSession()


def problem(case, text):
    problems.append(f"{case}: {text}")


def unquote_env(raw):
    """An ENV value as BuildKit's lexer reads it: double quotes removed, \\ before " $ \\ undone."""
    out = []
    i = 0
    quoted = False
    while i < len(raw):
        c = raw[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and i + 1 < len(raw) and (not quoted or raw[i + 1] in '"$\\'):
            i += 1
            out.append(raw[i])
        elif c == "$":
            return None  # an unescaped variable reference: not the literal envlock meant
        else:
            out.append(c)
        i += 1
    return "".join(out) if not quoted else None


OPERATORS = set(";|&<>()`$")


def shell_commands(text):
    """Splits a POSIX shell command line at `&&` into word lists, honouring quotes; an unquoted
    operator, substitution or expansion other than `&&` is a problem (returned as None)."""
    commands, words, word, in_word = [], [], [], False
    i = 0
    while i < len(text):
        c = text[i]
        if c in " \t\n":
            if in_word:
                words.append("".join(word))
                word, in_word = [], False
        elif c == "'":
            end = text.index("'", i + 1)
            word.append(text[i + 1 : end])
            in_word, i = True, end
        elif c == '"':
            i += 1
            while text[i] != '"':
                if text[i] == "\\" and text[i + 1] in '$`"\\':
                    i += 1
                elif text[i] in "$`":
                    return None
                word.append(text[i])
                i += 1
            in_word = True
        elif c == "\\":
            i += 1
            word.append(text[i])
            in_word = True
        elif text.startswith("&&", i) and not in_word:
            commands.append(words)
            words, i = [], i + 1
        elif c in OPERATORS:
            return None
        else:
            word.append(c)
            in_word = True
        i += 1
    if in_word:
        words.append("".join(word))
    commands.append(words)
    return commands


def check_dockerfile(case, folder, expected, clean_commands):
    commands = dockerfile.parse_file(os.path.join(folder, "Dockerfile"))
    names = [c.cmd for c in commands]
    if names != clean_commands:
        problem(case, f"Dockerfile instructions {names} differ from the clean case's {clean_commands}")
    env = {}
    runs = []
    for c in commands:
        if c.cmd == "ENV":
            values = list(c.value)
            for name, raw in zip(values[0::2], values[1::2]):
                env[name] = unquote_env(raw)
        elif c.cmd == "RUN":
            parsed = shell_commands(c.value[0])
            if parsed is None:
                problem(case, f"RUN has an unquoted operator or expansion: {c.value[0]!r}")
            else:
                runs += parsed
    if env != expected["env"]:
        problem(case, f"ENV sets {env}, envlock meant {expected['env']}")
    allowed = {"groupadd", "useradd", "apt-get", "rm", "python", "sha256sum", "mkdir", "ln", "micromamba",
               "addgroup", "adduser", "apk"}
    for words in runs:
        if not words or words[0] not in allowed:
            problem(case, f"RUN runs an unexpected command {words}")
    for words in expected["commands"]:
        if words not in runs:
            problem(case, f"RUN lacks the command {words}; it has {runs}")
    meant = [w for w in runs if w and w[0] in ("ln",) or w[:3] == ["python", "-m", "ipykernel"]]
    if sorted(map(tuple, meant)) != sorted(map(tuple, expected["commands"])):
        problem(case, f"RUN kernel and link commands {meant} differ from {expected['commands']}")


def check_requirements(case, folder, expected):
    path = os.path.join(folder, "requirements.lock")
    names = []
    for line in RequirementsFileParser(session, get_line_parser(None)).parse(path, constraint=False):
        if line.requirement is None:
            problem(case, f"requirements.lock line {line.lineno} is an option line: {vars(line.opts)}")
            continue
        extra = {k for k, v in vars(line.opts).items() if v and k not in ("format_control", "release_control", "hashes")}
        if extra:
            problem(case, f"requirements.lock line {line.lineno} carries options {extra}")
        names.append(Requirement(line.requirement).name)
    if names != expected["requirements"]:
        problem(case, f"requirements.lock pins {names}, envlock meant {expected['requirements']}")


def check_pylock(case, folder, expected):
    with open(os.path.join(folder, "pylock.toml"), "rb") as f:
        doc = tomllib.load(f)
    names = [p["name"] for p in doc.get("packages", [])]
    if names != expected["requirements"]:
        problem(case, f"pylock.toml lists {names}, envlock meant {expected['requirements']}")


def check_env_file(case, folder, expected):
    """Docker's env-file rules (opts/file.go): lines split on \\n, leading space trimmed, `#` lines
    skipped, the name before the first `=`, the value kept as is."""
    env = {}
    with open(os.path.join(folder, "environment.env"), "rb") as f:
        for raw in f.read().decode("utf-8").split("\n"):
            line = raw.rstrip("\r").lstrip()
            if not line or line.startswith("#"):
                continue
            name, _, value = line.partition("=")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                problem(case, f"environment.env has a line that is no variable: {raw!r}")
            env[name] = value
    if env != expected["env"]:
        problem(case, f"environment.env sets {env}, envlock meant {expected['env']}")


def listed(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l for l in f.read().split("\n") if l and not l.startswith("#")]


def check_lists(case, folder, expected):
    apt = listed(folder, "apt-packages.txt")
    if apt != expected["apt"]:
        problem(case, f"apt-packages.txt lists {apt}, envlock meant {expected['apt']}")
    for spec in apt:
        if not re.fullmatch(r"[a-z0-9][a-z0-9+.-]+(=[0-9][A-Za-z0-9.+~:-]*(-[A-Za-z0-9.+~]+)?)?", spec):
            problem(case, f"apt-packages.txt line is no Debian package spec: {spec!r}")
    conda = listed(folder, "conda-packages.txt")
    if conda != expected["conda"]:
        problem(case, f"conda-packages.txt lists {conda}, envlock meant {expected['conda']}")


def check_markdown(case, folder, expected):
    with open(os.path.join(folder, "REBUILD.md"), encoding="utf-8") as f:
        text = f.read()
    fixed = ("Captured ", "Build the image ", "Or realize it ", "    docker build ")
    headings = []
    for line in text.split("\n"):
        if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in line):
            problem(case, f"REBUILD.md line holds a control character: {line!r}")
        if line.startswith("#"):
            headings.append(line)
        elif line and not line.startswith("- ") and not line.startswith(fixed) and not line.startswith("None: "):
            problem(case, f"REBUILD.md has an unexpected line: {line!r}")
    shape = [re.sub(r"\(\d+\)|sha256:[0-9a-f]+", "", h) for h in headings]
    if shape != ["# Rebuild of snapshot ", "## Decisions", "## Hazards ", "## Files"]:
        problem(case, f"REBUILD.md headings {headings}")
    if f"## Hazards ({expected['hazards']})" not in headings:
        problem(case, f"REBUILD.md does not count {expected['hazards']} hazards: {headings}")
    hazard_lines = [l for l in text.split("## Hazards")[1].split("## Files")[0].split("\n") if l.startswith("- ")]
    if len(hazard_lines) != expected["hazards"]:
        problem(case, f"REBUILD.md lists {len(hazard_lines)} hazards, envlock meant {expected['hazards']}")


def check_report(case, folder, expected):
    with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
        report = json.load(f)
    if len(report["hazards"]) != expected["hazards"]:
        problem(case, f"the JSON report has {len(report['hazards'])} hazards, not {expected['hazards']}")


def main(root):
    cases = sorted(os.listdir(root))
    clean = {}
    for case in cases:
        folder = os.path.join(root, case)
        with open(os.path.join(folder, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        reference = os.path.join(root, expected["clean"])
        if reference not in clean:
            clean[reference] = [c.cmd for c in dockerfile.parse_file(os.path.join(reference, "Dockerfile"))]
        for check in (check_requirements, check_pylock, check_env_file, check_lists, check_markdown, check_report):
            try:
                check(case, folder, expected)
            except Exception as error:  # a parser refusing the file is a problem too
                problem(case, f"{check.__name__}: {type(error).__name__}: {error}")
        try:
            check_dockerfile(case, folder, expected, clean[reference])
        except Exception as error:
            problem(case, f"check_dockerfile: {type(error).__name__}: {error}")
    for line in problems:
        print(line)
    print(f"checked {len(cases)} cases, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
