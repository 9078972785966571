// Where snapshot values meet the formats rebuild writes. A snapshot comes from another machine, so
// nothing in it may add a line, an instruction or an option to a generated file. Names and versions
// are checked against their grammar (`ValueGrammar`: PEP 508 names, PEP 440 versions, Debian policy
// 5.6.1 and 5.6.12, POSIX environment names, Jupyter kernel names, RFC 3986 URLs); free text is
// escaped for the place it lands (`OutputText`: one line, a `#` comment, Markdown text or a code span,
// a shell word). A value that fails its grammar is left out with an `unrepresentable-value` hazard.

import EnvlockPackaging

/// Escaping of free text for the files rebuild writes.
enum OutputText {
  /// True for a character that could end a line or hide text in one of the formats written: C0 and
  /// C1 controls (tab, CR, LF, NUL, the separators 0x1C-0x1E and NEL that Python's `splitlines`
  /// honours), U+2028 and U+2029, and format characters such as bidirectional overrides.
  static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator, .format: return true
    default: return false
    }
  }

  /// True when `text` has no character `isUnsafe` flags.
  static func isOneLine(_ text: String) -> Bool {
    !text.unicodeScalars.contains(where: isUnsafe)
  }

  /// `text` on one visible line: `\n`, `\r`, `\t`, `\0` and `\u{XXXX}` stand for the characters
  /// `isUnsafe` flags; everything else is kept.
  static func line(_ text: String) -> String {
    guard !isOneLine(text) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      guard isUnsafe(scalar) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\0": out += "\\0"
      default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      }
    }
    return out
  }

  /// A `#` comment line (Dockerfile, requirements.lock, pylock.toml, environment.env, apt and conda
  /// lists) that holds `text` and never more than one line.
  static func comment(_ text: String) -> String {
    "# " + line(text)
  }

  /// `text` as Markdown text outside a code span: on one line, with the characters that start code
  /// spans, HTML, links, emphasis or table cells backslash-escaped.
  static func markdown(_ text: String) -> String {
    var out = ""
    for character in line(text) {
      if "\\`*<>[]|".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }

  /// `text` as a Markdown code span: `` `text` `` when it holds no backtick, otherwise fenced by a
  /// longer run of backticks (CommonMark 6.1), always on one line.
  static func code(_ text: String) -> String {
    let text = line(text)
    guard text.contains("`") else { return "`" + text + "`" }
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    return fence + " " + text + " " + fence
  }

  /// A word for a POSIX shell command line in a Dockerfile `RUN`: bare when it is made of safe
  /// characters, single-quoted otherwise, and double-quoted with `\` escapes when it holds `$` or a
  /// backtick (which shellcheck, and so hadolint, flags inside single quotes). A word starting with `-`
  /// could be read as an option; callers pass paths through `shellPath`. The caller guarantees a
  /// one-line word (`isOneLine`): a line break would end the instruction.
  static func shellWord(_ text: String) -> String {
    if !text.isEmpty
      && text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:@+,".contains($0)) })
    {
      return text
    }
    if text.contains("$") || text.contains("`") {
      var out = "\""
      for character in text {
        if "$`\"\\".contains(character) { out.append("\\") }
        out.append(character)
      }
      return out + "\""
    }
    return "'" + text.replacingAll("'", with: "'\\''") + "'"
  }

  /// A relative path as a shell word that no command reads as an option (`./-x` for `-x`).
  static func shellPath(_ path: String) -> String {
    shellWord(path.hasPrefix("-") ? "./" + path : path)
  }
}

