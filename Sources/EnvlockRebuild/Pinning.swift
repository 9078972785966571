// The pinning and package-hazard steps of `RebuildPlan.make`: which captured packages the lock
// files install and from where (index, VCS commit, archive URL), which they leave out, and what
// about the packages the rebuild cannot reproduce or check.

import EnvlockFileIO
import EnvlockModel
import EnvlockRedaction

/// The pinning step: the packages the lock files install, those they leave out, and the hazards of
/// where the packages came from.
struct Pinning: Hashable, Sendable {
  /// The packages the lock files install, in snapshot order.
  var pins: [PinnedPackage] = []
  /// The packages they leave out, with the reason.
  var skipped: [SkippedPackage] = []
  /// Hazards of the recorded sources: credentials, local paths, archives without a hash.
  var hazards: [Hazard] = []

  /// Pins every package of `snapshot`: from the index (with its file in `lockedFiles`, by
  /// normalized name), at a VCS commit or from an archive URL. Packages conda installed into a conda
  /// prefix, and installs from a local directory, are left out.
  static func make(snapshot: Snapshot, lockedFiles: [String: LockedFile]) -> Pinning {
    var result = Pinning()
    let condaOwned = !snapshot.condaPackages.isEmpty
    for package in snapshot.pythonPackages {
      if package.installer == "conda" && condaOwned {
        result.skipped.append(
          SkippedPackage(package: package, reason: "installed by conda (conda-packages.txt)"))
        continue
      }
      result.pin(package, lockedFile: lockedFiles[package.name])
    }
    return result
  }

  /// Pins one package by its `direct_url.json`, or from the index when it has none.
  private mutating func pin(_ package: PythonPackage, lockedFile: LockedFile?) {
    guard let direct = package.directUrl else {
      pins.append(PinnedPackage(package: package, source: .index, file: lockedFile))
      return
    }
    let (url, hadCredentials) = URLMasking.withoutCredentials(direct.url)
    if hadCredentials {
      hazards.append(
        Hazard(
          code: "credentials-in-url", subject: package.name,
          message: "the recorded source URL held credentials; they were removed from every output",
          action: "give the installer access by other means (a netrc file or a secret mount)"))
    }
    if let vcs = direct.vcsInfo {
      pins.append(
        PinnedPackage(
          package: package,
          source: .vcs(vcs: vcs.vcs, url: url, commit: vcs.commitId, subdirectory: direct.subdirectory),
          file: nil))
    } else if let dir = direct.dirInfo {
      let kind = dir.editable ? "editable install" : "install from a local directory"
      skipped.append(SkippedPackage(package: package, reason: "\(kind) of \(url)"))
      hazards.append(
        Hazard(
          code: dir.editable ? "editable" : "local-directory", subject: package.name,
          message:
            "\(kind) of `\(url)`; the source is not in the snapshot, so it is left out of the lock files",
          action:
            "build a wheel (\(OutputText.code("pip wheel --no-deps \(RebuildPlan.localPath(url))"))), put it on your index or next to the Dockerfile, and add `\(package.name)==\(package.version)` with its hash"
        ))
    } else {
      let hash = direct.archiveInfo?.hashes.lazy.compactMap(Pinning.splitHash).first { hash in
        Pinning.hexLength[hash.algorithm].map { ValueGrammar.isHex(hash.hex, count: $0) } ?? false
      }
      pins.append(PinnedPackage(package: package, source: .archive(url: url, hash: hash), file: nil))
      if url.hasPrefix("file:") {
        hazards.append(
          Hazard(
            code: "local-archive", subject: package.name,
            message: "installed from the local file `\(url)`, which is not in the snapshot",
            action: "publish the file to your index or copy it into the build context and edit the URL"))
      }
      if hash == nil {
        hazards.append(
          Hazard(
            code: "archive-without-hash", subject: package.name,
            message: "installed from `\(url)` but no SHA-256 was recorded, so the file cannot be checked",
            action: "add `--hash=sha256:...` of the archive by hand"))
      }
    }
  }

  /// The `python packages` decision of REBUILD.md.
  var decision: Decision {
    Decision(
      topic: "python packages",
      choice:
        "\(pins.count) pinned with `==` in requirements.lock and pylock.toml, installed with `--no-deps`",
      reason:
        "the snapshot holds the whole closure, so no resolver runs"
        + (skipped.isEmpty ? "" : "; \(skipped.count) left out (see below)"))
  }

  /// The packages pinned to a version-control checkout, by name (the image needs git for them).
  var vcsUsers: [String] { pins.filter(\.isVCS).map(\.package.name) }

  /// The hash algorithms pip accepts, with the length of their hex digests.
  static let hexLength = ["sha256": 64, "sha384": 96, "sha512": 128]

  /// Splits `sha256=hex` (PEP 610's `archive_info.hashes`, flattened) into its parts, lowercased.
  static func splitHash(_ text: String) -> FileHash? {
    guard let eq = text.firstIndex(of: "=") else { return nil }
    return FileHash(
      algorithm: String(text[..<eq]).lowercased(), hex: String(text[text.index(after: eq)...]).lowercased())
  }
}

extension PinnedPackage {
  /// Whether it is pinned to a version-control checkout.
  var isVCS: Bool {
    if case .vcs = source { return true }
    return false
  }
}

/// The package-hazard step: installs the rebuild cannot check or reproduce the same way.
enum PackageHazards {
  /// `no-record` for packages without RECORD (other than those `skipped`),
  /// `conda-in-pip-environment` for conda builds outside a conda prefix, and `pip-in-conda-prefix`
  /// for each package the capture found in a conda prefix without a conda record.
  static func find(snapshot: Snapshot, skipped: [SkippedPackage]) -> [Hazard] {
    var hazards: [Hazard] = []
    let condaOwned = !snapshot.condaPackages.isEmpty
    for package in snapshot.pythonPackages {
      if package.record == nil && !skipped.contains(where: { $0.package == package }) {
        let how = package.metadataFormat == .eggInfo ? "egg-info metadata and no RECORD" : "no RECORD"
        hazards.append(
          Hazard(
            code: "no-record", subject: package.name,
            message:
              "has \(how) (installed by distutils or `setup.py install`?), so the rebuilt files cannot be checked against the original",
            action: "reinstall it with pip from a wheel in the original environment and capture again"))
      }
      if package.installer == "conda" && !condaOwned {
        hazards.append(
          Hazard(
            code: "conda-in-pip-environment", subject: package.name,
            message: "was installed by conda into a pip environment; pip installs the index's build instead",
            action: "check that the index build behaves the same, or rebuild on a conda base"))
      }
    }
    for warning in snapshot.warnings where warning.code == .condaPrefixForeignPackage {
      hazards.append(
        Hazard(
          code: "pip-in-conda-prefix", subject: warning.path.map(lastComponent) ?? "",
          message: OutputText.markdown(warning.message),
          action: "it is installed with pip after the conda packages; check that the order does not matter"))
    }
    return hazards
  }
}
