// Wheel compatibility tags (PEP 425), wheel filenames (PEP 427), manylinux (PEP 600, with
// the legacy aliases of PEPs 513/571/599) and musllinux (PEP 656). The ordered list of tags
// a target accepts is generated as `packaging.tags.sys_tags` would on that machine
// (`cpython_tags` / `generic_tags` followed by `compatible_tags`), without probing anything.

/// One `interpreter-abi-platform` tag, lowercased (`cp311-cp311-manylinux_2_17_x86_64`).
public struct WheelTag: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The interpreter, for example `cp311`, `py3`, `pp310`.
  public let interpreter: String
  /// The ABI, for example `cp311`, `abi3`, `none`.
  public let abi: String
  /// The platform, for example `manylinux_2_17_x86_64`, `win_amd64`, `any`.
  public let platform: String

  /// Creates a tag; the parts are lowercased.
  public init(interpreter: String, abi: String, platform: String) {
    self.interpreter = interpreter.lowercased()
    self.abi = abi.lowercased()
    self.platform = platform.lowercased()
  }

  /// The normalized text.
  public var description: String { "\(interpreter)-\(abi)-\(platform)" }

  /// The order described on the type.
  public static func < (lhs: WheelTag, rhs: WheelTag) -> Bool {
    codePointLess(lhs.description, rhs.description)
  }

  /// Expands a (possibly compressed) tag set such as `py2.py3-none-any`.
  public static func parseSet(_ text: String) throws(PackagingError) -> Set<WheelTag> {
    let components = text.split(separator: "-", omittingEmptySubsequences: false).map {
      $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
    for parts in components where parts.contains("") {
      throw .invalidTag(text, reason: "empty component `\(parts.joined(separator: "."))`")
    }
    guard components.count == 3 else { throw .invalidTag(text, reason: "not exactly three components") }
    for interpreter in components[0] where !isPythonIdentifier(interpreter) {
      throw .invalidTag(text, reason: "invalid interpreter `\(interpreter)`")
    }
    var tags = Set<WheelTag>()
    for i in components[0] {
      for a in components[1] {
        for p in components[2] { tags.insert(WheelTag(interpreter: i, abi: a, platform: p)) }
      }
    }
    return tags
  }
}

/// Python's `str.isidentifier()`, approximated with Unicode letter and number categories.
func isPythonIdentifier(_ text: String) -> Bool {
  guard let first = text.unicodeScalars.first else { return false }
  let firstOK =
    first == "_"
    || (isPythonWordScalar(first) && !(first.value >= 0x30 && first.value <= 0x39)
      && first.properties.generalCategory != .decimalNumber
      && first.properties.generalCategory != .otherNumber)
  return firstOK && text.unicodeScalars.allSatisfy { isPythonWordScalar($0) || $0.properties.isXIDContinue }
}

/// A parsed wheel filename: `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`.
public struct WheelFilename: Sendable, Hashable, CustomStringConvertible {
  /// The optional build tag: a number and the text after it (`1` and `abc` in `1abc`).
  public struct BuildTag: Sendable, Hashable {
    /// The leading digits (saturating at `Int.max`).
    public let number: Int
    /// The leading digits as written, exact.
    public let digits: String
    /// The rest of the build tag.
    public let suffix: String
  }

  /// The filename as given.
  public let filename: String
  /// The normalized project name.
  public let name: PackageName
  /// The version.
  public let version: Version
  /// The build tag, if any.
  public let build: BuildTag?
  /// The expanded tag set.
  public let tags: Set<WheelTag>

