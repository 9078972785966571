import Foundation

/// A SHA-256 digest, stored and printed as 64 lowercase hexadecimal digits.
public struct Digest: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
  /// The 64 lowercase hex digits.
  public let hex: String

  /// Accepts 64 hex digits in either case; returns nil for anything else.
  public init?(hex: String) {
    var text = hex
    guard let digest = text.withUTF8({ Digest(hexBytes: $0) }) else { return nil }
    self = digest
  }

  /// Accepts 64 hex digits given as UTF-8 bytes, in either case; returns nil for anything else.
  public init?(hexBytes: UnsafeBufferPointer<UInt8>) {
    guard Digest.isHex(hexBytes) else { return nil }
    self.hex = String(unsafeUninitializedCapacity: 64) { out in
      for (i, c) in hexBytes.enumerated() { out[i] = c >= 65 && c <= 70 ? c + 32 : c }
      return 64
    }
  }

  /// Whether `bytes` are 64 hex digits (either case): what `init(hexBytes:)` accepts.
  public static func isHex(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count == 64
      && bytes.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
  }

  /// Builds a digest from its 32 raw bytes.
  public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(64)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    precondition(out.count == 64, "a SHA-256 digest has 32 bytes")
    self.hex = String(decoding: out, as: UTF8.self)
  }

  /// The 64 lowercase hex digits.
  public var description: String { hex }

  /// Orders digests by their hex text.
  public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }

  /// Decodes the string form, rejecting malformed text.
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let digest = Digest(hex: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "Expected 64 hex digits of a SHA-256 digest, found: \(text)")
    }
    self = digest
  }

  /// Encodes the string form.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(hex)
  }
}

/// A point in time with one-second resolution, encoded as RFC 3339 UTC (`2026-11-29T06:48:31Z`).
public struct Timestamp: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
  /// Seconds since 1970-01-01T00:00:00Z.
  public let secondsSinceEpoch: Int64

  /// Creates a timestamp from seconds since the Unix epoch.
  public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

  /// Truncates a `Date` to whole seconds.
  public init(_ date: Date) { self.secondsSinceEpoch = Int64(date.timeIntervalSince1970.rounded(.down)) }

  /// Parses `YYYY-MM-DDTHH:MM:SSZ`; returns nil for any other spelling.
  public init?(rfc3339 text: String) {
    let u = Array(text.utf8)
    guard u.count == 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 90
    else { return nil }
    func num(_ r: Range<Int>) -> Int64? {
      var v: Int64 = 0
      for i in r {
        guard u[i] >= 48, u[i] <= 57 else { return nil }
        v = v * 10 + Int64(u[i] - 48)
      }
      return v
    }
    guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
      let mi = num(14..<16), let s = num(17..<19), (1...12).contains(mo), d >= 1,
      d <= Timestamp.daysIn(month: mo, year: y), h < 24, mi < 60, s < 60
    else { return nil }
    let days = Timestamp.daysFromCivil(year: y, month: mo, day: d)
    self.secondsSinceEpoch = days * 86_400 + h * 3600 + mi * 60 + s
  }

  /// The RFC 3339 UTC spelling.
  public var rfc3339: String {
    let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
    let rem = secondsSinceEpoch - days * 86_400
    let (y, m, d) = Timestamp.civilFromDays(days)
    // Written as bytes: a snapshot has one timestamp per data file.
    var out: [UInt8] = []
    out.reserveCapacity(24)
    func digits(_ v: Int64, _ width: Int) {
      if v < 0 { out.append(0x2D) }
      let text = Array(String(v.magnitude).utf8)
      out.append(contentsOf: repeatElement(0x30, count: max(0, width - text.count)))
      out.append(contentsOf: text)
    }
    func fixed2(_ v: Int64) {
      out.append(0x30 + UInt8(v / 10))
      out.append(0x30 + UInt8(v % 10))
    }
    if (0...9999).contains(y) {
      out.append(0x30 + UInt8(y / 1000))
      out.append(0x30 + UInt8(y / 100 % 10))
      fixed2(y % 100)
    } else {
      digits(y, 4)
    }
    out.append(0x2D)
    fixed2(m)
    out.append(0x2D)
    fixed2(d)
    out.append(0x54)
    fixed2(rem / 3600)
    out.append(0x3A)
    fixed2(rem % 3600 / 60)
    out.append(0x3A)
    fixed2(rem % 60)
    out.append(0x5A)
    return String(decoding: out, as: UTF8.self)
  }

  /// The same instant as a `Date`.
  public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)) }

  /// The RFC 3339 UTC spelling.
  public var description: String { rfc3339 }

  /// Orders timestamps in time.
  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
    lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
  }

  /// Decodes the string form, rejecting malformed text.
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = Timestamp(rfc3339: text) else {
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "Expected an RFC 3339 UTC time like 2026-01-31T12:00:00Z, found: \(text)")
    }
    self = value
  }

  /// Encodes the string form.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rfc3339)
  }

  // Howard Hinnant's civil-date algorithms (public domain).
  private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  private static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
  }

  private static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}
