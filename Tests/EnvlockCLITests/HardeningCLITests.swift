// End-to-end hardening cases through the built binary: inputs that crashed, hid content or lost
// fingerprints before.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct HardeningCLITests {
  /// The locale variables a user may run with; a Swift process itself always runs in the C locale.
  static let locales: [[String: String]] = [[:], ["LANG": "C"], ["LANG": "C.UTF-8"], ["LC_ALL": "C.UTF-8"]]

  /// Config files with non-ASCII paths (one found through `PIP_CONFIG_FILE`, one named with
  /// `--config`) crashed capture with SIGSEGV inside libarchive's `archive_write_header`.
  @Test(arguments: locales)
  func capturesConfigFilesWithNonASCIIPaths(_ locale: [String: String]) throws {
    let p = try ProjectRun()
    try p.write("café/pip.conf", "[global]\ntimeout = 10\n")
    try p.write("données.toml", "threads = 4\n")
    var extra = locale
    extra["PIP_CONFIG_FILE"] = p.path("café/pip.conf")
    var run = p.environment(extra)
    for name in ["LANG", "LC_ALL", "LC_CTYPE"] where locale[name] == nil { run.removeValue(forKey: name) }
    let capture = try TestSupport.run(
      try TestSupport.envlockBinary(),
      ["capture", "--no-sign", "-q", "-o", "a.envlock", "--config", "données.toml"],
      in: p.root, environment: run)
    #expect(capture.status == 0, "\(capture.stderr)")
    let snapshot = try p.snapshot("a.envlock")
    #expect(Set(snapshot.configFiles.map(\.path)).isSuperset(of: ["café/pip.conf", "données.toml"]))
    let listed = try TestSupport.run(
      "bsdtar", ["-tf", p.path("a.envlock")], environment: ["LC_ALL": "C.UTF-8"])
    #expect(listed.stdout.contains("config/café/pip.conf\n"), "\(listed.stdout)")
  }
}