  /// Parses a wheel filename as `packaging.utils.parse_wheel_filename` does.
  public init(_ filename: String) throws(PackagingError) {
    self.filename = filename
    guard filename.hasSuffix(".whl") else {
      throw .invalidWheelFilename(filename, reason: "extension must be `.whl`")
    }
    let stem = String(filename.unicodeScalars.dropLast(4))
    let dashes = stem.unicodeScalars.filter { $0 == "-" }.count
    guard dashes == 4 || dashes == 5 else {
      throw .invalidWheelFilename(filename, reason: "wrong number of parts")
    }
    let parts = stem.split(separator: "-", maxSplits: dashes - 2, omittingEmptySubsequences: false).map(
      String.init)
    let namePart = parts[0]
    guard !namePart.isEmpty, !namePart.contains("__"),
      namePart.unicodeScalars.allSatisfy({ isPythonWordScalar($0) || $0 == "." })
    else { throw .invalidWheelFilename(filename, reason: "invalid project name") }
    self.name = PackageName(normalizing: namePart)
    guard let version = Version(parsing: parts[1]) else {
      throw .invalidWheelFilename(filename, reason: "invalid version")
    }
    self.version = version
    if dashes == 5 {
      let buildPart = parts[2]
      let digits = String(buildPart.unicodeScalars.prefix { $0.value >= 48 && $0.value <= 57 })
      let suffix = String(buildPart.unicodeScalars.dropFirst(digits.unicodeScalars.count))
      guard !digits.isEmpty, !suffix.unicodeScalars.contains("\n") else {
        throw .invalidWheelFilename(filename, reason: "invalid build number `\(buildPart)`")
      }
      self.build = BuildTag(number: Int(digits) ?? Int.max, digits: digits, suffix: suffix)
    } else {
      self.build = nil
    }
    do {
      self.tags = try WheelTag.parseSet(parts[parts.count - 1])
    } catch {
      throw .invalidWheelFilename(filename, reason: "invalid tag component")
    }
  }

  /// The normalized text.
  public var description: String { filename }
}

/// A glibc or musl version (`2.31`, `1.2`).
public struct LibcVersion: Sendable, Hashable, Comparable {
  /// The major version.
  public let major: Int
  /// The minor version.
  public let minor: Int

  /// Creates a libc version.
  public init(_ major: Int, _ minor: Int) {
    self.major = major
    self.minor = minor
  }

  /// The order described on the type.
  public static func < (lhs: LibcVersion, rhs: LibcVersion) -> Bool {
    (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
  }
}

/// The legacy manylinux names (PEPs 513, 571, 599) and the PEP 600 glibc baseline each stands for:
/// the one table of them.
public enum ManylinuxAliases {
  /// Each legacy name and its glibc baseline.
  public static let table: [(legacy: String, glibc: LibcVersion)] = [
    ("manylinux1", LibcVersion(2, 5)), ("manylinux2010", LibcVersion(2, 12)),
    ("manylinux2014", LibcVersion(2, 17)),
  ]

  /// The legacy name of a glibc baseline, if it has one (2.17 is `manylinux2014`).
  public static func legacyName(glibc: LibcVersion) -> String? {
    table.first { $0.glibc == glibc }?.legacy
  }

  /// A platform tag in its PEP 600 form (`manylinux2014_x86_64` becomes `manylinux_2_17_x86_64`);
  /// any other tag is returned unchanged.
  public static func pep600(_ platform: String) -> String {
    for alias in table where platform.hasPrefix(alias.legacy + "_") {
      return "manylinux_\(alias.glibc.major)_\(alias.glibc.minor)_"
        + platform.dropFirst(alias.legacy.count + 1)
    }
    return platform
  }
}

/// The platform part of an install target.
public enum TargetPlatform: Sendable, Hashable {
  /// Linux on `arch` (the `uname -m` value, e.g. `x86_64`, `aarch64`, `i686`, `armv8l`), with glibc and/or musl.
  case linux(arch: String, glibc: LibcVersion?, musl: LibcVersion?)
  /// macOS at a version (`14.0`, `10.15`) on `arm64` or `x86_64`.
  case macOS(major: Int, minor: Int, arch: String)
  /// Windows on a machine (`AMD64`, `x86`, `ARM64`).
  case windows(machine: String)
  /// Explicit platform tags, best first.
  case tags([String])

  /// The platform tags, best first, as `packaging.tags.platform_tags()` would produce them.
  public var platformTags: [String] {
    switch self {
    case .linux(let arch, let glibc, let musl):
      return TargetPlatform.linuxPlatforms(arch: arch, glibc: glibc, musl: musl)
    case .macOS(let major, let minor, let arch):
      return TargetPlatform.macPlatforms(major: major, minor: minor, arch: arch)
    case .windows(let machine):
      switch machine.lowercased() {
      case "amd64", "x86_64": return ["win_amd64"]
      case "arm64", "aarch64": return ["win_arm64"]
      default: return ["win32"]
      }
    case .tags(let tags):
      return tags
    }
  }

  static let manylinuxArchs: Set<String> = [
    "x86_64", "aarch64", "ppc64", "ppc64le", "s390x", "loongarch64", "riscv64", "i686", "armv7l",
  ]

