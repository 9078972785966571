// pylock.toml: PEP 751 (lock-version 1.0), written as TOML text in a fixed order so the bytes are stable.

import EnvlockTOML

/// Writes pylock.toml.
public enum PyLock {
  /// A TOML basic string.
  static func quote(_ text: String) -> String { TOMLString.basic(text) }

  /// `{ sha256 = "..." }`.
  static func hashes(_ hash: FileHash) -> String { "{ \(hash.algorithm) = \(quote(hash.hex)) }" }

  /// The PEP 508 environment marker the lock was captured for.
  static func environmentMarker(_ plan: RebuildPlan) -> String? {
    guard let markers = plan.snapshot.interpreter?.markers,
      [markers.implementationName, markers.sysPlatform, markers.platformMachine].allSatisfy(
        ValueGrammar.isMarkerValue)
    else { return nil }
    return
      "implementation_name == '\(markers.implementationName)' and sys_platform == '\(markers.sysPlatform)' and platform_machine == '\(markers.platformMachine)'"
  }

  /// The file text.
  public static func render(_ plan: RebuildPlan) -> String {
    let header = GeneratedHeader(plan)
    var lines = header.comment([
      "pylock.toml (PEP 751) for \(header.snapshot); \(header.writtenBy).",
      "Install with `uv pip install -r pylock.toml` (or any PEP 751 installer).",
    ])
    lines.append("lock-version = \"1.0\"")
    if let marker = environmentMarker(plan) { lines.append("environments = [\(quote(marker))]") }
    if let interpreter = plan.snapshot.interpreter, ValueGrammar.isVersion(interpreter.version) {
      let minor = interpreter.version.split(separator: ".").prefix(2).joined(separator: ".")
      lines.append("requires-python = \(quote("==\(minor).*"))")
    }
    lines.append("created-by = \"envlock\"")
    for pin in plan.pins {
      let p = pin.package
      lines.append("")
      if pin.source == .index && pin.file == nil {
        lines.append(
          "# no file known for \(p.name) \(p.version): rerun with `--hashes` to make this entry installable")
      }
      lines.append("[[packages]]")
      lines.append("name = \(quote(p.name))")
      lines.append("version = \(quote(p.version))")
      if let requires = p.requiresPython { lines.append("requires-python = \(quote(requires))") }
      switch pin.source {
      case .index:
        lines.append("index = \(quote(plan.index.url))")
        if let file = pin.file {
          let entry =
            "{ name = \(quote(file.filename)), url = \(quote(file.url)), hashes = \(hashes(FileHash(algorithm: "sha256", hex: file.sha256.hex))) }"
          lines.append(file.isWheel ? "wheels = [\(entry)]" : "sdist = \(entry)")
        }
      case .vcs(let vcs, let url, let commit, let subdirectory):
        var fields = ["type = \(quote(vcs))", "url = \(quote(url))", "commit-id = \(quote(commit))"]
        if let subdirectory { fields.append("subdirectory = \(quote(subdirectory))") }
        lines.append("vcs = { \(fields.joined(separator: ", ")) }")
      case .archive(let url, let hash):
        var fields = ["url = \(quote(url))"]
        if let hash { fields.append("hashes = \(hashes(hash))") }
        lines.append("archive = { \(fields.joined(separator: ", ")) }")
      }
      if let record = p.record {
        lines.append("[packages.tool.envlock]")
        lines.append("content-fingerprint = \(quote(record.contentFingerprint.hex))")
      }
    }
    for skip in plan.skipped {
      lines.append("")
      lines.append(
        OutputText.comment("left out: \(skip.package.name) \(skip.package.version): \(skip.reason)"))
    }
    lines.append("")
    lines.append("[tool.envlock]")
    lines.append("snapshot-digest = \(quote("sha256:" + plan.source.digest.hex))")
    lines.append("envlock-version = \(quote(plan.options.toolVersion))")
    return lines.joined(separator: "\n") + "\n"
  }
}
