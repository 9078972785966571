import EnvlockModel
import EnvlockRedaction

/// How the snapshot's environment variables are carried into the rebuild.
public struct EnvironmentPlan: Hashable, Sendable {
  /// Variables that belong to the host or the shell, not to the environment.
  static let hostSpecific: Set<String> = [
    "PATH", "HOME", "PWD", "OLDPWD", "SHLVL", "_", "USER", "LOGNAME", "SHELL", "TERM", "HOSTNAME", "MAIL",
    "DISPLAY", "LS_COLORS", "PS1", "TMUX", "TMPDIR", "VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "CONDA_PREFIX",
    "CONDA_DEFAULT_ENV", "CONDA_SHLVL", "CONDA_EXE", "CONDA_PYTHON_EXE", "PYTHONHOME",
    "DBUS_SESSION_BUS_ADDRESS",
  ]
  /// Name prefixes of host-specific variables.
  static let hostSpecificPrefixes = ["SSH_", "XDG_", "CONDA_PREFIX_"]

  /// Variables set with ENV and written to environment.env (name and value).
  public var runtime: [PlannedVariable]
  /// Redacted variables: only the name and the redaction reason are ever written.
  public var secrets: [PlannedVariable]
  /// Variables left out, with the reason.
  public var leftOut: [PlannedVariable]
  /// Hazards (values pointing into the home directory, values that cannot be written).
  public var hazards: [Hazard]
  /// Decisions for REBUILD.md.
  public var decisions: [Decision]

  /// Sorts the snapshot's variables into runtime, secret and left out.
  public static func make(snapshot: Snapshot) -> EnvironmentPlan {
    var plan = EnvironmentPlan(runtime: [], secrets: [], leftOut: [], hazards: [], decisions: [])
    let root = snapshot.capture.projectRoot
    for variable in snapshot.environment {
      guard let value = variable.value else {
        plan.secrets.append(
          PlannedVariable(name: variable.name, text: variable.redaction?.reason ?? "redacted"))
        continue
      }
      if hostSpecific.contains(variable.name) || hostSpecificPrefixes.contains(where: variable.name.hasPrefix)
      {
        plan.leftOut.append(PlannedVariable(name: variable.name, text: "belongs to the host or shell"))
        continue
      }
      if value.contains(where: { $0.isNewline || $0 == "\0" }) {
        plan.leftOut.append(PlannedVariable(name: variable.name, text: "its value spans lines"))
        plan.hazards.append(
          Hazard(
            code: "env-multiline", subject: variable.name,
            message: "the value spans several lines, which neither ENV nor an env file can carry faithfully",
            action: "set it at run time"))
        continue
      }
      if value.unicodeScalars.contains(where: { $0 != "\t" && OutputText.isUnsafe($0) }) {
        plan.leftOut.append(PlannedVariable(name: variable.name, text: "its value holds control characters"))
        plan.hazards.append(
          .unrepresentable(
            field: "value of \(variable.name)", value: value, rule: "text without control characters",
            consequence: "it is neither set in the image nor written to environment.env"))
        continue
      }
      var text = value
      if !root.isEmpty && root != "/" {
        text = text.replacingAll(root + "/", with: "/app/")
        if text == root { text = "/app" }
      }
      if text == "~" || text.hasPrefix("~/") || text.contains(":~/") {
        plan.leftOut.append(PlannedVariable(name: variable.name, text: "points into the home directory"))
        plan.hazards.append(
          Hazard(
            code: "env-points-into-home", subject: variable.name,
            message:
              "\(OutputText.code(value)) points into the user's home directory, which does not exist in the image",
            action: "set it at run time to a path inside the container, or move the data into the project"))
        continue
      }
      let (clean, hadCredentials) = URLMasking.withoutCredentials(text)
      if hadCredentials {
        text = clean
        plan.hazards.append(
          Hazard(
            code: "credentials-in-url", subject: variable.name,
            message: "the value held URL credentials; they were removed from every output",
            action: "supply the credentials at run time (a secret mount or netrc), never in the image"))
      }
      if text.hasSuffix("\\") || text.contains("\\\"") {
        // BuildKit reads `"a\\\"b"` as intended, but hadolint's parser (and others built the same
        // way) takes `\\"` for an escaped quote: no spelling reads the same everywhere.
        plan.leftOut.append(PlannedVariable(name: variable.name, text: "its value cannot be quoted for ENV"))
        plan.hazards.append(
          .unrepresentable(
            field: "value of \(variable.name)", value: text,
            rule: "text that Dockerfile parsers agree on (a backslash ends it or precedes a double quote)",
            consequence: "it is neither set in the image nor written to environment.env"))
        continue
      }
      plan.runtime.append(PlannedVariable(name: variable.name, text: text))
    }
    plan.decisions.append(
      Decision(
        topic: "environment",
        choice: "\(plan.runtime.count) variables set with ENV (also in environment.env)"
          + (plan.secrets.isEmpty
            ? ""
            : "; \(plan.secrets.count) secrets to supply at run time: "
              + plan.secrets.map { "`\($0.name)`" }.joined(separator: ", ")),
        reason:
          "secret values are never baked into an image; only the names of redacted variables are written"
          + (plan.leftOut.isEmpty
            ? "" : "; left out: " + plan.leftOut.map { "`\($0.name)` (\($0.text))" }.joined(separator: ", "))
          + (root.isEmpty ? "" : "; the project root \(OutputText.code(root)) becomes /app")))
    return plan
  }
}

extension String {
  /// Every occurrence of `target` replaced (Foundation-free).
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = self[...]
    while let range = rest.range(of: target) {
      out += rest[..<range.lowerBound]
      out += replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }
}

/// environment.env: the non-secret variables for `docker run --env-file`, and the names of the secrets.
enum EnvironmentFile {
  /// The file text.
  static func render(_ plan: RebuildPlan) -> String {
    let env = plan.environment
    let header = GeneratedHeader(plan)
    var lines = header.comment([
      "environment.env: the non-secret variables of \(header.snapshot),",
      "for `docker run --env-file environment.env` (the Dockerfile sets the same with ENV).",
    ])
    for variable in env.runtime { lines.append("\(variable.name)=\(variable.text)") }
    if !env.secrets.isEmpty {
      lines.append(
        "# Secrets: supply at run time (for example `docker run -e NAME`); never baked into the image:")
      for secret in env.secrets { lines.append(OutputText.comment("  \(secret.name) (\(secret.text))")) }
    }
    if !env.leftOut.isEmpty {
      lines.append("# Left out:")
      for variable in env.leftOut {
        lines.append(OutputText.comment("  \(variable.name) (\(variable.text))"))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