extension HardeningCLITests {
  /// `diff`, `check` and `rebuild` refuse a 2 GB JSON snapshot at once, without reading it: exit
  /// 2, in well under a second of work and without growing (the report found 6.3 GB of memory).
  @Test(arguments: ["diff", "check", "rebuild"])
  func hugeJSONSnapshotsAreRefusedUnread(_ command: String) throws {
    let p = try ProjectRun()
    #expect(try p.envlock(["init", "--contract-only"]).status == 0)
    let big = p.path("big.json")
    FileManager.default.createFile(atPath: big, contents: Data("{\"schema\": ".utf8))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
    try handle.truncate(atOffset: 2 << 30)
    try handle.close()
    let arguments: [String] =
      switch command {
      case "diff": ["diff", "big.json", "big.json"]
      case "check": ["check", "big.json"]
      default: ["rebuild", "big.json", "-o", p.path("out")]
      }
    // Python measures the child's peak memory (ru_maxrss, KiB) and its time.
    let measure = """
      import resource, subprocess, sys, time
      start = time.time()
      r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
      print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.time() - start)
      sys.stderr.write(r.stderr)
      """
    let run = try TestSupport.run(
      "python3", ["-c", measure, try TestSupport.envlockBinary()] + arguments, in: p.root,
      environment: p.environment())
    let fields = run.stdout.split(separator: " ").map {
      String($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(fields.count == 3, "\(run.stdout)\(run.stderr)")
    guard fields.count == 3, let status = Int(fields[0]), let kib = Int(fields[1]),
      let time = Double(fields[2])
    else { return }
    #expect(status == 2, "\(run.stderr)")
    #expect(run.stderr.contains("more than the 67108864-byte limit for a JSON snapshot"), "\(run.stderr)")
    #expect(kib < 200 * 1024, "peak memory \(kib) KiB")
    #expect(time < 10, "took \(time) s")
  }
}

extension HardeningCLITests {
  /// Key files that cannot be created, even by root (as on a full or read-only disk): in a /proc
  /// folder, and in a folder that cannot be made there.
  static let unwritableKeys = ["/proc/self/envlock-redaction.key", "/proc/self/envlock/redaction.key"]

  /// A project whose redaction key cannot be made: a capture that finds a secret fails with exit 2
  /// and says why, and writes nothing; one that finds none succeeds with a note; with key
  /// generation turned off, secrets are stored without fingerprints as asked.
  @Test(arguments: unwritableKeys)
  func secretsNeverLoseTheirFingerprintsSilently(_ keyFile: String) throws {
    let name = keyFile
    let p = try ProjectRun()
    try p.write("envlock.toml", "[redaction]\nkey_file = \"\(keyFile)\"\n")
    let out = try TestSupport.temporaryDirectory("out")
    let secret = ["MY_API_TOKEN": "tok_" + String(repeating: "x7Q", count: 10)]
    let failed = try p.envlock(
      ["capture", "--no-sign", "-q", "-o", out.appendingPathComponent("a.envlock").path], environment: secret)
    #expect(failed.status == 2, "\(name): \(failed.stderr)")
    #expect(
      failed.stderr.contains("secret(s) but could not create the redaction key that fingerprints them"),
      "\(failed.stderr)")
    #expect(failed.stderr.hasPrefix("error: Found "), "\(failed.stderr)")
    #expect(failed.stderr.contains("caused by: Failed to use the redaction key"), "\(failed.stderr)")
    #expect(failed.stderr.contains("hint: "), "\(failed.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)

    // No secret: nothing to fingerprint, the capture is written.
    let clean = try p.envlock(
      [
        "capture", "--no-sign", "-q", "--env-exclude", "*", "-o",
        out.appendingPathComponent("b.envlock").path,
      ])
    #expect(clean.status == 0, "\(name): \(clean.stderr)")
    #expect(clean.stderr.contains("note: no redaction key could be created"), "\(clean.stderr)")
  }

  @Test func turningKeyGenerationOffStoresSecretsWithoutFingerprints() throws {
    let p = try ProjectRun()
    try p.write("envlock.toml", "[redaction]\nkey_file = \"\(Self.unwritableKeys[0])\"\ngenerate = false\n")
    let out = try TestSupport.temporaryDirectory("out").appendingPathComponent("a.envlock").path
    let capture = try p.envlock(
      ["capture", "--no-sign", "-q", "-o", out],
      environment: ["MY_API_TOKEN": "tok_" + String(repeating: "x7Q", count: 10)])
    #expect(capture.status == 0, "\(capture.stderr)")
    let variable = try p.snapshot(out).environment.first { $0.name == "MY_API_TOKEN" }
    #expect(variable?.redaction != nil && variable?.redaction?.fingerprint == nil)
  }
}

extension HardeningCLITests {
  /// Data files whose names are not UTF-8 made capture fail with "No such file or directory".
  /// They are recorded with the invalid bytes escaped and a warning, and SHA256SUMS holds their
  /// bytes, so `sha256sum -c` checks them in the project.
  @Test func dataFilesWithNamesThatAreNotUTF8() throws {
    let p = try ProjectRun()
    let make = """
      import os, sys
      root = os.fsencode(sys.argv[1])
      os.makedirs(root + b'/data/\\xfe-dir')
      for name, text in [(b'data/a\\xffb.csv', b'x,y\\n'), (b'data/\\xfe-dir/c.txt', b'c'),
                         (b'data/back\\\\slash\\xff', b'b'), (b'data/ok.txt', b'ok')]:
          open(root + b'/' + name, 'wb').write(text)
      os.symlink(b'a\\xffb.csv', root + b'/data/link\\xff')
      """
    let made = try TestSupport.run("python3", ["-c", make, p.root.path])
    #expect(made.status == 0, "\(made.stderr)")
    let capture = try p.envlock(["capture", "--no-sign", "-q", "-o", "a.envlock", "--data", "data"])
    #expect(capture.status == 0, "\(capture.stderr)")
    #expect(capture.stderr.contains("the name is not valid UTF-8"), "\(capture.stderr)")
    let snapshot = try p.snapshot("a.envlock")
    let files = Dictionary(uniqueKeysWithValues: snapshot.dataFiles.map { ($0.path, $0) })
    #expect(
      Set(files.keys) == [
        "data/a\\xffb.csv", "data/\\xfe-dir/c.txt", "data/back\\\\slash\\xff", "data/ok.txt",
        "data/link\\xff",
      ], "\(files.keys.sorted())")
    #expect(files["data/a\\xffb.csv"]?.pathEscaped == true)
    let digest = try TestSupport.run("sha256sum", ["-"], stdin: Data("x,y\n".utf8)).stdout.prefix(64)
    #expect(files["data/a\\xffb.csv"]?.sha256?.hex == String(digest))
    #expect(files["data/link\\xff"]?.kind == .symlink)
    #expect(files["data/ok.txt"]?.pathEscaped == nil)
    #expect(
      snapshot.warnings.filter { $0.code == .dataNameNotUTF8 }.compactMap(\.path).sorted() == [
        "data/\\xfe-dir", "data/a\\xffb.csv", "data/back\\\\slash\\xff", "data/link\\xff",
      ])
    // sha256sum checks the extracted SHA256SUMS against the files themselves.
    let extract = try p.envlock(["extract", "a.envlock", "--output", "out"])
    #expect(extract.status == 0, "\(extract.stderr)")
    let check = try TestSupport.run("sha256sum", ["-c", "--strict", "out/SHA256SUMS"], in: p.root)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.split(separator: "\n").count == 4, "\(check.stdout)")
    try Data("changed".utf8).write(to: p.root.appendingPathComponent("data/ok.txt"))
    #expect(try TestSupport.run("sha256sum", ["-c", "--strict", "out/SHA256SUMS"], in: p.root).status == 1)
  }
}
