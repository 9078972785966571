// requirements.lock: pip's requirements-file format, one pin per package, for `pip install --no-deps`.

/// Writes requirements.lock.
public enum RequirementsLock {
  /// The pip command the Dockerfile and REBUILD.md use to install the lock.
  public static func installFlags(_ plan: RebuildPlan) -> [String] {
    ["--no-deps", "--no-cache-dir"] + (plan.requireHashes ? ["--require-hashes"] : [])
  }

  /// The requirement text of one pin, without hash options: `name==version` or `name @ URL`.
  static func requirement(_ pin: PinnedPackage, hashMode: Bool) -> String {
    let name = pin.package.name
    switch pin.source {
    case .index:
      return "\(name)==\(pin.package.version)"
    case .vcs(let vcs, let url, let commit, let subdirectory):
      return "\(name) @ \(vcsURL(vcs: vcs, url: url))@\(commit)"
        + (subdirectory.map { "#subdirectory=\($0)" } ?? "")
    case .archive(let url, let hash):
      if !hashMode, let hash { return "\(name) @ \(url)#\(hash.algorithm)=\(hash.hex)" }
      return "\(name) @ \(url)"
    }
  }

  /// `git+https://...`: the VCS prefix pip wants, and scp-style `user@host:path` turned into `ssh://`.
  static func vcsURL(vcs: String, url: String) -> String {
    var text = url
    if !text.contains("://"), let colon = text.firstIndex(of: ":"), text[..<colon].contains("@") {
      text = "ssh://" + text[..<colon] + "/" + text[text.index(after: colon)...]
    }
    return text.hasPrefix("\(vcs)+") ? text : "\(vcs)+\(text)"
  }

  /// The file text.
  public static func render(_ plan: RebuildPlan) -> String {
    let header = GeneratedHeader(plan)
    var lines = header.comment([
      "requirements.lock: every Python package of \(header.snapshot),",
      "captured \(header.captured)"
        + (plan.snapshot.interpreter.map { " (\($0.implementation) \($0.version), \($0.platform))" } ?? "")
        + "; \(header.writtenBy).",
      "The whole closure is pinned, so no resolver is needed. Pinned against \(plan.index.url).",
      "  pip install \(installFlags(plan).joined(separator: " ")) -r requirements.lock",
    ])
    if plan.writeHashes && !plan.requireHashes {
      lines.append(
        "# UNVERIFIED packages have no hash: pip's hash mode is all-or-nothing, so pip refuses this file")
      lines.append("# until each has one (see REBUILD.md).")
    }
    for pin in plan.pins {
      let text = requirement(pin, hashMode: plan.writeHashes)
      if plan.writeHashes, let hash = pin.hash {
        lines.append(text + " \\")
        lines.append("    --hash=\(hash.algorithm):\(hash.hex)")
      } else {
        if plan.writeHashes { lines.append("# UNVERIFIED: no file found on the index; add --hash by hand") }
        lines.append(text)
      }
    }
    for skip in plan.skipped {
      lines.append(
        OutputText.comment("left out: \(skip.package.name)==\(skip.package.version): \(skip.reason)"))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
