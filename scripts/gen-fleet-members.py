#!/usr/bin/env python3
"""Fleet benchmark data (scripts/bench-fleet.sh).

`venv DIR N`: writes N installed distributions (dist-info with METADATA, WHEEL, INSTALLER, RECORD)
into the site-packages of the venv at DIR, with requirements between them, so that a real
`envlock capture --python DIR` records N packages.

`members BASE.JSON OUT COUNT`: writes COUNT member snapshots (envlock.snapshot/1 JSON) derived from
the captured baseline with seeded perturbations: capture metadata differs in every member and
project roots (noise) are those of a few servers and CI runners, or a laptop's own home; most members share a few changes (numpy upgraded, pandas upgraded,
OMP_NUM_THREADS changed, debugpy added, another kernel); a few are outliers with a change nobody
else has; about one in ten matches the baseline.
"""
import copy
import json
import os
import random
import sys

REAL = [
    ("numpy", "1.26.4", "cp311-cp311-manylinux_2_17_x86_64", "BSD-3-Clause"),
    ("pandas", "2.2.2", "cp311-cp311-manylinux_2_17_x86_64", None),
    ("scipy", "1.13.1", "cp311-cp311-manylinux_2_17_x86_64", "BSD-3-Clause"),
    ("scikit-learn", "1.5.0", "cp311-cp311-manylinux_2_17_x86_64", None),
    ("requests", "2.32.3", "py3-none-any", "Apache-2.0"),
    ("urllib3", "2.2.2", "py3-none-any", "MIT"),
    ("idna", "3.7", "py3-none-any", None),
    ("certifi", "2024.7.4", "py3-none-any", "MPL-2.0"),
    ("charset-normalizer", "3.3.2", "py3-none-any", "MIT"),
    ("python-dateutil", "2.9.0.post0", "py2.py3-none-any", None),
    ("six", "1.16.0", "py2.py3-none-any", "MIT"),
    ("pytz", "2024.1", "py2.py3-none-any", "MIT"),
    ("joblib", "1.4.2", "py3-none-any", "BSD-3-Clause"),
    ("threadpoolctl", "3.5.0", "py3-none-any", "BSD-3-Clause"),
    ("packaging", "24.1", "py3-none-any", None),
    ("pyyaml", "6.0.1", "cp311-cp311-manylinux_2_17_x86_64", "MIT"),
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_venv(venv, count):
    site = os.path.join(venv, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
    rng = random.Random(18)
    dists = list(REAL)
    i = 0
    while len(dists) < count:
        dists.append(("bench-pkg-%03d" % i, "%d.%d.%d" % (rng.randint(0, 5), rng.randint(0, 30), rng.randint(0, 9)),
                      "py3-none-any", rng.choice(["MIT", "Apache-2.0", None])))
        i += 1
    for n, (name, version, tag, license) in enumerate(dists[:count]):
        dist = name.replace("-", "_")
        info = os.path.join(site, "%s-%s.dist-info" % (dist, version))
        requires = []
        for j in rng.sample(range(n), min(n, rng.randint(0, 3))):
            dep = dists[j]
            requires.append("Requires-Dist: %s>=%s" % (dep[0], dep[1].split(".")[0]))
        if n % 7 == 0:
            requires.append('Requires-Dist: pytest ; extra == "test"')
        meta = ["Metadata-Version: 2.1", "Name: %s" % name, "Version: %s" % version,
                "Summary: %s for the fleet benchmark" % name]
        if license:
            meta.append("License-Expression: %s" % license)
        else:
            meta.append("Classifier: License :: OSI Approved :: BSD License")
        meta += requires
        write(os.path.join(info, "METADATA"), "\n".join(meta) + "\n\n")
        write(os.path.join(info, "WHEEL"), "Wheel-Version: 1.0\nRoot-Is-Purelib: %s\nTag: %s\n" %
              ("true" if tag.startswith("py") else "false", tag))
        write(os.path.join(info, "INSTALLER"), "uv\n")
        if n < 20:
            write(os.path.join(info, "REQUESTED"), "")
        record = ["%s/__init__.py,sha256=%s,%d" % (dist, ("%043d" % (n * 7919 + k)), 100 + k) for k in range(5)]
        record.append("%s-%s.dist-info/RECORD,," % (dist, version))
        write(os.path.join(info, "RECORD"), "\n".join(record) + "\n")
        write(os.path.join(site, dist, "__init__.py"), "")


def dump(snapshot):
    return json.dumps(snapshot, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def replace_strings(value, old, new):
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [replace_strings(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: replace_strings(v, old, new) for k, v in value.items()}
    return value


def set_version(snapshot, name, version):
    for p in snapshot["python_packages"]:
        if p["name"] == name:
            p["version"] = version


def set_variable(snapshot, name, value):
    env = [v for v in snapshot["environment"] if v["name"] != name]
    env.append({"name": name, "value": value})
    snapshot["environment"] = sorted(env, key=lambda v: v["name"].encode())


def make_members(base_path, out, count):
    with open(base_path, encoding="utf-8") as f:
        doc = json.load(f)
    base = doc.get("snapshot", doc)
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "..", "baseline.json"), dump(base))
    root = base["capture"]["project_root"]
    template = next(p for p in base["python_packages"] if p["name"] == "six")
    rng = random.Random(20)
    for i in range(count):
        m = copy.deepcopy(base)
        # Servers and CI runners share a few roots; one member in 50 is a laptop under its own home.
        if i % 50 == 3:
            new_root = "/home/user%03d/work/project" % i
        else:
            new_root = ["/srv/app", "/builds/ci/app", "/opt/app", root][i % 4]
        m = replace_strings(m, root, new_root)
        m["capture"]["host_name"] = "node-%04d" % i
        m["capture"]["time"] = "2026-12-01T%02d:%02d:00Z" % (i // 60 % 24, i % 60)
        if i % 10 != 0:  # one member in ten matches the baseline
            if rng.random() < 0.9:
                set_version(m, "numpy", "2.0.1")
            if rng.random() < 0.3:
                set_version(m, "pandas", "2.2.3")
            if rng.random() < 0.2:
                set_variable(m, "OMP_NUM_THREADS", "8")
            if rng.random() < 0.1:
                extra = dict(template, name="debugpy", display_name="debugpy", version="1.8.1",
                             requested=True, requires_dist=[])
                m["python_packages"] = sorted(m["python_packages"] + [extra], key=lambda p: p["name"])
            if m.get("host") and rng.random() < 0.3:
                m["host"]["kernel_release"] = rng.choice(["6.1.0-21-amd64", "6.1.0-25-amd64"])
            if i % 50 == 7:  # an outlier: a change nobody else has
                victim = rng.choice(m["python_packages"])
                victim["version"] = victim["version"] + ".post%d" % i
                set_variable(m, "OUTLIER_%d" % i, "yes")
        write(os.path.join(out, "member-%04d.json" % i), dump(m))


if __name__ == "__main__":
    if sys.argv[1] == "venv":
        make_venv(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "members":
        make_members(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit("usage: gen-fleet-members.py venv DIR N | members BASE.JSON OUT COUNT")
