// `[schemas]`: input/output schema files and modules exist in the project and are captured in
// the snapshot (as data or config files) with the same content.

import EnvlockFileIO
import EnvlockModel

/// Checks the schema rules.
enum SchemaCheck {
  static func run(_ rules: SchemaRules, _ input: CheckInput) -> [RuleResult] {
    var gaps: [String] = []
    var evidence: [String] = []
    var entries: [(name: String, path: String?)] = rules.files.map { ($0, $0) }
    for module in rules.modules {
      let parts = module.split(separator: ".").joined(separator: "/")
      let candidates = ["src/\(parts).py", "src/\(parts)/__init__.py", "\(parts).py", "\(parts)/__init__.py"]
      entries.append((module, candidates.first { input.exists($0) }))
    }
    for (name, path) in entries {
      guard let path else {
        gaps.append("module `\(name)` is not in the project (looked under `src/` and the root)")
        continue
      }
      let label = path == name ? "`\(path)`" : "module `\(name)` (`\(path)`)"
      guard let bytes = input.diskBytes(path) else {
        gaps.append("\(label) does not exist in the project")
        continue
      }
      guard let recorded = input.recordedDigest(path) else {
        gaps.append("\(label) is not captured in the snapshot")
        continue
      }
      let actual = Digest.sha256(bytes)
      if recorded != actual {
        gaps.append(
          "\(label) changed since the capture (snapshot \(recorded.hex.prefix(12)), project \(actual.hex.prefix(12)))"
        )
      } else {
        evidence.append("\(label) captured, sha256 \(actual.hex.prefix(12))")
      }
    }
    return [
      .judge(
        "schemas.captured", gaps: gaps, passed: "all \(entries.count) schemas exist and are captured",
        failed: "\(gaps.count) schema\(gaps.count == 1 ? " is" : "s are") missing or not captured",
        evidence: evidence,
        fix:
          "add the schema files to `[data] paths` (or `[config] files`) in envlock.toml and capture again")
    ]
  }
}
