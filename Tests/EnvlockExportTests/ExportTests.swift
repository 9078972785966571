// SBOM export: goldens of the reference snapshots (Snapshots/export), checked by the real
// validators (cyclonedx-python-lib's strict JSON validator for CycloneDX 1.6, spdx-tools'
// `pyspdxtools` for SPDX 2.3), PURLs checked against packageurl-python, hostile strings, licences.
// Re-record with `RECORD_SNAPSHOTS=1 swift test --filter EnvlockExportTests`.

import EnvlockArchive
@testable import EnvlockExport
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

enum Validators {
  static let cyclonedx = """
    import sys
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1], encoding="utf-8").read())
    if errors:
        print(errors)
        sys.exit(1)
    """

  /// Writes `text` to a temporary file and runs the format's validator on it.
  static func check(_ text: String, _ format: SBOMFormat) throws -> ProcessResult {
    let dir = try TestSupport.temporaryDirectory("sbom")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent(format == .spdx ? "sbom.spdx.json" : "sbom.cdx.json").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    switch format {
    case .cyclonedx:
      return try TestSupport.run(
        TestSupport.toolsBin.appendingPathComponent("python").path, ["-c", cyclonedx, path])
    case .spdx:
      return try TestSupport.run("pyspdxtools", ["-i", path])
    }
  }
}

@Suite struct ExportGoldenTests {
  /// The reference snapshots under Snapshots/.
  static let cases = [
    "model/full-snapshot", "rebuild/conda", "rebuild/debian-venv", "rebuild/ubuntu-rc", "rebuild/hashed",
    "rebuild/jupyter",
  ]

  static func read(_ name: String) throws -> SnapshotFile {
    let file = name.hasPrefix("model/") ? "\(name).json" : "\(name)/snapshot.json"
    return try SnapshotFile.read(path: TestSupport.repoRoot.appendingPathComponent("Snapshots/\(file)").path)
  }

  static func golden(_ name: String, _ format: SBOMFormat) -> String {
    "export/\(name.split(separator: "/").last!).\(format == .spdx ? "spdx" : "cdx").json"
  }

  @Test(arguments: cases, SBOMFormat.allCases)
  func exportMatchesGoldenAndValidates(_ name: String, _ format: SBOMFormat) throws {
    let file = try Self.read(name)
    let text = SBOMExport.render(file.snapshot, digest: file.digest, format: format, toolVersion: "0.1.0")
    let mismatch = try TestSupport.golden(text, Self.golden(name, format))
    #expect(mismatch == nil, "\(mismatch ?? "")")
    #expect(
      text == SBOMExport.render(file.snapshot, digest: file.digest, format: format, toolVersion: "0.1.0"))
    let result = try Validators.check(text, format)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  /// RECORD fingerprints are named properties, never component hashes; true artifact hashes are.
  @Test func fingerprintsAreNotHashes() throws {
    let file = try Self.read("model/full-snapshot")
    let text = SBOMExport.render(file.snapshot, digest: file.digest, format: .cyclonedx)
    guard case .object(let doc) = try CanonicalJSON.parse(Array(text.utf8)),
      case .array(let components)? = doc["components"]
    else { throw TestSupportError(description: "no components") }
    let numpy = try #require(
      components.first { if case .object(let o) = $0 { o["name"] == .string("numpy") } else { false } })
    guard case .object(let o) = numpy else { return }
    #expect(o["hashes"] == nil)
    let fingerprint = file.snapshot.pythonPackages.first { $0.name == "numpy" }!.record!.contentFingerprint
      .hex
    let properties = String(decoding: CanonicalJSON.render(try #require(o["properties"])), as: UTF8.self)
    #expect(
      properties.contains(
        "\"name\": \"envlock:python:record-content-fingerprint-sha256\",\n    \"value\": \"\(fingerprint)\""))
    #expect(o["purl"] == .string("pkg:pypi/numpy@1.26.4"))
    let interpreter = try #require(
      components.first { if case .object(let o) = $0 { o["type"] == .string("platform") } else { false } })
    #expect(
      String(decoding: CanonicalJSON.render(interpreter), as: UTF8.self).contains("\"alg\": \"SHA-256\""))
  }

  @Test func serialNumberFollowsTheDigest() throws {
    let file = try Self.read("rebuild/debian-venv")
    let a = SBOMExport.render(file.snapshot, digest: file.digest, format: .cyclonedx)
    let other = Digest(hex: String(repeating: "12", count: 32))!
    let b = SBOMExport.render(file.snapshot, digest: other, format: .cyclonedx)
    #expect(a != b)
    #expect(
      a.contains(
        "\"serialNumber\": \"urn:uuid:\(NameUUID.v5(name: "envlock:snapshot:sha256:\(file.digest.hex)"))\""))
    // As Python's uuid.uuid5(uuid.NAMESPACE_URL, "http://www.example.com/") computes it.
    #expect(NameUUID.v5(name: "http://www.example.com/") == "fcde3c85-2270-590f-9e7c-ee003d65e0e2")
  }
}

