import EnvlockModel
import EnvlockPackaging

/// The base image of the Dockerfile and the rule that chose it (rules: Docs/rebuild.md).
public struct BaseImage: Hashable, Sendable {
  /// The package manager family inside the image.
  public enum Family: String, Codable, Hashable, Sendable {
    /// Debian: apt, dpkg versions.
    case debian
    /// Alpine: apk.
    case alpine
    /// micromamba on Debian: conda packages plus apt.
    case conda
  }

  /// The micromamba image used for conda prefixes (pinned).
  public static let micromamba = "mambaorg/micromamba:1.5.10-bookworm-slim"
  /// glibc of the Debian releases official images are built on.
  static let debianGlibc = ["bullseye": "2.31", "bookworm": "2.36", "trixie": "2.41"]
  /// `uname -m` values the official python images are built for, with the Docker platform name.
  static let platforms = [
    "x86_64": "linux/amd64", "aarch64": "linux/arm64", "armv7l": "linux/arm/v7", "i686": "linux/386",
    "ppc64le": "linux/ppc64le", "s390x": "linux/s390x",
  ]

  /// The `FROM` reference.
  public var reference: String
  /// The package manager family.
  public var family: Family
  /// The Debian codename, for Debian families.
  public var codename: String?
  /// Why this image.
  public var reason: String
  /// Hazards of the choice.
  public var hazards: [Hazard]
  /// Further decisions (platform, libc).
  public var notes: [Decision]

  /// True when the image is an official `python` image (which brings the interpreter and its libraries).
  public var isOfficialPython: Bool { reference.hasPrefix("python:") }

