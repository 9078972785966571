import EnvlockModel

/// One system package to install, pinned when the captured version is known.
public struct SystemPin: Codable, Hashable, Sendable {
  /// The package name (no architecture qualifier).
  public var name: String
  /// The captured version; nil when the snapshot does not record it.
  public var version: String?
  /// The Python packages that need it.
  public var neededBy: [String]

  /// `name=version`, or the bare name when unpinned.
  public var spec: String { version.map { "\(name)=\($0)" } ?? name }
}

/// The system packages of a rebuild: what the wheels need, minus what the base image already has.
public struct AptPlan: Hashable, Sendable {
  /// Libraries every official slim python image already ships; pinning them would fight the image's own updates.
  static let providedBySlimImages: Set<String> = [
    "libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libssl3", "libffi8", "libbz2-1.0", "liblzma5", "libzstd1",
    "libsqlite3-0", "libuuid1", "libtinfo6", "libncursesw6", "libreadline8", "libcrypt1", "libexpat1",
    "libgdbm6", "libdb5.3", "libnsl2", "libtirpc3",
  ]

  /// Packages to install.
  public var install: [SystemPin]
  /// Packages the wheels need that the base image provides (with the captured version, for the record).
  public var provided: [SystemPin]
  /// True when apt reads Debian's snapshot archive for the capture date.
  public var useSnapshotArchive: Bool
  /// The snapshot archive timestamp, `YYYYMMDDTHHMMSSZ`.
  public var archiveTimestamp: String
  /// Hazards (unpinned packages, other package managers).
  public var hazards: [Hazard]
  /// Decisions for REBUILD.md.
  public var decisions: [Decision]

  /// Plans the system packages of `snapshot` on `base`.
  /// `tools` are packages the build itself needs (for example `git` for VCS pins), with who needs them.
  public static func make(
    snapshot: Snapshot, base: BaseImage, aptSnapshot: Bool, tools: [String: [String]] = [:]
  ) -> AptPlan {
    var needed = tools
    var hazards: [Hazard] = []
    let apk = base.family == .alpine
    for package in snapshot.pythonPackages {
      for dependency in package.systemDependencies {
        let name =
          dependency.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init)
          ?? dependency
        guard ValueGrammar.isSystemPackageName(name, apk: apk) else {
          hazards.append(
            .unrepresentable(
              field: "system package needed by \(package.name)", value: name,
              rule: apk ? "an Alpine package name" : "a Debian package name (policy 5.6.1)",
              consequence: "it is not installed"))
          continue
        }
        needed[name, default: []].append(package.name)
      }
    }
    let manager: SystemPackage.Manager = apk ? .apk : .dpkg
    var versions: [String: String] = [:]
    var otherManager = false
    for system in snapshot.systemPackages {
      if system.manager == manager { versions[system.name] = system.version } else { otherManager = true }
    }
    let hostIsDebian = snapshot.host?.os.id == "debian"
    var install: [SystemPin] = []
    var provided: [SystemPin] = []
    for name in needed.keys.sorted() {
      let users = needed[name]!.sorted()
      var version = hostIsDebian || apk ? versions[name] : nil
      if let captured = version,
        !(apk ? ValueGrammar.isApkVersion(captured) : ValueGrammar.isDebianVersion(captured))
      {
        hazards.append(
          .unrepresentable(
            field: "version of system package \(name)", value: captured,
            rule: apk ? "an Alpine package version" : "a Debian version (policy 5.6.12)",
            consequence: "the package is installed unpinned"))
        version = nil
      }
      let pin = SystemPin(name: name, version: version, neededBy: users)
      if base.isOfficialPython && providedBySlimImages.contains(name) {
        provided.append(pin)
        continue
      }
      install.append(pin)
      if version == nil {
        hazards.append(
          Hazard(
            code: "unpinned-system-package", subject: name,
            message: otherManager || !hostIsDebian
              ? "needed by \(users.joined(separator: ", ")), but the snapshot's \(OutputText.markdown(snapshot.host?.os.id ?? "unknown")) host version does not apply to the \(base.codename.map { "Debian \($0)" } ?? "image") base"
              : "needed by \(users.joined(separator: ", ")), but no installed version was recorded",
            action: "check the installed version in the built image and pin it in apt-packages.txt"))
      }
    }
    let timestamp = snapshot.capture.time.rfc3339.filter { $0 != "-" && $0 != ":" }
    let useArchive = aptSnapshot && base.family != .alpine && !install.isEmpty
    var decisions: [Decision] = []
    if install.isEmpty {
      decisions.append(
        Decision(
          topic: "system packages", choice: "none installed",
          reason: provided.isEmpty
            ? "no wheel links against a system library outside the base image"
            : "the \(provided.count) libraries the wheels link against ship with the base image"))
    } else {
      decisions.append(
        Decision(
          topic: "system packages",
          choice: "\(install.count) in apt-packages.txt, pinned to the captured versions",
          reason: "the wheels' compiled files link against them (from the capture's ELF dependency map)"))
      if base.family != .alpine {
        decisions.append(
          Decision(
            topic: "apt sources",
            choice: useArchive
              ? "Debian's snapshot archive at \(timestamp) (snapshot.debian.org)"
              : "the image's ordinary mirrors (`--no-apt-snapshot`)",
            reason: useArchive
              ? "pinned versions vanish from the ordinary mirrors after point releases; the archive keeps the capture date's state"
              : "pins may stop being installable after the next Debian point release"))
      }
    }
    return AptPlan(
      install: install, provided: provided, useSnapshotArchive: useArchive, archiveTimestamp: timestamp,
      hazards: hazards, decisions: decisions)
  }

  /// The text of apt-packages.txt.
  public func render(_ plan: RebuildPlan) -> String {
    let header = GeneratedHeader(plan)
    var lines = header.comment([
      "apt-packages.txt: system packages the wheels of \(header.snapshot) need,",
      "pinned to the captured versions (\(header.writtenBy)).",
    ])
    if useSnapshotArchive {
      lines.append("# The Dockerfile installs them from Debian's snapshot archive at \(archiveTimestamp).")
    }
    if plan.base.isOfficialPython {
      lines.append(
        OutputText.comment(
          "The interpreter and its libraries come with the base image \(plan.base.reference)."))
    }
    for pin in install { lines.append(pin.spec) }
    if !provided.isEmpty {
      lines.append("# Provided by the base image (captured versions, not reinstalled):")
      for pin in provided { lines.append(OutputText.comment("  \(pin.spec)")) }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// conda-packages.txt: the exact conda builds of a conda prefix.
enum CondaPackages {
  /// The file text: one `channel::name=version=build` spec per line.
  static func render(_ plan: RebuildPlan) -> String {
    let header = GeneratedHeader(plan)
    return
      (header.comment(["conda-packages.txt: exact conda builds of \(header.snapshot)"]) + plan.condaSpecs)
      .joined(separator: "\n") + "\n"
  }
}