@Suite struct HostileExportTests {
  static let strings = [
    "quote\"s and \\ backslash", "new\nline", "ünïcødé-名前", "space and / slash", "ctl\u{01}x",
    "a@b?c=d&e#f%20",
  ]

  static func snapshot(_ weird: String) -> Snapshot {
    var s = Snapshot(
      capture: CaptureInfo(
        toolVersion: "0.1.0", time: Timestamp(rfc3339: "2026-12-01T00:00:00Z")!, hostName: weird,
        commandLine: [weird], projectRoot: "/srv/\(weird)"))
    s.host = Host(
      os: OperatingSystem(id: "debian", versionId: "12", prettyName: weird), kernelRelease: weird,
      architecture: "x86_64", libc: nil, cpu: CPU(model: weird, vendor: nil, logicalCores: 2, flags: []),
      memoryBytes: 1, gpus: [], gpuProbe: "none")
    s.pythonPackages = [
      PythonPackage(
        name: PackagingNames.normalize(weird), displayName: weird, version: "1.0+\(weird)", summary: weird,
        requiresDist: ["\(weird) ; extra == \"x\"", "other>=1"], location: "/srv/x",
        license: DeclaredLicense(expression: weird, text: weird, classifiers: ["License :: \(weird)"])),
      PythonPackage(
        name: "other", displayName: "Other_Pkg", version: "2",
        directUrl: DirectURL(
          url: "https://example.invalid/\(weird).whl", archiveInfo: .init(hashes: ["sha256=\(weird)"])),
        location: "/srv/x",
        license: DeclaredLicense(text: "\(weird) License")),
    ]
    s.systemPackages = [
      SystemPackage(manager: .dpkg, name: weird, version: "1:\(weird)", architecture: weird),
      SystemPackage(manager: .rpm, name: weird, version: "2:\(weird)-1", architecture: "x86_64"),
      SystemPackage(manager: .apk, name: weird, version: weird, architecture: "x86_64"),
    ]
    return s
  }

  @Test(arguments: strings, SBOMFormat.allCases)
  func hostileStringsGiveValidDocuments(_ weird: String, _ format: SBOMFormat) throws {
    let text = SBOMExport.render(
      Self.snapshot(weird), digest: Digest(hex: String(repeating: "ab", count: 32))!, format: format)
    _ = try CanonicalJSON.parse(Array(text.utf8))
    let result = try Validators.check(text, format)
    #expect(result.status == 0, "\(weird): \(result.stdout)\(result.stderr)")
  }

  /// Every PURL of a hostile snapshot parses with packageurl-python back to the parts it was made of.
  @Test(arguments: strings)
  func hostilePurlsRoundTrip(_ weird: String) throws {
    let inventory = Inventory(Self.snapshot(weird))
    var lines: [String] = []
    for c in inventory.components {
      guard let p = c.purl else { continue }
      let parts =
        [p.description, p.type, p.namespace ?? "", p.name, p.version ?? ""]
        + p.qualifiers.keys.sorted().map { "\($0)=\(p.qualifiers[$0]!)" }
      lines.append(parts.map { Data($0.utf8).base64EncodedString() }.joined(separator: " "))
    }
    let script = """
      import base64, sys
      from packageurl import PackageURL
      for line in sys.stdin.read().split("\\n"):
          if not line:
              continue
          text, type_, ns, name, version, *quals = [base64.b64decode(x).decode() for x in line.split(" ")]
          p = PackageURL.from_string(text)
          assert p.type == type_, (text, p.type)
          assert (p.namespace or "") == ns, (text, p.namespace, ns)
          assert p.name == name, (text, p.name, name)
          assert (p.version or "") == version, (text, p.version, version)
          got = sorted("%s=%s" % kv for kv in (p.qualifiers or {}).items())
          assert got == sorted(quals), (text, got, quals)
      print("ok")
      """
    let result = try TestSupport.run(
      TestSupport.toolsBin.appendingPathComponent("python").path, ["-c", script],
      stdin: Data(lines.joined(separator: "\n").utf8))
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(!lines.isEmpty)
  }
}

