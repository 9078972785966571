// ELF dependency mapping on real shared objects built with gcc: an extension linked against
// the machine's zlib (owned by dpkg's zlib1g), a vendored library in `<pkg>.libs/` reached
// through an `$ORIGIN` RUNPATH (left out), and a library that is not on the host (a warning).

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct SystemDependencyTests {
  static func zlibPath() throws -> String {
    for dir in [
      "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64",
    ] {
      let path = dir + "/libz.so.1"
      if FileManager.default.fileExists(atPath: path) { return path }
    }
    throw FixtureError(description: "libz.so.1 not found; zlib1g is part of every Debian system")
  }

  /// Builds `elfpkg` (an extension, a vendored library, and an extension needing a missing library).
  static func buildObjects(in dir: URL) throws -> [String: String] {
    let fm = FileManager.default
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    try "int vend(void) { return 7; }\n".write(
      to: dir.appendingPathComponent("vend.c"), atomically: true, encoding: .utf8)
    try "int gone(void) { return 1; }\n".write(
      to: dir.appendingPathComponent("gone.c"), atomically: true, encoding: .utf8)
    try """
    #include <zlib.h>
    int vend(void);
    const char *ext(void) { return vend() ? zlibVersion() : 0; }
    """.write(to: dir.appendingPathComponent("ext.c"), atomically: true, encoding: .utf8)
    try "int gone(void);\nint other(void) { return gone(); }\n".write(
      to: dir.appendingPathComponent("other.c"), atomically: true, encoding: .utf8)
    let d = dir.path
    try Fixtures.check(
      TestSupport.run(
        "gcc",
        [
          "-shared", "-fPIC", "-o", "\(d)/libvend-1a2b3c.so.1", "-Wl,-soname,libvend-1a2b3c.so.1",
          "\(d)/vend.c",
        ]),
      "gcc vend")
    try Fixtures.check(
      TestSupport.run(
        "gcc",
        [
          "-shared", "-fPIC", "-o", "\(d)/libgone-envlock.so.9", "-Wl,-soname,libgone-envlock.so.9",
          "\(d)/gone.c",
        ]),
      "gcc gone")
    try Fixtures.check(
      TestSupport.run(
        "gcc",
        [
          "-shared", "-fPIC", "-o", "\(d)/ext.so", "\(d)/ext.c", try zlibPath(), "\(d)/libvend-1a2b3c.so.1",
          "-Wl,-rpath,$ORIGIN/../elfpkg.libs", "-Wl,--no-as-needed",
        ]), "gcc ext")
    try Fixtures.check(
      TestSupport.run(
        "gcc", ["-shared", "-fPIC", "-o", "\(d)/other.so", "\(d)/other.c", "\(d)/libgone-envlock.so.9"]),
      "gcc other")
    return [
      "elfpkg/_ext.so": "\(d)/ext.so",
      "elfpkg/_other.so": "\(d)/other.so",
      "elfpkg.libs/libvend-1a2b3c.so.1": "\(d)/libvend-1a2b3c.so.1",
    ]
  }

  @Test func readsNeededEntriesOfARealLibrary() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-elf")
    let objects = try Self.buildObjects(in: dir)
    let ext = try ELFFile(path: objects["elfpkg/_ext.so"]!)
    #expect(ext.needed.contains("libz.so.1"))
    #expect(ext.needed.contains("libvend-1a2b3c.so.1"))
    #expect(ext.runPaths == ["$ORIGIN/../elfpkg.libs"])
    let vend = try ELFFile(path: objects["elfpkg.libs/libvend-1a2b3c.so.1"]!)
    #expect(vend.soname == "libvend-1a2b3c.so.1")
    #expect(LibraryResolver.shared.resolve("libz.so.1", machine: ext.machine, elfClass: ext.elfClass) != nil)
    #expect(throws: ELFError.self) { try ELFFile(path: dir.appendingPathComponent("ext.c").path) }
  }

  @Test func wheelLinkingZlibNeedsZlib1g() throws {
    let root = try TestSupport.temporaryDirectory("envlock-elfpkg")
    let objects = try Self.buildObjects(in: root.appendingPathComponent("build"))
    let tag = try Fixtures.cpythonTag()
    let wheels = root.appendingPathComponent("wheels")
    try Fixtures.buildWheels(
      [
        WheelSpec(
          name: "elfpkg", version: "1.0", tag: "\(tag)-\(tag)-linux_x86_64", purelib: false,
          files: ["elfpkg/__init__.py": ""], binaryFiles: objects)
      ], into: wheels)
    let venv = root.appendingPathComponent("venv")
    try Fixtures.makeVenv(venv)
    try Fixtures.pip(venv, ["install", "--no-index", "--find-links", wheels.path, "elfpkg"])
    let snapshot = try Fixtures.capture(venv)
    let package = try #require(snapshot.pythonPackages.first { $0.name == "elfpkg" })
    #expect(package.systemDependencies == ["libc6", "zlib1g"])  // libc.so.6 too, as every extension
    let missing = snapshot.warnings.filter { $0.code == .libraryNotFound }
    #expect(missing.count == 1)
    #expect(missing.first?.message.contains("libgone-envlock.so.9") == true)
    #expect(missing.first?.path?.hasSuffix("elfpkg/_other.so") == true)
    #expect(snapshot.systemPackages.contains { $0.manager == .dpkg && $0.name == "zlib1g" })
  }

  @Test func dpkgStatusKeepsOnlyInstalledPackages() {
    let status = """
      Package: zlib1g
      Status: install ok installed
      Architecture: amd64
      Version: 1:1.2.13.dfsg-1
      Description: compression library
       continued line

      Package: removed
      Status: deinstall ok config-files
      Architecture: amd64
      Version: 1.0

      Package: libc6
      Status: install ok installed
      Architecture: amd64
      Version: 2.36-9+deb12u4
      """
    let packages = DpkgStatus.parse(Array(status.utf8))
    #expect(
      packages == [
        SystemPackage(manager: .dpkg, name: "zlib1g", version: "1:1.2.13.dfsg-1", architecture: "amd64"),
        SystemPackage(manager: .dpkg, name: "libc6", version: "2.36-9+deb12u4", architecture: "amd64"),
      ])
  }

  @Test(arguments: [
    ("/lib/x86_64-linux-gnu/libz.so.1", "zlib1g"),
    ("/usr/lib/x86_64-linux-gnu/libz.so.1", "zlib1g"),
    ("/usr/lib/x86_64-linux-gnu/libgomp.so.1", "libgomp1"),
    ("/lib/x86_64-linux-gnu/libgomp.so.1", "libgomp1"),
    ("/opt/lib/libx.so", nil),
  ])
  func ownersFollowMergedUsr(path: String, owner: String?) {
    let owners = DpkgFileOwners(pairs: [
      ("/lib/x86_64-linux-gnu/libz.so.1", "zlib1g"), ("/usr/lib/x86_64-linux-gnu/libgomp.so.1", "libgomp1"),
    ])
    #expect(owners.owner(of: path) == owner)
  }
}
