// `[performance]`: the evaluation's metrics file (JSON) is captured in the snapshot with the same
// SHA-256 as in the project (so the numbers belong to this snapshot), and each metric meets its
// threshold.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// Checks the performance rules.
enum PerformanceCheck {
  static func run(_ rules: PerformanceRules, _ input: CheckInput) -> [RuleResult] {
    let path = rules.metrics
    let bytes = input.diskBytes(path)
    var out: [RuleResult] = []
    var gaps: [String] = []
    var evidence: [String] = []
    if let bytes {
      let actual = Digest.sha256(bytes)
      if let recorded = input.recordedDigest(path) {
        if recorded != actual {
          gaps.append(
            "`\(path)` changed since the capture: snapshot sha256 \(recorded.hex.prefix(12)), project \(actual.hex.prefix(12))"
          )
        } else {
          evidence.append("`\(path)` sha256 \(actual.hex) is recorded in the snapshot")
        }
      } else {
        gaps.append("`\(path)` is not captured in the snapshot, so its numbers are not tied to it")
      }
      if let pinned = rules.sha256, pinned != actual {
        gaps.append(
          "`\(path)` has sha256 \(actual.hex.prefix(12)), the contract pins \(pinned.hex.prefix(12))")
      }
    } else {
      gaps.append("`\(path)` does not exist in the project")
    }
    out.append(
      .judge(
        "performance.hash", gaps: gaps, passed: "the metrics file is the one captured in the snapshot",
        failed: "the metrics file is not tied to the snapshot", evidence: evidence,
        fix: "run the evaluation, add `\(path)` to `[data] paths` in envlock.toml, and capture again"))
    if !rules.thresholds.isEmpty { out.append(thresholds(rules, bytes)) }
    return out
  }

  static func thresholds(_ rules: PerformanceRules, _ bytes: [UInt8]?) -> RuleResult {
    let id = "performance.thresholds"
    guard let bytes else {
      return .fail(
        id, "no metrics to compare", ["`\(rules.metrics)` does not exist in the project"],
        fix: "run the evaluation that writes `\(rules.metrics)`")
    }
    guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
      return .fail(
        id, "`\(rules.metrics)` is not a JSON object", [],
        fix: "write the metrics as a JSON object: `{\"auc\": 0.87}`")
    }
    var gaps: [String] = []
    var evidence: [String] = []
    for t in rules.thresholds {
      guard let value = lookup(t.metric, in: object) else {
        gaps.append("\(t.metric) is not a number in `\(rules.metrics)`")
        continue
      }
      let shown = format(value)
      if t.op.holds(value, t.bound) {
        evidence.append("\(t.metric) = \(shown) (\(t.op.rawValue) \(t.boundText))")
      } else {
        gaps.append("\(t.metric) = \(shown), the contract requires \(t.op.rawValue) \(t.boundText)")
      }
    }
    return .judge(
      id, gaps: gaps, passed: "all \(rules.thresholds.count) metrics meet their thresholds",
      failed: "\(gaps.count) metric\(gaps.count == 1 ? " misses its threshold" : "s miss their thresholds")",
      evidence: evidence,
      fix:
        "improve the model (or renegotiate the threshold in the contract), rerun the evaluation and capture again"
    )
  }

  /// A number at `key`, or at the dotted path `a.b.c` through nested objects.
  static func lookup(_ key: String, in object: [String: Any]) -> Double? {
    if let direct = number(object[key]) { return direct }
    var current: Any? = object
    for part in key.split(separator: ".") {
      current = (current as? [String: Any])?[String(part)]
    }
    return number(current)
  }

  private static func number(_ value: Any?) -> Double? {
    guard let value, !String(describing: type(of: value)).contains("Bool") else { return nil }
    if let d = value as? Double { return d }
    if let i = value as? Int { return Double(i) }
    return nil
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}
