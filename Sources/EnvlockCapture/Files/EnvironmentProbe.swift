// Records the capturing process's environment variables: all of them minus session noise
// (terminal, shell, SSH and desktop-session variables, envlock's own secrets), adjusted by include
// and exclude globs, with secrets redacted and the home directory written `~`.

import EnvlockRedaction
import EnvlockModel
import Glibc

/// Which environment variables to record.
public struct EnvironmentFilter: Sendable, Hashable {
  /// Globs of variables recorded even though the noise list leaves them out.
  public var include: [String]
  /// Globs of variables never recorded (wins over `include`).
  public var exclude: [String]

  /// Creates a filter.
  public init(include: [String] = [], exclude: [String] = []) {
    self.include = include
    self.exclude = exclude
  }

  /// Variables that describe the login session or terminal rather than the program's environment.
  public static let defaultNoise = [
    "_", "TERM", "TERM_*", "COLORTERM", "SHLVL", "PWD", "OLDPWD", "SSH_*", "DISPLAY", "WAYLAND_DISPLAY",
    "XDG_SESSION_*", "XDG_RUNTIME_DIR", "XDG_SEAT", "XDG_VTNR", "XDG_CURRENT_DESKTOP", "XDG_GREETER_DATA_DIR",
    "DBUS_SESSION_BUS_ADDRESS", "WINDOWID", "TMUX", "TMUX_PANE", "STY", "WINDOW", "LS_COLORS", "LSCOLORS",
    "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "HIST*", "MAIL", "MAILCHECK", "LOGNAME", "USER", "USERNAME",
    "HOME", "HOSTNAME", "GPG_AGENT_INFO", "GPG_TTY", "SECURITYSESSIONID", "KONSOLE_*", "GNOME_*",
    "VTE_VERSION",
    "ITERM_*", "LC_TERMINAL", "LC_TERMINAL_VERSION", "COLUMNS", "LINES", "INVOCATION_ID", "JOURNAL_STREAM",
    "MOTD_SHOWN", "LESSOPEN", "LESSCLOSE", "SUDO_*", "DESKTOP_SESSION", "SESSION_MANAGER", "XAUTHORITY",
    "WT_SESSION", "WT_PROFILE_ID", "VSCODE_*", "TERMINAL_EMULATOR", "ENVLOCK_REDACTION_KEY",
    "ENVLOCK_PASSPHRASE",
  ]

  /// True when `name` is recorded.
  public func admits(_ name: String) -> Bool {
    if EnvironmentFilter.matches(name, exclude) { return false }
    if EnvironmentFilter.matches(name, include) { return true }
    return !EnvironmentFilter.matches(name, EnvironmentFilter.defaultNoise)
  }

  /// True when `name` matches one of the shell-style globs.
  static func matches(_ name: String, _ globs: [String]) -> Bool {
    globs.contains { fnmatch($0, name, 0) == 0 }
  }
}

/// Reads environment variables into snapshot records.
public enum EnvironmentProbe {
  /// The recorded variables of `environment`, sorted by name. `keyVariable` (the variable holding
  /// the redaction key) is never recorded.
  public static func capture(
    _ environment: [String: String], filter: EnvironmentFilter, redactor: Redactor, keyVariable: String? = nil
  ) -> [RecordedVariable] {
    var out: [RecordedVariable] = []
    for (name, value) in environment where name != keyVariable && filter.admits(name) {
      let (plain, redaction) = redactor.redact(name: name, value: value)
      out.append(RecordedVariable(name: name, value: plain, redaction: redaction))
    }
    return out.sorted { $0.name < $1.name }
  }
}
