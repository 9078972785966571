// Every reader of a capture input has a size limit and linear cost: a pathological file (70,000
// trailing spaces, a deeply nested JSON, a string table without terminators) is read in well under
// a second, and a file over its limit (a sparse file, so the test writes nothing) is left out with
// an `input-too-large` warning naming it, in no time, instead of being read into memory.

import EnvlockModel
import EnvlockProject
import EnvlockRedaction
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

/// Seconds `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = Date()
  try body()
  return Date().timeIntervalSince(start)
}

/// Creates a sparse file of `size` bytes (all zeros, no disk blocks).
func sparseFile(_ path: String, size: Int) throws {
  try FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  FileManager.default.createFile(atPath: path, contents: nil)
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
  try handle.truncate(atOffset: UInt64(size))
  try handle.close()
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
  try FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The fastest a pathological input must be read.
let fast = 1.0

@Suite struct InputLimitTests {
  /// One file of a `.dist-info` directory made hostile.
  struct DistInfoCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The file written into `hostile-1.0.dist-info` and its content, or a size for a sparse file.
    var file: String
    var content: [UInt8] = []
    var sparseSize: Int?
    /// A warning expected for the file (nil when it is read fine).
    var warning: CaptureWarning.Code?
    /// What the package record must show.
    var check: @Sendable (PythonPackage) -> Bool = { _ in true }
    var testDescription: String { name }
  }

  static let metadata = Array("Metadata-Version: 2.1\nName: hostile\nVersion: 1.0\n".utf8)
  static let spaces = [UInt8](repeating: 0x20, count: 70_000)

  static let distInfoCases: [DistInfoCase] = [
    DistInfoCase(
      name: "INSTALLER with 70,000 trailing spaces", file: "INSTALLER",
      content: Array("pip".utf8) + spaces + [0x0A],
      check: { $0.installer == "pip" }),
    DistInfoCase(
      name: "INSTALLER of 70,000 spaces then a name", file: "INSTALLER",
      content: spaces + [0x0A] + spaces + Array("uv".utf8) + spaces, check: { $0.installer == "uv" }),
    DistInfoCase(
      name: "INSTALLER over its limit", file: "INSTALLER", sparseSize: (1 << 20) + 1, warning: .inputTooLarge,
      check: { $0.installer == nil }),
    DistInfoCase(
      name: "METADATA name and version with 256 KiB of trailing blanks", file: "METADATA",
      content: Array("Name: hostile".utf8) + [UInt8](repeating: 0x20, count: 256 << 10)
        + Array("\nVersion: 1.0".utf8) + [UInt8](repeating: 0x09, count: 256 << 10) + [0x0A],
      check: { $0.displayName == "hostile" && $0.version == "1.0" }),
    DistInfoCase(
      name: "METADATA with 100,000 continuation lines", file: "METADATA",
      content: metadata + Array("Summary: s\n".utf8)
        + Array(String(repeating: " more\n", count: 100_000).utf8),
      check: { $0.summary?.count ?? 0 > 500_000 }),
    DistInfoCase(
      name: "METADATA over its limit", file: "METADATA", sparseSize: (16 << 20) + 1, warning: .inputTooLarge,
      check: { $0.version == "1.0" }),
    DistInfoCase(
      name: "WHEEL tags with trailing blanks", file: "WHEEL",
      content: Array("Wheel-Version: 1.0\nTag: py3-none-any".utf8) + spaces + [0x0A],
      check: { $0.wheelTags == ["py3-none-any"] }),
    DistInfoCase(
      name: "WHEEL over its limit", file: "WHEEL", sparseSize: (1 << 20) + 1, warning: .inputTooLarge),
    DistInfoCase(
      name: "direct_url.json nested 500,000 deep", file: "direct_url.json",
      content: Array(("{\"url\": " + String(repeating: "[", count: 500_000)).utf8),
      warning: .directURLInvalid,
      check: { $0.directUrl == nil }),
    DistInfoCase(
      name: "direct_url.json over its limit", file: "direct_url.json", sparseSize: (1 << 20) + 1,
      warning: .inputTooLarge),
    DistInfoCase(
      name: "RECORD of one 4 MiB quoted line", file: "RECORD",
      content: [0x22] + [UInt8](repeating: 0x2C, count: 4 << 20) + [0x0A], warning: .recordBadLines),
    DistInfoCase(
      name: "RECORD with 50,000 lines", file: "RECORD",
      content: Array(
        (0..<50_000).map { "hostile/m\($0).py,sha256=AAAA,\($0)\n" }.joined().utf8),
      check: { $0.record?.fileCount == 50_000 }),
    DistInfoCase(
      name: "RECORD over its limit", file: "RECORD", sparseSize: (64 << 20) + 1, warning: .inputTooLarge,
      check: { $0.record == nil }),
    DistInfoCase(
      name: "a 1 GiB REQUESTED is only looked at", file: "REQUESTED", sparseSize: 1 << 30,
      check: { $0.requested }),
    DistInfoCase(
      name: "a 1 GiB entry_points.txt is never read", file: "entry_points.txt", sparseSize: 1 << 30),
    DistInfoCase(name: "a 1 GiB top_level.txt is never read", file: "top_level.txt", sparseSize: 1 << 30),
  ]

  @Test(arguments: distInfoCases)
  func distInfoFiles(_ c: DistInfoCase) throws {
    let site = try TestSupport.temporaryDirectory("site")
    let dir = site.appendingPathComponent("hostile-1.0.dist-info").path
    try writeFile(dir + "/METADATA", Self.metadata)
    let path = dir + "/" + c.file
    if let size = c.sparseSize { try sparseFile(path, size: size) } else { try writeFile(path, c.content) }
    var result: (InstalledDistribution?, [CaptureWarning]) = (nil, [])
    let elapsed = seconds {
      result = DistInfoReader.read(siteDirectory: site.path, name: "hostile-1.0.dist-info", kind: .distInfo)
    }
    #expect(elapsed < fast, "took \(elapsed) s")
    let package = try #require(result.0?.package)
    #expect(c.check(package), "\(package)")
    if let code = c.warning {
      #expect(result.1.contains { $0.code == code && $0.path == path }, "\(result.1)")
      if code == .inputTooLarge {
        let warning = result.1.first { $0.code == code }
        #expect(warning?.message.contains("larger than the") == true, "\(String(describing: warning))")
      }
    } else {
      #expect(!result.1.contains { $0.path == path }, "\(result.1)")
    }
  }

  /// A FIFO in place of a metadata file would block the capture on `open`; it is never opened.
  @Test(arguments: ["INSTALLER", "METADATA", "RECORD"])
  func fifosAreNeverOpened(_ file: String) throws {
    let site = try TestSupport.temporaryDirectory("site")
    let dir = site.appendingPathComponent("hostile-1.0.dist-info").path
    try writeFile(dir + "/METADATA", Self.metadata)
    if file == "METADATA" { try FileManager.default.removeItem(atPath: dir + "/METADATA") }
    #expect(mkfifo(dir + "/" + file, 0o644) == 0)
    var result: (InstalledDistribution?, [CaptureWarning]) = (nil, [])
    let elapsed = seconds {
      result = DistInfoReader.read(siteDirectory: site.path, name: "hostile-1.0.dist-info", kind: .distInfo)
    }
    #expect(elapsed < fast)
    let warning = result.1.first { $0.path == dir + "/" + file }
    #expect(warning?.code == .inputTooLarge, "\(result.1)")
    #expect(warning?.message.contains("not a regular file") == true)
  }

  @Test func eggInfoRequiresTxt() throws {
    let site = try TestSupport.temporaryDirectory("site")
    let dir = site.appendingPathComponent("old.egg-info").path
    try writeFile(dir + "/PKG-INFO", Array("Name: old\nVersion: 1.0\n".utf8))
    try writeFile(dir + "/requires.txt", Array("numpy".utf8) + Self.spaces + Array("\n[extra]\nscipy\n".utf8))
    var result: (InstalledDistribution?, [CaptureWarning]) = (nil, [])
    var elapsed = seconds {
      result = DistInfoReader.read(siteDirectory: site.path, name: "old.egg-info", kind: .eggInfoDirectory)
    }
    #expect(elapsed < fast)
    #expect(result.0?.package.requiresDist == ["numpy", "scipy; extra == \"extra\""])
    try FileManager.default.removeItem(atPath: dir + "/requires.txt")
    try sparseFile(dir + "/requires.txt", size: (16 << 20) + 1)
    elapsed = seconds {
      result = DistInfoReader.read(siteDirectory: site.path, name: "old.egg-info", kind: .eggInfoDirectory)
    }
    #expect(elapsed < fast)
    #expect(result.1.contains { $0.code == .inputTooLarge && $0.path == dir + "/requires.txt" })
  }

  @Test func pthFiles() throws {
    let site = try TestSupport.temporaryDirectory("site")
    try FileManager.default.createDirectory(
      at: site.appendingPathComponent("src"), withIntermediateDirectories: true)
    try writeFile(site.path + "/a.pth", Array("src".utf8) + Self.spaces + [0x0A])
    try sparseFile(site.path + "/b.pth", size: (4 << 20) + 1)
    var scan: DirectoryScan?
    let elapsed = seconds { scan = SiteScanner.scan(site.path, isSiteDirectory: true) }
    #expect(elapsed < fast)
    #expect(scan?.pthDirectories == [site.path + "/src"])
    #expect(scan?.warnings.contains { $0.code == .inputTooLarge && $0.path == site.path + "/b.pth" } == true)
  }

  @Test func condaRecords() throws {
    let prefix = try TestSupport.temporaryDirectory("conda")
    let meta = prefix.path + "/conda-meta"
    try writeFile(meta + "/deep-1.0-0.json", Array(String(repeating: "[", count: 500_000).utf8))
    try sparseFile(meta + "/huge-1.0-0.json", size: (64 << 20) + 1)
    var read: CondaPrefix?
    let elapsed = seconds { read = CondaReader.read(prefix: prefix.path) }
    #expect(elapsed < fast)
    #expect(
      read?.warnings.contains { $0.code == .condaRecordInvalid && $0.path == meta + "/deep-1.0-0.json" }
        == true)
    #expect(
      read?.warnings.contains { $0.code == .inputTooLarge && $0.path == meta + "/huge-1.0-0.json" } == true)
  }

  @Test func packageDatabases() throws {
    let dir = try TestSupport.temporaryDirectory("db")
    let status = dir.path + "/status"
    let line = "Package: tricky" + String(repeating: " ", count: 1 << 20)
    try writeFile(
      status,
      Array(
        "\(line)\nStatus: install ok installed\nVersion: 1\(String(repeating: " ", count: 1 << 20))\n".utf8))
    var warnings: [CaptureWarning] = []
    var packages: [SystemPackage]?
    var elapsed = seconds { packages = DpkgStatus.installedPackages(statusPath: status, warnings: &warnings) }
    #expect(elapsed < fast)
    #expect(packages?.map(\.name) == ["tricky"])
    typealias Reader = (String, inout [CaptureWarning]) -> [SystemPackage]?
    let readers: [(String, Reader)] = [
      ("dpkg", { path, w in DpkgStatus.installedPackages(statusPath: path, warnings: &w) }),
      ("apk", { path, w in ApkInstalled.installedPackages(path: path, warnings: &w) }),
    ]
    for (name, read) in readers {
      let huge = dir.path + "/\(name)-huge"
      try sparseFile(huge, size: (64 << 20) + 1)
      warnings = []
      elapsed = seconds { packages = read(huge, &warnings) }
      #expect(elapsed < fast)
      #expect(packages == nil)
      #expect(
        warnings.map(\.code) == [.inputTooLarge] && warnings.first?.path == huge, "\(name): \(warnings)")
    }
    let apk = dir.path + "/installed"
    try writeFile(apk, Array(("P:tricky\nV:1" + String(repeating: " ", count: 1 << 20) + "\n\n").utf8))
    warnings = []
    elapsed = seconds { packages = ApkInstalled.installedPackages(path: apk, warnings: &warnings) }
    #expect(elapsed < fast)
    #expect(packages?.map(\.name) == ["tricky"])
    // A dpkg file list over its limit is skipped.
    try sparseFile(dir.path + "/info/huge.list", size: (64 << 20) + 1)
    try writeFile(dir.path + "/info/small.list", Array("/usr/lib/x86_64-linux-gnu/libz.so.1\n".utf8))
    var owners: DpkgFileOwners?
    elapsed = seconds { owners = DpkgFileOwners(infoDirectory: dir.path + "/info") }
    #expect(elapsed < fast)
    #expect(owners?.owner(of: "/usr/lib/x86_64-linux-gnu/libz.so.1") == "small")
  }

  @Test func hostFiles() throws {
    let root = try TestSupport.temporaryDirectory("root")
    try writeFile(
      root.path + "/etc/os-release",
      Array(("ID=debian" + String(repeating: " ", count: 60_000) + "\nVERSION_ID=\"12\"\n").utf8))
    var warnings: [CaptureWarning] = []
    var os: OperatingSystem?
    var elapsed = seconds { os = HostProbe.operatingSystem(root: root.path, warnings: &warnings) }
    #expect(elapsed < fast)
    #expect(os?.id == "debian" && os?.versionId == "12")
    // Over its limit: left out with a warning, and the fallback file is read.
    try FileManager.default.removeItem(atPath: root.path + "/etc/os-release")
    try sparseFile(root.path + "/etc/os-release", size: (64 << 10) + 1)
    try writeFile(root.path + "/usr/lib/os-release", Array("ID=alpine\n".utf8))
    warnings = []
    elapsed = seconds { os = HostProbe.operatingSystem(root: root.path, warnings: &warnings) }
    #expect(elapsed < fast)
    #expect(os?.id == "alpine")
    #expect(warnings.contains { $0.code == .inputTooLarge && $0.path == root.path + "/etc/os-release" })

    try writeFile(
      root.path + "/proc/cpuinfo",
      Array(
        ("processor\t: 0\nmodel name\t: Hostile CPU" + String(repeating: " ", count: 1 << 20) + "\n").utf8))
    var cpu: CPU?
    elapsed = seconds { cpu = HostProbe.cpuInfo(root: root.path, warnings: &warnings) }
    #expect(elapsed < fast)
    #expect(cpu?.model == "Hostile CPU")
    try FileManager.default.removeItem(atPath: root.path + "/proc/cpuinfo")
    try sparseFile(root.path + "/proc/cpuinfo", size: (4 << 20) + 1)
    warnings = []
    elapsed = seconds { cpu = HostProbe.cpuInfo(root: root.path, warnings: &warnings) }
    #expect(elapsed < fast)
    #expect(warnings.contains { $0.code == .inputTooLarge && $0.path == root.path + "/proc/cpuinfo" })
  }

  @Test func kernelspecs() throws {
    let dir = try TestSupport.temporaryDirectory("kernels")
    let deep = dir.path + "/deep/kernel.json"
    try writeFile(deep, Array(("{\"argv\": " + String(repeating: "[", count: 500_000)).utf8))
    let huge = dir.path + "/huge/kernel.json"
    try FileManager.default.createDirectory(atPath: dir.path + "/huge", withIntermediateDirectories: true)
    try sparseFile(huge, size: (1 << 20) + 1)
    for (file, reason) in [(deep, "not a JSON object"), (huge, "larger than the 1 MiB limit")] {
      var lookup: KernelLookup?
      let elapsed = seconds {
        lookup = KernelspecFinder.read(file, name: "k", directory: dir.path, dataDirectory: dir.path)
      }
      #expect(elapsed < fast)
      guard case .malformed(let path, let why)? = lookup else {
        Issue.record("\(file): \(String(describing: lookup))")
        continue
      }
      #expect(path == file && why.contains(reason), "\(why)")
    }
  }

  @Test func notebooks() throws {
    let project = try TestSupport.temporaryDirectory("nb")
    try writeFile(project.path + "/deep.ipynb", Array(String(repeating: "{\"a\":", count: 200_000).utf8))
    try sparseFile(project.path + "/huge.ipynb", size: (64 << 20) + 1)
    var options = CaptureOptions(
      projectRoot: project.path, environment: ["HOME": project.path, "PATH": "/nonexistent"],
      commandLine: ["envlock"], toolVersion: "0")
    options.notebooks = ["."]
    var plan: NotebookCapture?
    let elapsed = try seconds { plan = try NotebookCapture.prepare(options) }
    #expect(elapsed < fast)
    #expect(plan?.items.isEmpty == true)
    let warnings = plan?.warnings ?? []
    #expect(warnings.contains { $0.code == .notebookMalformed && $0.path == "deep.ipynb" }, "\(warnings)")
    #expect(warnings.contains { $0.code == .inputTooLarge && $0.path == "huge.ipynb" }, "\(warnings)")
  }

  @Test func configFiles() throws {
    let project = try TestSupport.temporaryDirectory("cfg")
    try sparseFile(project.path + "/.env", size: ConfigCollector.maximumSize + 1)
    try writeFile(project.path + "/setup.cfg", Array("[x]\ny = 1\n".utf8))
    var collection: ConfigCollection?
    let elapsed = try seconds {
      collection = try ConfigCollector.collect(
        projectRoot: project.path, explicit: [], autoDetect: true, environment: [:], virtualEnvironment: nil,
        redactor: Redactor(key: nil, home: nil))
    }
    #expect(elapsed < fast)
    #expect(collection?.files.map(\.path).contains("setup.cfg") == true)
    #expect(collection?.files.map(\.path).contains(".env") == false)
    #expect(collection?.warnings.contains { $0.code == .configUnreadable && $0.path == ".env" } == true)
  }

  /// A minimal ELF64 file whose dynamic section has `count` DT_NEEDED entries, all pointing at the
  /// start of a string table of `tableSize` bytes without a terminator.
  static func hostileELF(needed count: Int, tableSize: Int) -> [UInt8] {
    var file = [UInt8](repeating: 0, count: 64)
    func put(_ value: UInt64, _ width: Int, at offset: Int, in bytes: inout [UInt8]) {
      for k in 0..<width { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
    }
    file.replaceSubrange(0..<4, with: [0x7F, 0x45, 0x4C, 0x46])
    file[4] = 2  // 64-bit
    file[5] = 1  // little-endian
    file[6] = 1
    put(3, 2, at: 16, in: &file)  // ET_DYN
    put(62, 2, at: 18, in: &file)  // x86-64
    let tableOffset = 64
    let dynamicOffset = tableOffset + tableSize
    let dynamicSize = count * 16 + 16
    let sectionOffset = dynamicOffset + dynamicSize
    put(UInt64(sectionOffset), 8, at: 40, in: &file)
    put(64, 2, at: 58, in: &file)
    put(2, 2, at: 60, in: &file)
    file += [UInt8](repeating: 0x61, count: tableSize)
    var dynamic = [UInt8](repeating: 0, count: dynamicSize)
    for i in 0..<count { put(1, 8, at: i * 16, in: &dynamic) }
    file += dynamic
    var sections = [UInt8](repeating: 0, count: 128)
    put(3, 4, at: 4, in: &sections)  // [0] SHT_STRTAB
    put(UInt64(tableOffset), 8, at: 24, in: &sections)
    put(UInt64(tableSize), 8, at: 32, in: &sections)
    put(6, 4, at: 64 + 4, in: &sections)  // [1] SHT_DYNAMIC, linked to [0]
    put(UInt64(dynamicOffset), 8, at: 64 + 24, in: &sections)
    put(UInt64(dynamicSize), 8, at: 64 + 32, in: &sections)
    return file + sections
  }

  @Test func elfStringTables() throws {
    let dir = try TestSupport.temporaryDirectory("elf")
    let many = dir.path + "/many.so"
    try writeFile(many, Self.hostileELF(needed: 4096, tableSize: 4 << 20))
    var elapsed = seconds { _ = try? ELFFile(path: many) }
    #expect(elapsed < fast, "took \(elapsed) s")
    #expect(try ELFFile(path: many).needed.isEmpty)
    let tooMany = dir.path + "/too-many.so"
    try writeFile(tooMany, Self.hostileELF(needed: 100_000, tableSize: 1 << 20))
    elapsed = seconds { _ = try? ELFFile(path: tooMany) }
    #expect(elapsed < fast, "took \(elapsed) s")
    #expect(throws: ELFError.self) { try ELFFile(path: tooMany) }
  }

  @Test func loaderCache() throws {
    // 10,000 entries whose names all start at one long run of bytes without a terminator.
    let magic = Array("glibc-ld.so.cache1.1".utf8)
    var bytes = magic + [UInt8](repeating: 0, count: 48 - magic.count)
    let count = 10_000
    for k in 0..<4 { bytes[20 + k] = UInt8(truncatingIfNeeded: count >> (8 * k)) }
    let strings = 48 + count * 24
    for n in 0..<count {
      var entry = [UInt8](repeating: 0, count: 24)
      for k in 0..<4 {
        entry[4 + k] = UInt8(truncatingIfNeeded: strings >> (8 * k))
        entry[8 + k] = UInt8(truncatingIfNeeded: strings >> (8 * k))
      }
      bytes += entry
      _ = n
    }
    bytes += [UInt8](repeating: 0x61, count: 1 << 20)
    var parsed: [String: [String]] = [:]
    let elapsed = seconds { parsed = LibraryResolver.parseCache(bytes) }
    #expect(elapsed < fast, "took \(elapsed) s")
    #expect(parsed.isEmpty)
  }

  /// A helper process that never stops printing is killed at the output limit.
  @Test func processOutputIsCapped() throws {
    let dir = try TestSupport.temporaryDirectory("proc")
    let script = dir.path + "/chatty"
    try writeFile(script, Array("#!/bin/sh\nexec yes 'endless output'\n".utf8))
    chmod(script, 0o755)
    let child = try ChildProcess.start(script, [], environment: [:]).get()
    var outcome: ChildProcess.Outcome?
    let elapsed = seconds { outcome = child.wait(timeout: 30) }
    #expect(elapsed < 5, "took \(elapsed) s")
    #expect(outcome?.outputOverflowed == true)
    #expect(outcome?.stdout.count == InputKind.processOutput.limit)
    // The interpreter probe says so.
    let probe = try InterpreterProbe.start(interpreter: script, environment: [:]).get()
    #expect {
      try InterpreterProbe.finish(probe, interpreter: script)
    } throws: { error in
      guard case .probeFailed(_, _, let reason, _) = error as? CaptureError else { return false }
      return reason.contains("printed more than 64 MiB")
    }
  }

  /// A key file or variable followed by a megabyte of whitespace is trimmed in linear time.
  @Test func redactionKeyWithTrailingWhitespace() throws {
    let project = try TestSupport.temporaryDirectory("key")
    let key = String(repeating: "ab", count: 32)
    var resolution: RedactionKeyResolution?
    let elapsed = try seconds {
      resolution = try RedactionKey.resolve(
        explicitFile: nil, settings: RedactionSettings(),
        environment: ["ENVLOCK_REDACTION_KEY": key + String(repeating: " ", count: 1 << 20)],
        projectRoot: project.path)
    }
    #expect(elapsed < fast, "took \(elapsed) s")
    #expect(resolution?.key != nil)
  }
}
