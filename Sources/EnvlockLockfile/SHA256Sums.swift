// SHA256SUMS in the GNU coreutils format that `sha256sum -c` reads:
// `<64 hex>  <path>` per line; a name with `\` or a newline is escaped and the line starts with `\`.

import EnvlockModel

/// Renders data-file digests in coreutils `sha256sum` format.
public enum SHA256Sums {
  /// One line per regular data file (links have no digest), sorted by path.
  public static func render(_ files: [DataFile]) -> String {
    var out = ""
    for file in files.sorted(by: { bytewise($0.path, $1.path) }) {
      guard let digest = file.sha256 else { continue }
      if file.path.contains("\\") || file.path.contains("\n") || file.path.contains("\r") {
        let escaped = file.path.replacingOccurrences(of: "\\", with: "\\\\")
          .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        out += "\\\(digest.hex)  \(escaped)\n"
      } else {
        out += "\(digest.hex)  \(file.path)\n"
      }
    }
    return out
  }
}
