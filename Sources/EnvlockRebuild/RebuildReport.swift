import EnvlockModel

/// REBUILD.md and the `--json` report: every decision and every hazard, one line each. Snapshot
/// values reach REBUILD.md only escaped (`OutputText`): on one line, in code spans that hold any
/// backtick, and with Markdown's special characters escaped outside them.
public struct RebuildReport: Codable, Hashable, Sendable {
  /// `envlock.rebuild/1`.
  public var schema: String
  /// `sha256:<hex>` of the snapshot.
  public var snapshotDigest: String
  /// The base image.
  public var baseImage: String
  /// Whether requirements.lock carries a hash for every package (`--require-hashes`).
  public var requireHashes: Bool
  /// The files written, relative to the output directory.
  public var files: [String]
  /// The decisions.
  public var decisions: [Decision]
  /// The hazards.
  public var hazards: [Hazard]
  /// `--venv`: how the realized environment's packages differ from the snapshot (empty when they match).
  public var differences: [PackageDifference]?
  /// `--venv`: warnings of the realization (another patch release, packages removed).
  public var warnings: [String]?

  /// Builds the report of a plan.
  public init(_ plan: RebuildPlan) {
    schema = "envlock.rebuild/1"
    snapshotDigest = "sha256:" + plan.source.digest.hex
    baseImage = plan.base.reference
    requireHashes = plan.requireHashes
    files = plan.filePaths()
    decisions = plan.decisions
    hazards = plan.hazards
  }

  /// The text of REBUILD.md.
  public static func markdown(_ plan: RebuildPlan) -> String {
    let s = plan.snapshot
    let header = GeneratedHeader(plan)
    var lines = [
      "# Rebuild of \(header.snapshot)",
      "",
      "Captured \(s.capture.time.rfc3339) on \(OutputText.code(s.capture.hostName)) by envlock \(OutputText.markdown(s.capture.toolVersion)); "
        + "\(header.writtenBy).",
      "",
      "Build the image from this directory (the data files go into `data-files/` at their project-relative paths first):",
      "",
      "    docker build --build-arg SOURCE_DATE_EPOCH=\(s.capture.time.secondsSinceEpoch) -t IMAGE .",
      "",
      "Or realize it as a local virtual environment and verify it: `envlock rebuild SNAPSHOT --venv DIR`.",
      "",
      "## Decisions",
      "",
    ]
    for d in plan.decisions { lines.append("- **\(d.topic)**: \(d.choice). Why: \(d.reason).") }
    for skip in plan.skipped {
      lines.append("- **left out** `\(skip.package.name)` \(skip.package.version): \(skip.reason).")
    }
    lines.append("")
    lines.append("## Hazards (\(plan.hazards.count))")
    lines.append("")
    if plan.hazards.isEmpty {
      lines.append("None: the rebuild reproduces everything the snapshot records.")
    }
    for h in plan.hazards {
      lines.append(
        "- `\(h.code)`" + (h.subject.isEmpty ? "" : " **\(OutputText.markdown(h.subject))**")
          + ": \(h.message). Do: \(h.action).")
    }
    lines.append("")
    lines.append("## Files")
    lines.append("")
    let descriptions: [String: String] = [
      "Dockerfile": "the image",
      "requirements.lock": "every Python package pinned with `==` (pip, `--no-deps`)",
      "pylock.toml": "the same pins as PEP 751 (`uv pip install -r pylock.toml`)",
      "apt-packages.txt": "system packages the wheels need, pinned",
      "environment.env": "non-secret variables (`docker run --env-file`) and the names of secrets",
      "REBUILD.md": "this page",
      "debian-snapshot.sources": "apt sources on Debian's snapshot archive for the capture date",
      "conda-packages.txt": "exact conda builds",
      "SHA256SUMS": "data file hashes, checked during the build",
    ]
    for path in plan.filePaths() where !path.hasPrefix("config-files/") && !path.hasPrefix("machine-config/")
    {
      lines.append("- `\(path)`: \(descriptions[path] ?? "")")
    }
    if plan.filePaths().contains(where: { $0.hasPrefix("config-files/") }) {
      lines.append("- `config-files/`: config files restored at their project-relative paths")
    }
    if plan.filePaths().contains(where: { $0.hasPrefix("machine-config/") }) {
      lines.append(
        "- `machine-config/`: the captured machine's pip and conda config (`@venv/`, `@home/`, `@system/`), for reference; not copied into the image"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