  static func linuxPlatforms(arch: String, glibc: LibcVersion?, musl: LibcVersion?) -> [String] {
    let archs = arch == "armv8l" ? ["armv8l", "armv7l"] : [arch]
    var out = archs.map { "linux_\($0)" }
    // `_have_compatible_abi`: the ELF checks for armv7l/i686 are assumed to pass on the target.
    if let glibc, archs.contains(where: manylinuxArchs.contains) {
      let tooOld = archs.contains("x86_64") || archs.contains("i686") ? LibcVersion(2, 4) : LibcVersion(2, 16)
      var maxima = [glibc]
      var major = glibc.major - 1
      while major > 1 {
        maxima.append(LibcVersion(major, 50))
        major -= 1
      }
      for a in archs {
        for maximum in maxima {
          let minMinor = maximum.major == tooOld.major ? tooOld.minor : -1
          var minor = maximum.minor
          while minor > minMinor {
            out.append("manylinux_\(maximum.major)_\(minor)_\(a)")
            if let legacy = ManylinuxAliases.legacyName(glibc: LibcVersion(maximum.major, minor)) {
              out.append("\(legacy)_\(a)")
            }
            minor -= 1
          }
        }
      }
    }
    if let musl {
      for a in archs {
        var minor = musl.minor
        while minor >= 0 {
          out.append("musllinux_\(musl.major)_\(minor)_\(a)")
          minor -= 1
        }
      }
    }
    return out
  }

  static func macBinaryFormats(major: Int, minor: Int, arch: String) -> [String] {
    let v = (major, minor)
    var formats = [arch]
    switch arch {
    case "x86_64":
      if v < (10, 4) { return [] }
      formats += ["intel", "fat64", "fat3"]
    case "i386":
      if v < (10, 4) { return [] }
      formats += ["intel", "fat3", "fat"]
    case "ppc64":
      if v > (10, 5) || v < (10, 4) { return [] }
      formats.append("fat64")
    case "ppc":
      if v > (10, 6) { return [] }
      formats += ["fat3", "fat"]
    default: break
    }
    if arch == "arm64" || arch == "x86_64" { formats.append("universal2") }
    if ["x86_64", "i386", "ppc64", "ppc", "intel"].contains(arch) { formats.append("universal") }
    return formats
  }

  static func macPlatforms(major: Int, minor: Int, arch: String) -> [String] {
    var out: [String] = []
    if major == 10 {
      var m = minor
      while m >= 0 {
        for format in macBinaryFormats(major: 10, minor: m, arch: arch) {
          out.append("macosx_10_\(m)_\(format)")
        }
        m -= 1
      }
    }
    if major >= 11 {
      var M = major
      while M > 10 {
        for format in macBinaryFormats(major: M, minor: 0, arch: arch) {
          out.append("macosx_\(M)_0_\(format)")
        }
        M -= 1
      }
      var m = 16
      while m > 3 {
        if arch == "x86_64" {
          for format in macBinaryFormats(major: 10, minor: m, arch: arch) {
            out.append("macosx_10_\(m)_\(format)")
          }
        } else {
          out.append("macosx_10_\(m)_universal2")
        }
        m -= 1
      }
    }
    return out
  }
}

/// The Python implementation of a target interpreter.
public enum PythonImplementation: Sendable, Hashable {
  /// CPython (`cp`).
  case cpython
  /// PyPy (`pp`).
  case pypy
  /// Another implementation by its tag prefix (`graalpy`, `ip`).
  case other(String)

  /// The interpreter tag prefix.
  public var tagPrefix: String {
    switch self {
    case .cpython: return "cp"
    case .pypy: return "pp"
    case .other(let name): return name
    }
  }
}

/// An interpreter and platform that wheels are installed on; answers "is this wheel installable?".
public struct TagTarget: Sendable, Hashable {
  /// The implementation.
  public let implementation: PythonImplementation
  /// The Python language version (major, minor).
  public let pythonMajor: Int
  /// The Python minor version.
  public let pythonMinor: Int
  /// The interpreter's ABIs, most specific first (for CPython `cp311`; `cp313t` when free-threaded).
  public let abis: [String]
  /// The platform.
  public let platform: TargetPlatform
  /// Every accepted tag, best first (the `sys_tags` order).
  public let supportedTags: [WheelTag]
  let ranks: [WheelTag: Int]

