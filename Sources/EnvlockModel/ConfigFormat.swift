// The format of a config file, told from its name once for every module: redaction parses it to
// find the values of secret-looking keys, and a diff compares it key by key.

/// The format of a config file, chosen by its file name; the raw value is its short name.
public enum ConfigFormat: String, Sendable, CaseIterable {
  /// dotenv: `.env`, `.env.*` and `*.env`.
  case env
  /// TOML: `*.toml`, `Pipfile`, and lock files `*.lock` other than `Pipfile.lock`.
  case toml
  /// YAML: `*.yml`, `*.yaml` and `.condarc`.
  case yaml
  /// INI: `*.ini`, `*.cfg`, `*.conf` and `.pypirc`.
  case ini
  /// JSON: `*.json` and `Pipfile.lock`.
  case json
  /// Anything else: plain text.
  case text

  /// The format the last component of `path` names, ignoring case. dotenv names are tested first,
  /// so `.env.local.toml` is dotenv.
  public init(path: String) {
    let name = (path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]).lowercased()
    if name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env") {
      self = .env
    } else if name.hasSuffix(".toml") || name == "pipfile"
      || name.hasSuffix(".lock") && name != "pipfile.lock"
    {
      self = .toml
    } else if name.hasSuffix(".yml") || name.hasSuffix(".yaml") || name == ".condarc" {
      self = .yaml
    } else if name.hasSuffix(".ini") || name.hasSuffix(".cfg") || name.hasSuffix(".conf") || name == ".pypirc"
    {
      self = .ini
    } else if name.hasSuffix(".json") || name == "pipfile.lock" {
      self = .json
    } else {
      self = .text
    }
  }
}
