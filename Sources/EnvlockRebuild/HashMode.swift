// The hash step of `RebuildPlan.make`. pip's hash mode is all-or-nothing: once one requirement
// carries `--hash`, every one must, and a version-control checkout cannot be hashed at all.

/// Whether the lock files carry hashes, whether pip can run with `--require-hashes`, and why.
struct HashMode: Hashable, Sendable {
  /// True when hashes are written at all (`--hashes` was given and no pin is a VCS checkout).
  var writeHashes: Bool
  /// True when every pin has a hash, so pip can run with `--require-hashes`.
  var requireHashes: Bool
  /// `vcs-unhashable` for each VCS pin when hashes were asked for, `unverified` for each index pin
  /// without a hash when they are written.
  var hazards: [Hazard]
  /// The `hashes` decision, then `pylock.toml` when index pins name no file.
  var decisions: [Decision]

  /// Decides the hash mode for `pins`; `requested` is `--hashes`, `indexURL` where files were
  /// looked up.
  static func choose(pins: [PinnedPackage], requested: Bool, indexURL: String) -> HashMode {
    var hazards: [Hazard] = []
    var writeHashes = requested
    if requested && pins.contains(where: \.isVCS) {
      writeHashes = false
      for pin in pins where pin.isVCS {
        hazards.append(
          Hazard(
            code: "vcs-unhashable", subject: pin.package.name,
            message:
              "pip cannot hash a version-control checkout, and its hash mode is all-or-nothing, so no hashes are written",
            action: "build a wheel of the commit and publish it to your index, then rebuild with `--hashes`"
          ))
      }
    }
    let unverified = pins.filter { $0.hash == nil }
    if writeHashes {
      for pin in unverified where pin.source == .index {
        hazards.append(
          Hazard(
            code: "unverified", subject: pin.package.name,
            message:
              "no file of \(pin.package.name) \(pin.package.version) matching its wheel tags (\(pin.package.wheelTags.joined(separator: ", ")); none recorded means any) was found on `\(indexURL)`; it has no hash, and pip's hash mode is all-or-nothing, so pip refuses to install until it has one",
            action:
              "add `--hash=sha256:...` for the right file by hand, or publish the file and rerun with `--hashes`"
          ))
      }
    }
    let requireHashes = writeHashes && !pins.isEmpty && unverified.isEmpty
    var decisions = [
      Decision(
        topic: "hashes",
        choice: requireHashes
          ? "`--require-hashes` with a SHA-256 for every package"
          : writeHashes ? "hashes for \(pins.count - unverified.count) of \(pins.count) packages" : "none",
        reason: requireHashes
          ? "every file was found on the index with wheel tags matching the captured WHEEL tags"
          : writeHashes
            ? "\(unverified.count) unverified (hazards below); pip's hash mode is all-or-nothing, so the install fails until each has a hash"
            : requested
              ? "a version-control pin cannot be hashed"
              : "an index install keeps no wheel hash on disk; run with `--hashes` to look them up on the index"
      )
    ]
    let fileless = pins.filter { $0.source == .index && $0.file == nil }.count
    if fileless > 0 {
      decisions.append(
        Decision(
          topic: "pylock.toml",
          choice: "\(fileless) of \(pins.count) entries name no file",
          reason:
            "PEP 751 needs each package's file and hash, which only `--hashes` finds; until then install with requirements.lock"
        ))
    }
    return HashMode(
      writeHashes: writeHashes, requireHashes: requireHashes, hazards: hazards, decisions: decisions)
  }
}
