// Comparing two redacted values without seeing them: keyed fingerprints (HMAC-SHA256 under the
// project redaction key) compare only when both captures used the same key.

/// What can be said about two redacted values.
public enum RedactionComparison: String, Hashable, Sendable, Codable {
  /// Both fingerprints were made with the same key and are equal.
  case unchanged
  /// The fingerprints (same key) or the visible, masked parts differ.
  case changed
  /// No shared key: the values cannot be compared.
  case unknown
}

extension Redaction {
  /// Compares two redacted values: fingerprints under the same key decide; differing masked parts
  /// (for example another database host) mean changed; anything else cannot be told.
  public static func compare(_ lhs: Redaction, _ rhs: Redaction) -> RedactionComparison {
    if let l = lhs.maskedValue, let r = rhs.maskedValue, l != r { return .changed }
    guard let lf = lhs.fingerprint, let rf = rhs.fingerprint, let lk = lhs.keyId, let rk = rhs.keyId, lk == rk
    else { return .unknown }
    return lf == rf ? .unchanged : .changed
  }

  /// Compares two optional values of a variable or key: plain values compare directly, a plain value
  /// against a redacted one is changed only when the masked part shows it, otherwise unknown.
  public static func compare(
    value lhsValue: String?, _ lhsRedaction: Redaction?, value rhsValue: String?, _ rhsRedaction: Redaction?
  ) -> RedactionComparison {
    switch (lhsRedaction, rhsRedaction) {
    case (nil, nil): return lhsValue == rhsValue ? .unchanged : .changed
    case (let l?, let r?): return compare(l, r)
    default:
      // One side is a secret and the other is not: the detector's verdict changed, so did the value.
      return .changed
    }
  }
}
