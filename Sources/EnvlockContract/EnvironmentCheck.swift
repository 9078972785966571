// `[environment]`: variables that must be set, unset or equal; data files with given SHA-256;
// a minisign signature by one of the listed public keys (EnvlockSigning through the archive);
// and the snapshot's age.

import EnvlockArchive
import EnvlockDiagnostics
import EnvlockModel
import EnvlockSigning
import Foundation

/// Checks the environment rules.
enum EnvironmentCheck {
  static func run(_ rules: EnvironmentRules, _ input: CheckInput) -> [RuleResult] {
    var out: [RuleResult] = []
    if rules.hasVariableRules { out.append(variables(rules, input.snapshot)) }
    if !rules.data.isEmpty { out.append(data(rules, input.snapshot)) }
    if !rules.signedBy.isEmpty { out.append(signature(rules, input)) }
    if let maxAge = rules.maxAgeSeconds { out.append(age(maxAge, rules.maxAgeText ?? "\(maxAge)s", input)) }
    return out
  }

  static func variables(_ rules: EnvironmentRules, _ snapshot: Snapshot) -> RuleResult {
    var byName: [String: RecordedVariable] = [:]
    for v in snapshot.environment { byName[v.name] = v }
    var gaps: [String] = []
    for name in rules.required where byName[name] == nil {
      gaps.append("`\(name)` must be set, the snapshot does not have it")
    }
    for name in rules.forbidden where byName[name] != nil {
      gaps.append("`\(name)` must not be set, the snapshot has it")
    }
    for (name, expected) in rules.equal {
      guard let variable = byName[name] else {
        gaps.append("`\(name)` must equal `\(expected)`, the snapshot does not have it")
        continue
      }
      guard let value = variable.value else {
        gaps.append(
          "`\(name)` is a redacted secret (\(variable.redaction?.reason ?? "redacted")); its value cannot be compared"
        )
        continue
      }
      if value != expected { gaps.append("`\(name)` must equal `\(expected)`, the snapshot has `\(value)`") }
    }
    let count = rules.required.count + rules.forbidden.count + rules.equal.count
    return .judge(
      "environment.variables", gaps: gaps, passed: "all \(count) variable rules hold",
      failed: "\(gaps.count) variable rule\(gaps.count == 1 ? " fails" : "s fail")",
      fix:
        "set or unset the variables where the environment runs (and in `[environment] include` of envlock.toml if the capture leaves them out), then capture again"
    )
  }

  static func data(_ rules: EnvironmentRules, _ snapshot: Snapshot) -> RuleResult {
    var byPath: [String: DataFile] = [:]
    for f in snapshot.dataFiles { byPath[f.path] = f }
    var gaps: [String] = []
    var evidence: [String] = []
    for (path, expected) in rules.data {
      guard let file = byPath[path] else {
        gaps.append("`\(path)` is not among the snapshot's data files")
        continue
      }
      guard let actual = file.sha256 else {
        gaps.append("`\(path)` is a \(file.kind) without a content hash")
        continue
      }
      if actual == expected {
        evidence.append("`\(path)` sha256 \(actual.hex.prefix(12))")
      } else {
        gaps.append("`\(path)` has sha256 \(actual.hex), the contract requires \(expected.hex)")
      }
    }
    return .judge(
      "environment.data", gaps: gaps, passed: "all \(rules.data.count) data files have the required hashes",
      failed: "\(gaps.count) data file\(gaps.count == 1 ? " does" : "s do") not match the contract",
      evidence: evidence,
      fix:
        "capture with the agreed data (`[data] paths` in envlock.toml), or update the hashes in the contract after review"
    )
  }

  static func signature(_ rules: EnvironmentRules, _ input: CheckInput) -> RuleResult {
    let id = "environment.signature"
    let fix =
      "sign the capture with an allowed key: `envlock capture --key KEY` (keys listed in `environment.signed_by`)"
    guard let lockfile = input.lockfile else {
      return .fail(
        id, "`\(input.label)` is a JSON snapshot and carries no signature", [],
        fix: "check the .envlock archive instead")
    }
    guard let signature = lockfile.signature else {
      return .fail(id, "the snapshot is not signed", [], fix: fix)
    }
    var tried: [String] = []
    for path in rules.signedBy {
      let full = input.absolute(path, base: input.contractDirectory)
      guard let data = FileManager.default.contents(atPath: full),
        let text = String(data: data, encoding: .utf8)
      else {
        tried.append("`\(path)`: cannot read the public key")
        continue
      }
      do {
        let key = try PublicKey(minisignText: text, source: path)
        try lockfile.verifySignature(with: key, file: input.label)
        return .pass(id, "signed by `\(path)` (key \(key.keyID))")
      } catch {
        tried.append("`\(path)`: \(Diagnostic(error).summary)")
      }
    }
    return .fail(
      id,
      "the snapshot is signed by key \(signature.keyID), which is not one of the \(rules.signedBy.count) listed",
      tried, fix: fix)
  }

  static func age(_ maxAge: Int64, _ text: String, _ input: CheckInput) -> RuleResult {
    let time = input.snapshot.capture.time
    let seconds = Int64(input.now.timeIntervalSince1970.rounded(.down)) - time.secondsSinceEpoch
    let ageText = describe(seconds)
    return seconds <= maxAge
      ? .pass("environment.age", "captured \(ageText) ago (\(time.rfc3339)), within \(text)")
      : .fail(
        "environment.age", "captured \(ageText) ago (\(time.rfc3339)), older than \(text)", [],
        fix: "capture the environment again (`envlock capture`) and check the new snapshot")
  }

  /// `3 days`, `5 hours`, `12 minutes`.
  static func describe(_ seconds: Int64) -> String {
    let s = max(0, seconds)
    func plural(_ n: Int64, _ unit: String) -> String { "\(n) \(unit)\(n == 1 ? "" : "s")" }
    if s >= 86_400 { return plural(s / 86_400, "day") }
    if s >= 3600 { return plural(s / 3600, "hour") }
    if s >= 60 { return plural(s / 60, "minute") }
    return plural(s, "second")
  }
}
