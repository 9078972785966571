// What an SBOM says about a snapshot, before it is written as CycloneDX or SPDX: the environment,
// its operating system, the interpreter, every Python, conda and system package with its PURL, the
// hashes the snapshot knows (only true artifact hashes as hashes; envlock's own fingerprints as
// named properties), declared licences and the requirement graph.

import EnvlockAnalysis
import EnvlockModel

/// A hash algorithm both SBOM formats name.
enum HashAlgorithm: String, CaseIterable, Sendable {
  case md5, sha1, sha256, sha384, sha512

  /// The number of hex digits of a digest.
  var hexLength: Int {
    switch self {
    case .md5: 32
    case .sha1: 40
    case .sha256: 64
    case .sha384: 96
    case .sha512: 128
    }
  }

  /// CycloneDX's name (`hash-alg`).
  var cyclonedx: String {
    switch self {
    case .md5: "MD5"
    case .sha1: "SHA-1"
    case .sha256: "SHA-256"
    case .sha384: "SHA-384"
    case .sha512: "SHA-512"
    }
  }

  /// SPDX's name (`checksums[].algorithm`).
  var spdx: String {
    switch self {
    case .md5: "MD5"
    case .sha1: "SHA1"
    case .sha256: "SHA256"
    case .sha384: "SHA384"
    case .sha512: "SHA512"
    }
  }
}

/// A hash of the artifact itself (a file someone can download or find and hash again).
struct ArtifactHash: Hashable, Sendable {
  let algorithm: HashAlgorithm
  /// Lowercase hex.
  let hex: String

  /// A hash from an algorithm name and hex digest; nil unless both are well formed.
  init?(algorithm name: String, hex: String) {
    guard let algorithm = HashAlgorithm(rawValue: name.lowercased()), hex.count == algorithm.hexLength,
      hex.allSatisfy(\.isHexDigit)
    else { return nil }
    self.algorithm = algorithm
    self.hex = hex.lowercased()
  }
}

/// Where a distribution was installed from (PEP 610 `direct_url.json`).
struct Origin: Hashable, Sendable {
  enum Kind: String, Sendable {
    case vcs, archive, directory, editable
  }
  let kind: Kind
  let url: String
  /// Hashes of the archive at `url` (PEP 610 `archive_info.hashes`).
  let hashes: [ArtifactHash]
  /// The VCS commit, for `vcs`.
  let commit: String?
  /// The VCS, for example `git`.
  let vcs: String?
}

/// One component of the SBOM.
struct InventoryComponent: Sendable {
  enum Kind: Sendable {
    case operatingSystem, interpreter, python, conda, system
  }
  let kind: Kind
  /// Unique within the document: the PURL, suffixed `#2`, `#3` for a second copy.
  let ref: String
  let name: String
  let version: String?
  let purl: PackageURL?
  let summary: String?
  /// Hashes of the component's own artifact (the interpreter binary, a conda package file).
  let hashes: [ArtifactHash]
  let origin: Origin?
  let license: DeclaredLicense?
  /// `envlock:`-prefixed properties, in a fixed order (names repeat for lists).
  let properties: [(name: String, value: String)]
}

/// A snapshot as an SBOM sees it.
struct Inventory: Sendable {
  /// The environment itself, the document's subject.
  let rootName: String
  let components: [InventoryComponent]
  /// Component refs by ref: what each requires (Python packages; markers evaluated in the
  /// snapshot's marker environment, extras other packages ask for included), sorted.
  let dependencies: [String: [String]]
  /// What the environment depends on directly: the interpreter, and Python packages that were
  /// requested or that no other installed package requires.
  let rootDependencies: [String]

