// Interpreter: implementation, version, ABI, platform, libc, build and location.

import EnvlockAnalysis
import EnvlockModel

/// Compares the interpreter sections.
enum InterpreterComparer {
  /// The finding id of an interpreter version change (a root cause when the minor version moves).
  static let versionID = "interpreter:version"

  /// Findings for the interpreter of A and B.
  static func compare(_ a: Interpreter?, _ b: Interpreter?, _ n: inout SnapshotNormalizer) -> [Finding] {
    switch (a, b) {
    case (nil, nil): return []
    case (nil, let b?):
      return [
        Finding(
          id: "interpreter", category: .interpreter, kind: .added, subject: "interpreter",
          after: "\(b.implementation) \(b.version)", impact: Impact(severity: .high))
      ]
    case (let a?, nil):
      return [
        Finding(
          id: "interpreter", category: .interpreter, kind: .removed, subject: "interpreter",
          before: "\(a.implementation) \(a.version)", impact: Impact(severity: .high))
      ]
    case (let a?, let b?):
      return compare(a, b, &n)
    }
  }

  private static func compare(_ a: Interpreter, _ b: Interpreter, _ n: inout SnapshotNormalizer) -> [Finding]
  {
    var out: [Finding] = []
    if a.implementation != b.implementation {
      out.append(
        Finding(
          id: "interpreter:implementation", category: .interpreter, kind: .changed, subject: "implementation",
          before: a.implementation, after: b.implementation,
          impact: Impact(severity: .high, note: "a different Python implementation runs every package")))
    }
    let versionMoved = a.version != b.version
    if versionMoved {
      let (order, change) = PackagingBridge.compareVersions(a.version, b.version)
      let minorMoved = minor(a.version) != minor(b.version)
      var severity = change.severity
      if minorMoved { severity = .high }
      out.append(
        Finding(
          id: versionID, category: .interpreter, kind: kind(order), subject: "python", before: a.version,
          after: b.version,
          impact: Impact(
            severity: severity, versionChange: minorMoved && change == .unknown ? .minor : change,
            note: minorMoved
              ? "a new Python minor version changes the ABI: every cpXY binary wheel is a different build"
              : nil),
          details: a.soabi != b.soabi ? ["ABI \(a.soabi ?? "?") → \(b.soabi ?? "?")"] : []))
    } else if a.soabi != b.soabi {
      out.append(
        Finding(
          id: "interpreter:abi", category: .interpreter, kind: .changed, subject: "ABI", before: a.soabi,
          after: b.soabi, impact: Impact(severity: .high, note: "binary extensions are built per ABI")))
    }
    if a.platform != b.platform {
      out.append(
        Finding(
          id: "interpreter:platform", category: .interpreter, kind: .changed, subject: "platform",
          before: a.platform, after: b.platform, impact: Impact(severity: .medium)))
    }
    if a.libc != b.libc {
      out.append(
        Finding(
          id: "interpreter:libc", category: .interpreter, kind: .changed, subject: "interpreter libc",
          before: a.libc.map { "\($0.family) \($0.version)" },
          after: b.libc.map { "\($0.family) \($0.version)" },
          impact: Impact(severity: .medium)))
    }
    if !versionMoved {
      var build: [String] = []
      if a.compiler != b.compiler { build.append("compiler \(a.compiler ?? "?") → \(b.compiler ?? "?")") }
      if a.buildDate != b.buildDate {
        build.append("build date \(a.buildDate ?? "?") → \(b.buildDate ?? "?")")
      }
      if a.sha256 != b.sha256, a.sha256 != nil, b.sha256 != nil { build.append("binary SHA-256 differs") }
      if !build.isEmpty {
        out.append(
          Finding(
            id: "interpreter:build", category: .interpreter, kind: .rebuilt, subject: "python \(b.version)",
            impact: Impact(severity: .low, note: "same version, a different build of the interpreter"),
            details: build))
      }
    }
    var location: [String] = []
    if !n.same(a.executable, b.executable) {
      location.append("executable \(n.displayA(a.executable)) → \(n.displayB(b.executable))")
    }
    if !n.same(a.prefix, b.prefix) {
      location.append("prefix \(n.displayA(a.prefix)) → \(n.displayB(b.prefix))")
    }
    if a.isVirtualEnvironment != b.isVirtualEnvironment {
      location.append(
        "virtual environment \(a.isVirtualEnvironment ? "yes" : "no") → \(b.isVirtualEnvironment ? "yes" : "no")"
      )
    }
    if !location.isEmpty {
      out.append(
        Finding(
          id: "interpreter:location", category: .interpreter, kind: .changed, subject: "interpreter location",
          impact: Impact(severity: .info), details: location))
    }
    return out
  }

  /// `3.11` of `3.11.7`.
  static func minor(_ version: String) -> String {
    version.split(separator: ".").prefix(2).joined(separator: ".")
  }

  /// upgraded / downgraded / changed from an order.
  static func kind(_ order: Int?) -> ChangeKind {
    if order == 1 { return .upgraded }
    if order == -1 { return .downgraded }
    return .changed
  }
}
