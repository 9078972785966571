"""Writes a minimal wheel for envlock's tests (a wheel is a zip).

    python3 make_wheel.py FOLDER NAME VERSION [--tag TAG] [--requires REQ]... [--payload TEXT]

Prints the file name. File times are fixed, so the same arguments give the same bytes.
"""
import argparse, base64, hashlib, os, zipfile

parser = argparse.ArgumentParser()
parser.add_argument("folder")
parser.add_argument("name")
parser.add_argument("version")
parser.add_argument("--tag", default="py3-none-any")
parser.add_argument("--requires", action="append", default=[])
parser.add_argument("--payload", default="")
args = parser.parse_args()

dist = args.name.replace("-", "_")
info = "%s-%s.dist-info" % (dist, args.version)
filename = "%s-%s-%s.whl" % (dist, args.version, args.tag)
tags = []
py, abi, plat = args.tag.split("-")
for p in py.split("."):
    for a in abi.split("."):
        for t in plat.split("."):
            tags.append("%s-%s-%s" % (p, a, t))
files = {
    dist + "/__init__.py": "__version__ = %r\n%s\n" % (args.version, args.payload),
    info + "/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n%s"
    % (args.name, args.version, "".join("Requires-Dist: %s\n" % r for r in args.requires)),
    info + "/WHEEL": "Wheel-Version: 1.0\nGenerator: envlock-tests\nRoot-Is-Purelib: %s\n%s"
    % ("true" if abi == "none" else "false", "".join("Tag: %s\n" % t for t in tags)),
}
record = []
for path, text in files.items():
    data = text.encode()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
record.append(info + "/RECORD,,")
files[info + "/RECORD"] = "\n".join(record) + "\n"
os.makedirs(args.folder, exist_ok=True)
with zipfile.ZipFile(os.path.join(args.folder, filename), "w") as z:
    for path, text in files.items():
        z.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), text)
print(filename)