  init(_ snapshot: Snapshot) {
    let base = snapshot.capture.projectRoot.split(separator: "/").last.map(String.init) ?? ""
    rootName = base.isEmpty ? "environment" : base
    var components: [InventoryComponent] = []
    var used: [String: Int] = [:]
    func unique(_ ref: String) -> String {
      used[ref, default: 0] += 1
      return used[ref]! == 1 ? ref : "\(ref)#\(used[ref]!)"
    }
    let os = snapshot.host?.os
    if let host = snapshot.host {
      components.append(
        InventoryComponent(
          kind: .operatingSystem, ref: unique("envlock:operating-system"), name: host.os.id,
          version: host.os.versionId, purl: nil, summary: host.os.prettyName, hashes: [], origin: nil,
          license: nil,
          properties: [
            ("envlock:host:architecture", host.architecture),
            ("envlock:host:kernel-release", host.kernelRelease),
          ]))
    }
    var rootDependencies: [String] = []
    if let i = snapshot.interpreter {
      var properties: [(String, String)] = [
        ("envlock:interpreter:executable", i.executable), ("envlock:interpreter:real-path", i.realPath),
        ("envlock:interpreter:platform", i.platform),
      ]
      if let soabi = i.soabi { properties.append(("envlock:interpreter:soabi", soabi)) }
      if let lib = i.libpython {
        properties.append(("envlock:interpreter:libpython-path", lib.path))
        properties.append(("envlock:interpreter:libpython-sha256", lib.sha256.hex))
      }
      let ref = unique("envlock:interpreter")
      components.append(
        InventoryComponent(
          kind: .interpreter, ref: ref, name: i.implementation, version: i.version,
          purl: PackageURL(type: "generic", name: i.implementation, version: i.version), summary: nil,
          hashes: i.sha256.flatMap { ArtifactHash(algorithm: "sha256", hex: $0.hex) }.map { [$0] } ?? [],
          origin: nil, license: nil, properties: properties))
      rootDependencies.append(ref)
    }
    // Python packages: the first of each name is the importable one and carries the graph.
    let index = RequirementGraph.index(snapshot.pythonPackages)
    var pythonRef: [String: String] = [:]
    for p in snapshot.pythonPackages {
      let purl = PackageURL(type: "pypi", name: p.displayName, version: p.version)
      let ref = unique(purl.description)
      if pythonRef[p.name] == nil { pythonRef[p.name] = ref }
      components.append(
        InventoryComponent(
          kind: .python, ref: ref, name: p.displayName, version: p.version, purl: purl, summary: p.summary,
          hashes: [], origin: Inventory.origin(p.directUrl), license: p.license,
          properties: Inventory.properties(p)))
    }
    for c in snapshot.condaPackages {
      let purl = PackageURL(
        type: "conda", name: c.name, version: c.version,
        qualifiers: ["build": c.build, "channel": c.channel ?? "", "subdir": c.subdir ?? ""])
      var hashes: [ArtifactHash] = []
      if let md5 = c.md5, let h = ArtifactHash(algorithm: "md5", hex: md5) { hashes.append(h) }
      if let sha = c.sha256, let h = ArtifactHash(algorithm: "sha256", hex: sha) { hashes.append(h) }
      components.append(
        InventoryComponent(
          kind: .conda, ref: unique(purl.description), name: c.name, version: c.version, purl: purl,
          summary: nil, hashes: hashes, origin: nil, license: nil,
          properties: [
            ("envlock:conda:build", c.build), ("envlock:conda:build-number", String(c.buildNumber)),
          ]
            + (c.channel.map { [("envlock:conda:channel", $0)] } ?? [])))
    }
    for s in snapshot.systemPackages {
      let purl = Inventory.purl(s, os: os)
      components.append(
        InventoryComponent(
          kind: .system, ref: unique(purl.description), name: s.name, version: s.version, purl: purl,
          summary: nil, hashes: [], origin: nil, license: nil,
          properties: [
            ("envlock:system:manager", s.manager.rawValue), ("envlock:system:architecture", s.architecture),
          ]
        ))
    }
    let graph = RequirementGraph(packages: index, markers: snapshot.interpreter?.markers)
    var dependencies: [String: [String]] = [:]
    var required = Set<String>()
    for (name, ref) in pythonRef {
      let targets = Set((graph.requirements[name] ?? []).compactMap { pythonRef[$0.requirement.name] })
        .subtracting([ref])
      required.formUnion((graph.requirements[name] ?? []).map(\.requirement.name).filter { $0 != name })
      dependencies[ref] = targets.sorted(by: bytewise)
    }
    let roots = index.values.filter { $0.requested || !required.contains($0.name) }.compactMap {
      pythonRef[$0.name]
    }
    rootDependencies += roots.sorted(by: bytewise)
    self.components = components
    self.dependencies = dependencies
    self.rootDependencies = rootDependencies
  }

