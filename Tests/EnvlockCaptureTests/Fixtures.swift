// Builds real virtual environments for the capture tests, offline: wheels written by a small
// Python script (a wheel is a zip), installed with pip (`pip --python VENV`) or uv from the
// tools venv with `--no-index --find-links`.

import EnvlockCapture
import EnvlockModel
import EnvlockTestSupport
import Foundation

/// One wheel to build.
struct WheelSpec: Codable {
  var name: String
  var version: String
  var tag: String = "py3-none-any"
  var purelib: Bool = true
  /// Files of the wheel (path → UTF-8 content); binary files go in `binaryFiles`.
  var files: [String: String] = [:]
  /// Files copied into the wheel from disk (wheel path → source path).
  var binaryFiles: [String: String] = [:]
  /// Console scripts (`name = module:function`).
  var consoleScripts: [String] = []
  var requiresDist: [String] = []
  var summary: String = "A test package"
}

enum Fixtures {
  /// Writes wheels (and a PEP 660 in-tree build backend) from JSON specs.
  static let wheelMaker = #"""
    import base64, hashlib, json, os, sys, zipfile
    specs, out = json.load(open(sys.argv[1])), sys.argv[2]
    def line(path, data):
        h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
        return '%s,sha256=%s,%d' % (path, h, len(data))
    for s in specs:
        dist = s['name'].replace('-', '_')
        di = '%s-%s.dist-info' % (dist, s['version'])
        files = {p: c.encode() for p, c in s['files'].items()}
        for p, src in s['binaryFiles'].items():
            files[p] = open(src, 'rb').read()
        meta = 'Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\n' % (s['name'], s['version'], s['summary'])
        meta += ''.join('Requires-Dist: %s\n' % r for r in s['requiresDist'])
        files[di + '/METADATA'] = (meta + '\nLong description.\n').encode()
        files[di + '/WHEEL'] = ('Wheel-Version: 1.0\nGenerator: envlock-tests\nRoot-Is-Purelib: %s\nTag: %s\n'
                                % ('true' if s['purelib'] else 'false', s['tag'])).encode()
        if s['consoleScripts']:
            files[di + '/entry_points.txt'] = ('[console_scripts]\n' + '\n'.join(s['consoleScripts']) + '\n').encode()
        record = [line(p, d) for p, d in files.items()] + [di + '/RECORD,,']
        files[di + '/RECORD'] = ('\n'.join(record) + '\n').encode()
        name = '%s-%s-%s.whl' % (dist, s['version'], s['tag'])
        with zipfile.ZipFile(os.path.join(out, name), 'w') as z:
            for p, d in files.items():
                z.writestr(p, d)
    """#

  /// A PEP 517/660 build backend kept in the project itself (no build requirements, so pip's
  /// isolated build works offline). Its editable wheel holds a `.pth` pointing at `src/`.
  static let inTreeBackend = #"""
    import base64, hashlib, os, zipfile
    NAME, VER = 'edpkg', '0.1'
    def _line(path, data):
        h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
        return '%s,sha256=%s,%d' % (path, h, len(data))
    def _wheel(directory, files):
        di = '%s-%s.dist-info' % (NAME, VER)
        files[di + '/METADATA'] = ('Metadata-Version: 2.1\nName: %s\nVersion: %s\n' % (NAME, VER)).encode()
        files[di + '/WHEEL'] = b'Wheel-Version: 1.0\nGenerator: backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
        files[di + '/RECORD'] = ('\n'.join([_line(p, d) for p, d in files.items()] + [di + '/RECORD,,']) + '\n').encode()
        name = '%s-%s-py3-none-any.whl' % (NAME, VER)
        with zipfile.ZipFile(os.path.join(directory, name), 'w') as z:
            for p, d in files.items():
                z.writestr(p, d)
        return name
    def get_requires_for_build_wheel(config_settings=None): return []
    def get_requires_for_build_editable(config_settings=None): return []
    def build_wheel(directory, config_settings=None, metadata_directory=None):
        return _wheel(directory, {'edpkg/__init__.py': open('src/edpkg/__init__.py', 'rb').read()})
    def build_editable(directory, config_settings=None, metadata_directory=None):
        return _wheel(directory, {'__editable__.edpkg-0.1.pth': (os.path.abspath('src') + '\n').encode()})
    """#

  /// Builds wheels into `directory`.
  static func buildWheels(_ specs: [WheelSpec], into directory: URL) throws {
    let work = try TestSupport.temporaryDirectory("wheelmaker")
    let script = work.appendingPathComponent("make.py")
    try wheelMaker.write(to: script, atomically: true, encoding: .utf8)
    let specFile = work.appendingPathComponent("specs.json")
    try JSONEncoder().encode(specs).write(to: specFile)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try check(TestSupport.run("python3", [script.path, specFile.path, directory.path]), "building wheels")
  }

  /// `python3 -m venv --without-pip PATH`.
  static func makeVenv(_ path: URL) throws {
    try check(
      TestSupport.run("python3", ["-m", "venv", "--without-pip", path.path]), "creating \(path.path)")
  }

  /// `pip --python VENV/bin/python ARGS` with the tools venv's pip, offline.
  @discardableResult
  static func pip(_ venv: URL, _ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
    var env = ProcessInfo.processInfo.environment
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["PIP_NO_CACHE_DIR"] = "1"
    let python = venv.appendingPathComponent("bin/python").path
    return try check(
      TestSupport.run("pip", ["--python", python] + arguments, in: directory, environment: env),
      "pip \(arguments.joined(separator: " "))")
  }

  /// `uv pip install --no-index --find-links WHEELS --python VENV/bin/python ARGS`.
  static func uvInstall(_ venv: URL, wheels: URL, _ arguments: [String]) throws {
    var env = ProcessInfo.processInfo.environment
    env["UV_NO_CACHE"] = "1"
    env["UV_OFFLINE"] = "1"
    let python = venv.appendingPathComponent("bin/python").path
    try check(
      TestSupport.run(
        "uv",
        ["pip", "install", "--no-cache", "--no-index", "--find-links", wheels.path, "--python", python]
          + arguments,
        environment: env), "uv pip install \(arguments.joined(separator: " "))")
  }

  /// The running `python3`'s CPython tag, for example `cp311`.
  static func cpythonTag() throws -> String {
    let r = try check(
      TestSupport.run("python3", ["-c", "import sys;print('cp%d%d' % sys.version_info[:2])"]),
      "python3 version")
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The venv's site-packages directory.
  static func sitePackages(_ venv: URL) throws -> URL {
    let lib = venv.appendingPathComponent("lib")
    let entries = try FileManager.default.contentsOfDirectory(atPath: lib.path)
    guard let py = entries.first(where: { $0.hasPrefix("python3") }) else {
      throw FixtureError(description: "no python3.X in \(lib.path)")
    }
    return lib.appendingPathComponent(py).appendingPathComponent("site-packages")
  }

  /// Captures `venv` with a clean environment.
  static func capture(_ venv: URL) throws -> Snapshot {
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "VIRTUAL_ENV")
    env.removeValue(forKey: "CONDA_PREFIX")
    let options = CaptureOptions(
      python: venv.path, projectRoot: venv.path, environment: env, commandLine: ["envlock", "capture"],
      toolVersion: "test")
    return try Capturer.capture(options).snapshot
  }

  @discardableResult
  static func check(_ result: ProcessResult, _ what: String) throws -> ProcessResult {
    guard result.status == 0 else {
      throw FixtureError(
        description: "\(what) failed (\(result.status)):\n\(result.stderr)\n\(result.stdout)")
    }
    return result
  }

  static func write(_ text: String, to url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }
}

/// A fixture could not be built.
struct FixtureError: Error, CustomStringConvertible {
  var description: String
}
