/// Turns Foundation's `DecodingError` into one line naming the field path.
enum DecodingErrorText {
  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [CodingKey]) -> String {
      let parts = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
      let joined = parts.joined()
      return joined.isEmpty ? "the top level" : "`" + String(joined.drop(while: { $0 == "." })) + "`"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing field `\(key.stringValue)` in \(path(context.codingPath))"
    case .typeMismatch(let type, let context):
      return "wrong type at \(path(context.codingPath)): expected \(type)"
    case .valueNotFound(let type, let context):
      return "null at \(path(context.codingPath)): expected \(type)"
    case .dataCorrupted(let context):
      return "invalid value at \(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}