/// The grammars snapshot values must satisfy before rebuild writes them.
enum ValueGrammar {
  /// An environment variable name for ENV and env files: `[A-Za-z_][A-Za-z0-9_]*` (POSIX.1-2017 8.1).
  static func isEnvironmentName(_ name: String) -> Bool {
    guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
    return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || isDigit($0) }
  }

  /// A distribution name of the core metadata (PEP 508): `[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?`.
  static func isPackageName(_ name: String) -> Bool { PackageName.isValid(name) }

  /// A PEP 440 version written without spaces, as `==` pins need it.
  static func isVersion(_ version: String) -> Bool {
    !version.isEmpty && version.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._+!-".utf8.contains($0) }
      && Version(parsing: version) != nil
  }

  /// A PEP 440 specifier set (`Requires-Python`) on one line, without quotes.
  static func isSpecifierSet(_ text: String) -> Bool {
    OutputText.isOneLine(text) && !text.contains("\"") && !text.contains("'")
      && (try? SpecifierSet(text)) != nil
  }

  /// A Debian package name (policy 5.6.1): lowercase letters, digits, `+`, `-`, `.`, at least two
  /// characters, starting with a letter or digit.
  static func isDebianName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard bytes.count >= 2, isLowercaseLetter(bytes[0]) || isDigit(bytes[0]) else { return false }
    return bytes.allSatisfy { isLowercaseLetter($0) || isDigit($0) || "+-.".utf8.contains($0) }
  }

  /// A Debian version (policy 5.6.12): `[epoch:]upstream[-revision]`, the upstream part starting
  /// with a digit, made of letters, digits and `.+~-:`.
  static func isDebianVersion(_ version: String) -> Bool {
    var rest = Substring(version)
    if let colon = rest.firstIndex(of: ":") {
      guard !rest[..<colon].isEmpty, rest[..<colon].allSatisfy({ $0.isASCII && $0.isNumber }) else {
        return false
      }
      rest = rest[rest.index(after: colon)...]
    }
    guard let first = rest.utf8.first, isDigit(first) else { return false }
    return rest.utf8.allSatisfy { isLetter($0) || isDigit($0) || ".+~-:".utf8.contains($0) }
  }

  /// An Alpine package name: letters, digits and `._+-`, starting with a letter or digit.
  static func isApkName(_ name: String) -> Bool {
    guard let first = name.utf8.first, isLetter(first) || isDigit(first) else { return false }
    return name.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._+-".utf8.contains($0) }
  }

  /// An Alpine package version (`1.2.3_rc1-r0`): starting with a digit; letters, digits and `._+-~`.
  static func isApkVersion(_ version: String) -> Bool {
    guard let first = version.utf8.first, isDigit(first) else { return false }
    return version.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._+-~".utf8.contains($0) }
  }

  /// A system package name for the package manager of the base image.
  static func isSystemPackageName(_ name: String, apk: Bool) -> Bool {
    apk ? isApkName(name) : isDebianName(name)
  }

  /// A conda package name, version or build string: letters, digits and `._+-` (`!` for version
  /// epochs), without the spaces, `=`, `:` and `#` that would change a `channel::name=version=build`
  /// spec.
  static func isCondaField(_ text: String, version: Bool = false) -> Bool {
    guard let first = text.utf8.first, first != UInt8(ascii: "-") else { return false }
    return text.utf8.allSatisfy {
      isLetter($0) || isDigit($0) || "._+-".utf8.contains($0) || (version && $0 == UInt8(ascii: "!"))
    }
  }

  /// A conda channel: a name (`conda-forge`) or a URL.
  static func isCondaChannel(_ channel: String) -> Bool {
    if channel.contains("://") { return isURL(channel) }
    guard let first = channel.utf8.first, isLetter(first) || isDigit(first) else { return false }
    return channel.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._-/".utf8.contains($0) }
  }

  /// An absolute URL of RFC 3986 characters: a scheme, then unreserved, reserved and `%` characters
  /// except `$`, `'` and `"`, so it needs no quoting in a Dockerfile `ARG`, a requirement line or a
  /// Markdown code span (no space, no backslash, no backtick, no control character).
  static func isURL(_ url: String) -> Bool {
    guard let colon = url.firstIndex(of: ":") else { return false }
    let scheme = url[..<colon].utf8
    guard let first = scheme.first, isLetter(first),
      scheme.allSatisfy({ isLetter($0) || isDigit($0) || "+.-".utf8.contains($0) })
    else { return false }
    return url.utf8.count > scheme.count + 1
      && url.utf8.allSatisfy { isLetter($0) || isDigit($0) || "-._~:/?#[]@!&()*+,;=%".utf8.contains($0) }
  }

  /// A version-control system pip knows.
  static func isVCS(_ name: String) -> Bool { ["git", "hg", "svn", "bzr"].contains(name) }

  /// A VCS revision as pip takes it after `@`: letters, digits and `._+-`.
  static func isRevision(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._+-".utf8.contains($0) }
  }

  /// A relative path inside a project (or `@venv/...`, `@home/...` of a machine config file): not
  /// absolute, no empty, `.` or `..` component, one line.
  static func isRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/"), OutputText.isOneLine(path) else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != "." && $0 != ".."
    }
  }

  /// A relative path that a requirement line can carry after `#subdirectory=`.
  static func isSubdirectory(_ path: String) -> Bool {
    isRelativePath(path)
      && path.utf8.allSatisfy { isLetter($0) || isDigit($0) || "-._~/+@".utf8.contains($0) }
  }

  /// A Jupyter kernelspec name (jupyter_client): letters, digits, `.`, `_` and `-`.
  static func isKernelName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._-".utf8.contains($0) }
  }

  /// A wheel tag (`cp311-cp311-manylinux_2_17_x86_64`): letters, digits, `.`, `_` and `-`.
  static func isWheelTag(_ tag: String) -> Bool {
    !tag.isEmpty && tag.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._-".utf8.contains($0) }
  }

  /// A PEP 508 marker value that can sit between single quotes: letters, digits and `._+-`.
  static func isMarkerValue(_ value: String) -> Bool {
    !value.isEmpty && value.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._+-".utf8.contains($0) }
  }

  /// A container image reference (`registry:5000/name:tag@sha256:...`): letters, digits and `._/:@+-`,
  /// not starting with `-`.
  static func isImageReference(_ reference: String) -> Bool {
    guard let first = reference.utf8.first, isLetter(first) || isDigit(first) else { return false }
    return reference.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._/:@+-".utf8.contains($0) }
  }

  /// Lowercase hexadecimal digits, `count` of them.
  static func isHex(_ text: String, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { isDigit($0) || (0x61...0x66).contains($0) }
  }

  private static func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
  private static func isLowercaseLetter(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) }
  private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
}

extension Hazard {
  /// The hazard for a snapshot value that cannot be written in the format it belongs to: what it
  /// is (`field`), the value itself (shown escaped), the rule it breaks and what is left out.
  static func unrepresentable(field: String, value: String, rule: String, consequence: String) -> Hazard {
    Hazard(
      code: "unrepresentable-value", subject: value,
      message:
        "the \(field) \(OutputText.code(value)) is not \(rule), so it cannot be written safely; \(consequence)",
      action: "fix the value in the captured environment and capture again, or add it by hand")
  }
}

/// Checks of the values a user gives a rebuild, with the grammars the snapshot's values meet.
public enum RebuildInput {
  /// Whether `reference` is a container image reference rebuild can write after `FROM`.
  public static func isImageReference(_ reference: String) -> Bool {
    ValueGrammar.isImageReference(reference)
  }

  /// Whether `url` is an index URL rebuild can write (no spaces, quotes or control characters).
  public static func isIndexURL(_ url: String) -> Bool { ValueGrammar.isURL(url) }
}
