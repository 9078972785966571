// Masks the password of URLs (`postgres://app:***@db:5432/x`) and secret-named query parameters
// (`?token=***`), keeping scheme, user, host, port and path visible.

/// Masks credentials inside URLs.
public enum URLMasking {
  /// The text with every URL password and secret query value replaced by `***`, and the byte ranges
  /// of the original text that were masked.
  public static func mask(_ text: String) -> (text: String, masked: [Range<Int>]) {
    let b = Array(text.utf8)
    var ranges: [Range<Int>] = []
    var search = 0
    while let sep = find(b, Array("://".utf8), from: search) {
      var schemeStart = sep
      while schemeStart > 0, isSchemeChar(b[schemeStart - 1]) { schemeStart -= 1 }
      search = sep + 3
      guard schemeStart < sep else { continue }
      var end = search
      while end < b.count, !isURLTerminator(b[end]) { end += 1 }
      ranges += passwordRange(b, search..<end)
      ranges += secretQueryValues(b, search..<end)
      search = max(search, end)
    }
    guard !ranges.isEmpty else { return (text, []) }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    var out: [UInt8] = []
    var last = 0
    for r in ranges where r.lowerBound >= last {
      out += b[last..<r.lowerBound]
      out += Array("***".utf8)
      last = r.upperBound
    }
    out += b[last...]
    return (String(decoding: out, as: UTF8.self), ranges)
  }

  /// The password of `user:password@host`: between the first `:` and the first `@` of the
  /// authority. A `/` before the `@` ends the authority unless a `:` came first (an unencoded `/`
  /// in a password is masked with it rather than leaked).
  private static func passwordRange(_ b: [UInt8], _ url: Range<Int>) -> [Range<Int>] {
    guard let at = b[url].firstIndex(of: 0x40) else { return [] }
    let userinfo = url.lowerBound..<at
    guard let colon = b[userinfo].firstIndex(of: 0x3A) else { return [] }
    if let slash = b[userinfo].firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }), slash < colon {
      return []
    }
    return colon + 1 < at ? [(colon + 1)..<at] : []
  }

  /// Values of query parameters whose names mark secrets (`?api_key=...`).
  private static func secretQueryValues(_ b: [UInt8], _ url: Range<Int>) -> [Range<Int>] {
    guard let q = b[url].firstIndex(of: 0x3F) else { return [] }
    var ranges: [Range<Int>] = []
    var start = q + 1
    while start < url.upperBound {
      var end = start
      while end < url.upperBound, b[end] != 0x26, b[end] != 0x23 { end += 1 }
      if let eq = b[start..<end].firstIndex(of: 0x3D), eq + 1 < end {
        let name = String(decoding: b[start..<eq], as: UTF8.self)
        if SecretDetector.nameReason(name) != nil { ranges.append((eq + 1)..<end) }
      }
      if end < url.upperBound, b[end] == 0x23 { break }
      start = end + 1
    }
    return ranges
  }

  private static func isSchemeChar(_ c: UInt8) -> Bool {
    SecretDetector.isAlnum(c) || c == 0x2B || c == 0x2D || c == 0x2E
  }

  /// Whitespace, quotes, `<>` and backslash end a URL inside a longer text.
  private static func isURLTerminator(_ c: UInt8) -> Bool {
    c <= 0x20 || c == 0x22 || c == 0x27 || c == 0x3C || c == 0x3E || c == 0x5C || c == 0x60
  }

  private static func find(_ b: [UInt8], _ needle: [UInt8], from start: Int) -> Int? {
    guard needle.count <= b.count else { return nil }
    var i = start
    while i + needle.count <= b.count {
      if b[i] == needle[0], Array(b[i..<(i + needle.count)]) == needle { return i }
      i += 1
    }
    return nil
  }
}