  /// Chooses the base image for a snapshot; `override` (`--base-image`) is kept exactly as given.
  public static func choose(for snapshot: Snapshot, override: String?) throws(RebuildError) -> BaseImage {
    let host = snapshot.host
    var hazards: [Hazard] = []
    var notes: [Decision] = []
    let hostCodename = host?.os.id == "debian" ? host?.os.versionCodename : nil
    let codename = hostCodename.flatMap { debianGlibc[$0] != nil ? $0 : nil } ?? "bookworm"

    if let arch = host?.architecture {
      if let platform = platforms[arch] {
        notes.append(
          Decision(
            topic: "platform", choice: "`\(platform)` (the snapshot's `\(arch)`)",
            reason:
              "the image builds for the builder's platform; elsewhere build with `--platform \(platform)`"))
      } else {
        hazards.append(
          Hazard(
            code: "architecture", subject: arch,
            message: "the snapshot's architecture has no official python image",
            action:
              "build on a supported platform with emulation, or pass `--base-image` for this architecture"))
      }
    }

    if let override {
      guard ValueGrammar.isImageReference(override) else { throw .invalidBaseImage(reference: override) }
      let lower = override.lowercased()
      let family: Family =
        lower.contains("alpine")
        ? .alpine
        : (lower.contains("mamba") || lower.contains("conda") || lower.contains("miniforge"))
          ? .conda : .debian
      return BaseImage(
        reference: override, family: family, codename: family == .alpine ? nil : codename,
        reason: "given with `--base-image` and kept exactly as given"
          + (override.contains("@sha256:") ? " (digest-pinned)" : " (not digest-pinned: the tag may move)"),
        hazards: hazards, notes: notes)
    }
    guard let interpreter = snapshot.interpreter else { throw .noInterpreter }
    let shown = OutputText.markdown(interpreter.version)

    if !snapshot.condaPackages.isEmpty {
      return BaseImage(
        reference: micromamba, family: .conda, codename: "bookworm",
        reason:
          "the environment is a conda prefix; micromamba installs the exact conda builds of conda-packages.txt (Python \(shown) among them)",
        hazards: hazards, notes: notes)
    }

    let version = interpreter.version
    let parts = version.split(separator: ".")
    let numeric =
      parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    let major = parts.first.flatMap { Int($0) } ?? 0
    let minor = parts.count > 1 ? Int(parts[1].prefix { $0.isNumber }) ?? 0 : 0
    let minorText = "\(major).\(minor)"
    let isMusl = host?.os.id == "alpine" || host?.libc?.family == "musl" || interpreter.libc?.family == "musl"

    var family: Family = .debian
    var reference: String
    var reason: String
    if interpreter.implementation == "pypy" {
      reference = "pypy:\(minorText)-slim-\(codename)"
      reason = "PyPy for Python \(minorText): the official `pypy` images are tagged by Python minor version"
      hazards.append(
        Hazard(
          code: "no-official-image", subject: "pypy \(version)",
          message:
            "official pypy images are not tagged by the exact PyPy release, so the patch release may differ",
          action: "pass `--base-image` with a digest-pinned pypy image of the captured release"))
    } else if interpreter.implementation != "cpython" {
      reference = "python:\(minorText)-slim-\(codename)"
      reason =
        "no official image exists for \(OutputText.markdown(interpreter.implementation)); CPython \(minorText) is the nearest"
      hazards.append(
        Hazard(
          code: "no-official-image", subject: "\(interpreter.implementation) \(version)",
          message: "there is no official image for this Python implementation",
          action: "pass `--base-image` with an image that provides it"))
    } else if !numeric || (major, minor) < (3, 8) {
      reference = isMusl ? "python:\(minorText)-alpine" : "python:\(minorText)-slim-\(codename)"
      family = isMusl ? .alpine : .debian
      reason = "CPython \(shown) has no official image tag; the \(minorText) line is the nearest"
      hazards.append(
        Hazard(
          code: "no-official-image", subject: "python \(version)",
          message: numeric
            ? "official images for Python before 3.8 are no longer built on current Debian"
            : "pre-release and locally built versions have no official image; the patch release will differ",
          action: "pass `--base-image` with an image of exactly \(shown), or accept \(minorText).x"))
    } else if isMusl {
      reference = "python:\(version)-alpine"
      family = .alpine
      reason = "CPython \(shown) on musl libc (Alpine): the official Alpine variant of the same version"
    } else {
      reference = "python:\(version)-slim-\(codename)"
      if let host, host.os.id == "debian", hostCodename == codename {
        reason =
          "CPython \(shown) on Debian \(codename): the official slim image of the same version and release"
      } else {
        let os = OutputText.markdown(host?.os.prettyName ?? host?.os.id ?? "an unrecorded OS")
        reason =
          "CPython \(shown) on \(os): no official image matches that OS, Debian \(codename) is the nearest glibc base"
      }
    }
    if interpreter.realPath.hasPrefix("/usr/bin/") && reference.hasPrefix("python:") {
      notes.append(
        Decision(
          topic: "interpreter build",
          choice: "the official image's own build of CPython \(shown) in /usr/local",
          reason:
            "the snapshot ran the distribution's build (\(OutputText.code(interpreter.realPath))); same version, other patches"
        ))
    }
    if family == .debian, let hostLibc = host?.libc, hostLibc.family == "glibc",
      let baseGlibc = debianGlibc[codename]
    {
      let needing = snapshot.pythonPackages.compactMap { p -> (String, String)? in
        let needed = p.wheelTags.compactMap(Self.manylinuxGlibc).max { Self.versionLess($0, $1) }
        guard let needed, Self.versionLess(baseGlibc, needed) else { return nil }
        return (p.name, needed)
      }
      for (name, needed) in needing {
        hazards.append(
          Hazard(
            code: "libc-too-old", subject: name,
            message: "its wheel needs glibc \(needed), but the base image has glibc \(baseGlibc)",
            action: "pass `--base-image` with a newer Debian release, or pin an older build of the package"))
      }
      if Self.versionLess(baseGlibc, hostLibc.version) {
        notes.append(
          Decision(
            topic: "libc", choice: "glibc \(baseGlibc) of Debian \(codename)",
            reason:
              "the snapshot ran on glibc \(OutputText.markdown(hostLibc.version)); no wheel needs more than \(baseGlibc)"
          ))
      }
    }
    if family == .debian, isMusl == false, host?.libc?.family == "musl" {
      hazards.append(
        Hazard(
          code: "libc-mismatch", subject: "musl",
          message: "the snapshot ran on musl libc but the base image uses glibc",
          action: "pass `--base-image` with an Alpine image"))
    }
    return BaseImage(
      reference: reference, family: family, codename: family == .alpine ? nil : codename, reason: reason,
      hazards: hazards, notes: notes)
  }

  /// The glibc version a `manylinux_X_Y_arch` (or legacy manylinux1/2010/2014) tag needs.
  static func manylinuxGlibc(_ tag: String) -> String? {
    guard let last = tag.split(separator: "-").last else { return nil }
    let platform = ManylinuxAliases.pep600(String(last))
    guard platform.hasPrefix("manylinux_") else { return nil }
    let fields = platform.dropFirst("manylinux_".count).split(separator: "_")
    guard fields.count >= 2, let major = Int(fields[0]), let minor = Int(fields[1]) else { return nil }
    return "\(major).\(minor)"
  }

  /// Compares dotted numeric versions.
  static func versionLess(_ a: String, _ b: String) -> Bool {
    let x = a.split(separator: ".").map { Int($0) ?? 0 }
    let y = b.split(separator: ".").map { Int($0) ?? 0 }
    return x.lexicographicallyPrecedes(y)
  }
}
