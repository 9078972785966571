// Classifying wheel tags (PEP 425, parsed by EnvlockPackaging's `WheelTag`) to tell which root
// cause a rebuild follows: the Python tag (`cp311`), the ABI (`cp311`, `abi3`, `none`) and the
// platform (`manylinux_2_17_x86_64`, `any`).

/// The parts of one wheel tag that explain rebuilds.
public struct WheelTagInfo: Hashable, Sendable {
  /// The Python tag, for example `cp311` or `py3`.
  public let python: String
  /// The ABI tag, for example `cp311`, `abi3` or `none`.
  public let abi: String
  /// The platform tag, for example `manylinux_2_17_x86_64` or `any`.
  public let platform: String

  /// Creates a tag from its parts.
  public init(python: String, abi: String, platform: String) {
    self.python = python
    self.abi = abi
    self.platform = platform
  }

  /// True for a tag that names a specific interpreter ABI or platform (a compiled wheel).
  public var isBinary: Bool { platform != "any" || (abi != "none") }

  /// True when the Python tag names a CPython minor version (`cp311`).
  public var isCPythonSpecific: Bool { python.hasPrefix("cp") && python.count >= 4 }

  /// The libc family and baseline the platform names: `manylinux_2_17`, `musllinux_1_2`, nil otherwise.
  public var libcBaseline: String? {
    let legacy = [
      "manylinux1": "manylinux_2_5", "manylinux2010": "manylinux_2_12", "manylinux2014": "manylinux_2_17",
    ]
    for (old, new) in legacy where platform.hasPrefix(old + "_") { return new }
    for family in ["manylinux_", "musllinux_"] where platform.hasPrefix(family) {
      let rest = platform.dropFirst(family.count).split(separator: "_")
      if rest.count >= 2 { return family + rest[0] + "_" + rest[1] }
    }
    if platform.hasPrefix("linux_") { return "linux" }
    return nil
  }

  /// The CPU architecture the platform names, for example `x86_64`; nil for `any`.
  public var architecture: String? {
    if platform == "any" { return nil }
    for arch in ["x86_64", "aarch64", "arm64", "i686", "ppc64le", "s390x", "armv7l", "amd64", "universal2"]
    where platform.hasSuffix(arch) {
      return arch
    }
    return platform.split(separator: "_").last.map(String.init)
  }
}

/// The wheel-tag facts of a package that explanation rules use.
public struct WheelFacts: Sendable {
  /// Every tag the package's wheels declare, compressed tag sets expanded.
  public let tags: [WheelTagInfo]

  /// Facts from the WHEEL `Tag:` lines of a package.
  public init(_ tags: [String]) {
    self.tags = tags.flatMap { line in
      PackagingBridge.wheelTags(line).map {
        WheelTagInfo(python: $0.python, abi: $0.abi, platform: $0.platform)
      }
    }
  }

  /// Any tag is binary.
  public var isBinary: Bool { tags.contains { $0.isBinary } }
  /// The set of Python tags.
  public var pythonTags: Set<String> { Set(tags.filter(\.isCPythonSpecific).map(\.python)) }
  /// The set of libc baselines.
  public var libcBaselines: Set<String> { Set(tags.compactMap(\.libcBaseline)) }
  /// The set of architectures.
  public var architectures: Set<String> { Set(tags.compactMap(\.architecture)) }
}