  /// Creates a target; `abis` defaults to the CPython ABI of the version (`cp37m` before 3.8).
  public init(
    implementation: PythonImplementation, pythonVersion: (major: Int, minor: Int), abis: [String]? = nil,
    platform: TargetPlatform
  ) {
    self.implementation = implementation
    self.pythonMajor = pythonVersion.major
    self.pythonMinor = pythonVersion.minor
    let nodot = "\(pythonVersion.major)\(pythonVersion.minor)"
    let defaultABIs: [String]
    switch implementation {
    case .cpython:
      defaultABIs = ["cp\(nodot)" + ((pythonVersion.major, pythonVersion.minor) < (3, 8) ? "m" : "")]
    default: defaultABIs = []
    }
    self.abis = abis ?? defaultABIs
    self.platform = platform
    let tags = TagTarget.generate(
      implementation: implementation, major: pythonVersion.major, minor: pythonVersion.minor, abis: self.abis,
      platforms: platform.platformTags)
    self.supportedTags = tags
    var ranks: [WheelTag: Int] = [:]
    for (i, tag) in tags.enumerated() where ranks[tag] == nil { ranks[tag] = i }
    self.ranks = ranks
  }

  /// Equality as described on the type.
  public static func == (lhs: TagTarget, rhs: TagTarget) -> Bool { lhs.supportedTags == rhs.supportedTags }
  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(supportedTags) }

  /// Whether the target accepts a tag.
  public func accepts(_ tag: WheelTag) -> Bool { ranks[tag] != nil }

  /// Whether the target accepts a wheel (any of its tags).
  public func accepts(_ wheel: WheelFilename) -> Bool { rank(of: wheel) != nil }

  /// The preference of a wheel (0 is best), or nil if no tag is accepted.
  public func rank(of wheel: WheelFilename) -> Int? { wheel.tags.compactMap { ranks[$0] }.min() }

  static func generate(
    implementation: PythonImplementation, major: Int, minor: Int, abis: [String], platforms: [String]
  ) -> [WheelTag] {
    var out: [WheelTag] = []
    let nodot = "\(major)\(minor)"
    func add(_ i: String, _ a: String, _ p: String) {
      out.append(WheelTag(interpreter: i, abi: a, platform: p))
    }
    let compatibleInterpreter: String?
    switch implementation {
    case .cpython:
      // cpython_tags
      let interpreter = "cp\(nodot)"
      let threaded = TagTarget.isThreadedCPython(abis)
      let explicit: Set<String> = threaded ? ["abi3", "abi3t", "none"] : ["abi3", "none"]
      var specific = abis
      for e in explicit { if let i = specific.firstIndex(of: e) { specific.remove(at: i) } }
      for a in specific { for p in platforms { add(interpreter, a, p) } }
      let stable = (major, minor) >= (3, 2)
      let useABI3 = stable && !threaded
      let useABI3t = stable && threaded
      if useABI3 { for p in platforms { add(interpreter, "abi3", p) } }
      if useABI3t { for p in platforms { add(interpreter, "abi3t", p) } }
      for p in platforms { add(interpreter, "none", p) }
      if useABI3 || useABI3t {
        var m = minor - 1
        while m > 1 {
          for p in platforms {
            if useABI3 { add("cp\(major)\(m)", "abi3", p) }
            if useABI3t { add("cp\(major)\(m)", "abi3t", p) }
          }
          m -= 1
        }
      }
      compatibleInterpreter = interpreter
    case .pypy, .other:
      // generic_tags
      let interpreter = implementation.tagPrefix + nodot
      var all = abis
      if !all.contains("none") { all.append("none") }
      for a in all { for p in platforms { add(interpreter, a, p) } }
      if case .pypy = implementation { compatibleInterpreter = "pp3" } else { compatibleInterpreter = nil }
    }
    // compatible_tags
    var versions = ["py\(nodot)", "py\(major)"]
    var m = minor - 1
    while m >= 0 {
      versions.append("py\(major)\(m)")
      m -= 1
    }
    for v in versions { for p in platforms { add(v, "none", p) } }
    if let compatibleInterpreter { add(compatibleInterpreter, "none", "any") }
    for v in versions { add(v, "none", "any") }
    return out
  }

  /// `_is_threaded_cpython`: the first `abi3t` or version-specific CPython ABI decides.
  static func isThreadedCPython(_ abis: [String]) -> Bool {
    for abi in abis {
      if abi == "abi3t" { return true }
      let scalars = Array(abi.unicodeScalars)
      if scalars.count > 2, scalars[0] == "c", scalars[1] == "p", scalars[2].properties.numericType != nil {
        var i = 2
        while i < scalars.count, scalars[i].properties.numericType != nil { i += 1 }
        return scalars[i...].contains("t")
      }
    }
    return false
  }
}
