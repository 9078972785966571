// Masks the password of URLs (`postgres://app:***@db:5432/x`) and secret-named query parameters
// (`?token=***`), keeping scheme, user, host, port and path visible; or removes the whole userinfo
// (`https://host/simple`), as rebuild outputs do. One parser finds the userinfo for both.

/// Masks credentials inside URLs.
public enum URLMasking {
  /// The text with every URL password and secret query value replaced by `***`, and the byte ranges
  /// of the original text that were masked.
  public static func mask(_ text: String) -> (text: String, masked: [Range<Int>]) {
    let b = Array(text.utf8)
    var ranges: [Range<Int>] = []
    for url in urls(b) {
      ranges += passwordRange(b, url)
      ranges += secretQueryValues(b, url)
    }
    guard !ranges.isEmpty else { return (text, []) }
    ranges.sort { $0.lowerBound < $1.lowerBound }
    return (String(decoding: replacing(ranges, in: b, with: Array("***".utf8)), as: UTF8.self), ranges)
  }

  /// The text with the userinfo (`user:password@`, `token@`) of every URL removed, and whether
  /// there was any; the userinfo is found as `mask` finds the password in it.
  public static func withoutCredentials(_ text: String) -> (text: String, removed: Bool) {
    let (bytes, removed) = withoutCredentials(Array(text.utf8))
    return removed ? (String(decoding: bytes, as: UTF8.self), true) : (text, false)
  }

  /// `withoutCredentials` for bytes that need not be UTF-8 (a stored config file); the rest of the
  /// bytes are kept as they are.
  public static func withoutCredentials(_ b: [UInt8]) -> (bytes: [UInt8], removed: Bool) {
    let ranges = urls(b).compactMap { userinfo(b, $0).map { $0.lowerBound..<($0.upperBound + 1) } }
    guard !ranges.isEmpty else { return (b, false) }
    return (replacing(ranges, in: b, with: []), true)
  }

  /// The part after `://` of every URL in `b`: a scheme before it, up to a character that ends a URL.
  private static func urls(_ b: [UInt8]) -> [Range<Int>] {
    var found: [Range<Int>] = []
    var search = 0
    while let sep = find(b, Array("://".utf8), from: search) {
      var schemeStart = sep
      while schemeStart > 0, isSchemeChar(b[schemeStart - 1]) { schemeStart -= 1 }
      search = sep + 3
      guard schemeStart < sep else { continue }
      var end = search
      while end < b.count, !isURLTerminator(b[end]) { end += 1 }
      found.append(search..<end)
      search = max(search, end)
    }
    return found
  }

  /// `b` with each of the sorted `ranges` replaced by `replacement` (overlaps are skipped).
  private static func replacing(_ ranges: [Range<Int>], in b: [UInt8], with replacement: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var last = 0
    for r in ranges where r.lowerBound >= last {
      out += b[last..<r.lowerBound]
      out += replacement
      last = r.upperBound
    }
    out += b[last...]
    return out
  }

  /// The userinfo of the URL whose text after `://` is `b[url]`, without its `@`. The authority ends
  /// at the first `/`, `?` or `#`, and the userinfo at the last `@` before that. When no `@` comes
  /// before it but a `:` does and an `@` follows, the `/` is taken to be part of an unencoded
  /// password (`u:pa/ss@host`), which is then removed or masked with the rest instead of leaked.
  static func userinfo(_ b: [UInt8], _ url: Range<Int>) -> Range<Int>? {
    let authorityEnd = b[url].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? url.upperBound
    if let at = b[url.lowerBound..<authorityEnd].lastIndex(of: 0x40) { return url.lowerBound..<at }
    guard b[url.lowerBound..<authorityEnd].contains(0x3A),
      let at = b[authorityEnd..<url.upperBound].firstIndex(of: 0x40)
    else { return nil }
    return url.lowerBound..<at
  }

  /// The password of `user:password@host`: after the first `:` of the userinfo.
  private static func passwordRange(_ b: [UInt8], _ url: Range<Int>) -> [Range<Int>] {
    guard let userinfo = userinfo(b, url), let colon = b[userinfo].firstIndex(of: 0x3A) else { return [] }
    return colon + 1 < userinfo.upperBound ? [(colon + 1)..<userinfo.upperBound] : []
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
