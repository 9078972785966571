// Python distributions: added, removed, upgraded, downgraded, and rebuilt (same version, a
// different wheel tag, content fingerprint, installer or source: index, editable, VCS commit).

import EnvlockAnalysis
import EnvlockModel

/// Compares installed Python distributions by normalized name.
enum PythonPackageComparer {
  /// The finding id of a package.
  static func id(_ name: String) -> String { "python:\(name)" }

  /// The first package of each name (the one `sys.path` order makes importable).
  static func index(_ packages: [PythonPackage]) -> [String: PythonPackage] {
    RequirementGraph.index(packages)
  }

  /// Findings for the packages of A and B.
  static func compare(
    _ a: [String: PythonPackage], _ b: [String: PythonPackage], _ n: inout SnapshotNormalizer
  ) -> [Finding] {
    var out: [Finding] = []
    for (name, pa) in a {
      guard let pb = b[name] else {
        out.append(
          Finding(
            id: id(name), category: .python, kind: .removed, subject: name, before: pa.version,
            impact: Impact(severity: pa.requested ? .medium : .low)))
        continue
      }
      if pa.version != pb.version {
        let (order, change) = PackagingBridge.compareVersions(pa.version, pb.version)
        out.append(
          Finding(
            id: id(name), category: .python, kind: InterpreterComparer.kind(order), subject: name,
            before: pa.version, after: pb.version,
            impact: Impact(severity: change.severity, versionChange: change),
            details: sourceDetails(pa, pb, &n)))
      } else {
        let details = rebuildDetails(pa, pb, &n)
        if !details.isEmpty {
          let sourceMoved = sourceKind(pa) != sourceKind(pb) || pa.directUrl?.vcsInfo != pb.directUrl?.vcsInfo
          out.append(
            Finding(
              id: id(name), category: .python, kind: .rebuilt, subject: "\(name) \(pb.version)",
              before: primaryTag(pa), after: primaryTag(pb),
              impact: Impact(
                severity: sourceMoved ? .medium : .low,
                note: sourceMoved ? "same version number, different source code" : nil),
              details: details))
        }
      }
    }
    for (name, pb) in b where a[name] == nil {
      out.append(
        Finding(
          id: id(name), category: .python, kind: .added, subject: name, after: pb.version,
          impact: Impact(severity: pb.requested ? .medium : .low)))
    }
    return out
  }

  /// The first wheel tag, or nil when the tags did not change.
  private static func primaryTag(_ p: PythonPackage) -> String? { p.wheelTags.first }

  /// Where a distribution came from: `index`, `editable`, `directory`, `vcs`, `archive`.
  static func sourceKind(_ p: PythonPackage) -> String {
    guard let d = p.directUrl else { return "index" }
    if d.vcsInfo != nil { return "vcs" }
    if let dir = d.dirInfo { return dir.editable ? "editable" : "directory" }
    if d.archiveInfo != nil { return "archive" }
    return "url"
  }

  private static func sourceDetails(_ a: PythonPackage, _ b: PythonPackage, _ n: inout SnapshotNormalizer)
    -> [String]
  {
    var out: [String] = []
    if sourceKind(a) != sourceKind(b) { out.append("source \(sourceKind(a)) → \(sourceKind(b))") }
    if let va = a.directUrl?.vcsInfo, let vb = b.directUrl?.vcsInfo, va.commitId != vb.commitId {
      out.append("\(vb.vcs) commit \(va.commitId.prefix(12)) → \(vb.commitId.prefix(12))")
    }
    if let da = a.directUrl, let db = b.directUrl, sourceKind(a) == sourceKind(b), !n.same(da.url, db.url) {
      out.append("url \(n.displayA(da.url)) → \(n.displayB(db.url))")
    }
    return out
  }

  /// What differs between two installs of the same version; empty when they are the same build.
  static func rebuildDetails(_ a: PythonPackage, _ b: PythonPackage, _ n: inout SnapshotNormalizer)
    -> [String]
  {
    var out: [String] = []
    if a.wheelTags.sorted() != b.wheelTags.sorted() {
      out.append(
        "wheel tag \(a.wheelTags.joined(separator: ", ")) → \(b.wheelTags.joined(separator: ", "))")
    }
    if let ra = a.record, let rb = b.record, ra.contentFingerprint != rb.contentFingerprint {
      out.append(
        "content fingerprint \(ra.contentFingerprint.hex.prefix(12)) → \(rb.contentFingerprint.hex.prefix(12))"
      )
    }
    if a.installer != b.installer { out.append("installer \(a.installer ?? "?") → \(b.installer ?? "?")") }
    out += sourceDetails(a, b, &n)
    return out
  }
}