  /// The PURL of a system package: `pkg:deb/<os id>/...`, `pkg:rpm/...` (epoch as a qualifier),
  /// `pkg:apk/...`, with `arch` and `distro` (`<os id>-<version id>`) qualifiers.
  static func purl(_ s: SystemPackage, os: OperatingSystem?) -> PackageURL {
    let distro = os.map { o in o.versionId.map { "\(o.id)-\($0)" } ?? o.versionCodename ?? o.id } ?? ""
    switch s.manager {
    case .dpkg:
      return PackageURL(
        type: "deb", namespace: os?.id, name: s.name, version: s.version,
        qualifiers: ["arch": s.architecture, "distro": distro])
    case .rpm:
      var version = s.version
      var epoch = ""
      if let colon = version.firstIndex(of: ":"), version[..<colon].allSatisfy(\.isNumber) {
        epoch = String(version[..<colon])
        version = String(version[version.index(after: colon)...])
      }
      return PackageURL(
        type: "rpm", namespace: os?.id, name: s.name, version: version,
        qualifiers: ["arch": s.architecture, "distro": distro, "epoch": epoch])
    case .apk:
      return PackageURL(
        type: "apk", namespace: os?.id, name: s.name, version: s.version,
        qualifiers: ["arch": s.architecture, "distro": distro])
    case .other(let manager):
      return PackageURL(
        type: "generic", namespace: manager, name: s.name, version: s.version,
        qualifiers: ["arch": s.architecture])
    }
  }

  /// PEP 610 `direct_url.json` as an origin; archive hashes only when well formed.
  static func origin(_ d: DirectURL?) -> Origin? {
    guard let d else { return nil }
    if let v = d.vcsInfo { return Origin(kind: .vcs, url: d.url, hashes: [], commit: v.commitId, vcs: v.vcs) }
    if let a = d.archiveInfo {
      let hashes = a.hashes.compactMap { entry -> ArtifactHash? in
        let parts = entry.split(separator: "=", maxSplits: 1)
        return parts.count == 2 ? ArtifactHash(algorithm: String(parts[0]), hex: String(parts[1])) : nil
      }
      return Origin(kind: .archive, url: d.url, hashes: hashes, commit: nil, vcs: nil)
    }
    if let dir = d.dirInfo {
      return Origin(
        kind: dir.editable ? .editable : .directory, url: d.url, hashes: [], commit: nil, vcs: nil)
    }
    return Origin(kind: .archive, url: d.url, hashes: [], commit: nil, vcs: nil)
  }

  /// What the snapshot records about a distribution beyond name, version and licence.
  static func properties(_ p: PythonPackage) -> [(name: String, value: String)] {
    var out: [(String, String)] = []
    if let r = p.record {
      // SHA-256 over RECORD's sorted payload lines (Docs/format.md): identifies the installed
      // files' content; it is not the hash of any file, so it is no component hash.
      out.append(("envlock:python:record-content-fingerprint-sha256", r.contentFingerprint.hex))
      out.append(("envlock:python:record-file-count", String(r.fileCount)))
      out.append(("envlock:python:record-total-size", String(r.totalSize)))
    }
    for tag in p.wheelTags { out.append(("envlock:python:wheel-tag", tag)) }
    if let installer = p.installer { out.append(("envlock:python:installer", installer)) }
    out.append(("envlock:python:requested", p.requested ? "true" : "false"))
    out.append(("envlock:python:metadata-format", p.metadataFormat.rawValue))
    if let rp = p.requiresPython { out.append(("envlock:python:requires-python", rp)) }
    for dep in p.systemDependencies { out.append(("envlock:python:system-dependency", dep)) }
    if let d = p.directUrl, d.archiveInfo != nil {
      for h in d.archiveInfo!.hashes
      where origin(d)?.hashes.contains(where: { "\($0.algorithm.rawValue)=\($0.hex)" == h.lowercased() })
        != true
      {
        out.append(("envlock:python:archive-hash", h))
      }
    }
    return out
  }
}

/// Text made safe for a URI: bytes outside RFC 3986's characters are percent-encoded.
func uriSafe(_ text: String) -> String {
  let allowed = Set(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".utf8)
  var out = ""
  for byte in text.utf8 {
    if allowed.contains(byte) {
      out.unicodeScalars.append(Unicode.Scalar(byte))
    } else {
      out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
    }
  }
  return out
}

extension String {
  /// The string with `0`s in front up to `width` characters.
  func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