@Suite struct PackageURLTests {
  struct Case: CustomStringConvertible, Sendable {
    let purl: PackageURL
    let expected: String
    var description: String { expected }
  }

  static let cases: [Case] = [
    Case(
      purl: PackageURL(type: "pypi", name: "Zope_Interface", version: "6.0"),
      expected: "pkg:pypi/zope-interface@6.0"),
    Case(
      purl: PackageURL(type: "pypi", name: "ruamel.yaml", version: "0.18.6"),
      expected: "pkg:pypi/ruamel.yaml@0.18.6"),
    Case(
      purl: PackageURL(type: "pypi", name: "torch", version: "2.3.0+cu121"),
      expected: "pkg:pypi/torch@2.3.0%2Bcu121"),
    Case(
      purl: PackageURL(
        type: "deb", namespace: "debian", name: "libc6", version: "2.36-9+deb12u4",
        qualifiers: ["arch": "amd64", "distro": "debian-12"]),
      expected: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12"),
    Case(
      purl: PackageURL(
        type: "rpm", namespace: "fedora", name: "curl", version: "7.50.3-1.fc25",
        qualifiers: ["arch": "i386", "epoch": "1"]),
      expected: "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&epoch=1"),
    Case(
      purl: PackageURL(
        type: "apk", namespace: "alpine", name: "curl", version: "8.5.0-r0",
        qualifiers: ["arch": "x86_64", "distro": ""]),
      expected: "pkg:apk/alpine/curl@8.5.0-r0?arch=x86_64"),
    Case(
      purl: PackageURL(type: "generic", name: "a \"b\"\né", version: "1"),
      expected: "pkg:generic/a%20%22b%22%0A%C3%A9@1"),
  ]

  @Test(arguments: cases)
  func rendersCanonically(_ c: Case) {
    #expect(c.purl.description == c.expected)
  }

  @Test func rpmEpochBecomesAQualifier() {
    let os = OperatingSystem(id: "rocky", versionId: "9.3")
    let p = Inventory.purl(
      SystemPackage(manager: .rpm, name: "openssl", version: "1:3.0.7-25.el9", architecture: "x86_64"), os: os
    )
    #expect(p.description == "pkg:rpm/rocky/openssl@3.0.7-25.el9?arch=x86_64&distro=rocky-9.3&epoch=1")
  }
}

@Suite struct LicenseExpressionTests {
  @Test(arguments: [
    ("MIT", "MIT"), ("mit OR apache-2.0", "MIT OR Apache-2.0"),
    ("(MIT AND BSD-3-Clause) or GPL-2.0-or-later", "(MIT AND BSD-3-Clause) OR GPL-2.0-or-later"),
    ("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"),
    ("Foo-License OR MIT", "LicenseRef-Foo-License OR MIT"), ("LicenseRef-Corp", "LicenseRef-Corp"),
    ("GPL-2.0+", "LicenseRef-GPL-2.0"),
  ])
  func parses(_ input: String, _ expected: String) throws {
    #expect(try #require(SPDXExpression.parse(input)).text == expected)
  }

  @Test(arguments: [
    "", "MIT OR", "(MIT", "MIT AND AND BSD", "GPL-2.0 WITH Made-Up-exception", "MIT)", "BSD License",
  ])
  func rejects(_ input: String) {
    #expect(SPDXExpression.parse(input) == nil)
  }

  @Test(
    arguments: [
      ("License :: OSI Approved :: MIT License", "MIT"), ("License :: OSI Approved :: BSD License", nil),
      ("License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"),
    ] as [(String, String?)])
  func classifiers(_ classifier: String, _ id: String?) {
    #expect(LicenseClassifiers.identifier(classifier) == id)
  }

  @Test func everyListedIdentifierIsUnique() {
    #expect(Set(SPDXLicenseList.licenses.map { $0.lowercased() }).count == SPDXLicenseList.licenses.count)
    #expect(SPDXLicenseList.licenses.contains("Apache-2.0"))
  }
}

/// PEP 503 names for the hostile snapshot (the model only stores them).
enum PackagingNames {
  static func normalize(_ s: String) -> String {
    var out = ""
    for ch in s.lowercased() {
      if ch == "-" || ch == "_" || ch == "." {
        if !out.hasSuffix("-") { out += "-" }
      } else {
        out.append(ch)
      }
    }
    return out
  }
}
