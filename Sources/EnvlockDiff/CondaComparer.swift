// conda package records: version, build string, channel and subdir.

import EnvlockAnalysis
import EnvlockModel

/// Compares conda records by name.
enum CondaComparer {
  /// Findings for the conda packages of A and B.
  static func compare(_ a: [CondaPackage], _ b: [CondaPackage]) -> [Finding] {
    var ia: [String: CondaPackage] = [:]
    for p in a where ia[p.name] == nil { ia[p.name] = p }
    var ib: [String: CondaPackage] = [:]
    for p in b where ib[p.name] == nil { ib[p.name] = p }
    var out: [Finding] = []
    for (name, pa) in ia {
      let id = "conda:\(name)"
      guard let pb = ib[name] else {
        out.append(
          Finding(
            id: id, category: .conda, kind: .removed, subject: name, before: pa.version,
            impact: Impact(severity: .low)))
        continue
      }
      if pa.version != pb.version {
        let (order, change) = PackagingBridge.compareVersions(pa.version, pb.version)
        out.append(
          Finding(
            id: id, category: .conda, kind: InterpreterComparer.kind(order), subject: name,
            before: pa.version,
            after: pb.version, impact: Impact(severity: change.severity, versionChange: change)))
      } else if pa.build != pb.build || pa.channel != pb.channel || pa.subdir != pb.subdir {
        var details: [String] = []
        if pa.build != pb.build { details.append("build \(pa.build) → \(pb.build)") }
        if pa.channel != pb.channel { details.append("channel \(pa.channel ?? "?") → \(pb.channel ?? "?")") }
        if pa.subdir != pb.subdir { details.append("subdir \(pa.subdir ?? "?") → \(pb.subdir ?? "?")") }
        out.append(
          Finding(
            id: id, category: .conda, kind: .rebuilt, subject: "\(name) \(pb.version)", before: pa.build,
            after: pb.build, impact: Impact(severity: .low), details: details))
      }
    }
    for (name, pb) in ib where ia[name] == nil {
      out.append(
        Finding(
          id: "conda:\(name)", category: .conda, kind: .added, subject: name, after: pb.version,
          impact: Impact(severity: .low)))
    }
    return out
  }
}
