// SHA256SUMS in the GNU coreutils format that `sha256sum -c` reads:
// `<64 hex>  <path>` per line; a name with `\` or a newline is escaped and the line starts with `\`.

import EnvlockModel

/// Renders data-file digests in coreutils `sha256sum` format.
public enum SHA256Sums {
  /// One line per regular data file (links have no digest), sorted by path, as text (a name that
  /// is not UTF-8 shows U+FFFD; `contents` has its bytes).
  public static func render(_ files: [DataFile]) -> String {
    String(decoding: contents(files), as: UTF8.self)
  }

  /// The file's bytes: one line per regular data file, sorted by the bytes of the path; a name
  /// recorded escaped (`DataFile.pathEscaped`) is written with its bytes on disk, as sha256sum
  /// writes it, so `sha256sum -c` finds the file.
  public static func contents(_ files: [DataFile]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(files.count * 100)
    let named = files.map { (file: $0, path: $0.pathBytes) }
    for (file, path) in named.sorted(by: { $0.path.lexicographicallyPrecedes($1.path) }) {
      guard let digest = file.sha256 else { continue }
      if path.contains(where: { $0 == 0x5C || $0 == 0x0A || $0 == 0x0D }) {
        out.append(0x5C)
        out.append(contentsOf: digest.hex.utf8)
        out.append(contentsOf: [0x20, 0x20])
        for byte in path {
          switch byte {
          case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
          case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
          case 0x0D: out.append(contentsOf: [0x5C, 0x72])
          default: out.append(byte)
          }
        }
      } else {
        out.append(contentsOf: digest.hex.utf8)
        out.append(contentsOf: [0x20, 0x20])
        out.append(contentsOf: path)
      }
      out.append(0x0A)
    }
    return out
  }
}
