// The header every file `envlock rebuild` writes starts with: which snapshot the file reproduces,
// when and where it was captured, and which envlock wrote it. The phrases are made here, once; each
// file wraps its own purpose and instructions around them.

/// The header comment of a generated file.
struct GeneratedHeader {
  /// `snapshot sha256:<hex>`: the snapshot the file reproduces.
  let snapshot: String
  /// `<time> on <host>`: when and where the snapshot was captured.
  let captured: String
  /// `written by envlock <version>`.
  let writtenBy: String

  /// The phrases for the files of `plan`.
  init(_ plan: RebuildPlan) {
    let capture = plan.snapshot.capture
    snapshot = "snapshot sha256:\(plan.source.digest.hex)"
    captured = "\(capture.time.rfc3339) on \(capture.hostName)"
    writtenBy = "written by envlock \(plan.options.toolVersion)"
  }

  /// `lines` as a `#` comment, the syntax of every file with a header comment (Dockerfile,
  /// requirements.lock, pylock.toml, apt-packages.txt, conda-packages.txt, environment.env, apt sources);
  /// each stays one line whatever the snapshot's host name holds.
  func comment(_ lines: [String]) -> [String] {
    lines.map(OutputText.comment)
  }
}
