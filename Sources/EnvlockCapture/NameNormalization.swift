// PEP 503 name normalization. A stand-in until EnvlockPackaging provides `PackageName`.

/// Lowercases a distribution name and turns every run of `-`, `_` and `.` into one `-` (PEP 503).
func normalizePackageName(_ name: some StringProtocol) -> String {
  var out = ""
  out.reserveCapacity(name.utf8.count)
  var inRun = false
  for byte in name.utf8 {
    if byte == 0x2D || byte == 0x5F || byte == 0x2E {
      if !inRun { out.append("-") }
      inRun = true
    } else {
      inRun = false
      if byte >= 0x41 && byte <= 0x5A {
        out.unicodeScalars.append(Unicode.Scalar(byte + 32))
      } else if byte < 0x80 {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        // Non-ASCII names are not valid distribution names; keep them as they are.
        return String(name).lowercased()
      }
    }
  }
  return out
}
