// Operating-system packages (dpkg, apk, rpm): added, removed, version and architecture changes.
// A removed package that an installed Python package links against is flagged high.

import EnvlockModel

/// Compares system packages by manager and name.
enum SystemPackageComparer {
  /// Findings for the system packages of A and B; `linkedBy` maps a system package name to the
  /// Python packages of B whose compiled files link against it.
  static func compare(_ a: [SystemPackage], _ b: [SystemPackage], linkedBy: [String: [String]]) -> [Finding] {
    var ia: [String: SystemPackage] = [:]
    ia.reserveCapacity(a.count)
    for p in a where ia[key(p)] == nil { ia[key(p)] = p }
    var ib: [String: SystemPackage] = [:]
    ib.reserveCapacity(b.count)
    for p in b where ib[key(p)] == nil { ib[key(p)] = p }
    var out: [Finding] = []
    for (k, pa) in ia {
      let id = "system:\(k)"
      guard let pb = ib[k] else {
        let users = linkedBy[pa.name] ?? []
        out.append(
          Finding(
            id: id, category: .system, kind: .removed, subject: pa.name, before: pa.version,
            cause: users.isEmpty ? nil : "\(users.joined(separator: ", ")) links against it",
            impact: Impact(
              severity: users.isEmpty ? .low : .high,
              note: users.isEmpty ? nil : "importing the extension fails with a missing shared library")))
        continue
      }
      if pa.version != pb.version {
        let order = DebianVersion.compare(pa.version, pb.version)
        out.append(
          Finding(
            id: id, category: .system, kind: InterpreterComparer.kind(order), subject: pa.name,
            before: pa.version, after: pb.version,
            impact: Impact(
              severity: DebianVersion.upstream(pa.version) == DebianVersion.upstream(pb.version)
                ? .info : .low)))
      } else if pa.architecture != pb.architecture {
        out.append(
          Finding(
            id: id, category: .system, kind: .rebuilt, subject: "\(pa.name) \(pb.version)",
            before: pa.architecture, after: pb.architecture, impact: Impact(severity: .low)))
      }
    }
    for (k, pb) in ib where ia[k] == nil {
      out.append(
        Finding(
          id: "system:\(k)", category: .system, kind: .added, subject: pb.name, after: pb.version,
          impact: Impact(severity: .info)))
    }
    return out
  }

  private static func key(_ p: SystemPackage) -> String {
    p.manager == .dpkg ? p.name : "\(p.manager.rawValue):\(p.name)"
  }
}

/// Debian version ordering (deb-version(7)): epoch, upstream, revision; `~` sorts before anything.
enum DebianVersion {
  /// -1, 0 or 1.
  static func compare(_ a: String, _ b: String) -> Int {
    let (ea, ua, ra) = split(a)
    let (eb, ub, rb) = split(b)
    if ea != eb { return ea < eb ? -1 : 1 }
    let u = part(ua, ub)
    return u != 0 ? u : part(ra, rb)
  }

  /// The upstream part, without epoch and revision.
  static func upstream(_ v: String) -> String { split(v).1 }

  private static func split(_ v: String) -> (Int, String, String) {
    var rest = Substring(v)
    var epoch = 0
    if let colon = rest.firstIndex(of: ":"), let e = Int(rest[..<colon]) {
      epoch = e
      rest = rest[rest.index(after: colon)...]
    }
    if let dash = rest.lastIndex(of: "-") {
      return (epoch, String(rest[..<dash]), String(rest[rest.index(after: dash)...]))
    }
    return (epoch, String(rest), "")
  }

  private static func order(_ c: UInt8?) -> Int {
    guard let c else { return 0 }
    if c == UInt8(ascii: "~") { return -1 }
    if (65...90).contains(c) || (97...122).contains(c) { return Int(c) }
    return Int(c) + 256
  }

  private static func part(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var i = 0
    var j = 0
    func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }
    while i < x.count || j < y.count {
      while (i < x.count && !isDigit(x[i])) || (j < y.count && !isDigit(y[j])) {
        let ca = i < x.count && !isDigit(x[i]) ? order(x[i]) : 0
        let cb = j < y.count && !isDigit(y[j]) ? order(y[j]) : 0
        if ca != cb { return ca < cb ? -1 : 1 }
        if i < x.count && !isDigit(x[i]) { i += 1 }
        if j < y.count && !isDigit(y[j]) { j += 1 }
      }
      var na = 0
      var nb = 0
      while i < x.count && isDigit(x[i]) {
        na = na &* 10 &+ Int(x[i] - 48)
        i += 1
      }
      while j < y.count && isDigit(y[j]) {
        nb = nb &* 10 &+ Int(y[j] - 48)
        j += 1
      }
      if na != nb { return na < nb ? -1 : 1 }
    }
    return 0
  }
}
